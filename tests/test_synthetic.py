"""generate_synthetic: realistic in shape, clearly labelled, repeatable, and valid by the model's rules."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from archive.content_version import content_version
from bench.synthetic import TITLE_PREFIX, delete_synthetic, generate_synthetic
from meetings.models import (
    Agreement,
    Document,
    Meeting,
    MeetingSeries,
    Membership,
    Organization,
    Participant,
    Person,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def synthetic(settings, tmp_path):
    settings.ARCHIVE_CONTENT_STAMP = str(tmp_path / "content.stamp")
    counts = generate_synthetic(meetings=300, seed=5)
    return counts


def test_every_meeting_is_labelled_synthetic_with_unresolvable_sources(synthetic):
    meetings = Meeting.objects.filter(slug__startswith="synthetic-5-")
    assert meetings.count() == 300 == synthetic["meetings"]
    for meeting in meetings:
        assert meeting.title.startswith(TITLE_PREFIX)
        assert meeting.summary.startswith(TITLE_PREFIX)
        assert meeting.sources and all(
            url.startswith("https://example.invalid/") for url in meeting.sources
        )
    for model in (Person, Organization, MeetingSeries, Document):
        rows = model.objects.filter(sources__isnull=False)
        assert all(
            url.startswith("https://example.invalid/") for row in rows for url in row.sources
        )
    assert all(d.title.startswith(TITLE_PREFIX) for d in Document.objects.all())


def test_it_has_the_shape_of_a_busy_archive(synthetic):
    countries_used = Meeting.countries.through.objects.values("country_id").distinct().count()
    assert countries_used >= 24  # dozens of governments
    assert Person.objects.count() >= 300  # hundreds of people
    assert Membership.objects.count() >= 2 * Person.objects.count()
    assert MeetingSeries.objects.count() >= 20
    assert Meeting.objects.filter(series__isnull=False).count() > 30
    assert Meeting.topics.through.objects.count() >= 300
    assert Meeting.minerals.through.objects.count() > 100
    assert Participant.objects.count() >= 600
    assert Agreement.objects.filter(slug__startswith="synthetic-5-").exists()
    # Japan and the U.S. meet often enough for a long country-pair page.
    assert Meeting.objects.involving("JP", "US").count() >= 5


def test_release_bodies_are_a_few_kilobytes_of_sanitised_html(synthetic):
    bodies = list(Document.objects.values_list("body", flat=True))
    assert len(bodies) == 300
    average = sum(len(b) for b in bodies) / len(bodies)
    assert 1500 <= average <= 8000
    assert all(b.startswith("<p>") and "<script" not in b for b in bodies)


def test_published_meetings_meet_the_publication_rules(synthetic):
    published = Meeting.objects.published().filter(slug__startswith="synthetic-5-")
    assert published.count() > 250
    assert Meeting.objects.exclude(status=Meeting.Status.PUBLISHED).exists()
    without_two_countries = published.annotate(n=Count("countries")).filter(n__lt=2)
    assert not without_two_countries.exists()
    assert not published.filter(start_date__isnull=True).exists()
    assert not published.filter(published_at__isnull=True).exists()


def test_ordinals_count_each_series_rounds_in_date_order(synthetic):
    for series in MeetingSeries.objects.filter(slug__startswith="synthetic-5-"):
        for kind in series.meetings.values_list("kind", flat=True).distinct():
            rounds = list(
                series.meetings.filter(kind=kind)
                .order_by("start_date", "pk")
                .values_list("ordinal", flat=True)
            )
            assert rounds == list(range(1, len(rounds) + 1))


def test_participants_hold_the_title_of_their_office_on_the_day(synthetic):
    participants = Participant.objects.select_related("person", "meeting")[:200]
    matching = sum(
        1 for p in participants if p.person.title_on(p.meeting.start_date) in (p.title, "")
    )
    assert matching == len(participants)
    # and most were in office on the day
    assert sum(1 for p in participants if p.title != "Minister") > 0.8 * len(participants)


def test_same_seed_gives_the_same_archive(synthetic, settings):
    first = list(Meeting.objects.order_by("slug").values_list("slug", "title", "start_date"))
    delete_synthetic(5)
    assert not Meeting.objects.filter(slug__startswith="synthetic-5-").exists()
    generate_synthetic(meetings=300, seed=5)
    again = list(Meeting.objects.order_by("slug").values_list("slug", "title", "start_date"))
    assert again == first


def test_another_seed_adds_a_second_set_alongside(synthetic):
    generate_synthetic(meetings=20, seed=6)
    assert Meeting.objects.filter(slug__startswith="synthetic-6-").count() == 20
    assert Meeting.objects.filter(slug__startswith="synthetic-5-").count() == 300


def test_generation_makes_cached_pages_stale(settings, tmp_path):
    settings.ARCHIVE_CONTENT_STAMP = str(tmp_path / "content.stamp")
    before = content_version()
    generate_synthetic(meetings=5, seed=8)
    assert content_version() > before


def test_command_reports_counts_and_refuses_to_duplicate(settings, tmp_path):
    settings.ARCHIVE_CONTENT_STAMP = str(tmp_path / "content.stamp")
    out = StringIO()
    call_command("generate_synthetic", "--meetings", "40", "--seed", "9", stdout=out)
    assert "40 meetings" in out.getvalue()
    # The search app is installed: the command rebuilds the index after generating.
    assert "Search index rebuilt" in out.getvalue()
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_synthetic", "--meetings", "40", "--seed", "9", stdout=StringIO())
    call_command(
        "generate_synthetic", "--meetings", "10", "--seed", "9", "--replace", stdout=StringIO()
    )
    assert Meeting.objects.filter(slug__startswith="synthetic-9-").count() == 10


@pytest.mark.parametrize("bad", [["--meetings", "0"], ["--batch-size", "0"]])
def test_command_rejects_nonsense_sizes(bad):
    with pytest.raises(CommandError):
        call_command("generate_synthetic", *bad, stdout=StringIO())


def _commands(**environment: str) -> str:
    """`manage.py help --commands` under production settings plus `environment`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 60, **environment}
    result = subprocess.run(
        [sys.executable, "manage.py", "help", "--commands"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_production_does_not_install_the_dev_tools_unless_asked():
    production = _commands()
    assert "rebuild_search_index" in production
    assert "generate_synthetic" not in production
    # The benchmark's production-like server asks for them explicitly.
    assert "generate_synthetic" in _commands(DJANGO_DEVTOOLS="1")
