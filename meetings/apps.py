from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = "Ministerial meetings archive"

    def ready(self):
        # Every save and delete that changes what a meeting's search document holds reindexes it.
        from meetings.search_signals import connect_search_signals

        connect_search_signals()
