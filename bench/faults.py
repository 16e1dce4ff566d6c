#!/usr/bin/env python
"""The archive under load and faults, with numbers.

On a PostgreSQL cluster of its own (created if missing: `pg_createcluster <version> bench -p 5433`,
so the main server on 5432 is never touched), with gunicorn (2 sync workers) in front:

1. steady: 60 s at 16 concurrent clients, a mix of pages (most of them not in the page cache);
   expected: zero 5xx, zero connection errors;
2. faults, under the same load: PostgreSQL is stopped, then started again; then one gunicorn worker
   is killed with SIGKILL. Expected: during the outage the pages that need the database answer 503
   with the friendly page (cached pages may still answer 200); after the restart the archive
   recovers by itself; the killed worker loses at most the one request it was serving.

Prints progress to stderr and one JSON report last. Options: --steady, --meetings, --port.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    Gunicorn,
    collect_static,
    connect,
    http_get,
    log,
    machine,
    prepare_database,
    production_env,
)

FRIENDLY_MARK = b"temporarily unavailable"


def postgres_version() -> str:
    return sorted(os.listdir("/etc/postgresql"))[-1]


def pg_ctl(version: str, cluster: str, action: str) -> None:
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, action]
        + (["-m", "fast"] if action == "stop" else []),
        check=True,
        capture_output=True,
    )


def ensure_cluster(version: str, cluster: str, port: int) -> None:
    listing = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    rows = [line.split() for line in listing.splitlines()]
    existing = [row for row in rows if row[:2] == [version, cluster]]
    if not existing:
        log(f"creating PostgreSQL cluster {version}/{cluster} on port {port}")
        subprocess.run(
            [
                "pg_createcluster",
                version,
                cluster,
                "-p",
                str(port),
                "--",
                "--auth-local=trust",
                "--auth-host=trust",
            ],
            check=True,
            capture_output=True,
        )
    elif existing[0][2] != str(port):
        raise SystemExit(f"cluster {version}/{cluster} listens on {existing[0][2]}, not {port}")
    if not existing or existing[0][3] != "online":
        pg_ctl(version, cluster, "start")
    for _ in range(30):
        if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(port)]).returncode == 0:
            return
        time.sleep(1)
    raise SystemExit("the scratch cluster did not start")


class Load:
    """`clients` threads, each sending one request after another on a fresh connection (sync
    gunicorn workers close every connection), recording what happened and when."""

    def __init__(self, port: int, paths: dict[str, list[str]], clients: int):
        self.port, self.paths, self.clients = port, paths, clients
        self.kinds = list(paths)
        self.weights = [WEIGHTS[kind] for kind in self.kinds]
        self.records: list[tuple[float, str, int | None, str, bool, float]] = []
        self.lock = threading.Lock()
        self.stop_event = threading.Event()
        self.threads: list[threading.Thread] = []

    def client(self, seed: int) -> None:
        rng = random.Random(seed)
        while not self.stop_event.is_set():
            kind = rng.choices(self.kinds, weights=self.weights, k=1)[0]
            path = rng.choice(self.paths[kind])
            started = time.monotonic()
            status, error, friendly = None, "", False
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
            try:
                connection.request("GET", path, headers={"Connection": "close"})
                response = connection.getresponse()
                body = response.read()
                status = response.status
                friendly = status == 503 and FRIENDLY_MARK in body
            except (OSError, http.client.HTTPException) as exc:
                error = type(exc).__name__
            finally:
                connection.close()
            finished = time.monotonic()
            with self.lock:
                # Filed under the time it finished: a request in flight when PostgreSQL stops
                # belongs to the outage.
                self.records.append((finished, path, status, error, friendly, finished - started))

    def start(self) -> None:
        self.started = time.monotonic()
        self.threads = [
            threading.Thread(target=self.client, args=(n,), daemon=True)
            for n in range(self.clients)
        ]
        for thread in self.threads:
            thread.start()

    def stop(self) -> list:
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=20)
        return self.records


def summarise(records, start: float, end: float) -> dict:
    window = [r for r in records if start <= r[0] < end]
    statuses = Counter(str(r[2]) for r in window if r[2] is not None)
    errors = Counter(r[3] for r in window if r[3])
    seconds = max(end - start, 1e-9)
    pages_503 = [r for r in window if r[2] == 503 and r[1] != "/healthz"]
    durations = sorted(r[5] for r in window)
    return {
        "seconds": round(end - start, 1),
        "requests": len(window),
        "rps": round(len(window) / seconds, 1),
        "status": dict(sorted(statuses.items())),
        "5xx": sum(n for s, n in statuses.items() if s.startswith("5")),
        "friendly_503": sum(1 for r in window if r[4]),
        # /healthz answers 503 in JSON, for machines; every page answers with the friendly page.
        "pages_503_without_friendly_page": sum(1 for r in pages_503 if not r[4]),
        "healthz_503": sum(1 for r in window if r[2] == 503 and r[1] == "/healthz"),
        "p95_ms": round(durations[int(len(durations) * 0.95)] * 1000, 1) if durations else None,
        "connection_errors": sum(errors.values()),
        "connection_error_kinds": dict(errors),
    }


# Share of each kind of page in the mix: mostly meeting records, which are rarely in the cache.
WEIGHTS = {"healthz": 1, "list": 1, "detail": 4, "search": 1, "country": 1, "api": 1}


def choose_paths(database_url: str, base_url: str) -> dict[str, list[str]]:
    """A reader's mix, weighted towards pages that are not in the page cache."""
    with connect(database_url) as conn:
        slugs = [
            row[0]
            for row in conn.execute(
                "SELECT slug FROM meetings_meeting WHERE status = 'published' "
                "ORDER BY random() LIMIT 1500"
            )
        ]
    words = ["lithium", "gallium", "hydrogen", "export", "semiconductors", "graphite", "energy"]
    codes = ["jp", "us", "au", "in", "kr", "de", "fr", "gb", "ca", "id"]
    candidates = {
        "healthz": ["/healthz"],
        "list": ["/meetings/"] + [f"/meetings/?page={n}" for n in range(2, 40)],
        "detail": [f"/meetings/{slug}/" for slug in slugs],
        "search": [f"/meetings/?q={word}" for word in words],
        "country": [f"/countries/{code}/" for code in codes],
        "api": [f"/api/meetings/?country={code.upper()}" for code in codes],
    }
    mix = {}
    for kind, paths in candidates.items():
        status, _, _ = http_get(base_url + paths[0], timeout=30)
        if status != 200:
            log(f"  leaving {kind} out of the mix: {paths[0]} answered {status}")
            continue
        mix[kind] = paths
    return mix


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steady", type=int, default=60, help="seconds of steady load")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--meetings", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--port", type=int, default=int(os.environ.get("FAULTS_PORT", 8108)))
    parser.add_argument("--pg-port", type=int, default=5433)
    parser.add_argument("--cluster", default="bench")
    parser.add_argument("--outage", type=int, default=15, help="seconds PostgreSQL stays down")
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()

    version = postgres_version()
    ensure_cluster(version, args.cluster, args.pg_port)
    server_url = f"postgres://postgres@127.0.0.1:{args.pg_port}"
    database_url, _ = prepare_database(
        server_url, "archive_faults", args.meetings, args.seed, args.reuse, args.port
    )
    env = production_env(database_url, args.port)
    collect_static(env)
    server = Gunicorn(
        env, args.port, Path(tempfile.gettempdir()) / f"archive-faults-{args.port}.log"
    )
    server.start()
    report: dict = {"machine": machine(database_url), "clients": args.clients}
    try:
        paths = choose_paths(database_url, server.base_url)
        report["paths"] = {kind: len(kind_paths) for kind, kind_paths in paths.items()}

        log(f"steady load: {args.steady} s at {args.clients} clients")
        load = Load(args.port, paths, args.clients)
        load.start()
        time.sleep(args.steady)
        records = load.stop()
        report["steady"] = summarise(records, load.started, load.started + args.steady)
        log(f"  {report['steady']}")

        log("faults under load: PostgreSQL stop/start, then SIGKILL of one worker")
        load = Load(args.port, paths, args.clients)
        load.start()
        time.sleep(10)
        stopped_at = time.monotonic()
        pg_ctl(version, args.cluster, "stop")
        log("  PostgreSQL stopped")
        time.sleep(args.outage)
        pg_ctl(version, args.cluster, "start")
        started_at = time.monotonic()
        log("  PostgreSQL started")
        time.sleep(15)
        workers_before = sorted(w.pid for w in server.workers())
        victim = workers_before[0]
        killed_at = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        log(f"  worker {victim} killed")
        time.sleep(15)
        workers_after = sorted(w.pid for w in server.workers())
        end = time.monotonic()
        records = load.stop()
    finally:
        server.stop()

    after_restart = sorted(r for r in records if r[0] >= started_at and r[2] == 200)
    recovered_uncached = [r for r in after_restart if not r[1].startswith("/healthz")]
    first_healthy = next((r for r in after_restart if r[1] == "/healthz"), None)
    report["faults"] = {
        "before_outage": summarise(records, load.started, stopped_at),
        "database_down": summarise(records, stopped_at, started_at),
        "after_database_restart": summarise(records, started_at, killed_at),
        "after_worker_kill": summarise(records, killed_at, end),
        "around_worker_kill": summarise(records, killed_at - 1, killed_at + 2),
        "seconds_to_first_200_after_restart": round(recovered_uncached[0][0] - started_at, 2)
        if recovered_uncached
        else None,
        "seconds_to_healthz_200_after_restart": round(first_healthy[0] - started_at, 2)
        if first_healthy
        else None,
        "outage_seconds": round(started_at - stopped_at, 1),
        "killed_worker": victim,
        "workers_before": workers_before,
        "workers_after": workers_after,
        "worker_replaced": len(workers_after) == len(workers_before)
        and victim not in workers_after,
    }
    down = report["faults"]["database_down"]
    report["verdict"] = {
        "steady_zero_5xx_zero_connection_errors": report["steady"]["5xx"] == 0
        and report["steady"]["connection_errors"] == 0,
        "outage_answers_friendly_503": down["friendly_503"] > 0
        and down["5xx"] == down["friendly_503"] + down["healthz_503"]
        and down["pages_503_without_friendly_page"] == 0
        and down["connection_errors"] == 0,
        "recovered_by_itself": report["faults"]["after_worker_kill"]["5xx"] == 0
        and report["faults"]["seconds_to_first_200_after_restart"] is not None,
        "worker_kill_lost_at_most_one_request": report["faults"]["after_worker_kill"][
            "connection_errors"
        ]
        <= 1
        and report["faults"]["worker_replaced"],
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
