"""The anonymous page cache: readers' pages are the same for every anonymous visitor, so they are
cached twice: by HTTP (Cache-Control public, ETag, Last-Modified, so a CDN or browser can keep
them) and on the server (Django's cache framework, so a worker can answer without touching the
database).

Invalidation is by content version (archive/content_version.py): every stored page's key contains
the version, which every write to the archive bumps.
"""

from __future__ import annotations

import hashlib
import zlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date

from archive.content_version import content_version

PAGE_KEY_PREFIX = "archive:page"
_SAFE_VARY = {"cookie", "accept-encoding"}


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
