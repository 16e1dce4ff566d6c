"""`python manage.py extract_release PATH`: print the import contract's JSON for one release."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.importer import ReleaseError, extract_release


class Command(BaseCommand):
    help = (
        "Read one press release (plain text or HTML, English or Japanese) and print the fields "
        "of DESIGN.md's release import contract as one JSON object. Nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .txt or .html release.")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            proposal = extract_release(path.read_bytes(), filename=path.name)
        except ReleaseError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(proposal, ensure_ascii=False, indent=1))
