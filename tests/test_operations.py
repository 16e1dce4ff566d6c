"""Operations: /healthz, the friendly 503 page during a database outage, request IDs in headers and
logs, and the anonymous page cache (HTTP headers, 304s, server-side copies, invalidation on write).

Outages are real: the test points Django's connection at a port where nothing listens (PostgreSQL)
or at a file that cannot be opened (SQLite), and the code under test meets a real connection error.
"""

import datetime
import json
import logging
import re
import socket
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connections
from django.db.utils import load_backend

from archive.content_version import bump_content_version, content_version
from archive.logs import JsonLogFormatter
from meetings.models import Meeting
from tests.factories import make_meeting


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def database_unreachable():
    """Swap the default connection for one to a database that cannot be reached."""
    original = connections["default"]
    dead = dict(original.settings_dict)
    if original.vendor == "postgresql":
        dead |= {"HOST": "127.0.0.1", "PORT": str(free_port())}
        dead["OPTIONS"] = {**dead.get("OPTIONS", {}), "connect_timeout": 2}
    else:
        dead["NAME"] = str(Path(tempfile.gettempdir()) / "no-such-directory" / "archive.sqlite3")
    unreachable = load_backend(dead["ENGINE"]).DatabaseWrapper(dead, alias="default")
    connections["default"] = unreachable
    try:
        yield
    finally:
        unreachable.close()
        connections["default"] = original


@pytest.fixture
def page_cache(settings, tmp_path):
    """Production caching (it is off under DJANGO_DEBUG=1), with a stamp file of this test's own."""
    settings.ARCHIVE_PAGE_CACHE_SECONDS = 600
    settings.ARCHIVE_PUBLIC_MAX_AGE = 300
    settings.ARCHIVE_CONTENT_STAMP = str(tmp_path / "content.stamp")
    cache.clear()
    yield
    cache.clear()


# --- /healthz -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_200_with_json_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_unreachable(client):
    with database_unreachable():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert response["Retry-After"]
    # and recovers as soon as the database is back
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


# --- Friendly 503 during an outage ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/meetings/", "/"])
def test_public_page_during_outage_is_a_friendly_503(client, path):
    with database_unreachable():
        response = client.get(path)
    assert response.status_code == 503
    text = response.content.decode()
    assert "temporarily unavailable" in text
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    # The reference shown to the reader is the ID in the logs.
    assert response["X-Request-ID"] in text
    assert "Traceback" not in text


@pytest.mark.django_db
def test_signed_in_editor_during_outage_gets_the_503_page_not_a_500(client):
    # The session lookup itself fails: the error surfaces outside the view.
    client.cookies["sessionid"] = "x" * 32
    with database_unreachable():
        response = client.get("/admin/")
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()


def test_503_page_renders_without_a_database():
    from django.template import loader

    html = loader.get_template("503.html").render({"request_id": "abc123"})
    assert "<h1>" in html and "abc123" in html
    assert "{%" not in html


# --- Request IDs and structured logs --------------------------------------------------------------


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


@pytest.mark.django_db
def test_request_id_from_the_proxy_is_kept_when_sane_and_replaced_when_not(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="edge-1234abcd")["X-Request-ID"] == (
        "edge-1234abcd"
    )
    injected = client.get("/healthz", HTTP_X_REQUEST_ID='bad"\n{"level":"ERROR"}')
    assert injected["X-Request-ID"] != 'bad"\n{"level":"ERROR"}'
    assert re.fullmatch(r"[0-9a-f]{32}", injected["X-Request-ID"])


@pytest.mark.django_db
def test_request_log_line_is_json_with_the_request_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="archive.request"):
        response = client.get("/healthz")
    records = [r for r in caplog.records if r.name == "archive.request"]
    assert records, "no request log line"
    line = json.loads(JsonLogFormatter().format(records[-1]))
    assert line["request_id"] == response["X-Request-ID"]
    assert line["path"] == "/healthz" and line["status"] == 200
    assert line["level"] == "INFO" and isinstance(line["duration_ms"], float)


