"""Per-page timings at scale: wall time and database time of each benchmark page.

Run against a database holding synthetic meetings (see `manage.py generate_synthetic`):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> DJANGO_DEBUG=1 \
        .venv/bin/python bench/profile_pages.py [--runs 20] [--explain] [--page NAME]

Prints, for each page, the median and p95 wall time of sequential requests through Django's test
client (no page cache: every request is rendered), the number of queries and their total time, and
the slowest queries. `--explain` adds EXPLAIN ANALYZE of each query of the page's last run;
`--profile` the functions where the page's Python time goes (cProfile, cumulative); `--production`
runs with DEBUG off (template caching, facet counts and totals cached as `make bench` serves them).
`--path` adds a page by path (named by its path).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
# Every request is rendered: the server-side page cache would hide what a miss costs.
os.environ["DJANGO_PAGE_CACHE_SECONDS"] = "0"
if "--production" in sys.argv:
    os.environ.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "profile-only-" + "x" * 40),
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_REQUESTS="0",
    )

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from meetings.models import Meeting  # noqa: E402


def pages() -> dict[str, str]:
    # A meeting with a series, several countries and topics: the detail page's heaviest case.
    meeting = (
        Meeting.objects.published()
        .filter(series__isnull=False, topics__isnull=False)
        .order_by("pk")
        .first()
    )
    return {
        "list": "/meetings/",
        "list_filtered": "/meetings/?country=JP&country=US&topic=supply-chain-resilience"
        "&date_after=2010-01-01&date_before=2020-12-31",
        "search": "/meetings/?q=supply+chain",
        "detail": f"/meetings/{meeting.slug}/" if meeting else "/meetings/",
        "country_pair": "/countries/jp/us/",
        "api_list": "/api/meetings/?country=JP",
    }


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(client, path, runs, profile=None):
    walls, db_times, last = [], [], None
    client.get(path)  # warm-up: imports, template loading, connection
    for _ in range(runs):
        if profile is not None:
            profile.enable()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            walls.append((time.perf_counter() - started) * 1000)
        if profile is not None:
            profile.disable()
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        db_times.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        last = captured.captured_queries
    return walls, db_times, last


def replay(query) -> float:
    """The query run again with every row fetched (ms): SQLite runs a statement while its rows
    are fetched, so the time Django records for it (the first step only) hides most of it."""
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(query["sql"])
        cursor.fetchall()
        return (time.perf_counter() - started) * 1000


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--page", action="append", help="only these pages (by name)")
    parser.add_argument("--path", action="append", default=[], help="another page, by path")
    parser.add_argument("--profile", action="store_true", help="cProfile of each page")
    parser.add_argument("--production", action="store_true", help="DEBUG off, as served")
    args = parser.parse_args()
    client = Client()
    print(f"{Meeting.objects.count()} meetings on {connection.vendor}")
    for name, path in (pages() | {path: path for path in args.path}).items():
        if args.page and name not in args.page and name not in args.path:
            continue
        profile = cProfile.Profile() if args.profile else None
        walls, db_times, queries = measure(client, path, args.runs, profile)
        print(
            f"\n{name:14} {path}\n  median {statistics.median(walls):7.1f} ms  "
            f"p95 {percentile(walls, 0.95):7.1f} ms  queries {len(queries)}  "
            f"db median {statistics.median(db_times):6.1f} ms"
        )
        for query in queries:
            query["time"] = str(min(replay(query) for _ in range(3)) / 1000)
        slowest = sorted(queries, key=lambda q: float(q["time"]), reverse=True)
        replayed = sum(float(q["time"]) for q in queries) * 1000
        print(f"  replayed with every row fetched: {replayed:.1f} ms")
        for query in slowest[: 3 if not args.explain else len(slowest)]:
            print(f"    {float(query['time']) * 1000:6.1f} ms  {query['sql'][:150]}")
            if args.explain and connection.vendor == "postgresql":
                print("      " + explain(query["sql"]).replace("\n", "\n      "))
        if profile is not None:
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats(os.environ.get("PROFILE_SORT", "cumulative"))
            stats.print_stats(int(os.environ.get("PROFILE_LINES", 40)))
            print(out.getvalue())


if __name__ == "__main__":
    main()
