"""Planner statistics after bulk loads, on PostgreSQL and SQLite.

Both databases choose their query plans from statistics about each table and index (PostgreSQL's
`pg_statistic`, SQLite's `sqlite_stat1`). A bulk load (the synthetic benchmark data, the bundled
archive, a full search index rebuild) changes the tables by orders of magnitude at once, so plans
chosen from the old statistics (or none) can be wrong for minutes (PostgreSQL's autovacuum catches
up eventually) or for good (SQLite never gathers statistics by itself). Bulk loaders call
`refresh_statistics()` once at the end.
"""

from __future__ import annotations

from django.db import connection


def refresh_statistics() -> None:
    """ANALYZE every table of the database (a few seconds at 100,000 meetings)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Bounded sampling per index: ANALYZE stays quick however large the tables grow.
            cursor.execute("PRAGMA analysis_limit = 1000")
        cursor.execute("ANALYZE")
