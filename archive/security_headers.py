"""Security headers on every response, error responses included.

Django's SecurityMiddleware, XFrameOptionsMiddleware and django-csp's CSPMiddleware add their
headers only to responses that pass back through them. A response made above them (a 400 for a
Host that is not ours, raised in SecurityMiddleware's HTTPS redirect; the request guard's 400/405;
a 500 or 503 from an error in an outer middleware) would leave without a policy. Placed near the
top of settings.MIDDLEWARE, this one adds whatever is missing, with the same settings; it never
replaces a header a view or an inner middleware already set.
"""

from __future__ import annotations

import http.client

from csp.constants import HEADER as CSP_HEADER
from csp.utils import build_policy
from django.conf import settings
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware

# django-csp leaves these out under DEBUG so that Django's technical pages (inline styles) work.
_DEBUG_PAGES = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Used for their process_response only, which adds each header only when it is missing.
        self.security = SecurityMiddleware(get_response)
        self.frame_options = XFrameOptionsMiddleware(get_response)

    def __call__(self, request):
        response = self.get_response(request)
        response = self.security.process_response(request, response)
        response = self.frame_options.process_response(request, response)
        if (
            CSP_HEADER not in response
            and not getattr(response, "_csp_exempt", False)
            and not (settings.DEBUG and response.status_code in _DEBUG_PAGES)
        ):
            nonce = getattr(request, "_csp_nonce", None)
            policy = build_policy(nonce=nonce if isinstance(nonce, str) else None)
            if policy:
                response[CSP_HEADER] = policy
        return response
