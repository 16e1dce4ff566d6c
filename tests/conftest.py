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
def bundled_archive(db):
    """The bundled archive of real meetings, as `make run` loads it."""
    call_command("load_archive", verbosity=0)
