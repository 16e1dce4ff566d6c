"""Machine-readable routes: API, feeds, calendar, CSV, sitemap (namespace "data")."""

from django.http import Http404
from django.urls import path

app_name = "data"


def not_built_yet(request, *args, **kwargs):  # replaced by the open-data issue
    raise Http404("Not built yet")


urlpatterns = [
    path("meetings/feed/", not_built_yet, name="feed"),
    path("meetings/calendar.ics", not_built_yet, name="calendar"),
    path("meetings/export.csv", not_built_yet, name="csv"),
    path("data/", not_built_yet, name="reuse"),
    path("api/", not_built_yet, name="api-root"),
    path("api/docs/", not_built_yet, name="api-docs"),
    path("api/schema/", not_built_yet, name="api-schema"),
    path("sitemap.xml", not_built_yet, name="sitemap"),
    path("robots.txt", not_built_yet, name="robots"),
]
