"""A per-address limit on failed sign-ins, on top of django-axes' per-account lockout.

axes locks a username/address pair after AXES_FAILURE_LIMIT failures. Password spraying stays
under that: a few guesses at each of many usernames. axes counts every parameter against the one
failure limit, so adding "ip_address" to AXES_LOCKOUT_PARAMETERS would lock an office's shared
address after five typos; instead this handler, axes' own database handler, also refuses an
address once the failures recorded for it, over all usernames and within the cool-off time, reach
ARCHIVE_LOGIN_FAILURES_PER_ADDRESS. The records are axes' (shared by every worker), and the lock
ends with axes' cool-off or `axes_reset_ip`.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def failures_from_address(ip_address: str) -> int:
    attempts = AccessAttempt.objects.filter(ip_address=ip_address)
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LoginThrottleHandler(AxesDatabaseHandler):
    def address_is_locked(self, request) -> bool:
        limit = getattr(settings, "ARCHIVE_LOGIN_FAILURES_PER_ADDRESS", 0)
        if not limit or not settings.AXES_LOCK_OUT_AT_FAILURE:
            return False
        ip_address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
        return bool(ip_address) and failures_from_address(ip_address) >= limit

    def is_locked(self, request, credentials=None) -> bool:
        """Checked before each sign-in: refuse an address over its limit, whatever the user."""
        return super().is_locked(request, credentials) or self.address_is_locked(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        """After recording the failure, answer with axes' lockout response (as the per-account
        lock does) once the address is over its limit."""
        super().user_login_failed(sender, credentials, request, **kwargs)
        already_locked = request is None or getattr(request, "axes_locked_out", False)
        if not already_locked and self.address_is_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
