"""Sources as records: validation, the official-source rule, the record page, the API, the dump,
the conversion of today's JSON lists, and bad JSON values that must never make a 500."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from meetings.models import Document, Meeting, Person, Source
from meetings.models.sources import guess_kind, official_source_problem
from tests.factories import add_source, make_meeting, make_organization, make_person
from tests.test_admin import SOURCES, meeting_form

pytestmark = pytest.mark.django_db


def test_only_web_addresses():
    meeting = make_meeting(sources=[])
    for url in ("javascript:alert(1)", "ftp://example.org/x", "file:///etc/passwd"):
        source = Source(record=meeting, url=url, kind=Source.Kind.NEWS)
        with pytest.raises(ValidationError):
            source.full_clean()


@pytest.mark.parametrize(
    "url",
    [
        "https://icactw.blogspot.com/2024/06/joint-readout.html",
        "https://www.einpresswire.com/article/746849672/readout",
        "https://miragenews.com/us-japan-boost",
    ],
)
def test_a_copy_site_is_never_official(url):
    meti = make_organization(name="METI", url="https://www.meti.go.jp/english/")
    assert official_source_problem(url, meti)
    assert official_source_problem(url, None)
    meeting = make_meeting(sources=[])
    with pytest.raises(ValidationError):
        Source(record=meeting, url=url, kind=Source.Kind.READOUT, publisher=meti).full_clean()
    Source(record=meeting, url=url, kind=Source.Kind.COPY).full_clean()
    assert guess_kind(url) == Source.Kind.COPY


def test_official_needs_the_publishers_own_site_or_a_government_host():
    commerce = make_organization(name="Commerce", url="https://www.commerce.gov/", country_id="US")
    assert official_source_problem("https://www.commerce.gov/news/readout", commerce) == ""
    assert official_source_problem("https://www.meti.go.jp/english/press/x.html", None) == ""
    assert official_source_problem("https://www.nippon.com/en/news/x", commerce)
    assert official_source_problem("https://www.nippon.com/en/news/x", None)


def test_the_admin_refuses_a_copy_as_the_official_source(client):
    user = User.objects.create_superuser("chief", "c@example.org", "pw")
    client.force_login(user)
    data = meeting_form(
        **{
            SOURCES + "-0-url": "https://icactw.blogspot.com/2024/06/joint-readout.html",
            SOURCES + "-0-kind": "readout",
        }
    )
    response = client.post(reverse("admin:meetings_meeting_add"), data)
    assert response.status_code == 200
    assert "copy elsewhere" in response.content.decode()
    assert not Meeting.objects.exists()
    data[SOURCES + "-0-kind"] = "copy elsewhere"
    assert client.post(reverse("admin:meetings_meeting_add"), data).status_code == 302
    assert Meeting.objects.get().source_records.get().kind == Source.Kind.COPY


def test_the_record_page_shows_publisher_and_kind(client):
    meti = make_organization(name="Ministry of Economy, Trade and Industry", acronym="METI")
    meeting = make_meeting(sources=[], slug="with-sources")
    add_source(
        meeting, "https://www.meti.go.jp/english/press/x.html", kind="readout", publisher=meti
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Readout" in page and "Ministry of Economy, Trade and Industry" in page
    assert "news reports and copies only" not in page


def test_a_record_sourced_only_by_news_says_so(client):
    meeting = make_meeting(sources=["https://www.nippon.com/en/news/x"], slug="news-only")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "news reports and copies only" in page


def test_the_api_keeps_urls_and_adds_the_records(client):
    meeting = make_meeting(sources=[], slug="api-sources")
    add_source(meeting, "https://www.meti.go.jp/english/press/x.html", kind="official release")
    add_source(meeting, "https://www.nippon.com/en/news/x", kind="news", order=1)
    data = client.get(reverse("data:meeting-detail", args=[meeting.slug])).json()
    assert data["sources"] == [
        "https://www.meti.go.jp/english/press/x.html",
        "https://www.nippon.com/en/news/x",
    ]
    assert [s["kind"] for s in data["source_records"]] == ["official release", "news"]
    assert data["source_records"][0]["official"] is True


@pytest.mark.parametrize("bad", [5, True, None, {"url": "x"}, "https://example.org/a"])
def test_bad_json_sources_never_make_a_500(client, bad):
    person = make_person("Ken Saito", slug="ken-saito", country_id="JP")
    make_meeting(participants=[person], slug="saito-meeting")
    Person.objects.filter(pk=person.pk).update(sources=bad if bad is not None else [])
    document = Document.objects.create(title="Release")
    document.meetings.add(Meeting.objects.get(slug="saito-meeting"))
    if bad is not None:
        Document.objects.filter(pk=document.pk).update(sources=bad)
    assert client.get("/people/ken-saito/").status_code == 200
    assert client.get("/api/people/ken-saito/").status_code == 200
    assert client.get("/meetings/saito-meeting/").status_code == 200
    assert client.get("/api/meetings/saito-meeting/").status_code == 200


@pytest.mark.parametrize("typed", ["5", "true", "null", '"x"', "[1]", '["javascript:x"]'])
def test_the_admin_refuses_bad_json_sources_without_a_500(client, typed):
    user = User.objects.create_superuser("chief", "c@example.org", "pw")
    client.force_login(user)
    person = make_person("Ken Saito", slug="ken-saito")
    url = reverse("admin:meetings_person_change", args=[person.pk])
    data = {
        "name": "Ken Saito",
        "slug": "ken-saito",
        "sources": typed,
        "alternative_names": "[]",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    person.refresh_from_db()
    assert person.sources == [] or all(isinstance(u, str) for u in person.sources)
    if typed != "null":
        assert response.status_code == 200  # refused with a message


@pytest.mark.django_db(transaction=True)
def test_the_migration_converts_json_lists_and_skips_bad_values(reference_data):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("meetings", "0005_move_search_document_to_search_app")]
    after = [("meetings", "0008_sources_never_null")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        check_the_conversion(connection, executor, before, after)
    finally:
        # Every later test needs the current schema back, whatever happened here.
        executor = MigrationExecutor(connection)
        executor.migrate(latest)


def check_the_conversion(connection, executor, before, after):
    from django.db.migrations.executor import MigrationExecutor

    old = executor.loader.project_state(before).apps
    OldMeeting = old.get_model("meetings", "Meeting")
    values = [
        ["https://www.meti.go.jp/english/press/a.html", "https://x.blogspot.com/a", 7],
        5,
        True,
        None,
        {"url": "https://www.meti.go.jp/"},
    ]
    pks = []
    for n, value in enumerate(values):
        meeting = OldMeeting.objects.create(title=f"M{n}", slug=f"m{n}", sources=[])
        # Stored as it is, whatever it is (null included), as an editor's raw JSON once was.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE meetings_meeting SET sources = %s WHERE id = %s",
                [json.dumps(value), meeting.pk],
            )
        pks.append(meeting.pk)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    rows = Source.objects.filter(object_id=pks[0]).order_by("order")
    assert [(s.url, s.kind) for s in rows] == [
        ("https://www.meti.go.jp/english/press/a.html", "official release"),
        ("https://x.blogspot.com/a", "copy elsewhere"),
    ]
    assert not Source.objects.filter(object_id__in=pks[1:]).exists()


def test_the_bundled_blog_copy_is_recorded_as_a_copy(bundled_archive, client):
    meeting = Meeting.objects.get(slug="2024-06-26-4th-jucip-ministerial-meeting")
    blog = meeting.source_records.get(url__contains="blogspot")
    assert blog.kind == Source.Kind.COPY and blog.publisher is None
    assert not Document.objects.filter(source_url__contains="blogspot").exists()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert (
        'href="https://icactw.blogspot.com/2024/06/joint-readout-of-ministerial-meeting-of.html" rel="external">original'
        not in page
    )
    assert meeting.source_records.filter(kind__in=Source.OFFICIAL_KINDS).exists()


def test_dump_round_trips_source_records(tmp_path):
    meti = make_organization(name="METI", slug="meti", url="https://www.meti.go.jp/english/")
    meeting = make_meeting(sources=[], slug="dumped")
    add_source(
        meeting,
        "https://www.meti.go.jp/english/press/x.html",
        kind="readout",
        publisher=meti,
        language="en",
        archived_url="https://web.archive.org/web/2024/https://www.meti.go.jp/x",
    )
    path = tmp_path / "dump.json"
    call_command("export_archive", str(path), verbosity=0)
    data = json.loads(path.read_text())
    (record,) = [m for m in data["meetings"] if m["slug"] == "dumped"]
    assert record["sources"] == [
        {
            "url": "https://www.meti.go.jp/english/press/x.html",
            "kind": "readout",
            "publisher": "meti",
            "language": "en",
            "published_on": None,
            "archived_url": "https://web.archive.org/web/2024/https://www.meti.go.jp/x",
        }
    ]
    # Load it into an empty database again: the same source comes back.
    Source.objects.all().delete()
    Meeting.objects.all().delete()
    Person.objects.all().delete()
    from meetings.models import Organization

    Organization.objects.all().delete()
    call_command("import_archive", str(path), verbosity=0)
    source = Meeting.objects.get(slug="dumped").source_records.get()
    assert (source.kind, source.publisher.slug, source.language) == ("readout", "meti", "en")


def test_load_archive_stays_idempotent(bundled_archive):
    before = Source.objects.count()
    assert before > 0
    call_command("load_archive", verbosity=0)
    assert Source.objects.count() == before
