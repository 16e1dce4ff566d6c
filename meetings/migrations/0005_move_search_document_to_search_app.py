"""The search document model moves to the search app (meetings/search/), in Django's state only.

Its table `meetings_search_document` and the full-text machinery migration 0003 built over it
(PostgreSQL's generated tsvector column and GIN index, SQLite's FTS5 table and triggers) stay as
they are: nothing in the database changes. search/0001 adds the model back to the state, with the
same table, under the app label "search".
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_performance_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="MeetingSearchDocument")],
            database_operations=[],
        ),
    ]
