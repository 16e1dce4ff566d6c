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

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import ExtractYear

from meetings.models import Meeting


@dataclass
class FacetOption:
    value: str  # as written in the query string: "JP", "gallium", "2024"
    label: str
    count: int
    selected: bool


def facet_counts(filterset, total: int) -> dict[str, list[FacetOption]]:
    """Counts for the country, year, topic, mineral and series facets (five queries).

    Selected options come first and stay listed even when nothing matches them.

    `total` is the number of meetings the current filters give (the paginator knows it already).
    """
    return {
        "country": country_facet(filterset, total),
        "year": year_facet(filterset, total),
        "topic": any_of_facet(filterset, total, "topic", Meeting.topics.through, "topic"),
        "mineral": any_of_facet(
            filterset, total, "mineral", Meeting.minerals.through, "criticalmineral"
        ),
        "series": series_facet(filterset, total),
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


def country_facet(filterset, total):
    selected = {country.code for country in _selected(filterset, "country")}
    listed = filterset.queryset_without().values("pk")
    rows = (
        Meeting.countries.through.objects.filter(meeting_id__in=listed)
        .values("country_id", "country__name", "country__short_name")
        .annotate(count=Count("meeting_id"))
        .order_by("-count", "country__name")
    )
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


def year_facet(filterset, total):
    selected = _selected(filterset, "year")
    others = filterset.queryset_without("year")
    rows = (
        others.filter(start_date__isnull=False)
        .annotate(start_year=ExtractYear("start_date"))
        .values("start_year")
        .annotate(count=Count("pk"))
        .order_by("-start_year")
    )
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


def series_facet(filterset, total):
    selected = {series.pk for series in _selected(filterset, "series")}
    others = filterset.queryset_without("series").values("pk")
    rows = (
        Meeting.objects.filter(pk__in=others, series__isnull=False)
        .values("series__slug", "series__name", "series__acronym", "series_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "series__name")
    )
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


def any_of_facet(filterset, total, name, through, target):
    """Topic or mineral: count of (other filters) ∧ (any of selected ∪ {option})."""
    selected = _selected(filterset, name)
    selected_pks = {option.pk for option in selected}
    others = filterset.queryset_without(name)
    group = (f"{target}__slug", f"{target}__name", f"{target}_id")
    rows = through.objects.filter(meeting_id__in=others.values("pk")).values(*group)
    if selected_pks:
        # Meetings the other filters give that match none of the selected options: adding an
        # option brings in exactly those of them that carry it, on top of today's total.
        matches_selection = Exists(
            through.objects.filter(
                meeting_id=OuterRef("meeting_id"), **{f"{target}_id__in": selected_pks}
            )
        )
        rows = rows.annotate(brings_in=Count("meeting_id", filter=~matches_selection))
    else:
        rows = rows.annotate(brings_in=Count("meeting_id"))
    rows = rows.order_by(f"{target}__name")
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
