"""The friendly 503 page when the database cannot be reached (instead of a 500).

`DatabaseUnavailableMiddleware.process_exception` covers errors raised by views; errors raised by
other middleware (a session lookup, say) reach `archive.errors.server_error` (handler500), which
checks for the same errors. `/healthz` (archive/health.py) answers its own JSON 503.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import patch_cache_control

database_log = logging.getLogger("archive.database")

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
    """Answers 503 with a friendly page, instead of a 500, when the database cannot be reached."""

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
