from django.apps import AppConfig


class ImporterConfig(AppConfig):
    """The release importer: extraction, gazetteer, import service, the admin import page and the
    extract_release / import_release / evaluate_extraction commands. It has no models of its own:
    it writes the archive core's (meetings.models)."""

    name = "meetings.importer"
    label = "importer"
    verbose_name = "Release importer"
    default_auto_field = "django.db.models.BigAutoField"
