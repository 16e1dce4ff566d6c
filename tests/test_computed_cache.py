"""Facet counts and list totals cached until the next write (meetings/computed.py, issue 13)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from meetings.models import Meeting
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


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
    # Five facet GROUP BYs and the COUNT are not repeated, nor the four queries of the page's
    # cards (meetings/cards.py): only the page's ids are read.
    assert first_queries - again_queries == 6 + 4
    assert again_queries == 1
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


def test_the_api_counts_a_list_once_per_write_and_keeps_its_json(
    client, computed_cache, django_capture_on_commit_callbacks
):
    for n in range(3):
        make_meeting(title=f"Meeting {n}", countries=("JP", "US"))
    first, first_queries = list_page(client, "/api/meetings/?country=JP&page_size=2")
    second, second_queries = list_page(client, "/api/meetings/?country=JP&page_size=2&page=2")
    assert first.json()["count"] == second.json()["count"] == 3
    assert [len(first.json()["results"]), len(second.json()["results"])] == [2, 1]
    assert second_queries == first_queries - 1  # no COUNT for the second page
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(title="Written", countries=("JP", "DE"))
    after, _ = list_page(client, "/api/meetings/?country=JP&page_size=2")
    assert after.json()["count"] == 4
    other, _ = list_page(client, "/api/meetings/?country=DE")
    assert other.json()["count"] == 1


def test_with_redis_the_cached_facets_are_shared_and_a_write_anywhere_invalidates_them(
    client, settings, tmp_path
):
    """REDIS_URL: facet counts live in Redis (every worker reads the same entry) and the content
    version too, so a write committed by another worker (here: another thread, with its own
    connection) makes this one compute the counts afresh."""
    import threading

    redis = pytest.importorskip("redis")
    try:
        server = redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_timeout=1)
        server.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379 on this machine")
    from archive.content_version import bump_content_version

    prefix = f"test-facets-{tmp_path.name}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": prefix,
        }
    }
    settings.ARCHIVE_COMPUTED_CACHE_SECONDS = 600
    try:
        make_meeting(title="Pair", countries=("JP", "US"))
        first, first_queries = list_page(client, "/meetings/")
        assert any(b"facets:" in key for key in server.keys(f"{prefix}:*"))
        _, cached_queries = list_page(client, "/meetings/")
        assert cached_queries == first_queries - 6 - 4  # facets, count, cards
        make_meeting(title="Another", countries=("JP", "DE"))
        worker = threading.Thread(target=bump_content_version)  # the other worker's commit
        worker.start()
        worker.join()
        after, after_queries = list_page(client, "/meetings/")
        assert after_queries == first_queries
        assert country_counts(after) == {"JP": 2, "US": 1, "DE": 1}
    finally:
        for key in server.keys(f"{prefix}:*"):
            server.delete(key)


def test_the_rendered_filter_form_follows_the_counts_after_a_write(
    client, computed_cache, django_capture_on_commit_callbacks
):
    """The filter form's HTML is cached with the facets: a write shows in it at once."""
    make_meeting(title="Pair", countries=("JP", "US"))
    before = client.get("/meetings/?country=JP").content.decode()
    assert 'value="US"' in before
    assert 'value="DE"' not in before
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(title="Written", countries=("JP", "DE"))
    after = client.get("/meetings/?country=JP").content.decode()
    assert 'value="DE"' in after
    # The same HTML as rendered without any cache.
    cache.clear()
    with override_settings(ARCHIVE_COMPUTED_CACHE_SECONDS=0):
        fresh = client.get("/meetings/?country=JP").content.decode()
    assert (
        fresh.split('<form id="filters"')[1].split("</form>")[0]
        == (after.split('<form id="filters"')[1].split("</form>")[0])
    )


def test_a_country_pairs_figures_are_cached_and_right_immediately_after_a_write(
    client, computed_cache, django_capture_on_commit_callbacks
):
    import datetime

    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(
            title="Tokyo round", countries=("JP", "US"), start_date=datetime.date(2020, 1, 1)
        )
    first, first_queries = list_page(client, "/countries/jp/us/")
    again, again_queries = list_page(client, "/countries/jp/us/")
    # The pass over the pair's meetings (count, timeline, series, newest) is not repeated, nor
    # the four queries of its cards.
    assert first_queries - again_queries == 1 + 4
    assert again.context["page_obj"].paginator.count == 1
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(
            title="Washington round", countries=("JP", "US"), start_date=datetime.date(2024, 1, 1)
        )
    after, _ = list_page(client, "/countries/jp/us/")
    assert after.context["page_obj"].paginator.count == 2
    assert after.context["last_meeting"].title == "Washington round"
    assert [bar["year"] for bar in after.context["timeline"]][-1] == 2024


