"""Facet counts beside the meeting list: for each option, the number of meetings the current
filters would give if that option were added.

Each facet is one aggregate query (GROUP BY over a through table or a column, restricted to the
ids of the meetings the other filters select), so the page makes the same number of queries
however many options or meetings there are.

- `country` is all-of: adding a country narrows the current list, so its count is the number of
  listed meetings it took part in.
- `topic` and `mineral` are any-of: adding an option widens the selection, so its count is the
  meetings matching the *other* filters and any of the selected options or the new one.
- `year` and `series` take one value: choosing one replaces the current choice, so its count is
  the meetings matching the other filters in that year or series.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db.models import BooleanField, Count, Exists, Expression, F, OuterRef
from django.db.models.functions import ExtractYear

from meetings.computed import params_key, until_next_write
from meetings.facet_index import facet_index
from meetings.models import Meeting, reviewed


@dataclass
class FacetOption:
    value: str  # as written in the query string: "JP", "gallium", "2024"
    label: str
    count: int
    selected: bool


# A list of at most this many meetings is fetched as ids once and handed to every facet and to
# the page, rather than filtered again by each of them.
MATERIALISE_AT_MOST = 1000


class OneOfIds(Expression):
    """`<field>` is one of many ids, passed as one parameter: `= ANY(<array>)` on PostgreSQL,
    `IN (SELECT value FROM json_each(<JSON list>))` on SQLite.

    An IN list of thousands of placeholders is slow to build and to plan (and SQLite refuses more
    than 32,766 of them); a join to unnest() is planned as if it held 200 rows."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, field: str, ids: list[int]):
        super().__init__()
        self.column, self.ids = F(field), list(ids)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, expressions):
        (self.column,) = expressions

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        return f"{sql} = ANY(%s::bigint[])", [*params, self.ids]

    def as_sqlite(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        return f"{sql} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(self.ids)]


class StartYear(ExtractYear):
    """The year of `start_date`. On SQLite, ExtractYear calls a Python function for every row
    (django_date_extract: ~480 ms over 27,000 matches); the date is stored as ISO text there, so
    its first four characters are the year, read by SQLite itself (~10 times faster)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(substr({sql}, 1, 4) AS integer)", params


class MatchingMeetings:
    """The ids of the meetings the filters select, with or without some of the filters, worked
    out once per request and shared by the count, the page and the five facets.

    Each facet asks for the list without its own filter; a facet whose filter is not in use asks
    for the list itself, so most facets share one set. A set is handed on as:
    - a list of ids, when it is small (`MATERIALISE_AT_MOST`): the facet's GROUP BY then reads
      only those meetings' rows;
    - an array of ids (`OneOfIds`) when the set comes from a search: the full-text match (tens
      of milliseconds or more at scale) then runs once, not once per facet and count, on
      PostgreSQL and SQLite alike. A search sorted by relevance fetches each match's rank in the
      same query (`ranked_ids`), so the page is the top of that list, fetched by id;
    - otherwise the filtered queryset as a subquery, as before.
    """

    def __init__(self, filterset, fetch: bool = True, rank: bool = True):
        self.filterset = filterset
        self.fetch = fetch  # False: hand on subqueries only (five queries for the facets)
        # False: the page comes from the index's top-k (meetings.search.top_matches), so the
        # ids are fetched without ranking them (only the count and the facets need them).
        self.rank = rank
        self._sets: dict[frozenset, object] = {}
        self._ids: list[int] | None = None
        self._ids_known = False
        # The matches in relevance order, when the list is a search sorted by relevance.
        self.ranked_ids: list[int] | None = None

    def _effective(self, names) -> frozenset:
        active = self.filterset.active_filters if self.filterset.form.is_bound else {}
        return frozenset(name for name in names if name in active)

    def _searching(self, without: frozenset) -> bool:
        cleaned_data = getattr(self.filterset.form, "cleaned_data", {})
        return bool(cleaned_data.get("q")) and "q" not in without

    def ids(self) -> list[int] | None:
        """Ids of every meeting the filters select, when cheap to hold; None otherwise."""
        if not self._ids_known and self.fetch:
            self._ids_known = True
            # Without filters the list is every published meeting: nothing to share.
            if self._effective(self.filterset.FILTER_NAMES):
                if (
                    self.rank
                    and self._searching(frozenset())
                    and (self.filterset.sort_order == self.filterset.RELEVANCE)
                ):
                    self._ids = self.ranked_ids = self._fetch_ranked()
                else:
                    self._ids = self._fetch(frozenset())
        return self._ids

    def _fetch_ranked(self) -> list[int]:
        """Every match's id, best first (the list's relevance order: rank, then newest, then
        highest id), from one query that matches and ranks once; the page is then a slice."""
        rows = list(self.filterset.queryset_without().values_list("pk", "rank", "start_date"))
        rows.sort(
            key=lambda row: (
                -(row[1] or 0.0),
                row[2] is None,  # dates last when missing, as NULLS LAST
                -(row[2].toordinal() if row[2] else 0),
                -row[0],
            )
        )
        return [row[0] for row in rows]

    def _fetch(self, without: frozenset) -> list[int] | None:
        queryset = self.filterset.queryset_without(*without).values_list("pk", flat=True)
        if self._searching(without):
            return list(queryset)
        ids = list(queryset[: MATERIALISE_AT_MOST + 1])
        return ids if len(ids) <= MATERIALISE_AT_MOST else None

    def filter(self, queryset, field: str, *names):
        """`queryset` narrowed to rows whose `field` (a meeting id) is one of the meetings
        matching every filter but `names`."""
        meetings = self.without(*names)
        if isinstance(meetings, OneOfIds):
            return queryset.filter(OneOfIds(field, meetings.ids))
        return queryset.filter(**{f"{field}__in": meetings})

    def meetings(self, *names):
        """The meetings matching every filter but `names`, as a queryset of meetings: by id when
        the ids are known, else the filters themselves (not a subquery of them: the database
        would join the meetings table to itself)."""
        meetings = self.without(*names)
        if isinstance(meetings, list | OneOfIds):
            return self.filter(Meeting.objects.all(), "pk", *names)
        return self.filterset.queryset_without(*self._effective(names))

    def without(self, *names):
        """The meetings matching every filter but `names`: a list of ids, a `OneOfIds` holder
        of many ids (use `filter`), or a subquery."""
        key = self._effective(names)
        if key not in self._sets:
            if not self.fetch:
                ids = None
            elif not key:
                ids = self.ids()
            else:
                ids = self._fetch(key) if self._searching(key) else None
            if ids is None:
                self._sets[key] = self.filterset.queryset_without(*key).values("pk")
            elif len(ids) > MATERIALISE_AT_MOST:
                # One parameter however many ids: an IN list of thousands of placeholders costs
                # more to build and to plan than the array.
                self._sets[key] = OneOfIds("pk", ids)
            else:
                self._sets[key] = ids
        return self._sets[key]


def facet_counts(filterset, total: int, matching=None) -> dict[str, list[FacetOption]]:
    """Counts for the country, year, topic, mineral and series facets (five queries).

    Selected options come first and stay listed even when nothing matches them.

    `total` is the number of meetings the current filters give (the paginator knows it already).
    `matching` is the request's `MatchingMeetings`, when the view made one already.
    """
    matching = matching or MatchingMeetings(filterset, fetch=False)

    def compute():
        return _facet_counts(filterset, total, matching)

    if filterset.form.is_bound and not filterset.form.errors:
        # Counts depend only on the filters and the archive's content: cached until the next
        # write (meetings/computed.py), so a repeated list skips its five GROUP BYs.
        params = {k: v for k, v in filterset.query_params().items() if k != "sort"}
        return until_next_write(f"facets:{params_key(params)}", compute)
    return compute()


def _facet_counts(filterset, total, matching) -> dict[str, list[FacetOption]]:
    return {
        "country": country_facet(filterset, total, matching),
        "year": year_facet(filterset, total, matching),
        "topic": any_of_facet(filterset, total, "topic", Meeting.topics.through, "topic", matching),
        "mineral": any_of_facet(
            filterset, total, "mineral", Meeting.minerals.through, "criticalmineral", matching
        ),
        "series": series_facet(filterset, total, matching),
    }


def _selected(filterset, name) -> list:
    value = (
        filterset.form.cleaned_data.get(name) if hasattr(filterset.form, "cleaned_data") else None
    )
    if value in (None, "", []):
        return []
    return value if isinstance(value, list) else [value]


def _values(options) -> set[str]:
    return {option.value for option in options}


# A selected option stays in its facet even when no listed meeting carries it (a selection that
# matches nothing), so that the form keeps it checked and resubmitting never drops it silently.


def rows_for(matching, *names):
    """Where the rows of a facet counted over the meetings matching every filter but `names`
    come from: the facet index, counted in memory, when those meetings are many ids (a
    search's matches, handed on as `OneOfIds`: facet_index.py); otherwise GROUP BYs in the
    database. Both give the same rows (tests/test_facet_index.py)."""
    meetings = matching.without(*names)
    if isinstance(meetings, OneOfIds):
        return IndexRows(facet_index(), meetings.ids)
    return QueryRows(matching, names)


class QueryRows:
    """A facet's rows from one GROUP BY over the meetings `matching` gives without `names`."""

    def __init__(self, matching, names):
        self.matching, self.names = matching, names

    def countries(self):
        return (
            self.matching.filter(Meeting.countries.through.objects, "meeting_id", *self.names)
            .values("country_id", "country__name", "country__short_name")
            .annotate(count=Count("meeting_id"))
            .order_by("-count", "country__name")
        )

    def years(self):
        return (
            self.matching.meetings(*self.names)
            .filter(start_date__isnull=False)
            .annotate(start_year=StartYear("start_date"))
            .values("start_year")
            .annotate(count=Count("pk"))
            .order_by("-start_year")
        )

    def series(self):
        return (
            self.matching.filter(Meeting.objects, "pk", *self.names)
            .filter(reviewed("series"))  # series of public meetings: public once reviewed
            .values("series__slug", "series__name", "series__acronym", "series_id")
            .annotate(count=Count("pk"))
            .order_by("-count", "series__name")
        )

    def any_of(self, name, through, target, selected_pks):
        group = (f"{target}__slug", f"{target}__name", f"{target}_id")
        rows = self.matching.filter(through.objects, "meeting_id", *self.names).values(*group)
        if selected_pks:
            # Meetings the other filters give that match none of the selected options: adding
            # an option brings in exactly those of them that carry it, on top of today's total.
            matches_selection = Exists(
                through.objects.filter(
                    meeting_id=OuterRef("meeting_id"), **{f"{target}_id__in": selected_pks}
                )
            )
            rows = rows.annotate(brings_in=Count("meeting_id", filter=~matches_selection))
        else:
            rows = rows.annotate(brings_in=Count("meeting_id"))
        return rows.order_by(f"{target}__name")


class IndexRows:
    """The same rows as `QueryRows`, counted in memory over many ids (facet_index.py)."""

    def __init__(self, index, ids):
        self.index, self.ids = index, ids

    def countries(self):
        labels = self.index.country_labels
        rows = [
            {
                "country_id": code,
                "country__name": labels[code][0],
                "country__short_name": labels[code][1],
                "count": count,
            }
            for code, count in self.index.counts("countries", self.ids).items()
        ]
        rows.sort(key=lambda row: (-row["count"], row["country__name"]))
        return rows

    def years(self):
        counts = self.index.counts("year", self.ids)
        return [
            {"start_year": year, "count": counts[year]} for year in sorted(counts, reverse=True)
        ]

    def series(self):
        labels = self.index.series_labels
        rows = [
            {
                "series__slug": labels[pk][0],
                "series__name": labels[pk][1],
                "series__acronym": labels[pk][2],
                "series_id": pk,
                "count": count,
            }
            for pk, count in self.index.counts("series", self.ids).items()
            if labels[pk][3]  # series of public meetings: public once reviewed
        ]
        rows.sort(key=lambda row: (-row["count"], row["series__name"]))
        return rows

    def any_of(self, name, through, target, selected_pks):
        facet, labels = {
            "topic": ("topics", self.index.topic_labels),
            "mineral": ("minerals", self.index.mineral_labels),
        }[name]
        present = self.index.counts(facet, self.ids)
        if selected_pks:
            brings_in = self.index.counts(
                facet, self.index.carrying_none_of(facet, self.ids, selected_pks)
            )
        else:
            brings_in = present
        rows = [
            {
                f"{target}__slug": labels[pk][0],
                f"{target}__name": labels[pk][1],
                f"{target}_id": pk,
                "brings_in": brings_in.get(pk, 0),
            }
            for pk in present
        ]
        rows.sort(key=lambda row: row[f"{target}__name"])
        return rows


def country_facet(filterset, total, matching):
    selected = {country.code for country in _selected(filterset, "country")}
    rows = rows_for(matching).countries()
    options = [
        FacetOption(
            value=row["country_id"],
            label=row["country__short_name"] or row["country__name"],
            count=total if row["country_id"] in selected else row["count"],
            selected=row["country_id"] in selected,
        )
        for row in rows
    ]
    missing = [c for c in _selected(filterset, "country") if c.code not in _values(options)]
    return [FacetOption(c.code, c.display_name, total, True) for c in missing] + options


def year_facet(filterset, total, matching):
    selected = _selected(filterset, "year")
    rows = rows_for(matching, "year").years()
    options = [
        FacetOption(
            value=str(row["start_year"]),
            label=str(row["start_year"]),
            count=row["count"],
            selected=row["start_year"] in selected,
        )
        for row in rows
    ]
    missing = [year for year in selected if str(year) not in _values(options)]
    return [FacetOption(str(year), str(year), total, True) for year in missing] + options


def series_facet(filterset, total, matching):
    selected = {series.pk for series in _selected(filterset, "series")}
    rows = rows_for(matching, "series").series()
    options = [
        FacetOption(
            value=row["series__slug"],
            label=row["series__acronym"] or row["series__name"],
            count=row["count"],
            selected=row["series_id"] in selected,
        )
        for row in rows
    ]
    missing = [s for s in _selected(filterset, "series") if s.slug not in _values(options)]
    return [FacetOption(s.slug, s.acronym or s.name, total, True) for s in missing] + options


def any_of_facet(filterset, total, name, through, target, matching):
    """Topic or mineral: count of (other filters) ∧ (any of selected ∪ {option})."""
    selected = _selected(filterset, name)
    selected_pks = {option.pk for option in selected}
    rows = rows_for(matching, name).any_of(name, through, target, selected_pks)
    options = []
    for row in rows:
        is_selected = row[f"{target}_id"] in selected_pks
        if selected_pks:
            count = total if is_selected else total + row["brings_in"]
        else:
            count = row["brings_in"]
        options.append(
            FacetOption(
                value=row[f"{target}__slug"],
                label=row[f"{target}__name"],
                count=count,
                selected=is_selected,
            )
        )
    options += [
        FacetOption(option.slug, option.name, total, True)
        for option in selected
        if option.slug not in _values(options)
    ]
    options.sort(key=lambda option: (not option.selected, -option.count, option.label))
    return options
