"""`/healthz`: is this worker alive and can it reach the database? For load balancers and uptime
checks: JSON, 200 when healthy, 503 when the database does not answer a trivial query."""

import sys
import time

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from archive.middleware import DATABASE_UNAVAILABLE_ERRORS, database_unavailable_response


@never_cache
@require_safe
def healthz(request):
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse(
            {"status": "unavailable", "database": "unreachable", "error": type(error).__name__},
            status=503,
            headers={"Retry-After": "30"},
        )
    return JsonResponse(
        {
            "status": "ok",
            "database": "ok",
            "database_ms": round((time.perf_counter() - started) * 1000, 2),
        }
    )


def server_error(request, *args, **kwargs):
    """handler500: a database outage noticed outside a view (in the session or authentication
    middleware, say) still gets the friendly 503 page rather than a 500."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE_ERRORS):
        return database_unavailable_response(request)
    return defaults.server_error(request, *args, **kwargs)


def service_unavailable(request, *args, **kwargs):
    """The 503 page on its own, for a proxy's maintenance page (`/healthz` stays JSON)."""
    return database_unavailable_response(request)
