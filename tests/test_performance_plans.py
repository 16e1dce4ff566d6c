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
from django.db.models import F

from meetings.facets import MatchingMeetings, facet_counts
from meetings.filters import MeetingFilter
from meetings.models import Country, Meeting, Topic
from meetings.search import search_meetings
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
def test_related_meetings_are_fetched_by_id_from_the_union_of_small_subqueries(many_meetings):
    meeting = make_meeting(countries=("JP", "US"), topics=())
    topic_ids = list(Topic.objects.order_by("pk").values_list("pk", flat=True)[:2])
    related = related_candidates(meeting, ["JP", "US"], topic_ids)
    plan = related.explain()
    # Each kinship is a subquery that stops after a few rows; their union is computed once (at
    # 100,000 meetings the meetings are then read by primary key). An OR of `IN (subquery)`
    # tests walked every published meeting instead (`Filter: (hashed SubPlan 1) OR …`).
    assert "hashed SubPlan" not in plan, plan
    assert "HashAggregate" in plan and "Append" in plan, plan
    lines = [line.strip() for line in plan.splitlines()]
    scans = [lines[n + 1] for n, line in enumerate(lines) if line.startswith("->  Subquery Scan")]
    assert len(scans) >= 2, plan
    assert all(first.startswith("->  Limit") for first in scans), plan
    assert len(list(related)) >= 5


def test_related_meetings_are_ranked_from_the_shared_ids_and_only_the_shown_are_loaded(
    many_meetings, django_assert_num_queries
):
    from meetings.views.record import related_meetings

    topic = Topic.objects.order_by("pk").first()
    meeting = make_meeting(countries=("JP", "US"), topics=(topic.slug,))
    meeting = Meeting.objects.prefetch_related("minerals", "participants", "topics").get(
        pk=meeting.pk
    )
    # One light query ranks every candidate; the shown ones of the same countries are looked at
    # again for the countries their reason names (meetings, countries). Their cards are
    # meetings/cards.py's.
    with django_assert_num_queries(3):
        related = related_meetings(meeting, ["JP", "US"], [topic.pk])
    assert len(related) == 5
    # Same countries first (tier 1), nearest in time first, each saying why.
    assert all(why.startswith("also Japan × U.S.") for _pk, why in related), related
    shown = Meeting.objects.in_bulk([pk for pk, _why in related])
    days = [abs((shown[pk].start_date - meeting.start_date).days) for pk, _why in related]
    assert days == sorted(days)


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
    # of ids: `= ANY(array)` on PostgreSQL, `IN json_each(...)` on SQLite).
    monkeypatch.setattr("meetings.facets.MATERIALISE_AT_MOST", 1)
    filterset = MeetingFilter({"q": "supply chain"}, queryset=Meeting.objects.published())
    assert filterset.is_valid(), filterset.errors
    total = filterset.qs.count()
    assert total == 4
    matching = MatchingMeetings(filterset)
    # The match runs once, on both databases: ids (and their ranks) are handed to everything else.
    assert matching.ids() is not None
    assert sorted(matching.ranked_ids) == sorted(filterset.qs.values_list("pk", flat=True))
    shared = facet_counts(filterset, total, matching)
    assert shared == facet_counts(filterset, total)
    assert {option.value: option.count for option in shared["country"]} == {
        "JP": 4,
        "US": 2,
        "DE": 2,
    }


def test_a_search_ranks_by_the_and_of_its_words_with_the_same_scores_as_before(db):
    """The ranking query is the match (every word required), not the OR of the words: it scores
    only the documents that match, and their order is the one the OR gave."""
    from meetings.search.backends import get_backend
    from meetings.search.index import reindex_meetings
    from meetings.search.query import parse_query

    both = make_meeting(title="Supply chain resilience", summary="Supply chain and supply.")
    title_only = make_meeting(title="Supply chain", summary="Minerals.")
    make_meeting(title="Supply of gas")  # one word only: neither matched nor ranked
    reindex_meetings()
    backend = get_backend()
    parsed = parse_query("supply chain")
    assert backend.rank_groups(parsed) == [[atom] for group in parsed.groups for atom in group]
    ranked = list(
        backend.search(Meeting.objects.published(), parsed)
        .order_by("-rank", "pk")
        .values_list("pk", flat=True)
    )
    assert ranked == [both.pk, title_only.pk]
    # A group mixing words and Japanese text may match through the text alone: words are ORed.
    mixed = parse_query("gallium OR ガリウム germanium")
    assert backend.rank_groups(mixed) == [mixed.positive_words]


def test_the_relevance_page_is_the_top_of_the_ranked_matches(client, db):
    from meetings.search.index import reindex_meetings

    ids = [
        make_meeting(
            title=f"Hafnium talks {n}" if n % 3 == 0 else f"Talks {n}",
            summary="Hafnium." if n % 3 else "",
            start_date=datetime.date(2000 + n, 1, 1),
        ).pk
        for n in range(25)
    ]
    reindex_meetings()
    filterset = MeetingFilter({"q": "hafnium"}, queryset=Meeting.objects.published())
    assert filterset.is_valid()
    expected = list(filterset.qs.values_list("pk", flat=True))  # the database's ORDER BY
    assert len(expected) == 25 and set(expected) == set(ids)
    first = client.get("/meetings/", {"q": "hafnium"}).context["meetings"]
    second = client.get("/meetings/", {"q": "hafnium", "page": 2}).context["meetings"]
    assert list(first) + list(second) == expected  # the page's ids, in order


