"""The search document, taken over from the meetings app in Django's state only.

The table `meetings_search_document` was created by meetings/0003 (with its full-text index) and is
kept as it is, rows included; meetings/0005 removed the model from the meetings app's state. The
content type follows the model, so permissions granted on it stay attached.
"""

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    old = ContentType.objects.using(db).filter(app_label="meetings", model="meetingsearchdocument")
    if (
        not ContentType.objects.using(db)
        .filter(app_label="search", model="meetingsearchdocument")
        .exists()
    ):
        old.update(app_label="search")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if (
        not ContentType.objects.using(db)
        .filter(app_label="meetings", model="meetingsearchdocument")
        .exists()
    ):
        ContentType.objects.using(db).filter(
            app_label="search", model="meetingsearchdocument"
        ).update(app_label="meetings")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0005_move_search_document_to_search_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
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
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type, elidable=True),
    ]
