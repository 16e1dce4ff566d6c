import time

from django.core.management.base import BaseCommand

from archive.content_version import bump_content_version
from meetings.search.index import reindex_meetings


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search index of every meeting (or of the meetings given by id). "
        "Needed only after writes that bypass the model's signals: QuerySet.update(), raw SQL, "
        "or restoring a database dump."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "meeting_ids", nargs="*", type=int, help="Only these meetings (primary keys)."
        )

    def handle(self, *args, meeting_ids=(), **options):
        started = time.perf_counter()
        written = reindex_meetings(meeting_ids or None)
        # What searches find may have changed: cached pages become stale (the search document is
        # not a model of the `meetings` app, whose writes bump the page cache's version).
        bump_content_version()
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Indexed {written} meetings in {elapsed:.2f}s.")