# --- Anonymous page cache -------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_page_is_public_with_etag_and_last_modified(client, page_cache):
    bump_content_version()
    response = client.get("/meetings/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert response["ETag"]
    assert response["Last-Modified"]
    assert not response.cookies


@pytest.mark.django_db
def test_unchanged_page_answers_304_to_a_conditional_request(client, page_cache):
    etag = client.get("/meetings/")["ETag"]
    again = client.get("/meetings/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.django_db
def test_repeat_request_is_served_from_the_cache_without_queries(
    client, page_cache, django_assert_num_queries
):
    make_meeting(title="Cached meeting")
    first = client.get("/meetings/")
    assert first["X-Archive-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/meetings/")
    assert second["X-Archive-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    # Headers from the middleware above the cache are still there on a hit.
    assert second["X-Content-Type-Options"] == "nosniff"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


@pytest.mark.django_db
def test_saving_a_meeting_invalidates_cached_pages(
    client, page_cache, django_capture_on_commit_callbacks
):
    meeting = make_meeting(title="Old title of the meeting", start_date=datetime.date(2024, 5, 1))
    assert "Old title of the meeting" in client.get("/meetings/").content.decode()
    version = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        meeting.title = "New title of the meeting"
        meeting.save()
    assert content_version() > version
    response = client.get("/meetings/")
    assert response["X-Archive-Cache"] == "miss"
    assert "New title of the meeting" in response.content.decode()


@pytest.mark.django_db
def test_changing_a_meetings_countries_invalidates_cached_pages(
    client, page_cache, django_capture_on_commit_callbacks
):
    meeting = make_meeting(countries=("JP", "US"))
    client.get("/meetings/")
    version = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        meeting.countries.add("AU")
    assert content_version() > version


@pytest.mark.django_db
def test_deleting_a_meeting_invalidates_cached_pages(
    client, page_cache, django_capture_on_commit_callbacks
):
    meeting = make_meeting(title="Meeting about to be deleted")
    assert "Meeting about to be deleted" in client.get("/meetings/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Meeting.objects.filter(pk=meeting.pk).delete()
    assert "Meeting about to be deleted" not in client.get("/meetings/").content.decode()


@pytest.mark.django_db
def test_version_is_bumped_only_after_commit(page_cache, django_capture_on_commit_callbacks):
    version = content_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_meeting()
    # Not yet: a request now would still render the old data.
    assert content_version() == version
    for callback in callbacks:
        callback()
    assert content_version() > version


@pytest.mark.django_db
def test_admin_is_never_cached(client, page_cache):
    response = client.get("/admin/login/")
    assert "public" not in response.get("Cache-Control", "")
    assert "X-Archive-Cache" not in response
    assert "X-Archive-Cache" not in client.get("/admin/login/")


@pytest.mark.django_db
def test_requests_with_a_session_cookie_bypass_the_cache(client, page_cache):
    client.get("/meetings/")
    client.cookies["sessionid"] = "not-a-real-session"
    response = client.get("/meetings/")
    assert "X-Archive-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_non_get_requests_are_not_cached(client, page_cache):
    client.get("/meetings/")
    response = client.post("/meetings/")
    assert response.get("X-Archive-Cache") != "hit"
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_error_pages_are_not_cached(client, page_cache):
    response = client.get("/meetings/no-such-meeting-anywhere/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")
    assert "X-Archive-Cache" not in response


@pytest.mark.django_db
def test_redis_cache_serves_and_invalidates_pages(client, settings, tmp_path):
    """The same behaviour with the cache shared by every worker (REDIS_URL)."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379 on this machine")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"test-{tmp_path.name}",
        }
    }
    settings.ARCHIVE_PAGE_CACHE_SECONDS = 60
    try:
        make_meeting(title="Meeting in Redis")
        bump_content_version()
        assert client.get("/meetings/")["X-Archive-Cache"] == "miss"
        assert client.get("/meetings/")["X-Archive-Cache"] == "hit"
        bump_content_version()
        assert client.get("/meetings/")["X-Archive-Cache"] == "miss"
    finally:
        cache.clear()


@pytest.mark.django_db
def test_computed_figures_are_kept_until_the_next_write(page_cache):
    from archive.content_version import cached_until_next_write

    calls = []

    def count_meetings():
        calls.append(1)
        return Meeting.objects.count()

    make_meeting()
    assert cached_until_next_write("meeting-count", count_meetings) == 1
    assert cached_until_next_write("meeting-count", count_meetings) == 1
    assert len(calls) == 1
    make_meeting()
    bump_content_version()
    assert cached_until_next_write("meeting-count", count_meetings) == 2
    assert len(calls) == 2
