from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.opendata.dump import ArchiveFormatError, load_archive, read_archive


class Command(BaseCommand):
    help = (
        "Load a dump written by export_archive into an empty database, in one transaction. "
        "Reference data (countries, minerals, topics) may already be loaded; any other record "
        "makes the command refuse. A malformed or incompatible file is refused and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The dump to load.")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text, so it is not an archive dump.") from None
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            counts = load_archive(read_archive(text))
        except ArchiveFormatError as error:
            raise CommandError(f"{path}: {error}") from None
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(f"Imported {summary}.")
