"""A search's facets counted in memory (meetings/facet_index.py) are the GROUP BYs' counts."""

from __future__ import annotations

import datetime

import pytest

from meetings.facet_index import build, facet_index
from meetings.facets import MatchingMeetings, QueryRows, facet_counts
from meetings.filters import MeetingFilter
from meetings.models import Meeting
from meetings.search.index import reindex_meetings
from tests.factories import make_meeting, make_series

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    reviewed = make_series(name="Economic Dialogue")
    unreviewed = make_series(name="Unchecked Forum", needs_review=True)
    plans = [
        (("JP", "US"), ("supply-chain-resilience",), ("gallium",), reviewed, 2021),
        (("JP", "US"), ("economic-security",), ("gallium", "germanium"), reviewed, 2022),
        (("JP", "DE"), ("supply-chain-resilience", "economic-security"), (), None, 2022),
        (("JP", "AU"), (), ("graphite",), unreviewed, 2023),
        (("JP", "US", "DE"), ("export-controls",), ("germanium",), None, None),
        (("JP", "IN"), ("supply-chain-resilience",), ("gallium",), reviewed, 2024),
    ]
    for n, (countries, topics, minerals, series, year) in enumerate(plans):
        make_meeting(
            title=f"Supply chain talks {n}",
            countries=countries,
            topics=topics,
            minerals=minerals,
            series=series,
            start_date=datetime.date(year, 5, 1) if year else None,
        )
    # Not counted: a draft that matches, and a published meeting that does not.
    make_meeting(title="Supply chain draft", status=Meeting.Status.DRAFT, countries=("JP", "FR"))
    make_meeting(title="Hydrogen talks", countries=("JP", "FR"))
    reindex_meetings()
    return {"REVIEWED": reviewed.slug}


QUERIES = [
    {"q": "supply chain"},
    {"q": "supply chain", "country": ["US"]},
    {"q": "supply chain", "topic": ["supply-chain-resilience"]},
    {"q": "supply chain", "topic": ["supply-chain-resilience", "export-controls"]},
    {"q": "supply chain", "mineral": ["gallium"], "year": "2022"},
    {"q": "supply chain", "series": "REVIEWED"},
    {"q": "supply chain", "country": ["JP", "DE"], "mineral": ["germanium"]},
]


def facets(query, monkeypatch, in_memory: bool, slugs=None):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for name, value in query.items():
        values = value if isinstance(value, list) else [value]
        data.setlist(name, [(slugs or {}).get(v, v) for v in values])
    filterset = MeetingFilter(data, queryset=Meeting.objects.published())
    assert filterset.is_valid(), filterset.errors
    total = filterset.qs.count()
    # Even these few matches are handed on as many ids (a large search's path); the GROUP BYs
    # are the reference.
    monkeypatch.setattr("meetings.facets.MATERIALISE_AT_MOST", 0)
    if not in_memory:
        monkeypatch.setattr(
            "meetings.facets.rows_for", lambda matching, *names: QueryRows(matching, names)
        )
    counted = facet_counts(filterset, total, MatchingMeetings(filterset))
    monkeypatch.undo()
    return {
        name: [(o.value, o.label, o.count, o.selected) for o in options]
        for name, options in counted.items()
    }


@pytest.mark.parametrize("query", QUERIES, ids=lambda query: repr(query))
def test_counted_in_memory_or_by_the_database_the_facets_are_the_same(archive, monkeypatch, query):
    in_memory = facets(query, monkeypatch, in_memory=True, slugs=archive)
    grouped = facets(query, monkeypatch, in_memory=False, slugs=archive)
    assert in_memory == grouped
    assert any(options for options in in_memory.values())


def test_the_in_memory_path_is_the_one_taken_for_many_ids(archive, monkeypatch):
    calls = []
    original = build

    def counting_build():
        calls.append(1)
        return original()

    monkeypatch.setattr("meetings.facet_index.build", counting_build)
    counted = facets({"q": "supply chain"}, monkeypatch, in_memory=True)
    assert calls, "the facets were not counted in memory"
    assert dict((value, count) for value, _, count, _ in counted["country"]) == {
        "JP": 6,
        "US": 3,
        "DE": 2,
        "AU": 1,
        "IN": 1,
    }
    # The unreviewed series is not offered; the meeting without a date has no year.
    assert [value for value, *_ in counted["series"]] == [archive["REVIEWED"]]
    assert sum(count for _, _, count, _ in counted["year"]) == 5


def test_the_index_follows_the_archive_from_one_write_to_the_next(
    archive, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.ARCHIVE_COMPUTED_CACHE_SECONDS = 600
    settings.ARCHIVE_CONTENT_STAMP = str(tmp_path / "content.stamp")
    first = facet_index()
    assert facet_index() is first  # kept while nothing is written
    with django_capture_on_commit_callbacks(execute=True):
        added = make_meeting(title="Supply chain in Ottawa", countries=("JP", "CA"))
    after = facet_index()
    assert after is not first
    assert after.countries[added.pk] == ("CA", "JP")
