"""The search index (see meetings/search/index.py and docs/search.md).

One table of search documents, then the full-text index over it, which differs by database:

- PostgreSQL: a generated tsvector column (English configuration; title A, subject B, context C,
  body D) and a GIN index on it. ASCII punctuation becomes a space before parsing, so that "U.S.",
  "supply-chain" and "2+2" split into words as SQLite splits them and both databases agree.
- SQLite: an FTS5 table with the porter (English stemming) tokenizer, reading its text from the
  documents table (external content) and kept in step by three triggers. Accents are kept, as
  PostgreSQL keeps them.

Neither is part of Django's model state: they are database-side machinery the ORM never selects.
"""

import string

import django.db.models.deletion
from django.db import migrations, models

POSTGRES_COLUMNS = [("title", "A"), ("subject", "B"), ("context", "C"), ("body", "D")]


# ASCII punctuation, each mapped to a space by translate() (ten times faster than regexp_replace
# on release-length text, which matters for a full rebuild).
PUNCTUATION = string.punctuation
_PUNCTUATION_SQL = "'" + PUNCTUATION.replace("'", "''") + "'"
_SPACES_SQL = "'" + " " * len(PUNCTUATION) + "'"


def _postgres_vector() -> str:
    return " || ".join(
        f"setweight(to_tsvector('english'::regconfig, "
        f"translate(coalesce({column}, ''), {_PUNCTUATION_SQL}, {_SPACES_SQL})), '{weight}')"
        for column, weight in POSTGRES_COLUMNS
    )


POSTGRES_CREATE = [
    "ALTER TABLE meetings_search_document ADD COLUMN search_vector tsvector "
    f"GENERATED ALWAYS AS ({_postgres_vector()}) STORED",
    "CREATE INDEX meetings_search_vector_gin ON meetings_search_document USING gin (search_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS meetings_search_vector_gin",
    "ALTER TABLE meetings_search_document DROP COLUMN IF EXISTS search_vector",
]

_FTS_COLUMNS = "title, subject, context, body"
_NEW = "new.meeting_id, new.title, new.subject, new.context, new.body"
_OLD = "old.meeting_id, old.title, old.subject, old.context, old.body"
SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE meetings_search_fts USING fts5({_FTS_COLUMNS}, "
    "content='meetings_search_document', content_rowid='meeting_id', "
    "tokenize='porter unicode61 remove_diacritics 0')",
    "CREATE TRIGGER meetings_search_fts_insert AFTER INSERT ON meetings_search_document BEGIN "
    f"INSERT INTO meetings_search_fts(rowid, {_FTS_COLUMNS}) VALUES ({_NEW}); END",
    "CREATE TRIGGER meetings_search_fts_delete AFTER DELETE ON meetings_search_document BEGIN "
    f"INSERT INTO meetings_search_fts(meetings_search_fts, rowid, {_FTS_COLUMNS}) "
    f"VALUES ('delete', {_OLD}); END",
    "CREATE TRIGGER meetings_search_fts_update AFTER UPDATE ON meetings_search_document BEGIN "
    f"INSERT INTO meetings_search_fts(meetings_search_fts, rowid, {_FTS_COLUMNS}) "
    f"VALUES ('delete', {_OLD}); "
    f"INSERT INTO meetings_search_fts(rowid, {_FTS_COLUMNS}) VALUES ({_NEW}); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS meetings_search_fts_update",
    "DROP TRIGGER IF EXISTS meetings_search_fts_delete",
    "DROP TRIGGER IF EXISTS meetings_search_fts_insert",
    "DROP TABLE IF EXISTS meetings_search_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_editors_group"),
    ]

    operations = [
        migrations.CreateModel(
            name="MeetingSearchDocument",
            fields=[
                (
                    "meeting",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="meetings.meeting",
                    ),
                ),
                ("title", models.TextField(blank=True)),
                ("subject", models.TextField(blank=True)),
                ("context", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
            ],
            options={
                "db_table": "meetings_search_document",
            },
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_CREATE, "sqlite": SQLITE_CREATE}),
            _run({"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}),
        ),
    ]
