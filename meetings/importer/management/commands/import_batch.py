"""`python manage.py import_batch CORRECTIONS TEXTS [--tenures FILE] [--report FILE]`.

Many releases through the editors' pipeline at once: the importer reads each release text
(TEXTS/ID.txt) and its proposal is scored against the editor's correction (CORRECTIONS/ID.json);
then the drafts are created from the corrected proposal, corrected, reviewed and published through
the publishing checks (a record that fails them stays a draft in the review queue, and the report
says why). Each release in its own transaction. See meetings/importer/batch.py and
docs/importer.md ("Batches").
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.importer.batch import BatchError, run_batch


class Command(BaseCommand):
    help = __doc__.split("\n\n")[1]

    def add_arguments(self, parser):
        parser.add_argument("corrections", help="Folder of ID.json corrections.")
        parser.add_argument("texts", help="Folder of ID.txt release texts (what was read).")
        parser.add_argument(
            "--tenures", help="JSON list of {person, title, start, end}: known terms of office."
        )
        parser.add_argument("--report", help="Write the JSON report to this file as well.")

    def handle(self, *args, corrections, texts, tenures=None, report=None, **options):
        corrections_dir, texts_dir = Path(corrections), Path(texts)
        for folder in (corrections_dir, texts_dir):
            if not folder.is_dir():
                raise CommandError(f"{folder}: not a folder")
        terms = {}
        if tenures:
            try:
                for row in json.loads(Path(tenures).read_text(encoding="utf-8")):
                    terms[(row["person"], row["title"])] = row
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise CommandError(f"{tenures}: {error}") from error
        try:
            result = run_batch(corrections_dir, texts_dir, terms)
        except BatchError as error:
            raise CommandError(str(error)) from error
        text = json.dumps(result, indent=1, ensure_ascii=False, default=str)
        if report:
            Path(report).write_text(text + "\n", encoding="utf-8")
        importer = result["importer"]
        self.stdout.write(
            f"{result['releases']} releases: {result['published']} meetings published, "
            f"{len(result['drafts'])} left as drafts, {result['linked']} linked, "
            f"{len(result['failures'])} releases failed.\n"
            f"Importer over {importer['scored_releases']} releases: overall "
            f"{importer['overall']}, meetings precision {importer['meetings']['precision']} "
            f"recall {importer['meetings']['recall']}."
        )
        for line in result["failures"] + result["problems"]:
            self.stdout.write(f"  {line}")
        for draft in result["drafts"]:
            self.stdout.write(f"  draft {draft['meeting']}: {' '.join(draft['problems'])}")
