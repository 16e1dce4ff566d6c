from django.core.management.base import BaseCommand

from meetings.bundled import load_bundled_archive
from meetings.reference_data import load_reference_data
from meetings.statistics import refresh_statistics


class Command(BaseCommand):
    help = (
        "Load the reference data and the bundled archive of real meetings. Idempotent: records "
        "already in the database (matched by slug) are left as editors have changed them."
    )

    def handle(self, *args, **options):
        counts = load_reference_data()
        counts.update(load_bundled_archive())
        refresh_statistics()  # a bulk load: fresh statistics for the planner
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))
