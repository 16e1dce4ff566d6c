import time

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from bench.synthetic import delete_synthetic, generate_synthetic, synthetic_exists
from meetings.statistics import refresh_statistics


class Command(BaseCommand):
    help = (
        "Create clearly labelled synthetic meetings for scale tests ('[Synthetic]' titles, "
        "sources under https://example.invalid/), with the people, offices, series, topics, "
        "minerals and releases a real archive has. Never run it on the production database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, default=1000, help="How many meetings.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Same seed, same data (slugs include it)."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete what an earlier run with this seed created first (slow at scale).",
        )
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--skip-search-index",
            action="store_true",
            help="Do not rebuild the search index afterwards.",
        )

    def handle(self, *args, meetings, seed, replace, batch_size, skip_search_index, **options):
        if meetings < 1:
            raise CommandError("--meetings must be at least 1.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if synthetic_exists(seed):
            if not replace:
                raise CommandError(
                    f"Synthetic data with seed {seed} is already there: pass --replace to delete "
                    "it first, or use another --seed."
                )
            self.stdout.write(f"Deleting synthetic data of seed {seed}…")
            delete_synthetic(seed)

        started = time.monotonic()

        def progress(message):
            if options["verbosity"] >= 2:
                self.stdout.write(f"  {time.monotonic() - started:6.1f}s {message}")

        counts = generate_synthetic(meetings, seed=seed, batch_size=batch_size, progress=progress)
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Created {summary} in {elapsed:.1f}s."))

        # The search app's command keeps the full-text index in step, when the app is installed.
        if "rebuild_search_index" in get_commands() and not skip_search_index:
            started = time.monotonic()
            call_command("rebuild_search_index", verbosity=options["verbosity"])
            self.stdout.write(f"Search index rebuilt in {time.monotonic() - started:.1f}s.")
        # A bulk load: the planner needs statistics of the new rows (rebuild_search_index gathers
        # them too; without it, they are gathered here).
        refresh_statistics()
