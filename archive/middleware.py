"""Production middleware: request IDs, a friendly 503 when the database is away, and caching of
anonymous pages (HTTP headers for caches in front, plus a server-side copy).

Order in settings.MIDDLEWARE matters and is explained there.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import time
import uuid
import zlib

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection, transaction
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date

from archive.logs import current_request_id

request_log = logging.getLogger("archive.request")
database_log = logging.getLogger("archive.database")

# --- Request ID -----------------------------------------------------------------------------------

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy in front may already have given the request an ID; keep it only if it looks like one,
# so a client cannot inject text into our logs.
_ACCEPTABLE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


class RequestIDMiddleware:
    """Gives every request an ID (reused from `X-Request-ID` when a proxy set a sane one), makes
    it available to logs, returns it in the response header, and logs one line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _ACCEPTABLE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            if getattr(settings, "ARCHIVE_LOG_REQUESTS", True):
                request_log.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                        "cache": response.get("X-Archive-Cache", ""),
                    },
                )
            return response
        finally:
            current_request_id.reset(token)


# --- Database unavailable -------------------------------------------------------------------------

DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable_response(request=None) -> HttpResponse:
    """The friendly 503 page. Rendered without a request, so no context processor (and no
    database query) runs: the template is plain HTML with the request ID filled in."""
    request_id = getattr(request, "request_id", "") if request is not None else ""
    try:
        body = loader.get_template("503.html").render({"request_id": request_id})
    except Exception:  # the page must appear even if templates are broken
        body = (
            "<!doctype html><title>Temporarily unavailable</title><h1>Temporarily unavailable</h1>"
        )
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(getattr(settings, "ARCHIVE_RETRY_AFTER_SECONDS", 30))
    patch_cache_control(response, no_store=True)
    return response


