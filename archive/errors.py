"""Error pages (handler400/403/404/500) and the one helper every early refusal uses.

An error page must render whatever was wrong with the request: a Host header that is not ours
(`request.get_host()` raises DisallowedHost, so the page is rendered without the request, and
base.html then leaves out the canonical link that needs the host), text the database would refuse,
or a database that is away (the friendly 503 page, archive/outage.py).
"""

from __future__ import annotations

import sys

from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

from archive.outage import DATABASE_UNAVAILABLE_ERRORS, database_unavailable_response


def request_for_template(request):
    """The request, for templates, only if it can safely be rendered (its Host is one of ours)."""
    if request is None:
        return None
    try:
        request.get_host()
    except DisallowedHost:
        return None
    return request


def error_response(
    request,
    status: int,
    template: str,
    context: dict | None = None,
    headers=None,
    *,
    render_request: bool = True,
) -> HttpResponse:
    """Render an error page; if the template itself fails, a plain page rather than a 500.
    `render_request=False` when the request's own text was refused: the page then shows none of
    it (base.html prints the path in its canonical link only when it has the request)."""
    context = {"request_id": getattr(request, "request_id", ""), **(context or {})}
    template_request = request_for_template(request) if render_request else None
    try:
        body = loader.render_to_string(template, context, request=template_request)
    except Exception:  # an error page must appear even if templates or the database fail
        body = f"<!doctype html><title>Error {status}</title><h1>Error {status}</h1>"
    response = HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def bad_request(request, exception=None, template_name="400.html"):
    return error_response(request, 400, template_name)


def permission_denied(request, exception=None, template_name="403.html"):
    return error_response(request, 403, template_name)


def page_not_found(request, exception=None, template_name="404.html"):
    return error_response(request, 404, template_name)


def server_error(request, *args, **kwargs):
    """handler500: a database outage noticed outside a view (in the session or authentication
    middleware, say) still gets the friendly 503 page rather than a 500."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE_ERRORS):
        return database_unavailable_response(request)
    try:
        return defaults.server_error(request, *args, **kwargs)
    except Exception:
        return error_response(request, 500, "500.html")


def service_unavailable(request, *args, **kwargs):
    """The 503 page on its own, for a proxy's maintenance page (`/healthz` stays JSON)."""
    return database_unavailable_response(request)
