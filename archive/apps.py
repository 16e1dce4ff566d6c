"""The project package as an app, so that its signal receivers are connected in every process
(web workers, management commands, the importer), not only where the middleware is loaded."""

from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive operations"

    def ready(self):
        from archive.content_version import bump_content_version_on_commit

        # Any write to the archive's records makes cached pages stale. Connected per model (not
        # for every sender) so that sessions, axes' login attempts and other bookkeeping writes
        # do not empty the page cache.
        # m2m_changed is sent by the auto-created through models, which are included.
        for model in apps.get_app_config("meetings").get_models(include_auto_created=True):
            for name, signal in (
                ("save", post_save),
                ("delete", post_delete),
                ("m2m", m2m_changed),
            ):
                signal.connect(
                    bump_content_version_on_commit,
                    sender=model,
                    dispatch_uid=f"archive-content-{name}-{model._meta.label}",
                )
