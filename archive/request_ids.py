"""Request IDs and the one access-log line per request.

Every request gets an ID (reused from `X-Request-ID` when a proxy set a sane one), available to
every log line of the request (archive/logs.py), returned in the response header and shown on the
error pages, so a reader's report can be matched to the server's logs.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from django.conf import settings

from archive.logs import current_request_id

request_log = logging.getLogger("archive.request")

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy in front may already have given the request an ID; keep it only if it looks like one,
# so a client cannot inject text into our logs.
_ACCEPTABLE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


class RequestIDMiddleware:
    """Gives every request an ID, makes it available to logs, returns it in the response header,
    and logs one line per request."""

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
