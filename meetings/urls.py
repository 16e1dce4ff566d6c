"""Public HTML pages (namespace "meetings"). The paths are a public contract: see DESIGN.md."""

from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("meetings/", views.meeting_list, name="list"),
    path("explore/", views.explore, name="explore"),
    path("explore/world.svg", views.world_map_geometry, name="world_map"),
    path("explore/<slug:chart>.csv", views.explore_csv, name="explore_csv"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="detail"),
    path("meetings/<slug:slug>/cite.<slug:format_name>", views.meeting_citation, name="citation"),
    path("people/", views.person_list, name="people"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("countries/", views.country_list, name="countries"),
    path("countries/<str:code>/", views.country_detail, name="country"),
    path("countries/<str:code>/<str:other>/", views.country_pair, name="country_pair"),
    path("minerals/", views.mineral_list, name="minerals"),
    path("minerals/<slug:slug>/", views.mineral_detail, name="mineral"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("series/", views.series_list, name="series_list"),
    path("series/<slug:slug>/", views.series_detail, name="series"),
    path("agreements/", views.agreement_list, name="agreements"),
    path("agreements/<slug:slug>/", views.agreement_detail, name="agreement"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization"),
]
