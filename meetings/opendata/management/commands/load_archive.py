from django.core.management.base import BaseCommand, CommandError

from meetings.opendata.dump import ArchiveFormatError, load_bundled_archive
from meetings.reference_data import load_reference_data
from meetings.statistics import refresh_statistics

# Always reported; reference records (already loaded just above) only when some were added.
RECORDS = ("organizations", "people", "series", "meetings", "agreements")


class Command(BaseCommand):
    help = (
        "Load the reference data and the bundled archive of real meetings (a dump, in the format "
        "export_archive writes). Idempotent: records already in the database (matched by slug) "
        "are left as editors have changed them; only missing ones are added."
    )

    def handle(self, *args, **options):
        counts = load_reference_data()
        try:
            added = load_bundled_archive()
        except ArchiveFormatError as error:
            raise CommandError(f"The bundled archive cannot be loaded: {error}") from None
        refresh_statistics()  # a bulk load: fresh statistics for the planner
        counts.update(
            {f"{name} added": count for name, count in added.items() if count or name in RECORDS}
        )
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))
