"""The meeting list with its filters, chips, facets and search."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from meetings import querystring, search
from meetings.cards import IdsOf, InOrder, render_cards
from meetings.computed import params_key, until_next_write
from meetings.facets import MatchingMeetings, facet_counts
from meetings.filters import MeetingFilter
from meetings.views.helpers import (
    PAGE_SIZE,
    bad_page_is_400,
    paginate,
    public_meetings,
)


def wanted_rows(request) -> int:
    """How many of the best matches the requested page needs (page 1 when the number is not
    one: `paginate` answers that with a 400)."""
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    return min(number, 10**6) * PAGE_SIZE


@require_safe
@bad_page_is_400
def meeting_list(request):
    # A form submitted without JavaScript sends its empty fields too (`?q=&year=&…`): the list
    # has one URL per query, without them.
    canonical = querystring.without_empty(request.GET)
    if canonical is not None:
        return redirect(request.path + (f"?{canonical}" if canonical else ""), permanent=True)
    filterset = MeetingFilter(request.GET, queryset=public_meetings())
    valid = filterset.is_valid()
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "total": None,  # unknown while a filter is invalid
    }
    context["chips"] = filterset.chips()
    context["data_query"] = filterset.query_string()
    context["sort_order"] = filterset.sort_order
    q = filterset.form.cleaned_data.get("q", "") if hasattr(filterset.form, "cleaned_data") else ""
    context["q"] = q
    if not valid:
        context["facets"] = facet_counts(filterset, total=0)
        context["filter_groups"] = filterset.form_groups(context["facets"])
        return render(request, "meetings/meeting_list.html", context, status=400)

    params = {k: v for k, v in filterset.query_params().items() if k != "sort"}
    count_key = f"list-count:{params_key(params)}"
    top = None
    if q and filterset.sort_order == filterset.RELEVANCE:
        # The page is read in the index's own order (PostgreSQL's RUM, FTS5's bm25) without
        # ranking every match; None where the index cannot (then every match is ranked once).
        # Like the query's total and facets, its best rows depend only on the archive's content:
        # the first request after a write reads the index, later ones (the same words and
        # filters, these pages) the cache (meetings/computed.py).
        wanted = wanted_rows(request)
        top = until_next_write(
            f"top:{params_key(params)}:{wanted}",
            lambda: search.top_matches(filterset.queryset_without("q"), q, wanted),
        )
    matching = MatchingMeetings(filterset, rank=top is None)
    meetings = filterset.qs
    if top is not None:
        # The total and the facets need every match's id but not its rank: fetched once per
        # content version and query (the first request), then read from the cache.
        count = until_next_write(count_key, lambda: len(matching.ids()))
        meetings = InOrder([row[0] for row in top], count)
    else:
        ids = matching.ids()
        if matching.ranked_ids is not None:
            # A search by relevance: every match was ranked once, in one query; the page is the
            # top of that order, fetched by id (no second full-text match, no ORDER BY).
            meetings = InOrder(matching.ranked_ids)
        elif ids is not None:
            # The matching meetings are known by id: the page need not filter (nor search) again.
            known = matching.filter(public_meetings(), "pk")
            if filterset.sort_order == filterset.RELEVANCE:
                known = search.rank_matches(known, q)
            if known is not None:
                meetings = filterset.sort_queryset(known)
        if ids is not None:
            count = len(ids)  # the number of matches is known once the ids are: no COUNT
        else:
            # A large list's total is counted once per content version (meetings/computed.py).
            count = until_next_write(count_key, meetings.order_by().count)
        if not isinstance(meetings, InOrder):
            meetings = IdsOf(meetings)
    page = paginate(request, meetings, count=count)
    total = page.paginator.count
    context |= {
        "page_obj": page,
        "meetings": page.object_list,  # ids: the cards are rendered once (meetings/cards.py)
        "total": total,
        "facets": facet_counts(filterset, total, matching),
    }
    context["filter_groups"] = filterset.form_groups(context["facets"])
    # The filter form (hundreds of options with their counts) is most of the page's template
    # time: rendered once per content version and query (the page number aside), like the facets.
    raw_query = {name: values for name, values in request.GET.lists() if name != "page"}
    context["filter_form_html"] = until_next_write(
        f"filter-form:{params_key(raw_query)}",
        lambda: render_to_string("includes/filter_form.html", context, request),
    )
    snippets = search.snippets(page.object_list, q) if q and page.object_list else {}
    context["cards"] = render_cards(page.object_list, snippets=snippets)
    if total == 0:
        context["drop_suggestions"] = [
            {
                "label": filterset.filters[name].chip_label,
                "count": filterset.queryset_without(name).count(),
                "url": filterset.url_without(name),
            }
            for name in filterset.active_filters
        ]
        context["spelling"] = search.suggest(q) if q else None
    return render(request, "meetings/meeting_list.html", context)
