"""The one query-string helper of the public pages, the feed and the exports.

A meeting list's query string is its state: the filters (`MeetingFilter`), the sort and the page.
Every link that keeps, drops or narrows that state goes through here:

- `encode(params)`: `{"country": ["JP", "US"], "year": "2024"}` → `country=JP&country=US&year=2024`
  (data links to the feed, calendar, CSV and API; entity pages' "see in the list" links);
- `without(query, name, value)`: the current query without pagination and without one value of a
  repeatable parameter, or all of a parameter (a chip's "remove" link, "drop this filter");
- `list_query(query)`: the current query without pagination, for a link to the same list;
- `without_empty(query)`: the query without its empty parameters (`?q=&year=` → ""), or None when
  it has none: the list redirects to that canonical URL.

Page links keep everything else with Django's `{% querystring page=… %}` tag.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.http import QueryDict

# Parameters that choose a page of the list rather than which meetings are in it.
PAGINATION = ("page", "page_size")


def encode(params: Mapping[str, str | Iterable[str]]) -> str:
    """`params` as a query string without the leading "?" (values may be lists: repeated)."""
    query = QueryDict(mutable=True)
    for name, values in params.items():
        query.setlist(name, [values] if isinstance(values, str) else [str(v) for v in values])
    return query.urlencode()


def without(
    query: QueryDict,
    name: str | None = None,
    value: str | None = None,
    *,
    drop: Iterable[str] = PAGINATION,
    empty: str = "?",
) -> str:
    """`query` as "?…", without the parameters in `drop` and without `name`: only its `value`
    (compared case-insensitively, as the filters read it) when given, else all of it.

    `empty` is what an empty result reads as: "?" (a link that clears every filter) or ""."""
    query = query.copy()
    for parameter in drop:
        query.pop(parameter, None)
    if name is not None:
        if value is None:
            query.pop(name, None)
        else:
            wanted = value.strip().lower()
            remaining = [v for v in query.getlist(name) if v.strip().lower() != wanted]
            query.setlist(name, remaining)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else empty


def list_query(query: QueryDict) -> str:
    """The same list, from its first page: "?…", or "" when there is no filter."""
    return without(query, empty="")


def without_empty(query: QueryDict) -> str | None:
    """`query` encoded without its empty (or blank) values, or None when none is empty."""
    kept = QueryDict(mutable=True)
    dropped = False
    for name, values in query.lists():
        filled = [value for value in values if value.strip()]
        dropped |= len(filled) != len(values)
        if filled:
            kept.setlist(name, filled)
    return kept.urlencode() if dropped else None
