"""One gate for every request's text and method, early in the middleware chain.

Text: the path and every query-string name and value must be valid UTF-8, contain no NUL (which
PostgreSQL refuses in text parameters, so it would surface as a 500 deep in a query) and stay
within sane lengths. A request that breaks a rule gets a clear 400 page here, before any view,
form or query sees it, on every URL (public pages, API, feeds, admin) and both databases.

Methods: TRACE, CONNECT and unknown methods are refused everywhere (405). Public pages are
read-only: a write method (POST, PUT, PATCH, DELETE) on them is a 405 with `Allow`, decided before
the CSRF check (which would otherwise answer with a misleading 403). Paths listed in
`settings.ARCHIVE_WRITABLE_PATHS` (the admin) keep every method their views accept.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import JsonResponse

from archive.errors import error_response

# Methods a view of this project may be asked to handle; anything else is refused at the door.
KNOWN_METHODS = {"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"}
READ_METHODS = {"GET", "HEAD", "OPTIONS"}
READ_ONLY_ALLOW = "GET, HEAD"  # as require_safe says; OPTIONS is left to each view

DEFAULT_LIMITS = {
    "path_bytes": 1024,  # the longest slug-based path is well under 200
    "query_bytes": 4096,  # the whole raw query string
    "value_chars": 1000,  # any one name or value (a search of several sentences fits)
}


class InvalidText(ValueError):
    """Why the request's text was refused (shown to the reader, without echoing the text), and
    where: "path", the query parameter's name, or "query" (the API's 400 is keyed by parameter)."""

    def __init__(self, message: str, field: str = "query"):
        super().__init__(message)
        self.field = field


def _limits() -> dict[str, int]:
    return DEFAULT_LIMITS | getattr(settings, "ARCHIVE_REQUEST_LIMITS", {})


def _check_text(raw: bytes, where: str, limit: int, field: str) -> None:
    if b"\x00" in raw:
        raise InvalidText(f"The {where} contains a null character.", field)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidText(f"The {where} is not valid UTF-8 text.", field) from None
    if len(text) > limit:
        raise InvalidText(f"The {where} is too long (over {limit} characters).", field)


def _field_name(raw_name: bytes) -> str:
    """The parameter's name for the API's `errors`, if it is itself printable and short."""
    name = raw_name.decode("utf-8", errors="replace")
    return name if name.isprintable() and 0 < len(name) <= 40 and "\ufffd" not in name else "query"


def _wsgi_bytes(request, key: str) -> bytes:
    value = request.META.get(key, "")
    try:
        return value.encode("iso-8859-1")  # WSGI's way of carrying raw bytes in a str
    except UnicodeEncodeError:
        return value.encode("utf-8", errors="surrogateescape")


def check_request_text(request) -> None:
    """Raise InvalidText if the path or the query string would be refused."""
    limits = _limits()
    # Django has already decoded the path: a NUL ("%00") is in it as it is, and bytes that are not
    # UTF-8 ("%ED%A0%80", a lone surrogate) were put back as literal escapes; decode those again.
    path = request.path_info.encode("utf-8", errors="surrogateescape")
    if len(path) > limits["path_bytes"]:
        raise InvalidText("The address is too long.", "path")
    _check_text(path, "address", limits["path_bytes"], "path")
    _check_text(unquote_to_bytes(path), "address", limits["path_bytes"], "path")
    query = _wsgi_bytes(request, "QUERY_STRING")
    if len(query) > limits["query_bytes"]:
        raise InvalidText("The query string is too long.")
    for pair in query.split(b"&"):
        if not pair:
            continue
        parts = [unquote_to_bytes(part.replace(b"+", b" ")) for part in pair.split(b"=", 1)]
        field = _field_name(parts[0])
        for part in parts:
            _check_text(part, "query string", limits["value_chars"], field)


def writable(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in settings.ARCHIVE_WRITABLE_PATHS)


def wants_json(request) -> bool:
    return any(request.path_info.startswith(prefix) for prefix in settings.ARCHIVE_JSON_PATHS)


def bad_text(request, reason: InvalidText):
    if wants_json(request):
        # The API's documented 400: {"errors": {parameter: [messages]}}.
        return JsonResponse({"errors": {reason.field: [str(reason)]}}, status=400)
    return error_response(request, 400, "400.html", {"message": str(reason)}, render_request=False)


def method_not_allowed(request, allow: str):
    if wants_json(request):
        response = JsonResponse({"detail": "Method not allowed."}, status=405)
        response["Allow"] = allow
        return response
    return error_response(
        request,
        405,
        "405.html",
        {"method": request.method if request.method in KNOWN_METHODS else ""},
        headers={"Allow": allow},
    )


def _is_api_view(view_func) -> bool:
    from rest_framework.views import APIView

    view_class = getattr(view_func, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


class RequestGuardMiddleware:
    """Place early (after the request ID and the security headers): refuses bad text with a 400
    and unknown methods with a 405; in `process_view` (which runs before the CSRF check), write
    methods on read-only pages with a 405."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            check_request_text(request)
        except InvalidText as reason:
            return bad_text(request, reason)
        if request.method not in KNOWN_METHODS:
            allow = "GET, HEAD, POST" if writable(request.path_info) else READ_ONLY_ALLOW
            return method_not_allowed(request, allow)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in READ_METHODS or writable(request.path_info):
            return None
        if _is_api_view(view_func):
            return None  # REST framework answers 405 itself, in JSON, with its own `Allow`
        return method_not_allowed(request, READ_ONLY_ALLOW)
