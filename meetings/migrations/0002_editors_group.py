"""The Editors group: add, change and view on the archive's records, no deleting. Publishing and
withdrawing is a dedicated permission (meetings.publish_meeting) held by the Publishers group, so a
newsroom can let juniors draft and seniors publish."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ARCHIVE_MODELS = [
    "agreement", "country", "criticalmineral", "document", "meeting", "meetingseries",
    "membership", "organization", "participant", "person", "topic",
]
ACTIONS = ["add", "change", "view"]


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in ARCHIVE_MODELS for action in ACTIONS]
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="meetings", codename__in=codenames)
    )
    publishers, _ = Group.objects.get_or_create(name="Publishers")
    publishers.permissions.set(
        Permission.objects.filter(content_type__app_label="meetings", codename="publish_meeting")
    )


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Publishers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
