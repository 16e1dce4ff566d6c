"""The small tables a meeting record names, held as model instances in each process.

A record names its countries, topics, critical minerals and series: a few hundred rows in all
(250 countries, ~70 minerals, ~30 topics, ~100 series), which change only when an editor writes.
Reading them afresh for every record cost three prefetch queries and two joins (~3 ms of the
record's ~16 ms at 100,000 meetings, nearly all of it Django's work rather than the database's).
They are instead read once per content version and process (`held_until_next_write`, as the
facet index is) and handed out by key, in the order their queries give them.

The instances are shared by every request of the process: readers may read them, never set
attributes on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from meetings.computed import held_until_next_write
from meetings.models import Country, CriticalMineral, MeetingSeries, Topic

__all__ = ["ReferenceObjects", "reference_objects"]


@dataclass(frozen=True)
class ReferenceObjects:
    countries: dict  # code → Country, in the model's order (by name)
    topics: dict  # id → Topic, by name
    minerals: dict  # id → CriticalMineral, by name
    series: dict  # id → MeetingSeries

    def in_order(self, table: str, keys) -> list:
        """The records of `table` ("countries", "topics", "minerals") whose keys are in `keys`,
        in the order the model's Meta.ordering gives them (as a prefetch would return them)."""
        wanted = set(keys)
        held = getattr(self, table)
        if not wanted <= held.keys():
            return list(MODELS[table].objects.filter(pk__in=wanted))
        return [record for key, record in held.items() if key in wanted]

    def get(self, table: str, key):
        """The record of `table` with primary key `key`.

        A record written a moment ago may not be held yet (between a write's commit and the
        bump of the content version that follows it): it is then read from the database."""
        held = getattr(self, table)
        return held[key] if key in held else MODELS[table].objects.get(pk=key)


MODELS = {
    "countries": Country,
    "topics": Topic,
    "minerals": CriticalMineral,
    "series": MeetingSeries,
}


def build() -> ReferenceObjects:
    return ReferenceObjects(
        countries={country.code: country for country in Country.objects.all()},
        topics={topic.pk: topic for topic in Topic.objects.all()},
        minerals={mineral.pk: mineral for mineral in CriticalMineral.objects.all()},
        series={series.pk: series for series in MeetingSeries.objects.all()},
    )


def reference_objects() -> ReferenceObjects:
    """The reference records as the archive holds them now (read on first use after a write)."""
    return held_until_next_write("reference-objects", build)
