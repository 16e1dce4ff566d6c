from django.core.management.base import BaseCommand

from meetings.reference_data import load_reference_data


class Command(BaseCommand):
    help = "Load or refresh countries, critical minerals and the topic taxonomy (idempotent)."

    def handle(self, *args, **options):
        counts = load_reference_data()
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))
