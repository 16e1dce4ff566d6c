from django.db import migrations, models

# Published meetings in the order every list shows them (Meeting.objects.newest_first():
# start_date DESC NULLS LAST, id DESC). A page of a list, the related meetings of a record and a
# country's newest meeting walk this index and stop after a few rows instead of sorting every
# published meeting. It lives here rather than in Meeting.Meta.indexes because SQLite refuses
# NULLS LAST in an index definition, and an index in the model's state would be recreated on
# SQLite whenever a later migration rebuilds the meetings table there.
PUBLISHED_NEWEST_INDEX = "meeting_published_newest_idx"


def create_published_newest_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {PUBLISHED_NEWEST_INDEX} ON meetings_meeting "
        "(start_date DESC NULLS LAST, id DESC) WHERE status = 'published'"
    )


def drop_published_newest_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {PUBLISHED_NEWEST_INDEX}")


# Meetings by country, topic or mineral: the filters and facet counts look up the meetings of one
# option (all of Japan's meetings), which the unique (meeting_id, option_id) constraint cannot
# answer and the single-column index answers only with a visit to the table for each row. With
# the meeting id in the index the database reads the index alone. Plain SQL, valid on SQLite too:
# Django created these through tables itself and offers no Meta for them.
THROUGH_INDEXES = [
    ("meeting_countries_by_country", "meetings_meeting_countries", "country_id"),
    ("meeting_topics_by_topic", "meetings_meeting_topics", "topic_id"),
    ("meeting_minerals_by_mineral", "meetings_meeting_minerals", "criticalmineral_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_search_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["series", "kind", "start_date"],
                name="meeting_published_series_idx",
            ),
        ),
        migrations.RunPython(create_published_newest_index, drop_published_newest_index),
        *(
            migrations.RunSQL(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column}, meeting_id)",
                f"DROP INDEX IF EXISTS {name}",
            )
            for name, table, column in THROUGH_INDEXES
        ),
    ]
