"""`python manage.py import_release PATH [--url URL] [--force]`: a release → a draft meeting."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.urls import reverse

from meetings.importer import ReleaseError
from meetings.importer.service import DuplicateMeeting, meeting_import_release


class Command(BaseCommand):
    help = (
        "Create a draft meeting from one press release (text or HTML, English or Japanese), "
        "linking the people, series, topics and minerals the archive knows and creating the "
        "missing people, series and divisions flagged 'needs review'; the release is stored as "
        "the meeting's document. All in one transaction. Refuses a likely duplicate (same series, "
        "ordinal and kind, or same date and countries) unless --force. Prints the admin URL."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .txt or .html release.")
        parser.add_argument("--url", default="", help="The release's source address.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the draft even if it looks like a duplicate.",
        )

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        url = options["url"]
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError as error:
                raise CommandError(f"Not a web address: {url}") from error
        try:
            meeting, preview = meeting_import_release(
                path.read_bytes(), path.name, url=url, force=options["force"]
            )
        except ReleaseError as error:
            raise CommandError(str(error)) from error
        except DuplicateMeeting as error:
            lines = [str(error), "Nothing was created. Existing records:"]
            lines += [
                f"  {reverse('admin:meetings_meeting_change', args=[m.pk])}" for m in error.meetings
            ]
            lines.append("Use --force to create a second draft anyway.")
            raise CommandError("\n".join(lines)) from error
        new_people = [p.name for p in preview.participants if p.created]
        self.stdout.write(f"Draft meeting created: {meeting.title}")
        if new_people:
            self.stdout.write(f"New people to review: {', '.join(new_people)}")
        if preview.series_is_new:
            self.stdout.write(f"New series to review: {preview.series.name}")
        self.stdout.write(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