def test_side_meetings_are_read_through_the_parent_index_after_analyze(many_meetings):
    """A record's side meetings: SQLite walked every published meeting through the status/date
    index (158 ms at 100,000) unless an index on the parent gives the rows and their order."""
    from meetings.statistics import refresh_statistics
    from meetings.views.helpers import public_meetings

    parent = many_meetings[1]
    Meeting.objects.filter(pk__in=[m.pk for m in many_meetings[2:5]]).update(parent=parent)
    refresh_statistics()
    side = public_meetings().filter(parent_id__in=[parent.pk]).order_by("start_date", "pk")
    sql, params = side.query.sql_with_params()
    with connection.cursor() as cursor:
        prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        cursor.execute(prefix + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "meeting_status_date_idx" not in plan, plan
    if connection.vendor == "sqlite":
        assert "meeting_side_meetings_idx" in plan, plan
    else:  # PostgreSQL already chose the foreign key's index on parent_id
        assert "Index Cond: (parent_id =" in plan, plan
    assert [m.pk for m in side] == [m.pk for m in many_meetings[2:5]]


@pytest.fixture(params=["index order", "every match ranked"])
def ranking_path(request, monkeypatch):
    """Both ways a relevance page is made: read in the index's order (top-k: FTS5's bm25 order on
    SQLite, the RUM index on PostgreSQL where the server has the extension) and, where the index
    cannot, every match ranked (PostgreSQL without RUM, queries with Japanese text)."""
    if request.param == "every match ranked":
        monkeypatch.setattr("meetings.search.service.top_matches", lambda *args: None)
        monkeypatch.setattr("meetings.search.backends.database._rum_by_database", {})
        monkeypatch.setattr(
            "meetings.search.backends.database.rum_index_available", lambda using=None: False
        )
    return request.param


def test_a_page_read_in_the_index_order_keeps_ties_in_the_lists_order(client, db, ranking_path):
    """Identical documents rank equally: the list breaks ties by date (newest first), then by
    id. A page cut from the index's order must still be exactly that slice, whatever order the
    index returns equal ranks in, so pages never repeat or skip a meeting."""
    from meetings.search.index import reindex_meetings

    tied = [
        make_meeting(
            title="Iridium dialogue",
            summary="Iridium supply.",
            start_date=datetime.date(2001 + n % 4, 5, 1),
        ).pk
        for n in range(30)
    ]
    best = make_meeting(title="Iridium iridium iridium", summary="Iridium iridium.").pk
    make_meeting(title="Osmium dialogue")
    reindex_meetings()
    filterset = MeetingFilter({"q": "iridium"}, queryset=Meeting.objects.published())
    assert filterset.is_valid()
    expected = list(filterset.qs.values_list("pk", flat=True))  # the database's ORDER BY
    assert set(expected) == {*tied, best} and expected[0] == best
    pages = [
        list(client.get("/meetings/", {"q": "iridium", "page": n}).context["meetings"])
        for n in (1, 2)
    ]
    assert pages[0] + pages[1] == expected
    assert client.get("/meetings/", {"q": "iridium"}).context["total"] == 31


def test_the_index_order_reads_only_the_top_of_the_matches(db):
    from meetings.search import top_matches
    from meetings.search.index import reindex_meetings

    for n in range(80):
        make_meeting(
            title="Rhodium talks" if n % 4 == 0 else f"Talks {n}",
            summary="Rhodium and rhodium." if n % 2 else "Rhodium.",
            start_date=datetime.date(1990 + n % 30, 1, 1),
        )
    reindex_meetings()
    published = Meeting.objects.published()
    top = top_matches(published, "rhodium", 20)
    if top is None:  # PostgreSQL without the rum extension: every match is ranked instead
        assert connection.vendor == "postgresql"
        return
    ranked = list(
        search_meetings(published, "rhodium")
        .order_by(F("rank").desc(), F("start_date").desc(nulls_last=True), "-pk")
        .values_list("pk", flat=True)
    )
    assert len(ranked) == 80
    assert 20 <= len(top) < 80  # the page and a margin, not every match
    assert [row[0] for row in top[:20]] == ranked[:20]
    # Filters the index does not know (here: a country) are applied to what it returns.
    japan = list(published.filter(countries="JP").values_list("pk", flat=True))
    top_japan = top_matches(published.filter(countries="JP"), "rhodium", 5)
    assert [row[0] for row in top_japan][:5] == [pk for pk in ranked if pk in japan][:5]
    # A query with Japanese text is ranked in full by the caller.
    assert top_matches(published, "ロジウム", 20) is None
