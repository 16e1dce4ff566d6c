import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the reference data: countries, minerals, topics."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture
def reference_data(db):
    """For transactional tests (whose flush empties every table): load the reference data again."""
    call_command("load_reference_data", verbosity=0)


@pytest.fixture
def computed_cache(settings, tmp_path):
    """Figures kept until the next write (meetings/computed.py), as served: tests otherwise
    compute everything on every request. The content version's stamp is the test's own."""
    from django.core.cache import cache

    from meetings.computed import forget_held

    settings.ARCHIVE_COMPUTED_CACHE_SECONDS = 600
    settings.ARCHIVE_CONTENT_STAMP = str(tmp_path / "content.stamp")
    # Every test starts at content version 0 (its own stamp): what an earlier test's process
    # held under that version must not pass for this test's.
    cache.clear()
    forget_held()
    yield
    cache.clear()
    forget_held()


@pytest.fixture
def bundled_archive(db):
    """The bundled archive of real meetings, as `make run` loads it."""
    call_command("load_archive", verbosity=0)


def pytest_sessionstart(session):
    """The Japanese catalogue is compiled by `make install`; a checkout whose .po is newer than its
    .mo (or has none) gets it compiled here, so the suite never tests a stale catalogue."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    po = root / "locale" / "ja" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
        import subprocess

        subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)
