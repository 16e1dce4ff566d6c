"""Queries per request for each benchmarked page, counted through Django's test client.

Run by bench/run.py with the benchmark's environment (DATABASE_URL etc.); reads {name: path} as
JSON on stdin and prints {name: {"status", "queries", "db_ms", "slowest_sql"}} as JSON. The page
cache is off here (DJANGO_PAGE_CACHE_SECONDS=0 in the environment), so every query is counted.

With `--first`, reads a list of paths no request has asked for since the last write (new words,
new combinations of filters) and prints, for each, the wall time of its first request (the
query's total, facets and best matches computed) and of the second (read from the cache, as
wrk's repeated requests are): what a reader's *new* query costs, which wrk does not measure.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

from contextlib import ExitStack  # noqa: E402

from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def measure(client: Client, path: str) -> dict:
    try:
        client.get(path)  # warm per-process caches (content types, compiled templates)
        # Every database alias: with DATABASE_REPLICA_URL most reads go to `replica`.
        with ExitStack() as stack:
            captured = {
                alias: stack.enter_context(CaptureQueriesContext(connections[alias]))
                for alias in connections
            }
            response = client.get(path)
    except Exception as error:  # a broken page is reported, not fatal to the benchmark
        return {"status": None, "queries": None, "error": f"{type(error).__name__}: {error}"}
    queries = [q for capture in captured.values() for q in capture.captured_queries]
    timings = [(float(q.get("time") or 0), q["sql"]) for q in queries]
    slowest = max(timings, default=(0.0, ""))
    return {
        "status": response.status_code,
        "queries": len(queries),
        "queries_by_database": {
            alias: len(capture.captured_queries) for alias, capture in captured.items()
        },
        "db_ms": round(sum(t for t, _ in timings) * 1000, 2),
        "slowest_query_ms": round(slowest[0] * 1000, 2),
        "slowest_sql": slowest[1][:400],
    }


def first_requests(client: Client, paths: list[str]) -> dict:
    import time

    figures = {}
    for path in paths:
        timings = []
        for _ in range(2):
            started = time.perf_counter()
            status = client.get(path).status_code
            timings.append(round((time.perf_counter() - started) * 1000, 1))
        figures[path] = {"status": status, "first_ms": timings[0], "again_ms": timings[1]}
    return figures


def main():
    if "--first" in sys.argv:
        from archive.content_version import bump_content_version

        client = Client(HTTP_HOST="127.0.0.1")
        client.get("/meetings/")  # compiled templates, content types: not the query's cost
        # As after an editor's write: nothing computed is cached (with REDIS_URL, for every
        # process; the local-memory cache of this process starts empty anyway).
        bump_content_version()
        print(json.dumps(first_requests(client, json.load(sys.stdin))))
        return
    pages = json.load(sys.stdin)
    client = Client(HTTP_HOST="127.0.0.1")
    print(json.dumps({name: measure(client, path) for name, path in pages.items()}))


if __name__ == "__main__":
    main()
