"""Meeting cards (includes/meeting_card.html), rendered once per meeting and content version.

A card shows a published meeting as every list shows it: title, dates, place, kind, who took part,
series, summary, countries and minerals. Rendering one costs four prefetch queries' share and a
template pass; a page of twenty cost most of a list page's time. A card depends only on the
archive's content and the reader's language, so it is kept in the cache (meetings/computed.py:
shared with REDIS_URL, keyed by the content version, so an editor's write makes every card be
rendered afresh on its next showing). Any list — a new combination of filters or words, a country
pair, a related-meetings box — reuses the cards other lists rendered.

What differs per list is added around the cached card: *why* a meeting is related (the record's
related-meetings box) before the title, and a search *snippet* in place of the summary.

Views pass the meetings to show by id, in order (`render_cards`); only the cards missing from
the cache are fetched (with `with_card_data`) and rendered.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from meetings.computed import many_until_next_write
from meetings.models import Meeting, Participant

__all__ = ["IdsOf", "InOrder", "render_cards"]

CARD_TEMPLATE = "includes/meeting_card.html"
OPEN = '<article class="card">'
# The summary paragraph sits between these markers in the template, so a snippet can take its place.
SUMMARY_START, SUMMARY_END = "<!--summary-->", "<!--/summary-->"


def _render(meetings) -> dict[int, str]:
    template = get_template(CARD_TEMPLATE)
    return {meeting.pk: template.render({"meeting": meeting}) for meeting in meetings}


def with_card_data(meetings):
    """What includes/meeting_card.html shows: series, venue, who took part, countries, minerals."""
    return meetings.select_related("series", "venue_country").prefetch_related(
        "countries",
        "minerals",
        Prefetch("participants", queryset=Participant.objects.select_related("person")),
    )


def cached_cards(ids: list[int]) -> dict[int, str]:
    """{id: the card's HTML} for the public meetings among `ids` (from the cache where it has
    them; the rest fetched in one query with their card data, rendered and stored)."""
    return many_until_next_write(
        "card",
        ids,
        lambda missing: _render(with_card_data(Meeting.objects.public()).filter(pk__in=missing)),
    )


def compose(card: str, *, why: str = "", snippet: str = "", snippet_lang: str = "") -> SafeString:
    """A cached card with what this list adds: why it is related (before the title) and a
    search snippet (instead of the summary)."""
    if why:
        card = card.replace(
            OPEN,
            OPEN
            + format_html(
                '<p class="card__why"><span class="visually-hidden">{} </span>{}</p>',
                gettext("Related:"),
                capfirst(why),
            ),
            1,
        )
    if snippet:
        start, end = card.find(SUMMARY_START), card.find(SUMMARY_END)
        if start >= 0 and end >= 0:
            paragraph = format_html('<p class="card__snippet"{}>{}</p>', snippet_lang, snippet)
            card = card[: start + len(SUMMARY_START)] + paragraph + card[end:]
    card = card.replace(SUMMARY_START, "", 1).replace(SUMMARY_END, "", 1)
    return mark_safe(card)  # noqa: S308 - rendered by the template engine, parts escaped above


def render_cards(ids, *, why=None, snippets=None) -> list[SafeString]:
    """The cards of the public meetings `ids`, in that order; `why` and `snippets` map an id to
    its related-meetings reason and its search snippet."""
    from meetings.templatetags.archive import lang_attr

    ids = list(ids)
    cards = cached_cards(ids)
    why, snippets = why or {}, snippets or {}
    shown = []
    for pk in ids:
        if pk not in cards:
            continue  # withdrawn between the query for the ids and this one
        snippet = snippets.get(pk, "")
        shown.append(
            compose(
                cards[pk],
                why=why.get(pk, ""),
                snippet=snippet,
                snippet_lang=lang_attr(snippet) if snippet else "",
            )
        )
    return shown


# A paginator's view of a list of meetings as their ids: a page is a slice of ids, whose cards
# `render_cards` gives. `IdsOf` reads the ids of a queryset's rows (one query per page);
# `InOrder` holds ids already known in the order to show them (a search's best matches).


class IdsOf:
    """A queryset seen by a paginator as the ids of its rows: a page is one query for its ids
    (the cards come from `render_cards`), the total is the paginator's own count (or one the
    view knows)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        # The annotations stay selected: an ORDER BY on one (a search's rank) then names its
        # column; left out, a constant rank (a search of excluded words only) would be inlined
        # as `ORDER BY 0.0`, which PostgreSQL refuses.
        names = list(self.queryset.query.annotations)
        return [row[0] for row in self.queryset[index].values_list("pk", *names)]


class InOrder:
    """Meetings known by id in the order to show them: a page is the slice of ids (no query)."""

    def __init__(self, ids: list[int], total: int | None = None):
        # `total`: the list's length when only its first ids are known (a top-k page).
        self.ids = ids
        self.total = len(ids) if total is None else total

    def __len__(self) -> int:
        return self.total

    def count(self) -> int:
        return self.total

    def __getitem__(self, index):
        return self.ids[index]
