#!/usr/bin/env python
"""`make bench`: the archive at 100,000 synthetic meetings, under gunicorn, driven by wrk.

1. a scratch PostgreSQL database (`archive_bench` on the server of BENCH_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432), migrated, with the reference data and N synthetic meetings;
2. queries per request of every page, counted through Django's test client;
3. gunicorn with 2 workers on 127.0.0.1, production settings; wrk (a second process) at 4
   connections for each page, twice: with the server-side page cache off (every request renders
   and queries: the figures the speed targets are about) and on (what a reader usually gets);
4. worker memory; then one JSON report, the last thing printed.

A page that is missing or failing is reported with its status and errors; it does not stop the run.
Options: --meetings, --seed, --duration, --connections, --reuse (keep a database that already has
the meetings), --redis (the page cache in Redis instead of each worker's memory).

Three more sections, each with its own `pages` (page cache off), unless --sections leaves them out:
- `sqlite`: the same pages on the embedded default, an SQLite file of as many meetings;
- `replica`: reads on a streaming replica (DATABASE_REPLICA_URL): a primary and a replica cluster of
  the benchmark's own (bench/replica.py; never the main server), ports 5435 and 5436;
- `growth`: the same pages at --growth-meetings (10,000) on PostgreSQL, and each page's p95 at
  both sizes with the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    PYTHON,
    ROOT,
    Gunicorn,
    collect_static,
    connect,
    http_get,
    log,
    machine,
    manage,
    prepare_database,
    production_env,
)

WRK = shutil.which("wrk") or "/usr/bin/wrk"
LUA = Path(__file__).with_name("report.lua")
PAGES = ["healthz", "list", "list_filtered", "search", "detail", "country_pair", "api_list"]
TARGET_P95_MS = {
    "list": 150,
    "list_filtered": 100,
    "search": 100,
    "detail": 50,
    "country_pair": 100,
    "api_list": 50,
}
SQLITE_TARGET_P95_MS = {"list_filtered": 150, "search": 200, "detail": 50, "api_list": 100}


def choose_paths(database_url: str) -> dict[str, str]:
    """Pages as a reader would ask for them, with values that exist in the synthetic data."""
    if database_url.startswith("sqlite:"):
        import sqlite3

        conn = sqlite3.connect(database_url.removeprefix("sqlite:"))
        sql_slug = (
            "SELECT slug FROM meetings_meeting WHERE status = 'published' AND slug LIKE "
            "'synthetic-%' ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM meetings_meeting)"
        )
    else:
        conn = connect(database_url)
        sql_slug = (
            "SELECT slug FROM meetings_meeting WHERE status = 'published' AND slug LIKE "
            "'synthetic-%%' ORDER BY id OFFSET (SELECT count(*) / 2 FROM meetings_meeting) "
            "LIMIT 1"
        )
    with conn:
        slug = conn.execute(sql_slug).fetchone()
        topic = conn.execute(
            "SELECT slug FROM meetings_topic WHERE slug = 'supply-chain-resilience' "
            "UNION ALL SELECT slug FROM (SELECT slug FROM meetings_topic ORDER BY slug LIMIT 1) AS t "
            "LIMIT 1"
        ).fetchone()
    return {
        "healthz": "/healthz",
        "list": "/meetings/",
        "list_filtered": "/meetings/?country=JP&country=US"
        f"&topic={topic[0] if topic else 'economic-security'}"
        "&date_after=2010-01-01&date_before=2020-12-31",
        "search": "/meetings/?q=supply+chain",
        "detail": f"/meetings/{slug[0] if slug else 'missing'}/",
        "country_pair": "/countries/jp/us/",
        "api_list": "/api/meetings/?country=JP",
    }


def count_queries(env: dict, paths, *options: str) -> dict:
    result = subprocess.run(
        [PYTHON, str(Path(__file__).with_name("count_queries.py")), *options],
        cwd=ROOT,
        env=env | {"DJANGO_PAGE_CACHE_SECONDS": "0", "DJANGO_LOG_REQUESTS": "0"},
        input=json.dumps(paths),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        log("query counting failed: " + result.stderr[-2000:])
        return {}
    return json.loads(result.stdout.strip().splitlines()[-1])


# New queries (words and filters no request has asked for since the last write): their first
# request computes the total, the facets and the best matches that wrk's repeated requests read
# from the cache (meetings/computed.py). Reported, in-process, as `first_requests`.
NEW_QUERIES = [
    "/meetings/?q=hydrogen+ammonia",
    "/meetings/?q=stockpiling",
    "/meetings/?q=investment+screening",
    "/meetings/?q=rare+earth+elements",
    "/meetings/?q=energy+security",
    "/meetings/?country=JP&country=DE&date_after=2015-01-01",
    "/meetings/?topic=economic-security&year=2019",
    "/api/meetings/?country=FR&date_after=2012-01-01",
]


def first_requests(env: dict) -> dict:
    """The first and second request of each of NEW_QUERIES (count_queries.py --first, which
    starts from an empty cache)."""
    return count_queries(env, NEW_QUERIES, "--first")


def wrk(url: str, duration: int, connections: int) -> dict:
    command = [
        WRK,
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        url,
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    for line in reversed(result.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"wrk printed no report: {result.stdout[-500:]} {result.stderr[-500:]}")


def warm_page_cache(url: str, timeout: float = 180) -> None:
    """Until every worker has the page, so a slow first render is not timed among the hits. Each
    worker keeps its own copy unless Redis is used: ask 4 at a time (so both workers answer) until
    three rounds in a row are all hits."""
    deadline, rounds = time.monotonic() + timeout, 0
    with ThreadPoolExecutor(max_workers=4) as pool:
        while rounds < 3 and time.monotonic() < deadline:
            answers = list(pool.map(lambda _: http_get(url, timeout=60)[2], range(4)))
            all_hits = all(a.get("X-Archive-Cache") == "hit" for a in answers)
            rounds = rounds + 1 if all_hits else 0


def drive(server: Gunicorn, paths: dict, duration: int, connections: int) -> dict:
    """wrk against every page in turn; each page gets a short warm-up first."""
    figures = {}
    for name in PAGES:
        url = server.base_url + paths[name]
        status, body, headers = http_get(url, timeout=30)
        entry = {"path": paths[name], "status": status}
        if status != 200:
            entry["error"] = body[:300].decode("utf-8", "replace") if body else "no response"
        if headers.get("X-Archive-Cache"):
            warm_page_cache(url)
        try:
            wrk(url, 2, connections)  # warm-up: connections, caches, PostgreSQL buffers
            run = wrk(url, duration, connections)
        except (RuntimeError, OSError) as error:
            figures[name] = entry | {"errors": None, "wrk_error": str(error)}
            continue
        errors = sum(
            run[key]
            for key in (
                "connect_errors",
                "read_errors",
                "write_errors",
                "status_errors",
                "timeouts",
            )
        )
        entry.update(
            rps=round(run["requests"] / (run["duration_us"] / 1e6), 1),
            p50_ms=round(run["p50_us"] / 1000, 2),
            p95_ms=round(run["p95_us"] / 1000, 2),
            p99_ms=round(run["p99_us"] / 1000, 2),
            errors=errors,
            requests=run["requests"],
            cache=headers.get("X-Archive-Cache", ""),
        )
        if run["requests"] == 0:
            # wrk reports zero latencies when nothing completed: say so instead.
            entry.update(p50_ms=None, p95_ms=None, p99_ms=None)
            entry["note"] = f"no request completed within {duration} s ({connections} connections)"
            log(f"  {name:14} no request completed in {duration} s  (HTTP {status})")
            figures[name] = entry
            continue
        if errors:
            entry["error_breakdown"] = {
                key: run[key]
                for key in (
                    "connect_errors",
                    "read_errors",
                    "write_errors",
                    "status_errors",
                    "timeouts",
                )
                if run[key]
            }
        log(
            f"  {name:14} {entry['rps']:8.1f} req/s  p50 {entry['p50_ms']:7.2f}  "
            f"p95 {entry['p95_ms']:7.2f}  p99 {entry['p99_ms']:7.2f} ms  errors {errors}"
            f"  (HTTP {status})"
        )
        figures[name] = entry
    healthz = figures.get("healthz", {})
    for entry in figures.values():
        if healthz.get("rps") and entry.get("p95_ms") is not None:
            entry["ratio_to_healthz"] = round(entry["rps"] / healthz["rps"], 3)
            entry["p95_ratio_to_healthz"] = round(entry["p95_ms"] / healthz["p95_ms"], 2)
        else:
            entry["ratio_to_healthz"] = None
    return figures


def serve_and_drive(env, port, duration, connections, paths, log_path) -> tuple[dict, list]:
    server = Gunicorn(env, port, log_path)
    server.start()
    try:
        figures = drive(server, paths, duration, connections)
        return figures, server.worker_rss_mb()
    finally:
        server.stop()


def judge_pages(pages: dict, targets: dict) -> dict:
    verdicts = {}
    for name, limit in targets.items():
        p95 = pages.get(name, {}).get("p95_ms")
        verdicts[f"{name}_p95_le_{limit}ms"] = {
            "p95_ms": p95,
            "met": p95 is not None and pages[name].get("errors") == 0 and p95 <= limit,
        }
    return verdicts


def judge(pages: dict, cached: dict, rss: float) -> dict:
    """Each target of the issue: met or not, and by how much it misses."""
    verdicts = {}
    for name, limit in TARGET_P95_MS.items():
        p95 = pages.get(name, {}).get("p95_ms")
        verdicts[f"{name}_p95_le_{limit}ms"] = {
            "p95_ms": p95,
            "met": p95 is not None and pages[name].get("errors") == 0 and p95 <= limit,
        }
    healthz_p95 = cached.get("healthz", {}).get("p95_ms")
    for name in PAGES[1:]:
        p95 = cached.get(name, {}).get("p95_ms")
        verdicts[f"{name}_cached_p95_le_2x_healthz"] = {
            "p95_ms": p95,
            "limit_ms": round(2 * healthz_p95, 2) if healthz_p95 else None,
            "met": bool(p95 and healthz_p95 and p95 <= 2 * healthz_p95)
            and cached[name].get("errors") == 0,
        }
    verdicts["worker_rss_le_200mb"] = {"worker_rss_mb": rss, "met": rss <= 200}
    return verdicts


def sqlite_env(path: Path, port: int) -> dict:
    env = production_env("", port)
    env.pop("DATABASE_URL", None)
    return env | {"SQLITE_PATH": str(path)}


def sqlite_meeting_count(path: Path) -> int:
    import sqlite3

    try:
        with sqlite3.connect(path) as conn:
            return conn.execute(
                "SELECT count(*) FROM meetings_meeting WHERE slug LIKE 'synthetic-%'"
            ).fetchone()[0]
    except sqlite3.Error:
        return 0


def prepare_sqlite(meetings: int, seed: int, reuse: bool, port: int) -> tuple[Path, float | None]:
    """An SQLite file with `meetings` synthetic meetings (the embedded default at scale)."""
    path = Path(tempfile.gettempdir()) / f"archive_bench_{meetings}.sqlite3"
    env = sqlite_env(path, port)
    if reuse and path.exists() and sqlite_meeting_count(path) >= meetings:
        log(f"reusing {path}: it already holds {meetings} synthetic meetings")
        manage(env, "migrate", "--noinput")
        return path, None
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_reference_data")
    started = time.monotonic()
    manage(
        env | {"DJANGO_DEVTOOLS": "1"},
        "generate_synthetic",
        "--meetings",
        str(meetings),
        "--seed",
        str(seed),
        quiet=False,
    )
    return path, time.monotonic() - started


def run_section(env: dict, paths: dict, args, log_path: Path) -> dict:
    """Queries per page, new queries' first requests, and the pages under wrk with the page
    cache off."""
    queries = count_queries(env, paths)
    first = first_requests(env)
    pages, rss = serve_and_drive(
        env | {"DJANGO_PAGE_CACHE_SECONDS": "0"},
        args.port,
        args.duration,
        args.connections,
        paths,
        log_path,
    )
    for name, counted in queries.items():
        if name in pages:
            pages[name]["queries"] = counted.get("queries")
            pages[name]["db_ms"] = counted.get("db_ms")
            pages[name]["slowest_query_ms"] = counted.get("slowest_query_ms")
    return {
        "pages": pages,
        "first_requests": first,
        "worker_rss_mb": max(rss, default=0.0),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def growth_report(small: dict, large: dict, small_n: int, large_n: int) -> dict:
    by_page = {}
    for name in PAGES:
        a = small.get(name, {}).get("p95_ms")
        b = large.get(name, {}).get("p95_ms")
        by_page[name] = {
            f"p95_ms_at_{small_n}": a,
            f"p95_ms_at_{large_n}": b,
            "ratio": round(b / a, 2) if a and b else None,
        }
    return by_page


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8107)))
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE", "archive_bench"))
    parser.add_argument(
        "--server-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server (the database name is --database)",
    )
    parser.add_argument("--reuse", action="store_true", help="keep a database already filled")
    parser.add_argument("--redis", default="", help="REDIS_URL for the page cache")
    parser.add_argument("--output", default=str(Path(__file__).with_name("latest-report.json")))
    parser.add_argument(
        "--sections",
        default="sqlite,replica,growth",
        help="extra sections, comma-separated: sqlite, replica, growth (empty: none)",
    )
    parser.add_argument("--growth-meetings", type=int, default=10_000)
    args = parser.parse_args()
    sections = {name.strip() for name in args.sections.split(",") if name.strip()}
    if not Path(WRK).exists():
        parser.exit(2, "wrk is needed to drive the server: apt-get install wrk\n")

    started = time.monotonic()
    database_url, generated_in = prepare_database(
        args.server_url, args.database, args.meetings, args.seed, args.reuse, args.port
    )
    base_env = production_env(database_url, args.port)
    if args.redis:
        base_env |= {"REDIS_URL": args.redis, "DJANGO_CACHE_PREFIX": f"bench-{os.getpid()}"}
    collect_static(base_env)
    paths = choose_paths(database_url)
    log("counting queries per request")
    queries = count_queries(base_env, paths)
    log("first requests of new queries (in-process, from an empty cache)")
    first = first_requests(base_env)
    for path, figures in first.items():
        log(f"  {path:55} first {figures.get('first_ms')} ms, again {figures.get('again_ms')} ms")

    log_path = Path(tempfile.gettempdir()) / f"archive-bench-{args.port}.log"
    log(f"gunicorn, page cache off (logs: {log_path})")
    pages, rss_uncached = serve_and_drive(
        base_env | {"DJANGO_PAGE_CACHE_SECONDS": "0"},
        args.port,
        args.duration,
        args.connections,
        paths,
        log_path,
    )
    log("gunicorn, page cache on")
    pages_cached, rss_cached = serve_and_drive(
        base_env | {"DJANGO_PAGE_CACHE_SECONDS": "600"},
        args.port,
        args.duration,
        args.connections,
        paths,
        log_path,
    )
    for name, counted in queries.items():
        for figures in (pages, pages_cached):
            if name in figures:
                figures[name]["queries"] = counted.get("queries")
                figures[name]["db_ms"] = counted.get("db_ms")
        if name in pages and counted.get("slowest_sql"):
            pages[name]["slowest_query_ms"] = counted.get("slowest_query_ms")
            pages[name]["slowest_sql"] = counted.get("slowest_sql")
    worker_rss = max(rss_uncached + rss_cached, default=0.0)
    with connect(database_url) as conn:
        meeting_count = conn.execute("SELECT count(*) FROM meetings_meeting").fetchone()[0]
    report = {
        "machine": machine(database_url),
        "meetings": meeting_count,
        "generated_in_s": round(generated_in, 1) if generated_in is not None else None,
        "load": {
            "tool": "wrk",
            "connections": args.connections,
            "seconds_per_page": args.duration,
            "gunicorn_workers": 2,
            "page_cache_backend": "redis" if args.redis else "local memory per worker",
        },
        "pages": pages,
        "first_requests": first,
        "pages_cached": pages_cached,
        "worker_rss_mb": worker_rss,
        "worker_rss_mb_each": {"cache_off": rss_uncached, "cache_on": rss_cached},
        "targets": judge(pages, pages_cached, worker_rss),
    }
    if "sqlite" in sections:
        log(f"SQLite, {args.meetings} meetings")
        try:
            path, sqlite_generated = prepare_sqlite(args.meetings, args.seed, args.reuse, args.port)
            env = sqlite_env(path, args.port)
            section = run_section(env, choose_paths(f"sqlite:{path}"), args, log_path)
            section |= {
                "database": str(path),
                "meetings": sqlite_meeting_count(path),
                "generated_in_s": round(sqlite_generated, 1) if sqlite_generated else None,
                "targets": judge_pages(section["pages"], SQLITE_TARGET_P95_MS),
            }
        except (subprocess.CalledProcessError, RuntimeError, OSError) as error:
            section = {"error": str(error), "pages": {}}
        report["sqlite"] = section
    if "replica" in sections:
        log("PostgreSQL primary and streaming replica (own clusters, ports 5435/5436)")
        try:
            from replica import prepare_replica

            primary_url, replica_url = prepare_replica(database_url, args.database, args.meetings)
            env = production_env(primary_url, args.port, DATABASE_REPLICA_URL=replica_url)
            section = run_section(env, paths, args, log_path)
            section |= {
                "primary": primary_url,
                "replica": replica_url,
                "targets": judge_pages(section["pages"], TARGET_P95_MS),
            }
        except (subprocess.CalledProcessError, RuntimeError, OSError) as error:
            section = {"error": str(error), "pages": {}}
        report["replica"] = section
    if "growth" in sections:
        small = args.growth_meetings
        log(f"growth: PostgreSQL at {small} meetings")
        small_url, _ = prepare_database(
            args.server_url, f"{args.database}_{small}", small, args.seed, args.reuse, args.port
        )
        section = run_section(
            production_env(small_url, args.port), choose_paths(small_url), args, log_path
        )
        section["meetings"] = [small, meeting_count]
        section["p95_by_size"] = growth_report(section["pages"], pages, small, meeting_count)
        report["growth"] = section
    report["elapsed_s"] = round(time.monotonic() - started, 1)
    Path(args.output).write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
