"""Public HTML pages: the meeting list with its filters, meeting records and entity pages.

Every page reads only what the public may see (`public()`, meetings.models.visibility), and fetches
exactly what its template shows with `select_related` / `prefetch_related`, so its number of
queries does not grow with its rows (tests/test_queries.py pins the counts).

By page family: `home`, `about` (scope, method and coverage figures), `meeting_list`, `explore` (the archive at a glance), `record` (a meeting), `people`, `entities` (countries,
minerals, topics, series, agreements, organizations); `helpers` holds what they share.
"""

from meetings.views.about import about
from meetings.views.entities import (
    agreement_detail,
    agreement_list,
    country_detail,
    country_list,
    country_pair,
    mineral_detail,
    mineral_list,
    organization_detail,
    series_detail,
    series_list,
    topic_detail,
    topic_list,
)
from meetings.views.explore import explore, explore_csv, world_map_geometry
from meetings.views.home import home
from meetings.views.meeting_list import meeting_list
from meetings.views.people import person_detail, person_list
from meetings.views.record import meeting_citation, meeting_detail, related_meetings

__all__ = [
    "about",
    "agreement_detail",
    "agreement_list",
    "country_detail",
    "country_list",
    "country_pair",
    "explore",
    "explore_csv",
    "home",
    "meeting_citation",
    "meeting_detail",
    "meeting_list",
    "mineral_detail",
    "mineral_list",
    "organization_detail",
    "person_detail",
    "person_list",
    "related_meetings",
    "series_detail",
    "series_list",
    "topic_detail",
    "topic_list",
    "world_map_geometry",
]
