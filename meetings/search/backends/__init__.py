"""Search backends: the database's own full-text search by default, a search engine when configured.

A backend turns a `ParsedQuery` into a narrowed, ranked queryset and writes highlight snippets.
Three exist:

- `PostgresSearchBackend` and `SQLiteSearchBackend` (`database.py`): the default, chosen by the
  database in use; they read the index that migration meetings/0003 builds over `MeetingSearchDocument`.
- `OpenSearchBackend` (`opensearch.py`): chosen when the `SEARCH_BACKEND_URL` setting (read from
  the environment by archive/settings.py) holds an OpenSearch or Elasticsearch URL; it keeps its
  own copy of the documents.

A new backend subclasses `SearchBackend` and implements its three methods (see docs/search.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from meetings.search.backends.base import SearchBackend

__all__ = ["SearchBackend", "get_backend"]


def get_backend() -> SearchBackend:
    """The backend for this process: the engine in SEARCH_BACKEND_URL, else the database's own."""
    url = (getattr(settings, "SEARCH_BACKEND_URL", "") or "").strip()
    if url:
        from meetings.search.backends.opensearch import OpenSearchBackend

        return OpenSearchBackend.for_url(url)
    from meetings.search.backends.database import PostgresSearchBackend, SQLiteSearchBackend

    if connection.vendor == "postgresql":
        return PostgresSearchBackend()
    if connection.vendor == "sqlite":
        return SQLiteSearchBackend()
    raise NotImplementedError(
        f"Full-text search supports PostgreSQL and SQLite, not {connection.vendor}; "
        "set SEARCH_BACKEND_URL to use OpenSearch with another database."
    )
