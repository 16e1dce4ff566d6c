from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    """Open data: the JSON API, feeds, calendar, CSV, sitemaps, the reuse page and the full dump.

    No models of its own: it reads the archive core's records and writes them out (and the dump back
    in). Its URLs keep the namespace "data"; `load_archive`, `export_archive` and `import_archive` are
    its commands.
    """

    name = "meetings.opendata"
    label = "opendata"
    verbose_name = "Open data"
