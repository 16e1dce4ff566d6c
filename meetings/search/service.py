"""Full-text search over meetings: ranked, stemmed, with phrases, OR and -word.

The interface the rest of the archive relies on (importable from `meetings.search`):
- `search_meetings(queryset, q)` -> the queryset narrowed to matches, annotated with `rank`
  (higher is better; the caller orders); raises `SearchQueryError` for a query it refuses, with a
  message for the reader.
- `rank_matches(queryset, q)` -> meetings already known to match, ranked without searching again.
- `top_matches(queryset, q, wanted)` -> the best `wanted` matches as (id, rank, start_date), read
  from the index without ranking every match, or None when the backend cannot (then rank all).
- `suggest(q)` (meetings/search/suggest.py) -> a nearby spelling that would find something (str),
  or None; used when a search finds nothing.
- `snippets(meetings, q)` (meetings/search/snippets.py) -> {meeting.pk: safe HTML with <mark> around
  matched words}, computed only for the meetings given (the rows shown on a page): two queries
  whatever their number.

Keeping the index in step: `meetings.search.index.reindex_meetings(ids=None)` and
`search_indexing_deferred()`; signals cover ordinary saves and deletes. How it works and why it is
built this way rather than on `modelsearch`: docs/search.md.
"""

from __future__ import annotations

from django.db.models import FloatField, Value

from meetings.search.backends import get_backend
from meetings.search.query import parse_query

__all__ = ["rank_matches", "search_meetings", "top_matches"]


def search_meetings(queryset, q: str):
    """Meetings of `queryset` matching `q`, annotated with `rank` (higher is better)."""
    if not (q or "").strip():
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    parsed = parse_query(q)
    return get_backend().search(queryset, parsed)


def rank_matches(queryset, q: str):
    """`queryset`, meetings already known to match `q`, annotated with its `rank` but not
    narrowed again; None when the backend ranks only while it searches.

    Lets a list whose matches were fetched once (by id) rank the page without running the
    full-text match a second time."""
    backend = get_backend()
    if not (q or "").strip() or not hasattr(backend, "rank"):
        return None
    return queryset.annotate(rank=backend.rank(parse_query(q)))


def top_matches(queryset, q: str, wanted: int):
    """The best `wanted` meetings of `queryset` matching `q` (all, if fewer match), as
    (id, rank, start_date) in the list's relevance order (rank, newest, highest id), read from
    the index's own order without ranking every match (PostgreSQL's RUM index, FTS5's bm25
    order); None when the backend cannot (a query with Japanese text, PostgreSQL without the
    RUM index, an engine in SEARCH_BACKEND_URL): the caller then ranks every match."""
    backend = get_backend()
    if not (q or "").strip() or not hasattr(backend, "top_matches"):
        return None
    return backend.top_matches(queryset, parse_query(q), wanted)
