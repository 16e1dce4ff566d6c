"""Structured logs: one JSON object per line, each carrying the ID of the request it belongs to.

A log line from deep inside a view, a database error and the access line of the same request share
one `request_id`, which is also sent to the client in the `X-Request-ID` header (and shown on the
error pages), so a reader's report can be matched to the server's logs.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging

# "-" outside a request (management commands, gunicorn's own messages).
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_request_id", default="-"
)

# Attributes every LogRecord has; anything else was passed with `extra=` and goes into the JSON.
_STANDARD_ATTRIBUTES = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class RequestIDFilter(logging.Filter):
    """Stamps each record with the current request's ID."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True


class JsonLogFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id", …extra}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id.get(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRIBUTES and key not in entry and not key.startswith("_"):
                # Django attaches the request object to error records: keep it readable.
                entry[key] = value if _is_json_scalar(value) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _is_json_scalar(value) -> bool:
    return value is None or isinstance(value, str | int | float | bool)
