from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search: the search document model, the index kept in step by signals, the query
    parser, the backends (database, OpenSearch) and the `rebuild_search_index` command."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings.search"
    label = "search"
    verbose_name = "Full-text search"

    def ready(self):
        # Every save and delete that changes what a meeting's search document holds reindexes it.
        from meetings.search.signals import connect_search_signals

        connect_search_signals()
