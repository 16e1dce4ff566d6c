"""One release, several meetings: Document.meeting (a foreign key) becomes Document.meetings (many
to many), keeping every link."""

import django.db.models.deletion
from django.db import migrations, models


def copy_links(apps, schema_editor):
    Document = apps.get_model("meetings", "Document")
    Through = Document.meetings.through
    rows = [
        Through(document_id=pk, meeting_id=meeting_id)
        for pk, meeting_id in Document.objects.exclude(meeting__isnull=True)
        .values_list("pk", "meeting_id")
        .iterator()
    ]
    Through.objects.bulk_create(rows, batch_size=1000)


def copy_links_back(apps, schema_editor):
    Document = apps.get_model("meetings", "Document")
    for link in Document.meetings.through.objects.order_by("meeting_id"):
        Document.objects.filter(pk=link.document_id).update(meeting_id=link.meeting_id)
    Document.objects.filter(meeting__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0008_sources_never_null")]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="meeting",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="old_documents",
                to="meetings.meeting",
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="meetings",
            field=models.ManyToManyField(
                blank=True,
                help_text="Every meeting this document reports.",
                related_name="documents",
                to="meetings.meeting",
            ),
        ),
        migrations.RunPython(copy_links, copy_links_back),
        migrations.RemoveField(model_name="document", name="meeting"),
        migrations.RemoveField(model_name="historicaldocument", name="meeting"),
    ]
