"""Reads on a replica (DATABASE_REPLICA_URL): which requests may read it (archive/replica.py).

The suite runs without a replica; these tests drive the router and the middleware directly. With
a replica configured, settings add both and the `replica` alias mirrors the primary in tests.
"""

from __future__ import annotations

import time

import pytest
from django.test import RequestFactory

from archive.replica import PrimaryReplicaRouter, ReplicaReadsMiddleware
from meetings.models import Meeting

router = PrimaryReplicaRouter()


@pytest.fixture
def stamp(settings, tmp_path):
    settings.ARCHIVE_CONTENT_STAMP = str(tmp_path / "content.stamp")
    settings.ARCHIVE_REPLICA_GRACE_SECONDS = 5
    return tmp_path / "content.stamp"


def reads_during(request, during=None) -> list:
    """Where the view's reads go: before and after `during` runs inside the request."""
    seen = []

    def view(request):
        seen.append(router.db_for_read(Meeting))
        if during:
            during()
            seen.append(router.db_for_read(Meeting))
        return "response"

    assert ReplicaReadsMiddleware(view)(request) == "response"
    return seen


def test_an_anonymous_readers_page_reads_the_replica(stamp):
    assert reads_during(RequestFactory().get("/meetings/")) == ["replica"]
    # Outside a request, the primary.
    assert router.db_for_read(Meeting) is None


@pytest.mark.parametrize(
    "request_",
    [
        RequestFactory().post("/meetings/"),
        RequestFactory().get("/admin/meetings/meeting/"),
        RequestFactory().get("/healthz"),
        RequestFactory().get("/meetings/", HTTP_AUTHORIZATION="Basic eDp5"),
    ],
    ids=["post", "admin", "healthz", "authorization"],
)
def test_editors_the_admin_and_writes_read_the_primary(stamp, request_):
    assert reads_during(request_) == [None]


def test_a_signed_in_editor_reads_the_primary(stamp, settings):
    request = RequestFactory().get("/meetings/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "x"
    assert reads_during(request) == [None]


def test_anything_after_a_write_in_the_request_reads_the_primary(stamp):
    assert reads_during(
        RequestFactory().get("/meetings/"), during=lambda: router.db_for_write(Meeting)
    ) == ["replica", None]


def test_just_after_a_write_the_primary_is_read_until_the_replica_caught_up(stamp, settings):
    from archive.content_version import bump_content_version

    bump_content_version()  # a write committed now
    assert reads_during(RequestFactory().get("/meetings/")) == [None]
    settings.ARCHIVE_REPLICA_GRACE_SECONDS = 0.05
    time.sleep(0.06)
    assert reads_during(RequestFactory().get("/meetings/")) == ["replica"]


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "meetings") is True
    assert router.allow_migrate("replica", "meetings") is False
