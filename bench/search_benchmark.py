"""How fast the search index builds and answers, on a synthetic archive in a scratch database.

    DJANGO_DEBUG=1 .venv/bin/python -m bench.search_benchmark [--meetings 5000]
    DJANGO_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive \\
        .venv/bin/python -m bench.search_benchmark

Creates a test database beside the configured one (Django's `test_` database: in memory for
SQLite), fills it with meetings that each have a summary, two participants and a document of about
600 words, then prints one JSON object: seconds to rebuild the whole index, to reindex one meeting,
and the median time of a set of searches (count + first page of 20 ordered by rank + snippets).
Nothing is written to the configured database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time

WORDS = [
    "supply",
    "chain",
    "resilience",
    "semiconductors",
    "export",
    "controls",
    "critical",
    "minerals",
    "gallium",
    "germanium",
    "graphite",
    "lithium",
    "cobalt",
    "nickel",
    "hydrogen",
    "ammonia",
    "energy",
    "security",
    "economic",
    "coercion",
    "investment",
    "screening",
    "quantum",
    "artificial",
    "intelligence",
    "standards",
    "infrastructure",
    "cooperation",
    "ministers",
    "discussed",
    "agreed",
    "partnership",
    "dialogue",
    "bilateral",
    "trade",
    "policy",
    "industrial",
    "strategy",
    "battery",
    "manufacturing",
    "processing",
    "refining",
    "stockpiling",
    "workforce",
    "research",
    "development",
]
QUERIES = [
    "gallium",
    "supply chain",
    '"economic security"',
    "semiconductors -quantum",
    "lithium OR cobalt",
    "Saito Ken",
    "齋藤",
    "hydrogen ammonia energy",
]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def build_archive(count: int, rng: random.Random) -> list[int]:
    from meetings.models import Document, Meeting, Participant, Person
    from meetings.search.index import search_indexing_deferred

    saito = Person.objects.create(
        name="Ken Saito", slug="ken-saito", given_name="Ken", family_name="Saito",
        native_name="齋藤健", alternative_names=["Saito Ken"],
    )  # fmt: skip
    with search_indexing_deferred():
        meetings = Meeting.objects.bulk_create(
            Meeting(
                title=sentence(rng, 6),
                slug=f"bench-{n}",
                summary=sentence(rng, 40),
                status=Meeting.Status.PUBLISHED,
            )
            for n in range(count)
        )
        Participant.objects.bulk_create(
            participant
            for meeting in meetings
            for participant in (
                Participant(meeting=meeting, person=saito if rng.random() < 0.1 else None,
                            name="Ken Saito"),
                Participant(meeting=meeting, name=f"Delegate {rng.randrange(500)}"),
            )
        )  # fmt: skip
        Document.objects.bulk_create(
            Document(
                meeting=meeting,
                title=sentence(rng, 5),
                body="".join(f"<p>{sentence(rng, 30)}</p>" for _ in range(20)),
            )
            for meeting in meetings
        )
    return [meeting.pk for meeting in meetings]


def measure(count: int) -> dict:
    from django.db import connection

    from meetings.models import Meeting
    from meetings.search import reindex_meetings, search_meetings, snippets, suggest

    rng = random.Random(4)
    ids = build_archive(count, rng)
    started = time.perf_counter()
    reindex_meetings()
    rebuild = time.perf_counter() - started
    started = time.perf_counter()
    reindex_meetings([ids[len(ids) // 2]])
    one = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    searches = {}
    for q in QUERIES:
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            results = search_meetings(Meeting.objects.published(), q)
            total = results.count()
            page = list(results.order_by("-rank", "-pk")[:20])
            snippets(page, q)
            timings.append(time.perf_counter() - started)
        searches[q] = {"results": total, "median_ms": round(statistics.median(timings) * 1000, 1)}
    started = time.perf_counter()
    suggestion = suggest("galium")
    suggest_ms = round((time.perf_counter() - started) * 1000, 1)
    return {
        "database": connection.vendor,
        "suggest_galium": {"suggestion": suggestion, "ms": suggest_ms},
        "meetings": count,
        "rebuild_seconds": round(rebuild, 2),
        "reindex_one_meeting_ms": round(one * 1000, 1),
        "searches": searches,
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=5000)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.db import connection

    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(json.dumps(measure(args.meetings), ensure_ascii=False, indent=2))
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])
