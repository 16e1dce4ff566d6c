"""Full-text search over meetings, as a Django app (label "search"; docs/search.md).

What the rest of the archive uses, importable from here:

- `search_meetings(queryset, q)`, `rank_matches(queryset, q)`, `top_matches(queryset, q, wanted)`
  (meetings/search/service.py);
- `snippets(meetings, q)` (snippets.py), `suggest(q)` (suggest.py);
- `SearchQueryError`, `parse_query` (query.py);
- keeping the index in step: `reindex_meetings(ids=None)`, `search_indexing_deferred()` (index.py).

The modules inside: `models` (the search document), `index` (building and writing documents),
`signals` (connected in `SearchConfig.ready()`), `query` (the query parser), `backends/` (database
and OpenSearch), `service`, `snippets`, `suggest`.

This module imports nothing at load time (Django imports it before the models are ready): each name
is loaded from its module on first use.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "search_meetings": "meetings.search.service",
    "rank_matches": "meetings.search.service",
    "top_matches": "meetings.search.service",
    "snippets": "meetings.search.snippets",
    "suggest": "meetings.search.suggest",
    "SearchQueryError": "meetings.search.query",
    "parse_query": "meetings.search.query",
    "reindex_meetings": "meetings.search.index",
    "search_indexing_deferred": "meetings.search.index",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted({*globals(), *_EXPORTS})
