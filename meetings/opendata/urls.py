"""Machine-readable routes: API, feeds, calendar, CSV, sitemap (namespace "data").

Paths and names are a public contract (DESIGN.md, "Public URLs"): keep them stable.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from meetings.opendata import api, exports, sitemaps
from meetings.opendata.feeds import MeetingFeed

app_name = "data"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("meetings", api.MeetingViewSet, basename="meeting")
router.register("people", api.PersonViewSet, basename="person")
router.register("countries", api.CountryViewSet, basename="country")
router.register("minerals", api.MineralViewSet, basename="mineral")
router.register("topics", api.TopicViewSet, basename="topic")
router.register("series", api.SeriesViewSet, basename="series")
router.register("agreements", api.AgreementViewSet, basename="agreement")
router.register("coverage", api.CoverageViewSet, basename="coverage")

urlpatterns = [
    path("meetings/feed/", MeetingFeed(), name="feed"),
    path("meetings/calendar.ics", exports.meetings_calendar, name="calendar"),
    path("meetings/export.csv", exports.meetings_csv, name="csv"),
    path("data/", exports.reuse_page, name="reuse"),
    path("api/docs/", api.api_docs, name="api-docs"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The router's root view is named "api-root": /api/ lists the endpoints.
    path("api/", include(router.urls)),
    re_path(r"^api/", api.api_not_found),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
]
