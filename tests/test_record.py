"""The meeting record read in as few queries as its content needs (meetings/views/record.py
`load_record`, meetings/reference_objects.py; issue 13)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Country, CriticalMineral, Meeting, Organization, Topic
from meetings.reference_objects import reference_objects
from tests.factories import (
    add_source,
    make_agreement,
    make_document,
    make_meeting,
    make_membership,
    make_person,
    make_series,
)

pytestmark = pytest.mark.django_db


def record(client, meeting, prefix=""):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(prefix + meeting.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in captured]


def full_meeting():
    """A meeting that names something in every relation its record shows."""
    summit = make_meeting(title="Leaders' summit", countries=("JP", "US", "DE"))
    saito = make_person("Ken Saito", country_id="JP")
    make_membership(
        saito,
        "Minister of Economy, Trade and Industry",
        datetime.date(2023, 9, 13),
        organization=Organization.objects.create(
            name="Ministry of Economy, Trade and Industry", slug="meti", country_id="JP"
        ),
    )
    meeting = make_meeting(
        title="Fourth ministerial",
        countries=("US", "JP"),
        topics=("economic-security", "export-controls"),
        minerals=("gallium", "germanium"),
        participants=(saito, "Gina Raimondo"),
        series=make_series(name="Commercial and Industrial Partnership"),
        ordinal=4,
        venue_country_id="US",
        city="Washington, D.C.",
        parent=summit,
        sources=["https://www.meti.go.jp/english/press/2024/0627_001.html"],
    )
    add_source(meeting, "https://news.example.com/story", kind="news", order=1)
    make_agreement(meeting, title="Joint statement on supply chains", parties=["JP", "US"])
    make_agreement(meeting, title="Unchecked draft", needs_review=True)
    make_document(meeting, title="METI release", published_on=datetime.date(2024, 6, 27))
    make_meeting(title="Side talk, published", parent=meeting, countries=("JP", "US"))
    # Created after the one above, shown before it: relations keep their own order.
    make_meeting(
        title="Side talk, the day before",
        parent=meeting,
        countries=("JP", "US"),
        start_date=datetime.date(2024, 6, 25),
    )
    make_agreement(
        meeting,
        title="Memorandum signed",
        parties=["JP", "US"],
        signed_on=datetime.date(2024, 6, 26),
    )
    make_document(meeting, title="Joint press release", published_on=datetime.date(2024, 6, 1))
    add_source(meeting, "https://www.commerce.gov/news/2024/06/readout", order=2)
    make_meeting(
        title="Side talk, draft",
        parent=meeting,
        countries=("JP", "US"),
        status=Meeting.Status.DRAFT,
    )
    return meeting


def test_the_record_shows_every_relation_it_loads(client):
    meeting = full_meeting()
    page, _ = record(client, meeting)
    # Countries in the model's order (by name), whatever order they were added in.
    assert page.index(">Japan</a>") < page.index(">United States</a>")
    for shown in (
        "Economic security",
        "Export controls",
        ">gallium</a>",
        ">germanium</a>",
        "Commercial and Industrial Partnership",
        "Washington, D.C.",
        "Held on the margins of",
        "Leaders&#x27; summit",
        "Ken Saito",
        "Minister of Economy, Trade and Industry",  # the office held that day: no title given
        "Gina Raimondo",
        "Joint statement on supply chains",
        "METI release",
        "Side talk, published",
        "https://www.meti.go.jp/english/press/2024/0627_001.html",
        "https://news.example.com/story",
    ):
        assert shown in page, shown
    for hidden in ("Unchecked draft", "Side talk, draft"):
        assert hidden not in page, hidden


def test_the_same_record_from_prefetching_every_relation(client):
    """What `load_record` gives the template is what the plain ORM reads."""
    from meetings.views.record import load_record

    meeting = full_meeting()
    loaded = load_record(Meeting.objects.all(), meeting.slug)
    fresh = Meeting.objects.get(pk=meeting.pk)
    for name in ("countries", "topics", "minerals", "documents", "source_records"):
        assert list(getattr(loaded, name).all()) == list(getattr(fresh, name).all()), name
    assert list(loaded.agreements.all()) == list(fresh.agreements.filter(needs_review=False))
    assert [a.title for a in loaded.agreements.all()] == [
        "Memorandum signed",  # signed_on first, newest first; undated ones after
        "Joint statement on supply chains",
    ]
    assert [d.title for d in loaded.documents.all()] == ["Joint press release", "METI release"]
    assert [s.title for s in loaded.side_meetings.all()] == [
        "Side talk, the day before",
        "Side talk, published",
    ]
    assert list(loaded.side_meetings.all()) == list(
        fresh.side_meetings.public().order_by("start_date", "pk")
    )
    assert list(loaded.participants.all()) == list(fresh.participants.all())
    assert (loaded.series, loaded.venue_country, loaded.parent) == (
        fresh.series,
        fresh.venue_country,
        fresh.parent,
    )
    # All of it already loaded: reading it again makes no query.
    with CaptureQueriesContext(connection) as captured:
        for name in ("countries", "topics", "minerals", "documents", "source_records"):
            list(getattr(loaded, name).all())
        list(loaded.agreements.all()[0].parties.all())
        list(loaded.side_meetings.all())
        offices = [
            membership.title
            for participant in loaded.participants.all()
            if participant.person_id
            for membership in participant.person.memberships.all()
        ]
        names = (loaded.series.name, loaded.venue_country.name, loaded.parent.title)
    assert len(captured) == 0
    assert offices == ["Minister of Economy, Trade and Industry"]
    assert names == ("Commercial and Industrial Partnership", "United States", "Leaders' summit")


def test_a_served_record_reads_only_the_relations_that_hold_something(client, computed_cache):
    bare = make_meeting(title="Bare", sources=[])
    full = full_meeting()
    record(client, bare)  # the reference records, then held by the process until a write
    _, bare_queries = record(client, bare)
    _, full_queries = record(client, full)
    _, full_again = record(client, full)
    # The meeting, its outline, its participants.
    assert len(bare_queries) == 3, bare_queries
    # + the parent, offices, documents, agreements and their parties, side meetings, sources;
    # related meetings, neighbours and the last change are kept until a write.
    assert len(full_again) == 3 + 7, full_again
    assert len(full_queries) > len(full_again)


def test_a_write_to_a_reference_record_shows_on_the_next_record(
    client, computed_cache, django_capture_on_commit_callbacks
):
    meeting = make_meeting(title="Trade talks", topics=("economic-security",))
    before, _ = record(client, meeting)
    held = reference_objects()
    assert "Economic security" in before
    with django_capture_on_commit_callbacks(execute=True):
        topic = Topic.objects.get(slug="economic-security")
        topic.name = "Economic security (renamed)"
        topic.save()
    after, _ = record(client, meeting)
    assert "Economic security (renamed)" in after
    assert reference_objects() is not held


def test_the_japanese_record_names_countries_in_japanese(client):
    meeting = make_meeting(title="Trade talks", countries=("JP", "US"))
    page, _ = record(client, meeting, prefix="/ja")
    assert "アメリカ合衆国" in page or "米国" in page


def test_reference_objects_list_records_in_the_models_order():
    held = reference_objects()
    assert list(held.countries) == list(Country.objects.values_list("code", flat=True))
    assert held.in_order("countries", {"US", "JP", "DE"}) == list(
        Country.objects.filter(code__in=["US", "JP", "DE"])
    )
    ids = set(
        CriticalMineral.objects.filter(slug__in=["gallium", "graphite"]).values_list(
            "pk", flat=True
        )
    )
    assert [m.slug for m in held.in_order("minerals", ids)] == ["gallium", "graphite"]


def test_a_record_naming_what_the_process_does_not_hold_yet_reads_it(client, computed_cache):
    """Between a write's commit and the bump of the content version that follows it, a record
    may name a series or topic the held reference records lack: it is read, not a 500."""
    record(client, make_meeting(title="Earlier"))  # the reference records are now held
    # Written without the bump that on_commit would send.
    series = make_series(name="Brand-new dialogue")
    meeting = make_meeting(title="First round", series=series, topics=("economic-security",))
    Topic.objects.filter(slug="economic-security").update(name="Economic security (new name)")
    page, _ = record(client, meeting)
    assert "Brand-new dialogue" in page
    # The held topic (its old name) serves until the bump; the set of keys was complete.
    assert "Economic security" in page
    held = reference_objects()
    assert series.pk not in held.series
    assert held.get("series", series.pk) == series
    new_topic = Topic.objects.create(name="Brand-new topic", slug="brand-new-topic")
    assert held.in_order("topics", {new_topic.pk}) == [new_topic]


def test_the_outline_reads_the_database_the_meeting_was_read_from():
    """On a replica-served page the meeting comes from the replica: so must the ids it names
    (the suite runs without one, so an alias that is not configured shows where it goes)."""
    from django.utils.connection import ConnectionDoesNotExist

    from meetings.views.record import record_outline

    meeting = make_meeting(title="Trade talks", countries=("JP", "US"))
    assert sorted(record_outline(meeting)["countries"]) == ["JP", "US"]
    meeting._state.db = "replica-not-configured"
    with pytest.raises(ConnectionDoesNotExist):
        record_outline(meeting)