class DatabaseUnavailableMiddleware:
    """Answers 503 with a friendly page, instead of a 500, when the database cannot be reached.

    `process_exception` covers errors raised by views; errors raised by other middleware (a session
    lookup, say) reach `archive.urls.handler500`, which checks for the same errors.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE_ERRORS):
            database_log.error(
                "database unavailable: %s",
                exception,
                extra={"path": request.path, "error": type(exception).__name__},
            )
            return database_unavailable_response(request)
        return None


# --- Anonymous page cache -------------------------------------------------------------------------
#
# Readers' pages are the same for every anonymous visitor, so they are cached twice: by HTTP
# (Cache-Control public, ETag, Last-Modified, so a CDN or browser can keep them) and on the server
# (Django's cache framework, so a worker can answer without touching the database).
#
# Invalidation: every cached page's key contains the *content version*, the time in nanoseconds
# of the last write to the archive. Signals on every model of the meetings app bump it after the
# write commits (archive/apps.py), so the next request misses and renders the new data; the old
# entries simply expire. The version has to be seen by every worker process: with a shared cache
# (Redis) it lives in the cache; with the per-process local-memory cache it is the modification
# time of a small stamp file, which every process on the machine can read with one stat().

CONTENT_VERSION_KEY = "archive:content-version"
PAGE_KEY_PREFIX = "archive:page"
_SAFE_VARY = {"cookie", "accept-encoding"}


def _cache_is_shared() -> bool:
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))


def content_stamp_path() -> str:
    """One stamp per database, so two archives on one machine do not invalidate each other."""
    configured = getattr(settings, "ARCHIVE_CONTENT_STAMP", "")
    if configured:
        return configured
    name = f"{connection.vendor}:{connection.settings_dict.get('HOST', '')}:"
    name += f"{connection.settings_dict.get('PORT', '')}:{connection.settings_dict.get('NAME', '')}"
    digest = hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), f"archive-content-{digest}.stamp")


def content_version() -> int:
    """Nanoseconds since the epoch of the last recorded write (0: none recorded yet)."""
    if _cache_is_shared():
        return int(cache.get(CONTENT_VERSION_KEY) or 0)
    try:
        return os.stat(content_stamp_path()).st_mtime_ns
    except FileNotFoundError:
        return 0


def bump_content_version() -> int:
    """Record a write now: every cached page becomes stale. Safe to call often."""
    new_version = max(time.time_ns(), content_version() + 1)
    if _cache_is_shared():
        cache.set(CONTENT_VERSION_KEY, new_version, timeout=None)
    else:
        path = content_stamp_path()
        with open(path, "a"):
            pass
        os.utime(path, ns=(new_version, new_version))
    return new_version


def bump_content_version_on_commit(*args, **kwargs) -> None:
    """Signal receiver: bump once the write is committed (a bump before the commit could let a
    concurrent request cache the old data under the new version)."""
    transaction.on_commit(bump_content_version)


def _page_cache_seconds() -> int:
    return int(getattr(settings, "ARCHIVE_PAGE_CACHE_SECONDS", 0))


def _public_max_age() -> int:
    return int(getattr(settings, "ARCHIVE_PUBLIC_MAX_AGE", 0))


class AnonymousPageCacheMiddleware:
    """Makes anonymous GET/HEAD 200 responses of public pages cacheable, and serves repeats from
    Django's cache. Never: the admin (or other excluded paths), requests carrying a session cookie
    or credentials, responses that set cookies, responses that already chose their own
    Cache-Control, responses with a CSP nonce (a nonce must not be reused), or non-GET requests."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.request_is_cacheable(request):
            return self.get_response(request)
        version = content_version()
        seconds = _page_cache_seconds()
        key = self.page_key(request, version)
        if seconds:
            stored = cache.get(key)
            if stored is not None:
                response = self.rebuild(stored)
                response["X-Archive-Cache"] = "hit"
                return response
        response = self.get_response(request)
        if self.response_is_cacheable(response):
            self.make_public(response, version)
            if seconds and request.method == "GET":
                cache.set(key, self.freeze(response), seconds)
                response["X-Archive-Cache"] = "miss"
        return response

    @staticmethod
    def request_is_cacheable(request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        if any(request.path.startswith(prefix) for prefix in settings.ARCHIVE_UNCACHED_PATHS):
            return False
        # A session cookie may mean a signed-in editor: their pages are never shared.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return False
        return "authorization" not in request.headers

    @staticmethod
    def response_is_cacheable(response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if response.has_header("Cache-Control"):
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        if not vary <= _SAFE_VARY:
            return False
        return "'nonce-" not in response.get("Content-Security-Policy", "")

    @staticmethod
    def make_public(response, version: int) -> None:
        patch_cache_control(response, public=True, max_age=_public_max_age())
        patch_vary_headers(response, ("Cookie",))
        if not response.has_header("ETag"):
            set_response_etag(response)
        if version and not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(version // 1_000_000_000)

    @staticmethod
    def page_key(request, version: int) -> str:
        identity = "|".join(
            (
                request.scheme,
                request.get_host(),
                request.get_full_path(),
                request.headers.get("Accept-Encoding", ""),
            )
        )
        digest = hashlib.sha256(identity.encode()).hexdigest()
        return f"{PAGE_KEY_PREFIX}:{version}:{digest}"

    @staticmethod
    def freeze(response) -> tuple:
        """Status, headers and compressed bytes: plain data, so any cache backend can store it,
        and about a fifth of the page's size, so a worker's memory holds many pages."""
        return (response.status_code, list(response.items()), zlib.compress(response.content, 1))

    @staticmethod
    def rebuild(stored: tuple) -> HttpResponse:
        status, headers, content = stored
        response = HttpResponse(zlib.decompress(content), status=status)
        for name, value in headers:
            response[name] = value
        return response


def cached_until_next_write(key: str, compute, timeout: int = 3600):
    """`compute()` once per content version: for expensive read-only figures (facet counts,
    totals) that only change when the archive does. The result must be picklable.

    Example (meetings/facets.py): `cached_until_next_write(f"facets:{querystring}", lambda:
    list(queryset.values(...).annotate(...)))`.
    """
    full_key = f"archive:computed:{content_version()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value
