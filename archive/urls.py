"""URL contract: see DESIGN.md, "Public URLs". Keep these paths stable."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from archive.health import healthz

if settings.ADMIN_REQUIRE_2FA or settings.ADMIN_OFFER_2FA:
    from archive.two_factor import StaffTwoFactorAdminSite

    # django-otp's documented way to protect the default admin site while keeping every
    # ModelAdmin registered on it: swap the instance's class.
    admin.site.__class__ = StaffTwoFactorAdminSite

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Open-data routes come first: /meetings/feed/ must not be read as a meeting slug.
    path("", include("meetings.opendata.urls")),
    path("", include("meetings.urls")),
]

# Error pages render whatever was wrong with the request (archive/errors.py); a database outage
# noticed outside a view still gets the friendly 503 page.
handler400 = "archive.errors.bad_request"
handler403 = "archive.errors.permission_denied"
handler404 = "archive.errors.page_not_found"
handler500 = "archive.errors.server_error"
