"""`python manage.py import_release PATH [PATH …] [--url URL] [--force]`: releases → draft meetings.

PATH is a .txt or .html release or a folder of them. Each release is imported in its own
transaction: every meeting it reports becomes a draft, and the release one document linked to each.
One broken release stops nothing else and leaves nothing behind; the report lists, per release, what
was created, linked, skipped as a duplicate, and the errors.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.urls import reverse

from meetings.importer import ReleaseError
from meetings.importer.service import import_release

RELEASE_SUFFIXES = (".txt", ".html", ".htm")


def admin_url(meeting) -> str:
    return reverse("admin:meetings_meeting_change", args=[meeting.pk])


def release_paths(arguments: list[str]) -> list[Path]:
    paths = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            paths += sorted(p for p in path.iterdir() if p.suffix.lower() in RELEASE_SUFFIXES)
        elif path.is_file():
            paths.append(path)
        else:
            raise CommandError(f"No such file or folder: {path}")
    return paths


class Command(BaseCommand):
    help = (
        "Create draft meetings from press releases (text or HTML, English or Japanese): every "
        "bilateral meeting a release reports becomes a draft, the release one document linked to "
        "each; the people, series and organisations the archive lacks are created for review. "
        "Each release in its own transaction. A meeting the archive probably holds already is "
        "not created again (the release is linked to it when exactly one matches) unless --force. "
        "PATH may be several files or a folder. Prints a report with the admin URLs."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Releases, or folders.")
        parser.add_argument("--url", default="", help="The release's address (one release only).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the drafts even if they look like duplicates.",
        )

    def handle(self, *args, **options):
        paths = release_paths(options["paths"])
        if not paths:
            raise CommandError("No .txt or .html release found.")
        url = options["url"]
        if url:
            if len(paths) > 1:
                raise CommandError("--url names one release's address: give one PATH with it.")
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError as error:
                raise CommandError(f"Not a web address: {url}") from error
        created = linked = skipped = 0
        problems: list[str] = []
        drafts = []
        for path in paths:
            try:
                result = import_release(
                    path.read_bytes(), path.name, url=url, force=options["force"]
                )
            except ReleaseError as error:
                problems.append(f"{path.name}: {error}")
                self.stdout.write(f"ERROR {path.name}: {error}")
                continue
            except Exception as error:  # noqa: BLE001 - one broken release stops nothing else
                problems.append(f"{path.name}: {type(error).__name__}: {error}")
                self.stdout.write(f"ERROR {path.name}: {type(error).__name__}: {error}")
                continue
            self.stdout.write(f"{path.name}:")
            for meeting in result.created:
                self.stdout.write(f"  created  {meeting.title}  {admin_url(meeting)}")
            for meeting in result.linked:
                self.stdout.write(f"  linked   {meeting.title}  {admin_url(meeting)}")
            for proposed, why in result.skipped:
                where = ", ".join(admin_url(m) for m in proposed.duplicates)
                self.stdout.write(f"  skipped  {proposed.title} ({why}) {where}".rstrip())
            if result.new_people:
                self.stdout.write(f"  new people to review: {', '.join(result.new_people)}")
            new_series = {m.series.name for m in result.preview.meetings if m.series_is_new}
            if new_series and result.created:
                self.stdout.write(f"  new series to review: {', '.join(sorted(new_series))}")
            drafts += result.created
            created += len(result.created)
            linked += len(result.linked)
            skipped += len(result.skipped)
            if not result.created and not result.linked:
                duplicates = [m for p, _ in result.skipped for m in p.duplicates]
                lines = [
                    f"{path.name}: every meeting is probably in the archive already. Nothing "
                    "was created. Existing records:",
                    *[f"  {admin_url(m)}" for m in duplicates],
                    "Use --force to create a second draft anyway.",
                ]
                problems.append("\n".join(lines))
        self.stdout.write(
            f"{len(paths)} release(s): {created} meeting(s) created, {linked} linked, "
            f"{skipped} skipped, {len(problems)} release(s) not imported."
        )
        if problems:
            raise CommandError("\n".join(problems))
        if len(drafts) == 1:
            self.stdout.write(admin_url(drafts[0]))  # the one draft to open next
