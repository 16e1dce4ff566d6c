"""Measure the memory of a server process while it streams the CSV export of N meetings.

    .venv/bin/python scripts/csv_memory.py --meetings 100000

What it does:
1. creates a scratch PostgreSQL database (dropped at the end unless --keep), migrates it, loads the
   reference data and N synthetic meetings (`manage.py generate_synthetic`; if that command is not
   there, minimal synthetic meetings made here), and ANALYZEs it;
2. starts gunicorn with one sync worker and production settings (DEBUG off) on --port;
3. downloads /meetings/export.csv from it, reading the stream as it comes and counting the rows;
4. prints the worker's resident memory before the request and its peak during it (VmHWM, the
   kernel's high-water mark, plus the highest of samples taken every 20 ms), as one JSON object.

The bar (issue 6): the server process stays under 200 MB for 100,000 meetings.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil
import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def run(args: list[str], env: dict) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def create_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def minimal_synthetic_meetings(count: int, env: dict) -> None:
    """Fallback when generate_synthetic is missing: plain meetings with countries and topics."""
    code = f"""
import datetime, itertools
from meetings.models import Country, Meeting, Topic, Participant
codes = list(Country.objects.values_list("code", flat=True)[:40])
topics = list(Topic.objects.all()[:10])
for start in range(0, {count}, 2000):
    batch = [
        Meeting(title=f"[Synthetic] Meeting {{n}}", slug=f"synthetic-{{n}}", status="published",
                start_date=datetime.date(2000, 1, 1) + datetime.timedelta(days=n % 9000),
                summary="Synthetic summary. " * 10, sources=["https://example.invalid/"])
        for n in range(start, min(start + 2000, {count}))
    ]
    Meeting.objects.bulk_create(batch)
    through = Meeting.countries.through
    through.objects.bulk_create([through(meeting=m, country_id=codes[i % len(codes)])
                                 for i, m in enumerate(batch)] +
                                [through(meeting=m, country_id=codes[(i + 1) % len(codes)])
                                 for i, m in enumerate(batch)])
    Participant.objects.bulk_create([Participant(meeting=m, name=f"Official {{k}}")
                                     for m in batch for k in range(3)])
"""
    subprocess.run([PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True)


def vm_high_water_mark_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_for_server(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer at {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=100_000)
    parser.add_argument("--port", type=int, default=8106)
    parser.add_argument("--database", default="h6data_csv_memory")
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("POSTGRES_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--keep", action="store_true", help="Keep the scratch database.")
    parser.add_argument("--reuse", action="store_true", help="Reuse a kept scratch database.")
    options = parser.parse_args()

    database_url = options.admin_url.rsplit("/", 1)[0] + "/" + options.database
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "csv-memory-measurement-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)

    started = time.monotonic()
    if not options.reuse:
        create_database(options.admin_url, options.database)
        run(["migrate", "--noinput", "-v", "0"], env)
        run(["load_reference_data", "-v", "0"], env)
        if (ROOT / "bench/devtools/management/commands/generate_synthetic.py").exists():
            run(
                [
                    "generate_synthetic",
                    "--meetings",
                    str(options.meetings),
                    "--seed",
                    "6",
                    "--skip-search-index",
                ],
                env | {"DJANGO_DEVTOOLS": "1"},  # a dev-only command (bench/devtools)
            )
            source = "generate_synthetic"
        else:
            minimal_synthetic_meetings(options.meetings, env)
            source = "minimal rows made by this script"
        # As autovacuum would soon after a bulk load: without statistics the planner guesses.
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute("ANALYZE")
    else:
        source = "reused database"
    loaded_seconds = time.monotonic() - started

    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "archive.wsgi:application",
            "--workers",
            "1",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{options.port}",
            "--timeout",
            "900",
            "--config",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{options.port}"
        wait_for_server(f"{base}/robots.txt")
        [worker] = psutil.Process(server.pid).children()
        rss_before = worker.memory_info().rss / 2**20

        peak_sampled = rss_before
        downloading = threading.Event()
        downloading.set()

        def sample():
            nonlocal peak_sampled
            while downloading.is_set():
                peak_sampled = max(peak_sampled, worker.memory_info().rss / 2**20)
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        request_started = time.monotonic()
        rows = 0
        with urllib.request.urlopen(f"{base}/meetings/export.csv", timeout=900) as response:
            status = response.status
            reader = csv.reader(io.TextIOWrapper(response, encoding="utf-8", newline=""))
            header = next(reader)
            for _ in reader:
                rows += 1
        elapsed = time.monotonic() - request_started
        downloading.clear()
        sampler.join()
        report = {
            "meetings_in_database": options.meetings,
            "data": source,
            "status": status,
            "csv_rows": rows,
            "csv_columns": len(header),
            "download_seconds": round(elapsed, 1),
            "rows_per_second": round(rows / elapsed) if elapsed else None,
            "worker_rss_before_mb": round(rss_before, 1),
            "worker_rss_peak_sampled_mb": round(peak_sampled, 1),
            "worker_peak_rss_mb": round(vm_high_water_mark_mb(worker.pid), 1),
            "limit_mb": 200,
            "setup_seconds": round(loaded_seconds, 1),
        }
        report["under_limit"] = report["worker_peak_rss_mb"] < report["limit_mb"]
        print(json.dumps(report))
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not options.keep:
            drop_database(options.admin_url, options.database)


if __name__ == "__main__":
    main()
