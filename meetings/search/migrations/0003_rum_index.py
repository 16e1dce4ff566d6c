"""PostgreSQL only, optional: a RUM index over the search vector, for top-k relevance pages.

A relevance page needs the best 20 of all matches. With the GIN index alone PostgreSQL must read
and rank every matching document (`ts_rank` over ~26,000 vectors for "supply chain" at 100,000
meetings: ~350 ms). The RUM access method (extension `rum`, Debian package `postgresql-15-rum`)
keeps each word's positions in the index and returns matches in order of rank distance
(`search_vector <=> query`), so `ORDER BY … LIMIT` stops after the page (~50 ms). docs/search.md
has the measurements.

The extension is optional: when the server has no `rum` (the package is not installed, or the
migrating role may not create extensions) this migration does nothing and searches rank with
`ts_rank` as before (`meetings.search.backends.database.rum_index_available` decides at run
time). Running `migrate` again after installing the package creates the index (this migration is
then reversed and applied again with `migrate search 0002 && migrate search`).
"""

import logging

from django.db import migrations

logger = logging.getLogger(__name__)

INDEX = "meetings_search_vector_rum"


def create_rum_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            logger.info("No rum extension on this server: searches rank with ts_rank.")
            return
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'rum'")
        installed = cursor.fetchone() is not None
        # rum is not a trusted extension: only a superuser creates it.
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if not installed and not (row and row[0]):
            logger.warning(
                "The rum extension is available but this role may not create it: run "
                "CREATE EXTENSION rum as a superuser, then migrate search 0002 and migrate "
                "again, to rank searches from the index."
            )
            return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS rum", params=None)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON meetings_search_document "
        "USING rum (search_vector rum_tsvector_ops)",
        params=None,
    )


def drop_rum_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}", params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_japanese_trigram_index")]

    operations = [migrations.RunPython(create_rum_index, drop_rum_index)]
