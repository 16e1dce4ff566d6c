"""Full-text search over meetings (placeholder interface; the search issue replaces the internals).

Interface the rest of the archive relies on:
- `search_meetings(queryset, q)` -> the queryset narrowed to matches, annotated with `rank`
  (higher is better); raises `SearchQueryError` for a query it cannot parse.
- `suggest(q)` -> a nearby spelling that would find something (str), or None; used when a search
  finds nothing.
- `snippets(meetings, q)` -> {meeting.pk: safe HTML with <mark> around matched words}, computed only
  for the meetings given (the rows shown on a page).
"""

from django.db.models import Q, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe


class SearchQueryError(ValueError):
    """The query cannot be searched (message is shown to the reader)."""


def search_meetings(queryset, q: str):
    q = (q or "").strip()
    if not q:
        return queryset.annotate(rank=Value(0.0))
    condition = Q(title__icontains=q) | Q(summary__icontains=q)
    return queryset.filter(condition).annotate(rank=Value(1.0))


def snippets(meetings, q: str) -> dict:
    return {m.pk: mark_safe(escape(m.summary[:200])) for m in meetings}


def suggest(q: str) -> str | None:
    return None
