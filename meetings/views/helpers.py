"""What the public pages share: pagination, the published meetings, card data, timelines."""

from __future__ import annotations

import datetime
from functools import wraps

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import ExtractYear
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from meetings import querystring
from meetings.models import (
    Agreement,
    Meeting,
    public_meeting,
)

PAGE_SIZE = 20


# --- helpers --------------------------------------------------------------------------------------


class PageNotFoundInList(Exception):
    """`page` is not a number, or past the end of the list: the reader gets a 400 that says so."""


def paginate(request, queryset, per_page=PAGE_SIZE, count=None):
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # known already: spares the COUNT query
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except ValueError:
        raise PageNotFoundInList(
            gettext("“{page}” is not a page number: use a whole number such as 1 or 2.").format(
                page=raw[:40]
            )
        ) from None
    if number < 1 or number > paginator.num_pages:
        pages = paginator.num_pages
        raise PageNotFoundInList(
            ngettext(
                "There is no page {number}: this list has {pages} page.",
                "There is no page {number}: this list has {pages} pages.",
                pages,
            ).format(number=number, pages=pages)
        )
    return paginator.page(number)


def bad_page_is_400(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PageNotFoundInList as error:
            return render(
                request,
                "400.html",
                {"message": str(error), "first_page_url": request.path},
                status=400,
            )

    return wrapper


def public_meetings():
    return Meeting.objects.public()


def public_meeting_count(through, target: str):
    """Subquery: how many published meetings name the outer row (a topic or a mineral).

    A correlated count over the through table's index is much cheaper at scale than joining
    every meeting and grouping by all the outer model's columns.
    """
    return Subquery(
        through.objects.filter(public_meeting("meeting"), **{f"{target}_id": OuterRef("pk")})
        .order_by()
        .values(f"{target}_id")
        .annotate(count=Count("meeting_id"))
        .values("count"),
        output_field=IntegerField(),
    )


def public_agreements():
    """Agreements the public may see (models: the one visibility rule)."""
    return Agreement.objects.public()


def count_by_year(meetings):
    """[{"year": 2024, "count": 3, "percent": 60}, …] oldest first, every year in the range shown
    (empty years too, so the timeline reads as time)."""
    rows = (
        meetings.filter(start_date__isnull=False)
        .order_by()
        .annotate(year=ExtractYear("start_date"))
        .values("year")
        .annotate(count=Count("pk"))
    )
    return timeline({row["year"]: row["count"] for row in rows})


def timeline(counts: dict[int, int]) -> list[dict]:
    """count_by_year's bars from {year: number of meetings}."""
    if not counts:
        return []
    most = max(counts.values())
    years = range(min(counts), max(counts) + 1)
    # Bar widths in steps of 5 % (CSS classes w-0 … w-100): the CSP forbids inline styles.
    return [
        {
            "year": year,
            "count": counts.get(year, 0),
            "percent": 5 * round(20 * counts.get(year, 0) / most),
        }
        for year in years
    ]


def office_held_on(memberships, date):
    """The office held on `date` among prefetched memberships (as MembershipQuerySet.held_on)."""
    if date is None:
        return None
    held = [
        m
        for m in memberships
        if (m.start_date is None or m.start_date <= date)
        and (m.end_date is None or m.end_date >= date)
    ]
    held.sort(key=lambda m: m.start_date or datetime.date.min, reverse=True)
    return held[0] if held else None


def entity_page(request, template, context, meetings, params, count=None):
    """Render an entity page with its meetings (paginated, newest first) and data links.

    `count`: the number of meetings, when the view knows it already (spares the COUNT)."""
    from meetings.cards import IdsOf, render_cards

    page = paginate(request, IdsOf(meetings.newest_first()), count=count)
    context |= {"page_obj": page, "cards": render_cards(page.object_list)}
    if params:  # a page whose meetings the list's filters can express links to the same query
        query = querystring.encode(params)
        context |= {"data_query": query, "list_url": f"{reverse('meetings:list')}?{query}"}
    return render(request, template, context)
