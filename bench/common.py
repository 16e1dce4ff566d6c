"""What the benchmark and the fault script share: a scratch database, production settings, a
gunicorn to drive, and the machine's description."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psutil
import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def log(message: str) -> None:
    """Progress goes to stderr: stdout ends with the one JSON report."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def connect(url: str, **kwargs):
    return psycopg.connect(url.replace("postgres://", "postgresql://", 1), **kwargs)


def recreate_database(server_url: str, name: str) -> None:
    with connect(with_database(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_exists(server_url: str, name: str) -> bool:
    try:
        with connect(with_database(server_url, "postgres"), autocommit=True) as conn:
            row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            return row is not None
    except psycopg.OperationalError:
        return False


def synthetic_meeting_count(database_url: str) -> int:
    try:
        with connect(database_url) as conn:
            return conn.execute(
                "SELECT count(*) FROM meetings_meeting WHERE slug LIKE 'synthetic-%%'"
            ).fetchone()[0]
    except psycopg.Error:
        return 0


def production_env(database_url: str, port: int, **extra: str) -> dict[str, str]:
    """The environment of a production deployment, on plain HTTP on 127.0.0.1."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # No TLS proxy in front of the benchmark: do not redirect to https.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(ROOT / "staticfiles"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        PYTHONUNBUFFERED="1",
    )
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def manage(env: dict, *args: str, quiet: bool = True) -> None:
    log("manage.py " + " ".join(args))
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        # stdout is kept for the report: the command's own output goes to stderr.
        stdout=subprocess.DEVNULL if quiet else sys.stderr,
    )


def tune_database(server_url: str, name: str) -> None:
    """What docs/operations.md recommends for PostgreSQL on SSDs: random reads cost little more
    than sequential ones, so the planner prefers the full-text (GIN) and other indexes."""
    with connect(with_database(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')


def prepare_database(
    server_url: str, name: str, meetings: int, seed: int, reuse: bool, port: int
) -> tuple[str, float | None]:
    """A scratch database with `meetings` synthetic meetings; returns its URL and how long the
    generation took (None when an existing one was reused)."""
    database_url = with_database(server_url, name)
    env = production_env(database_url, port)
    if (
        reuse
        and database_exists(server_url, name)
        and synthetic_meeting_count(database_url) >= meetings
    ):
        log(f"reusing {name}: it already holds {meetings} synthetic meetings")
        manage(env, "migrate", "--noinput")
        tune_database(server_url, name)
        return database_url, None
    log(f"creating scratch database {name}")
    recreate_database(server_url, name)
    tune_database(server_url, name)
    manage(env, "migrate", "--noinput")
    manage(env, "load_reference_data")
    started = time.monotonic()
    # generate_synthetic is a dev-only command (bench/devtools): installed on request.
    manage(
        env | {"DJANGO_DEVTOOLS": "1"},
        "generate_synthetic",
        "--meetings",
        str(meetings),
        "--seed",
        str(seed),
        quiet=False,
    )
    generated_in = time.monotonic() - started
    with connect(database_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return database_url, generated_in


def collect_static(env: dict) -> None:
    manage(env, "collectstatic", "--noinput")


def http_get(url: str, timeout: float = 10) -> tuple[int | None, bytes, dict]:
    request = urllib.request.Request(url, headers={"Connection": "close"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)
    except (urllib.error.URLError, OSError):
        return None, b"", {}


class Gunicorn:
    """gunicorn with the project's gunicorn.conf.py, on 127.0.0.1:`port`."""

    def __init__(self, env: dict, port: int, log_path: Path):
        self.env, self.port, self.log_path = env, port, log_path
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90) -> None:
        self.log_file = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py", "archive.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            status, _, _ = http_get(self.base_url + "/healthz", timeout=2)
            if status == 200 and len(self.workers()) >= int(self.env.get("WEB_CONCURRENCY", 1)):
                return
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not become healthy; see {self.log_path}")

    def workers(self) -> list[psutil.Process]:
        if self.process is None:
            return []
        try:
            return psutil.Process(self.process.pid).children()
        except psutil.NoSuchProcess:
            return []

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for worker in self.workers():
            with contextlib.suppress(psutil.NoSuchProcess):
                sizes.append(round(worker.memory_info().rss / 2**20, 1))
        return sizes

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "log_file", None):
            self.log_file.close()


def machine(database_url: str) -> dict:
    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        with connect(database_url) as conn:
            postgres = conn.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error:
        postgres = None
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": cpu_model,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "postgresql": postgres,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def dump(data) -> str:
    return json.dumps(data, indent=2, sort_keys=False)
