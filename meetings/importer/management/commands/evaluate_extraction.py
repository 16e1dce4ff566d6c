"""`python manage.py evaluate_extraction DIR`: score the importer against releases with expected facts."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.importer import ReleaseError, read_release
from meetings.importer.extract import extract_fields
from meetings.importer.gazetteer import load_gazetteer
from meetings.importer.scoring import (
    EXACT_FIELDS,
    FIELDS,
    score_meetings,
    score_release,
    summarise,
    summarise_meetings,
)

SCORING = f"""
For every NAME.txt, NAME.html or NAME.htm in DIR that has a NAME.json of expected fields beside it,
the release is extracted and compared field by field. A NAME.json without a release (expected facts
only) is reported as missing and not scored.

Exact fields ({", ".join(EXACT_FIELDS)}): 1 when equal after
normalising (NFKC; case folded; every run of characters other than letters, digits and '+' becomes
one space, so 'Washington, D.C.' = 'Washington D.C.'; 'U.S.'/'United States' = 'us'); null = null
is 1.
Set fields, F1 of extracted against expected: countries (ISO codes), participants (family names,
accents stripped, case folded; 'family_name', else the last word of 'name') and minerals (names).
Both empty is 1; one empty and the other not is 0.
series: F1 of the two token sets (normalised as above, split on spaces, without 'the', 'of', 'and',
'meeting'); both null is 1, one null is 0.
A release's score is the mean of its {len(FIELDS)} field scores. Each field's accuracy is the mean of its
scores over the releases. The overall score is the plain mean of the {len(FIELDS)} field accuracies, in [0, 1].

Meeting level (the release's "meetings" list against the expected one; an expected file without
"meetings" counts its top-level meeting as a one-element list): the release's own side is the
government (or organisation) of the first participant of its first expected meeting, when that side
takes part in every expected meeting. A meeting's counterparts are its participants not on that side,
each as (country code or organisation acronym, family name as for participants above). An extracted
meeting matches an expected one when their meeting_date is equal (both null is equal) and they share
at least one counterpart (same country or organisation AND same family name); each extracted meeting
matches at most one expected meeting, expected meetings taken in order. Over all releases:
precision = matched / extracted meetings, recall = matched / expected meetings,
F1 = 2PR / (P + R) (micro-averaged: every meeting weighs the same).
"""


class Command(BaseCommand):
    help = "Score release extraction against expected JSON, per field and overall." + SCORING

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Folder of NAME.txt/NAME.html with NAME.json.")
        parser.add_argument(
            "--details", action="store_true", help="Also print each release's per-field scores."
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args, **options):
        directory = Path(options["directory"])
        if not directory.is_dir():
            raise CommandError(f"No such folder: {directory}")
        result = evaluate_directory(directory)
        if not result["releases"]:
            raise CommandError(f"No release with a matching NAME.json in {directory}")
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=1, ensure_ascii=False))
            return
        if options["details"]:
            for name, scores in result["releases"].items():
                misses = [f for f in FIELDS if scores[f] < 1]
                counts = result["release_meetings"][name]
                self.stdout.write(
                    f"{name}: {sum(scores.values()) / len(scores):.3f}; meetings "
                    f"{counts['matched']}/{counts['expected']} matched, {counts['extracted']} extracted"
                    + (f"  (below 1: {', '.join(misses)})" if misses else "")
                )
        self.stdout.write(f"Releases scored: {len(result['releases'])}")
        for name in result["missing"]:
            self.stdout.write(f"Expected facts without a release text (not scored): {name}")
        meetings = result["meetings"]
        self.stdout.write(
            f"Meeting level: precision {meetings['precision']:.3f}, recall {meetings['recall']:.3f}, "
            f"F1 {meetings['f1']:.3f} ({meetings['matched']} matched; {meetings['expected']} "
            f"expected, {meetings['extracted']} extracted)"
        )
        self.stdout.write("Field level:")
        for field in FIELDS:
            self.stdout.write(f"{field:>15}: {result['fields'][field]:.3f}")
        self.stdout.write(f"{'overall':>15}: {result['overall']:.3f}")


def evaluate_directory(directory: Path) -> dict:
    gazetteer = load_gazetteer()
    per_release, per_release_meetings, missing = {}, {}, []
    for expected_path in sorted(directory.glob("*.json")):
        release_path = next(
            (
                expected_path.with_suffix(suffix)
                for suffix in (".txt", ".html", ".htm")
                if expected_path.with_suffix(suffix).exists()
            ),
            None,
        )
        if release_path is None:
            missing.append(expected_path.stem)
            continue
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        try:
            release = read_release(release_path.read_bytes(), release_path.name)
            extracted = extract_fields(release, gazetteer)
        except ReleaseError:
            extracted = {}
        per_release[release_path.name] = score_release(expected, extracted)
        per_release_meetings[release_path.name] = score_meetings(expected, extracted)
    fields, overall = summarise(per_release)
    return {
        "releases": per_release,
        "fields": fields,
        "overall": overall,
        "missing": missing,
        "release_meetings": per_release_meetings,
        "meetings": summarise_meetings(per_release_meetings),
    }
