"""The meeting list with its filters, chips, facets and search."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from meetings import querystring, search
from meetings.computed import params_key, until_next_write
from meetings.facets import MatchingMeetings, facet_counts
from meetings.filters import MeetingFilter
from meetings.views.helpers import (
    bad_page_is_400,
    paginate,
    public_meetings,
    with_card_data,
)


class InOrder:
    """Meetings known by id in the order to show them: what the paginator slices. Only the
    slice asked for is fetched (one query, plus the queryset's prefetches)."""

    def __init__(self, ids: list[int], queryset):
        self.ids, self.queryset = ids, queryset

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        wanted = self.ids[index]
        found = {meeting.pk: meeting for meeting in self.queryset.filter(pk__in=wanted)}
        return [found[pk] for pk in wanted if pk in found]


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
    if matching.ranked_ids is not None:
        # A search by relevance: every match was ranked once, in one query; the page is the top
        # of that order, fetched by id (no second full-text match, no ORDER BY over the matches).
        meetings = InOrder(matching.ranked_ids, with_card_data(public_meetings()))
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
        params = {k: v for k, v in filterset.query_params().items() if k != "sort"}
        count = until_next_write(f"list-count:{params_key(params)}", meetings.order_by().count)
    if not isinstance(meetings, InOrder):
        meetings = with_card_data(meetings)
    page = paginate(request, meetings, count=count)
    total = page.paginator.count
    context |= {
        "page_obj": page,
        "meetings": page.object_list,
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
