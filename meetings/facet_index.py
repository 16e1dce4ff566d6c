"""Facet counts over a large set of meetings, counted in memory.

A search that matches tens of thousands of meetings ("supply chain": ~26,000 of 100,000) needs
five facets over those ids. As GROUP BYs (`= ANY(<ids>)` through the through tables) they cost
~150 ms each at 100,000 meetings, and a new search's first request spent ~750 ms on them.

Instead, every meeting's facet values — year, series, countries, topics, minerals — are held
in a compact index: lists indexed by meeting id, each value a shared tuple (most meetings share
their few combinations), with the labels of every option. It is built from five queries once
per content version and process (~0.5 s at 100,000 meetings, a few MB), and a facet is then one
pass over the ids in Python (`collections.Counter`): ~10–30 ms for 26,000 ids.

facets.py counts this way when a facet's set of meetings is a large set of ids (`OneOfIds`: a
search's matches); smaller sets and sets given as a subquery keep their GROUP BY. The counts are
the same either way (tests/test_facet_index.py compares them). With the computed cache off
(development, tests) the index is built afresh for every use.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from meetings.computed import held_until_next_write
from meetings.models import Country, CriticalMineral, Meeting, MeetingSeries, Topic

__all__ = ["FacetIndex", "facet_index"]


@dataclass
class FacetIndex:
    year: list = field(default_factory=list)  # meeting id → start year, or None
    series: list = field(default_factory=list)  # meeting id → series id, or None
    countries: list = field(default_factory=list)  # meeting id → (country code, …)
    topics: list = field(default_factory=list)  # meeting id → (topic id, …)
    minerals: list = field(default_factory=list)  # meeting id → (mineral id, …)
    country_labels: dict = field(default_factory=dict)  # code → (name, short name)
    topic_labels: dict = field(default_factory=dict)  # id → (slug, name)
    mineral_labels: dict = field(default_factory=dict)  # id → (slug, name)
    series_labels: dict = field(default_factory=dict)  # id → (slug, name, acronym, reviewed)

    def counts(self, facet: str, ids) -> Counter:
        """How many of `ids` carry each value of `facet` ("year", "series", "countries",
        "topics" or "minerals")."""
        values = getattr(self, facet)
        size = len(values)
        if facet in ("year", "series"):
            return Counter(values[pk] for pk in ids if pk < size and values[pk] is not None)
        return Counter(chain.from_iterable(values[pk] for pk in ids if pk < size))

    def carrying_none_of(self, facet: str, ids, selected: set) -> list[int]:
        """The ids among `ids` that carry none of the `selected` values of `facet`."""
        values = getattr(self, facet)
        size = len(values)
        return [pk for pk in ids if pk < size and selected.isdisjoint(values[pk])]


def _grouped(rows, size: int) -> list:
    """(meeting id, value) rows, ordered by meeting id → a list of tuples by id, each distinct
    tuple stored once."""
    by_id: list = [()] * size
    shared: dict[tuple, tuple] = {}
    current, values = None, []
    for pk, value in chain(rows, [(None, None)]):
        if pk != current:
            if current is not None:
                key = tuple(values)
                by_id[current] = shared.setdefault(key, key)
            current, values = pk, []
        values.append(value)
    return by_id


def build() -> FacetIndex:
    ids = Meeting.objects.order_by("-pk").values_list("pk", flat=True)[:1]
    size = (ids[0] + 1) if ids else 0
    index = FacetIndex(year=[None] * size, series=[None] * size)
    years: dict[int, int] = {}  # one int object per year
    for pk, start, series_id in Meeting.objects.values_list("pk", "start_date", "series_id"):
        if start is not None:
            index.year[pk] = years.setdefault(start.year, start.year)
        index.series[pk] = series_id
    index.countries = _grouped(
        Meeting.countries.through.objects.order_by("meeting_id", "country_id").values_list(
            "meeting_id", "country_id"
        ),
        size,
    )
    index.topics = _grouped(
        Meeting.topics.through.objects.order_by("meeting_id", "topic_id").values_list(
            "meeting_id", "topic_id"
        ),
        size,
    )
    index.minerals = _grouped(
        Meeting.minerals.through.objects.order_by("meeting_id", "criticalmineral_id").values_list(
            "meeting_id", "criticalmineral_id"
        ),
        size,
    )
    index.country_labels = {
        code: (name, short_name)
        for code, name, short_name in Country.objects.values_list("code", "name", "short_name")
    }
    index.topic_labels = {
        pk: (slug, name) for pk, slug, name in Topic.objects.values_list("pk", "slug", "name")
    }
    index.mineral_labels = {
        pk: (slug, name)
        for pk, slug, name in (CriticalMineral.objects.values_list("pk", "slug", "name"))
    }
    index.series_labels = {
        pk: (slug, name, acronym, not needs_review)
        for pk, slug, name, acronym, needs_review in MeetingSeries.objects.values_list(
            "pk", "slug", "name", "acronym", "needs_review"
        )
    }
    return index


def facet_index() -> FacetIndex:
    """The index for the archive's current content (built on first use after a write)."""
    return held_until_next_write("facet-index", build)
