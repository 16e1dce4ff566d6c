"""An index for Japanese (and other unspaced) search: trigrams of the whole search document.

A Japanese query term is matched as a substring of the document (`meetings.search.query`), which
without an index means reading every document. Trigram indexes answer substring tests of three
characters or more from the index:

- PostgreSQL: the `pg_trgm` extension (in Debian's postgresql-contrib, part of the server package)
  and a GIN index over the concatenated document, the very expression
  `DatabaseSearchBackend.substring_subquery` tests with LIKE.
- SQLite: an FTS5 table with the `trigram` tokenizer (SQLite 3.34+) over the same concatenation,
  kept in step by triggers like the word index of meetings/0003; queried with MATCH.

The documents are emptied so that the `post_migrate` handler (`index_missing_documents`) rebuilds
them with the records' Japanese fields.
"""

from django.db import migrations

DOCUMENT_TEXT = "(title || ' ' || subject || ' ' || context || ' ' || body)"
_NEW = "new.title || ' ' || new.subject || ' ' || new.context || ' ' || new.body"
_OLD = "old.title || ' ' || old.subject || ' ' || old.context || ' ' || old.body"

POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX meetings_search_trigram_gin ON meetings_search_document "
    f"USING gin ({DOCUMENT_TEXT} gin_trgm_ops)",
    "DELETE FROM meetings_search_document",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS meetings_search_trigram_gin"]

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE meetings_search_trigram USING fts5(text, content='', tokenize='trigram')",
    "CREATE TRIGGER meetings_search_trigram_insert AFTER INSERT ON meetings_search_document BEGIN "
    f"INSERT INTO meetings_search_trigram(rowid, text) VALUES (new.meeting_id, {_NEW}); END",
    "CREATE TRIGGER meetings_search_trigram_delete AFTER DELETE ON meetings_search_document BEGIN "
    "INSERT INTO meetings_search_trigram(meetings_search_trigram, rowid, text) "
    f"VALUES ('delete', old.meeting_id, {_OLD}); END",
    "CREATE TRIGGER meetings_search_trigram_update AFTER UPDATE ON meetings_search_document BEGIN "
    "INSERT INTO meetings_search_trigram(meetings_search_trigram, rowid, text) "
    f"VALUES ('delete', old.meeting_id, {_OLD}); "
    f"INSERT INTO meetings_search_trigram(rowid, text) VALUES (new.meeting_id, {_NEW}); END",
    "DELETE FROM meetings_search_document",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS meetings_search_trigram_update",
    "DROP TRIGGER IF EXISTS meetings_search_trigram_delete",
    "DROP TRIGGER IF EXISTS meetings_search_trigram_insert",
    "DROP TABLE IF EXISTS meetings_search_trigram",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("meetings", "0012_japanese_fields"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_CREATE, "sqlite": SQLITE_CREATE}),
            _run({"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}),
        ),
    ]
