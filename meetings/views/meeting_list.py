"""The meeting list with its filters, chips, facets and search."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_safe

from meetings import search
from meetings.facets import MatchingMeetings, facet_counts
from meetings.filters import MeetingFilter
from meetings.models import (
    Country,
    Meeting,
)
from meetings.views.helpers import (
    bad_page_is_400,
    data_query,
    paginate,
    published_meetings,
    with_card_data,
)

CHIP_LABELS = {
    "country": "Country",
    "date_after": "From",
    "date_before": "To",
    "year": "Year",
    "topic": "Topic",
    "mineral": "Mineral",
    "person": "Person",
    "series": "Series",
    "kind": "Kind",
    "q": "Search",
}


def _query_without(request, name, value=None) -> str:
    """The current query string without one filter value (or all of `name`), and without page."""
    query = request.GET.copy()
    query.pop("page", None)
    if value is None:
        query.pop(name, None)
    else:
        remaining = [v for v in query.getlist(name) if v.strip().lower() != value.lower()]
        query.setlist(name, remaining)
    return f"?{query.urlencode()}" if query else "?"


def active_filter_chips(request, filterset):
    """One removable chip per value in use: label, text and the URL without it."""
    chips = []
    for name, value in filterset.active_filters.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if name == "country":
                text, raw = item.display_name, item.code
            elif name in ("topic", "mineral", "series", "person"):
                text, raw = str(item), item.slug
            elif name == "kind":
                text, raw = dict(Meeting.Kind.choices).get(item, item), item
            else:
                text, raw = str(item), str(item)
            many = name in ("country", "topic", "mineral")
            chips.append(
                {
                    "name": name,
                    "label": CHIP_LABELS[name],
                    "text": text,
                    "remove_url": _query_without(request, name, raw if many else None),
                }
            )
    return chips


def filter_query(filterset) -> dict:
    """The valid filters and the sort asked for, as query parameters (for data links): the same
    query the reader sees, without the page."""
    params = {}
    for name, value in filterset.active_filters.items():
        values = value if isinstance(value, list) else [value]
        params[name] = [
            v.code
            if isinstance(v, Country)
            else getattr(v, "slug", None) or (v.isoformat() if hasattr(v, "isoformat") else v)
            for v in values
        ]
    sort = (
        filterset.form.cleaned_data.get("sort") if hasattr(filterset.form, "cleaned_data") else ""
    )
    if sort:
        params["sort"] = [sort]
    return params


@require_safe
@bad_page_is_400
def meeting_list(request):
    filterset = MeetingFilter(request.GET, queryset=published_meetings())
    valid = filterset.is_valid()
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "kinds": Meeting.Kind.choices,
        "total": None,  # unknown while a filter is invalid
    }
    context["chips"] = active_filter_chips(request, filterset)
    context["data_query"] = data_query(filter_query(filterset))
    context["sort_order"] = filterset.sort_order
    q = filterset.form.cleaned_data.get("q", "") if hasattr(filterset.form, "cleaned_data") else ""
    context["q"] = q
    if not valid:
        context["facets"] = facet_counts(filterset, total=0)
        return render(request, "meetings/meeting_list.html", context, status=400)

    matching = MatchingMeetings(filterset)
    ids = matching.ids()
    meetings = filterset.qs
    if ids is not None:
        # The matching meetings are known by id: the page need not filter (nor search) again.
        known = matching.filter(published_meetings(), "pk")
        if filterset.sort_order == filterset.RELEVANCE:
            known = search.rank_matches(known, q)
        if known is not None:
            meetings = filterset.sort_queryset(known)
    # The number of matches is known once the ids are: no COUNT over the list.
    page = paginate(request, with_card_data(meetings), count=None if ids is None else len(ids))
    total = page.paginator.count
    context |= {
        "page_obj": page,
        "meetings": page.object_list,
        "total": total,
        "facets": facet_counts(filterset, total, matching),
    }
    if q and page.object_list:
        context["snippets"] = search.snippets(page.object_list, q)
    if total == 0:
        context["drop_suggestions"] = [
            {
                "label": CHIP_LABELS[name],
                "count": filterset.queryset_without(name).count(),
                "url": _query_without(request, name),
            }
            for name in filterset.active_filters
        ]
        context["spelling"] = search.suggest(q) if q else None
    return render(request, "meetings/meeting_list.html", context)
