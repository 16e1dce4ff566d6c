"""`python manage.py import_batch CORRECTIONS TEXTS [--tenures FILE] [--report FILE]
[--score-only [--only-ids FILE] [--split dev|test]]`.

Many releases through the editors' pipeline at once: the importer reads each release text
(TEXTS/ID.txt) and its proposal is scored against the editor's correction (CORRECTIONS/ID.json);
then the drafts are created from the corrected proposal, corrected, reviewed and published through
the publishing checks (a record that fails them stays a draft in the review queue, and the report
says why). Each release in its own transaction. See meetings/importer/batch.py and
docs/importer.md ("Batches"). With --score-only the importer is only scored (nothing is
written), over the whole batch, the ids listed in --only-ids, or one --split.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.importer.batch import BatchError, run_batch, score_batch


class Command(BaseCommand):
    help = __doc__.split("\n\n")[1]

    def add_arguments(self, parser):
        parser.add_argument("corrections", help="Folder of ID.json corrections.")
        parser.add_argument("texts", help="Folder of ID.txt release texts (what was read).")
        parser.add_argument(
            "--tenures", help="JSON list of {person, title, start, end}: known terms of office."
        )
        parser.add_argument("--report", help="Write the JSON report to this file as well.")
        parser.add_argument(
            "--names",
            help="JSON of Japanese names (and series descriptions) for the records the batch "
            "creates: {series: {name: {...}}, organizations: {slug: name_ja}, agreements: "
            "{title: title_ja}}; filled only where empty.",
        )

        parser.add_argument(
            "--score-only",
            action="store_true",
            help="Only extract and score the importer; write nothing.",
        )
        parser.add_argument(
            "--only-ids", help="With --score-only: a file of release ids, one a line."
        )
        parser.add_argument(
            "--split",
            choices=["dev", "test"],
            help="With --score-only: dev (last hex digit of the id's sha1 in 0-7) or test.",
        )

    def handle(self, *args, corrections, texts, tenures=None, report=None, names=None, **options):
        corrections_dir, texts_dir = Path(corrections), Path(texts)
        for folder in (corrections_dir, texts_dir):
            if not folder.is_dir():
                raise CommandError(f"{folder}: not a folder")
        if options.get("score_only"):
            return self.score(corrections_dir, texts_dir, report, options)
        if options.get("only_ids") or options.get("split"):
            raise CommandError("--only-ids and --split go with --score-only")
        terms = {}
        if tenures:
            try:
                for row in json.loads(Path(tenures).read_text(encoding="utf-8")):
                    terms.setdefault((row["person"], row["title"]), []).append(row)
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise CommandError(f"{tenures}: {error}") from error
        japanese = None
        if names:
            try:
                japanese = json.loads(Path(names).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(f"{names}: {error}") from error
            if not isinstance(japanese, dict):
                raise CommandError(f"{names}: expected a JSON object")
        try:
            result = run_batch(corrections_dir, texts_dir, terms, japanese)
        except BatchError as error:
            raise CommandError(str(error)) from error
        write_report(report, result)
        self.stdout.write(
            f"{result['releases']} releases: {result['published']} meetings published, "
            f"{len(result['drafts'])} left as drafts, {result['linked']} linked, "
            f"{len(result['failures'])} releases failed.\n" + importer_line(result["importer"])
        )
        for line in result["failures"] + result["problems"]:
            self.stdout.write(f"  {line}")
        for draft in result["drafts"]:
            self.stdout.write(f"  draft {draft['meeting']}: {' '.join(draft['problems'])}")

    def score(self, corrections_dir, texts_dir, report, options):
        only = None
        if options.get("only_ids"):
            try:
                lines = Path(options["only_ids"]).read_text(encoding="utf-8").split()
            except OSError as error:
                raise CommandError(f"{options['only_ids']}: {error}") from error
            only = {line.strip() for line in lines if line.strip()}
        try:
            result = score_batch(corrections_dir, texts_dir, only, options.get("split"))
        except BatchError as error:
            raise CommandError(str(error)) from error
        write_report(report, result)
        importer = result["importer"]
        self.stdout.write(importer_line(importer))
        for name, scores in importer["fields"].items():
            self.stdout.write(
                f"  {name}: precision {scores['precision']} recall {scores['recall']} "
                f"(tp {scores['true_positive']} fp {scores['false_positive']} "
                f"fn {scores['false_negative']})"
            )
        for error in importer["commonest_errors"]:
            self.stdout.write(f"  {error['count']:4d} {error['error']}")


def write_report(path: str | None, result: dict) -> None:
    if path:
        text = json.dumps(result, indent=1, ensure_ascii=False, default=str)
        Path(path).write_text(text + "\n", encoding="utf-8")


def importer_line(importer: dict) -> str:
    return (
        f"Importer over {importer['scored_releases']} releases: overall "
        f"{importer['overall']}, meetings precision {importer['meetings']['precision']} "
        f"recall {importer['meetings']['recall']}."
    )
