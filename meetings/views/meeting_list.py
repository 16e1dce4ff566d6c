"""The meeting list with its filters, chips, facets and search."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from meetings import querystring, search
from meetings.facets import MatchingMeetings, facet_counts
from meetings.filters import MeetingFilter
from meetings.views.helpers import (
    bad_page_is_400,
    paginate,
    public_meetings,
    with_card_data,
)


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

    matching = MatchingMeetings(filterset)
    ids = matching.ids()
    meetings = filterset.qs
    if ids is not None:
        # The matching meetings are known by id: the page need not filter (nor search) again.
        known = matching.filter(public_meetings(), "pk")
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
    context["filter_groups"] = filterset.form_groups(context["facets"])
    if q and page.object_list:
        context["snippets"] = search.snippets(page.object_list, q)
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
