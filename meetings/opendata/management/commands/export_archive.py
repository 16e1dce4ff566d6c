import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.opendata.dump import FORMAT_NAME, FORMAT_VERSION, write_archive


class Command(BaseCommand):
    help = (
        "Write every record of the archive — published and draft, with sources, memberships, "
        "participants, documents and agreements — to FILE as one JSON document "
        f"(format {FORMAT_NAME}, version {FORMAT_VERSION}). Use - for standard output. "
        "Load it with import_archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the dump, or - for standard output.")

    def handle(self, *args, file, **options):
        if file == "-":
            counts = write_archive(sys.stdout)
        else:
            target = Path(file)
            if not target.parent.is_dir():
                raise CommandError(f"The folder {target.parent} does not exist.")
            # Written beside the target and renamed at the end: a failed export leaves no half file.
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
            try:
                with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                    counts = write_archive(stream)
                # mkstemp makes the file private; give it the permissions a new file would have.
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(temporary, 0o666 & ~umask)
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stderr.write(f"Exported {summary}.")