def test_the_api_list_makes_each_meetings_representation_once_until_a_write(
    client, computed_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tokyo = make_meeting(title="Tokyo round", countries=("JP", "US"))
        make_meeting(title="Berlin round", countries=("JP", "DE"))
    first, first_queries = list_page(client, "/api/meetings/?country=JP")
    assert {row["title"] for row in first.json()["results"]} == {"Tokyo round", "Berlin round"}
    # Another filter showing one of the same meetings: the filter's country, the count and the
    # page's ids only.
    other, other_queries = list_page(client, "/api/meetings/?country=US")
    assert [row["title"] for row in other.json()["results"]] == ["Tokyo round"]
    assert other_queries == 3 and first_queries > other_queries
    assert other.json()["results"][0] == next(
        row for row in first.json()["results"] if row["title"] == "Tokyo round"
    )
    # Absolute URLs are the requesting site's: another host gets its own representation.
    elsewhere = client.get("/api/meetings/?country=US", HTTP_HOST="localhost")
    assert elsewhere.json()["results"][0]["html_url"].startswith("http://localhost/")
    with django_capture_on_commit_callbacks(execute=True):
        tokyo.title = "Tokyo round (corrected)"
        tokyo.save()
    after, _ = list_page(client, "/api/meetings/?country=US")
    assert [row["title"] for row in after.json()["results"]] == ["Tokyo round (corrected)"]


def test_a_records_derived_parts_are_kept_until_a_write(
    client, computed_cache, django_capture_on_commit_callbacks
):
    import datetime

    from tests.factories import make_series

    series = make_series(name="Economic Dialogue")
    with django_capture_on_commit_callbacks(execute=True):
        first = make_meeting(
            title="1st round", series=series, ordinal=1, start_date=datetime.date(2020, 1, 1)
        )
        make_meeting(
            title="2nd round", series=series, ordinal=2, start_date=datetime.date(2021, 1, 1)
        )
    cold, cold_queries = list_page(client, first.get_absolute_url())
    warm, warm_queries = list_page(client, first.get_absolute_url())
    # Related meetings (ranking, countries), their cards (4), the series' neighbours (2) and the
    # last change (2) are not worked out again; the record itself is read afresh.
    assert cold_queries - warm_queries >= 4 + 2 + 2
    assert warm.context["next_in_series"].title == "2nd round"
    assert "2nd round" in warm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(title="1.5th round", series=series, start_date=datetime.date(2020, 6, 1))
        make_meeting(
            title="3rd round", series=series, ordinal=3, start_date=datetime.date(2022, 1, 1)
        )
    second = Meeting.objects.get(title="2nd round")
    after, _ = list_page(client, second.get_absolute_url())
    assert after.context["next_in_series"].title == "3rd round"
    assert "3rd round" in after.content.decode()


def test_a_repeated_search_reads_its_best_matches_from_the_cache_until_a_write(
    client, computed_cache, django_capture_on_commit_callbacks
):
    from meetings.search.index import reindex_meetings

    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(title="Hafnium talks", summary="Hafnium and zirconium.")
        make_meeting(title="Trade talks", summary="Tariffs; hafnium mentioned once.")
    reindex_meetings()
    first, first_queries = list_page(client, "/meetings/?q=hafnium")
    again, again_queries = list_page(client, "/meetings/?q=hafnium")
    assert [card.split("</a>")[0].rsplit(">", 1)[1] for card in again.context["cards"]] == [
        card.split("</a>")[0].rsplit(">", 1)[1] for card in first.context["cards"]
    ]
    # The index's read, the count, the facets and the cards are not repeated; the snippets are
    # made for the page's meetings (their summaries, agreements and documents).
    assert again_queries < first_queries
    assert again_queries == 3
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(title="Hafnium, hafnium", summary="Hafnium hafnium hafnium, hafnium.")
    reindex_meetings()
    after, _ = list_page(client, "/meetings/?q=hafnium")
    assert after.context["total"] == 3
    assert "Hafnium, hafnium" in after.context["cards"][0]
