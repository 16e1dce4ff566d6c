"""The query plans that keep the public pages fast at scale (issue 7, "Fast").

PostgreSQL chooses plans from table statistics, so each plan test builds a few thousand meetings,
runs ANALYZE and reads EXPLAIN: a regression (a dropped index, a query reshaped so the index no
longer applies) shows up here rather than only in a benchmark. The last test checks, on both
databases, that the list's shared-id facets give the same counts as the five subqueries.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from meetings.facets import MatchingMeetings, facet_counts
from meetings.filters import MeetingFilter
from meetings.models import Country, Meeting, Topic
from meetings.views.record import related_candidates
from tests.factories import make_meeting

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="EXPLAIN plans and these indexes are PostgreSQL's"
)

BULK = 3000
COUNTRY_CYCLE = ("JP", "US", "DE", "FR", "IN", "AU")


@pytest.fixture
def many_meetings(db):
    """BULK published meetings over forty years, each with two countries and one topic."""
    topics = list(Topic.objects.order_by("pk")[:5])
    start = datetime.date(1985, 1, 1)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            title=f"Bulk meeting {n}",
            slug=f"bulk-meeting-{n}",
            status=Meeting.Status.PUBLISHED if n % 10 else Meeting.Status.DRAFT,
            start_date=start + datetime.timedelta(days=5 * n),
            kind=Meeting.Kind.MINISTERIAL,
        )
        for n in range(BULK)
    )
    countries = {
        country.code: country for country in Country.objects.filter(code__in=COUNTRY_CYCLE)
    }
    Meeting.countries.through.objects.bulk_create(
        Meeting.countries.through(meeting=meeting, country=countries[code])
        for n, meeting in enumerate(meetings)
        for code in {COUNTRY_CYCLE[n % 6], COUNTRY_CYCLE[(n // 6) % 6]}
    )
    Meeting.topics.through.objects.bulk_create(
        Meeting.topics.through(meeting=meeting, topic=topics[n % len(topics)])
        for n, meeting in enumerate(meetings)
    )
    with connection.cursor() as cursor:
        for table in ("meetings_meeting", "meetings_meeting_countries", "meetings_meeting_topics"):
            cursor.execute(f"ANALYZE {table}")
    return meetings


@postgres_only
def test_a_page_of_the_newest_published_meetings_reads_the_list_order_index(many_meetings):
    plan = Meeting.objects.published().newest_first()[:20].explain()
    assert "meeting_published_newest_idx" in plan, plan
    assert "Sort" not in plan.split("meeting_published_newest_idx")[0], plan


@postgres_only
def test_related_meetings_walk_the_list_order_index_instead_of_hashing_every_candidate(
    many_meetings,
):
    meeting = make_meeting(countries=("JP", "US"), topics=())
    topic_ids = list(Topic.objects.order_by("pk").values_list("pk", flat=True)[:2])
    related = related_candidates(meeting, ["JP", "US"], topic_ids).newest_first()[:5]
    plan = related.explain()
    assert "meeting_published_newest_idx" in plan, plan
    # Each kinship is a subquery that stops after a few rows (hashing a few ids is free), never a
    # set of every meeting on those topics or between those countries.
    lines = [line.strip() for line in plan.splitlines()]
    subplans = [lines[n + 1] for n, line in enumerate(lines) if line.startswith("SubPlan")]
    assert len(subplans) >= 2, plan
    assert all(first.startswith("->  Limit") for first in subplans), plan
    assert len(list(related)) == 5


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("meetings_meeting_countries", ["country_id", "meeting_id"]),
        ("meetings_meeting_topics", ["topic_id", "meeting_id"]),
        ("meetings_meeting_minerals", ["criticalmineral_id", "meeting_id"]),
    ],
)
def test_the_meetings_of_one_option_are_indexed_with_their_ids(db, table, columns):
    # The database reads such an index alone (an index-only scan once vacuumed), which EXPLAIN
    # inside a test's transaction cannot show: the visibility map needs a VACUUM.
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    assert any(
        details["index"] and details["columns"] == columns for details in constraints.values()
    ), constraints


def test_facets_from_shared_ids_equal_facets_from_subqueries(many_meetings):
    query = {"country": ["JP"], "date_after": "1990-01-01", "date_before": "2010-12-31"}
    topic = Topic.objects.order_by("pk").first()
    for params in (query, query | {"topic": [topic.slug]}):
        filterset = MeetingFilter(params, queryset=Meeting.objects.published())
        assert filterset.is_valid(), filterset.errors
        matching = MatchingMeetings(filterset)
        ids = matching.ids()
        assert ids is not None
        total = len(ids)
        assert total == filterset.qs.count()
        shared = facet_counts(filterset, total, matching)
        separate = facet_counts(filterset, total)
        assert shared == separate
        assert sum(option.count for option in shared["year"]) == total


def test_a_search_hands_its_matches_to_the_facets_once_with_the_same_counts(db, monkeypatch):
    from meetings.search.index import reindex_meetings

    for n in range(4):
        make_meeting(
            title=f"Supply chain talks {n}",
            countries=("JP", "US") if n % 2 else ("JP", "DE"),
            start_date=datetime.date(2020 + n, 3, 1),
        )
    make_meeting(title="Gallium dialogue")
    reindex_meetings()
    # A low threshold sends even these few matches down the path a large search takes (an array
    # of ids on PostgreSQL, subqueries elsewhere).
    monkeypatch.setattr("meetings.facets.MATERIALISE_AT_MOST", 1)
    filterset = MeetingFilter({"q": "supply chain"}, queryset=Meeting.objects.published())
    assert filterset.is_valid(), filterset.errors
    total = filterset.qs.count()
    assert total == 4
    matching = MatchingMeetings(filterset)
    assert (matching.ids() is not None) == (connection.vendor == "postgresql")
    shared = facet_counts(filterset, total, matching)
    assert shared == facet_counts(filterset, total)
    assert {option.value: option.count for option in shared["country"]} == {
        "JP": 4,
        "US": 2,
        "DE": 2,
    }
