"""The Japanese archive under /ja/: language from the path, switch, hreflang, dates, cache."""

import datetime

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from meetings.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(bundled_archive):
    return Meeting.objects.public().get(slug__startswith="2024-06-26")


def test_english_urls_unchanged(client):
    assert reverse("meetings:list") == "/meetings/"
    assert reverse("data:reuse") == "/data/"
    response = client.get("/meetings/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert response["Content-Language"] == "en"


def test_accept_language_does_not_change_english_pages(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_japanese_home_and_switch(client):
    response = client.get("/ja/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert response["Content-Language"] == "ja"
    # Links stay in Japanese; the switch leads to the same page in English and back.
    assert 'href="/ja/meetings/"' in html
    assert 'href="/" hreflang="en"' in html
    english = client.get("/").content.decode()
    assert 'href="/ja/" hreflang="ja"' in english


def test_hreflang_alternates_both_ways(client):
    for path in ("/meetings/?q=x", "/ja/meetings/?q=x"):
        html = client.get(path).content.decode()
        assert '<link rel="alternate" hreflang="en" href="http://testserver/meetings/?q=x">' in html
        assert (
            '<link rel="alternate" hreflang="ja" href="http://testserver/ja/meetings/?q=x">' in html
        )


def test_reverse_follows_active_language():
    with translation.override("ja"):
        assert reverse("meetings:list") == "/ja/meetings/"
    assert reverse("meetings:list") == "/meetings/"


def test_japanese_dates(client, seed):
    html = client.get(f"/ja{seed.get_absolute_url()}").content.decode()
    assert "2024年6月26日" in html
    english = client.get(seed.get_absolute_url()).content.decode()
    assert "26 June 2024" in english and "2024年6月26日" not in english


def test_date_range_in_japanese():
    from meetings.templatetags.archive import date_range

    d = datetime.date
    with translation.override("ja"):
        assert date_range(d(2024, 6, 26)) == "2024年6月26日"
        assert date_range(d(2024, 6, 26), d(2024, 6, 27)) == "2024年6月26日～27日"
        assert date_range(d(2024, 6, 30), d(2024, 7, 1)) == "2024年6月30日～7月1日"
    assert date_range(d(2024, 6, 26), d(2024, 6, 27)) == "26–27 June 2024"


def test_japanese_404(client):
    response = client.get("/ja/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="ja">' in response.content.decode()


@override_settings(
    ARCHIVE_PAGE_CACHE_SECONDS=60,
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
)
def test_page_cache_keeps_languages_apart(client):
    cache.clear()
    english = client.get("/meetings/")
    japanese = client.get("/ja/meetings/")
    again = client.get("/meetings/")
    assert '<html lang="en">' in again.content.decode()
    assert '<html lang="ja">' in japanese.content.decode()
    assert english.content == again.content
