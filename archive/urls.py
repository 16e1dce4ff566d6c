"""URL contract: see DESIGN.md, "Public URLs". Keep these paths stable."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # Open-data routes come first: /meetings/feed/ must not be read as a meeting slug.
    path("", include("meetings.open_data_urls")),
    path("", include("meetings.urls")),
]

if settings.DEBUG:  # pragma: no cover - development only
    pass
