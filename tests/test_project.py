"""The project as a whole: migrations, settings, the Docker set-up, the README's commands."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_no_pending_migrations():
    # Fails (SystemExit) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def run_settings(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env | {"DJANGO_SETTINGS_MODULE": "archive.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings({"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_starts_with_a_secret_key():
    result = run_settings({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 60})
    assert result.returncode == 0, result.stderr


def test_sqlite_default_uses_wal_and_a_busy_timeout(tmp_path):
    code = (
        "import django; django.setup();"
        "from django.db import connection;"
        "c = connection.cursor();"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0],"
        " connection.settings_dict['OPTIONS']['timeout'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"DJANGO_DEBUG": "1", "SQLITE_PATH": str(tmp_path / "archive.sqlite3")}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20"]


def test_docker_compose_runs_postgres_and_the_web_app_after_a_health_check():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) >= {"db", "web"}
    # PostgreSQL with the RUM extension, built from the official image (Dockerfile.db).
    assert services["db"]["build"]["dockerfile"] == "Dockerfile.db"
    db_dockerfile = (ROOT / "Dockerfile.db").read_text()
    assert db_dockerfile.startswith("#") and "FROM postgres:" in db_dockerfile
    assert "rum" in db_dockerfile
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    web = services["web"]
    assert web["build"] == "."
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    assert "DJANGO_SECRET_KEY" in web["environment"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "gunicorn archive.wsgi" in dockerfile
    assert "migrate" in dockerfile and "load_archive" in dockerfile


def test_readme_puts_the_two_commands_first():
    readme = (ROOT / "README.md").read_text()
    first_commands = [
        line.strip() for line in readme.splitlines() if line.strip().startswith("make ")
    ][:2]
    assert first_commands == ["make run", "make test"]


def test_makefile_targets_exist_for_the_readme_commands():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("run:", "test:", "screenshots:", "bench:"):
        assert f"\n{target}" in makefile
