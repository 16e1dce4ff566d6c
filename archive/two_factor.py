"""Two-factor sign-in for the editors' admin, with django-otp's TOTP devices (authenticator apps).

Two modes, chosen by `DJANGO_ADMIN_REQUIRE_2FA` (settings.ADMIN_REQUIRE_2FA):
- off (the default): two-factor is *available*. A staff user who has enrolled a confirmed TOTP
  device must give a code from it to sign in; one who has not signs in with the password alone.
- on: every staff user needs a verified device; without one the admin treats them as not staff.
How a staff user enrols a device: docs/operations.md, "Two-factor sign-in".
"""

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django_otp import devices_for_user, user_has_device
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


def two_factor_required_for(user) -> bool:
    return settings.ADMIN_REQUIRE_2FA or user_has_device(user, confirmed=True)


class StaffTwoFactorLoginForm(OTPAdminAuthenticationForm):
    """Asks for the one-time code when the user must give one; the password alone otherwise."""

    def clean(self):
        cleaned = AdminAuthenticationForm.clean(self)
        user = self.get_user()
        if user is not None and two_factor_required_for(user):
            # Pick the user's only device for them: the form's device menu is only shown after a
            # first attempt, and most editors have a single authenticator app.
            if not cleaned.get("otp_device"):
                devices = list(devices_for_user(user, confirmed=True))
                if len(devices) == 1:
                    cleaned["otp_device"] = devices[0].persistent_id
            self.clean_otp(user)
        return cleaned


class StaffTwoFactorAdminSite(OTPAdminSite):
    """The admin site whose class `archive/urls.py` swaps in (keeping every registration)."""

    login_form = StaffTwoFactorLoginForm

    def has_permission(self, request):
        if not super(OTPAdminSite, self).has_permission(request):
            return False
        if request.user.is_verified():
            return True
        return not two_factor_required_for(request.user)
