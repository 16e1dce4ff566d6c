"""A local PostgreSQL primary and streaming replica for `make bench` (the `replica` section).

Never touches the main server's configuration: the benchmark database is copied (pg_dump |
pg_restore) into a primary cluster of its own (`<version>/benchprimary`, port 5435, created with
trust authentication for 127.0.0.1, replication included), and a replica cluster
(`<version>/benchreplica`, port 5436) is made from it with `pg_basebackup -R` (streaming
replication, hot standby). Both are left running for a later `--reuse`; `pg_dropcluster --stop
<version> benchprimary` (and benchreplica) removes them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time

from common import connect, database_exists, log, synthetic_meeting_count, with_database

PRIMARY, REPLICA = "benchprimary", "benchreplica"


def postgres_version() -> str:
    return sorted(os.listdir("/etc/postgresql"))[-1]


def clusters() -> dict[str, list[str]]:
    listing = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    return {row[1]: row for row in (line.split() for line in listing.splitlines()) if row}


def ctl(version: str, cluster: str, action: str) -> None:
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, action],
        check=True,
        capture_output=True,
    )


def wait_ready(port: int, seconds: int = 60) -> None:
    for _ in range(seconds):
        if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(port)]).returncode == 0:
            return
        time.sleep(1)
    raise RuntimeError(f"PostgreSQL on port {port} did not start")


def ensure_primary(version: str, port: int) -> None:
    existing = clusters().get(PRIMARY)
    if not existing:
        log(f"creating PostgreSQL cluster {version}/{PRIMARY} on port {port}")
        subprocess.run(
            ["pg_createcluster", version, PRIMARY, "-p", str(port), "--"]
            + ["--auth-local=trust", "--auth-host=trust"],
            check=True,
            capture_output=True,
        )
    if not existing or existing[3] != "online":
        ctl(version, PRIMARY, "start")
    wait_ready(port)


def copy_database(source_url: str, target_server: str, name: str, meetings: int) -> str:
    target_url = with_database(target_server, name)
    if database_exists(target_server, name) and synthetic_meeting_count(target_url) >= meetings:
        log(f"primary already holds {name}")
        return target_url
    log(f"copying {name} into the bench primary (pg_dump | pg_restore)")
    with connect(with_database(target_server, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
        conn.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')
    dump = subprocess.Popen(
        ["pg_dump", "-Fc", "--no-owner", source_url.replace("postgres://", "postgresql://", 1)],
        stdout=subprocess.PIPE,
    )
    subprocess.run(
        ["pg_restore", "--no-owner", "-d", target_url.replace("postgres://", "postgresql://", 1)],
        stdin=dump.stdout,
        check=True,
    )
    dump.wait()
    with connect(target_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return target_url


def ensure_replica(version: str, primary_port: int, port: int) -> None:
    data = f"/var/lib/postgresql/{version}/{REPLICA}"
    existing = clusters().get(REPLICA)
    if existing and os.path.exists(os.path.join(data, "standby.signal")):
        if not existing[3].startswith("online"):
            ctl(version, REPLICA, "start")
        wait_ready(port)
        return
    if not existing:
        log(f"creating the replica {version}/{REPLICA} on port {port} (pg_basebackup -R)")
        subprocess.run(
            ["pg_createcluster", version, REPLICA, "-p", str(port), "--"]
            + ["--auth-local=trust", "--auth-host=trust"],
            check=True,
            capture_output=True,
        )
    # The cluster's own configuration (port, in /etc/postgresql) stays; its data directory is
    # replaced by a copy of the primary's, which carries the standby settings (-R).
    for entry in os.listdir(data):
        path = os.path.join(data, entry)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)
    subprocess.run(
        ["runuser", "-u", "postgres", "--", "pg_basebackup", "-h", "127.0.0.1", "-p"]
        + [str(primary_port), "-U", "postgres", "-D", data, "-R", "-X", "stream", "-c", "fast"],
        check=True,
    )
    ctl(version, REPLICA, "start")
    wait_ready(port)


def prepare_replica(
    source_url: str, name: str, meetings: int, primary_port: int = 5435, replica_port: int = 5436
) -> tuple[str, str]:
    """(primary URL, replica URL) of the benchmark database on a local primary and replica."""
    version = postgres_version()
    ensure_primary(version, primary_port)
    primary_url = copy_database(
        source_url, f"postgres://postgres@127.0.0.1:{primary_port}", name, meetings
    )
    ensure_replica(version, primary_port, replica_port)
    replica_url = with_database(f"postgres://postgres@127.0.0.1:{replica_port}", name)
    # The replica has replayed the copy once it holds every meeting.
    for _ in range(300):
        server = replica_url.rsplit("/", 1)[0]
        if database_exists(server, name) and synthetic_meeting_count(replica_url) >= meetings:
            with connect(replica_url) as conn:
                in_recovery = conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
            if not in_recovery:
                raise RuntimeError("the replica is not in recovery: not a standby")
            return primary_url, replica_url
        time.sleep(1)
    raise RuntimeError("the replica did not catch up within 5 minutes")
