"""Facet counts and list totals cached until the next write (meetings/computed.py, issue 13)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Meeting
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed_cache(settings, tmp_path):
    settings.ARCHIVE_COMPUTED_CACHE_SECONDS = 600
    settings.ARCHIVE_CONTENT_STAMP = str(tmp_path / "content.stamp")
    cache.clear()
    yield
    cache.clear()


def list_page(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return response, len(captured)


def country_counts(response) -> dict[str, int]:
    return {option.value: option.count for option in response.context["facets"]["country"]}


def test_a_repeated_list_reads_its_facets_and_total_from_the_cache(client, computed_cache):
    for n in range(3):
        make_meeting(title=f"Meeting {n}", countries=("JP", "US"))
    first, first_queries = list_page(client, "/meetings/")
    again, again_queries = list_page(client, "/meetings/")
    # Five facet GROUP BYs and the COUNT are not repeated.
    assert first_queries - again_queries == 6
    assert country_counts(again) == country_counts(first) == {"JP": 3, "US": 3}
    assert again.context["total"] == 3


def test_the_facets_are_right_immediately_after_a_write(
    client, computed_cache, django_capture_on_commit_callbacks
):
    make_meeting(title="Before", countries=("JP", "US"))
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(title="Written", countries=("JP", "DE"))
    before, _ = list_page(client, "/meetings/?country=JP")
    assert country_counts(before) == {"JP": 2, "US": 1, "DE": 1}
    # An editor's write (committed: the content version moves on) is counted at once.
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(title="Another", countries=("JP", "DE"))
    after, _ = list_page(client, "/meetings/?country=JP")
    assert country_counts(after) == {"JP": 3, "US": 1, "DE": 2}
    assert after.context["total"] == 3


def test_different_filters_have_different_entries(client, computed_cache):
    make_meeting(title="Pair", countries=("JP", "US"))
    make_meeting(title="Other", countries=("DE", "FR"))
    jp, _ = list_page(client, "/meetings/?country=JP")
    de, _ = list_page(client, "/meetings/?country=DE")
    assert country_counts(jp) == {"JP": 1, "US": 1}
    assert country_counts(de) == {"DE": 1, "FR": 1}


def test_without_the_setting_nothing_is_cached(client, settings):
    settings.ARCHIVE_COMPUTED_CACHE_SECONDS = 0
    make_meeting(title="Meeting", countries=("JP", "US"))
    _, first = list_page(client, "/meetings/")
    _, again = list_page(client, "/meetings/")
    assert first == again
    assert Meeting.objects.count() == 1
