"""The Atom feed of any meeting list: valid Atom, every filter honoured, a title saying the query."""

from __future__ import annotations

import datetime

import feedparser
import pytest

from meetings.models import Meeting
from meetings.opendata.feeds import MeetingFeed
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db

FEED = "/meetings/feed/"


def parse(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.fixture
def meetings(db):
    return {
        "jp-us-gallium": make_meeting(
            slug="jp-us-gallium",
            title="Japan & U.S. talk <gallium>",
            start_date=datetime.date(2024, 6, 26),
            minerals=["gallium"],
            topics=["critical-minerals"],
            city="Washington, D.C.",
            venue_country_id="US",
            summary="Supply chains for gallium.",
        ),
        "jp-us-2023": make_meeting(slug="jp-us-2023", start_date=datetime.date(2023, 1, 10)),
        "jp-kr": make_meeting(
            slug="jp-kr", countries=("JP", "KR"), start_date=datetime.date(2024, 2, 1)
        ),
        "draft": make_meeting(slug="draft", status=Meeting.Status.DRAFT),
    }


def test_feed_is_valid_atom_with_every_published_meeting_newest_first(client, meetings):
    feed = parse(client.get(FEED))
    assert feed.version == "atom10"
    links = [entry.link for entry in feed.entries]
    assert links == [
        "http://testserver/meetings/jp-us-gallium/",
        "http://testserver/meetings/jp-kr/",
        "http://testserver/meetings/jp-us-2023/",
    ]
    assert feed.feed.title == "All meetings — Ministerial Meetings Archive"
    entry = feed.entries[0]
    # Titles are text: escaped once by the XML, read back exactly.
    assert entry.title == "Japan & U.S. talk <gallium>"
    assert "Supply chains for gallium." in entry.summary
    assert "Washington, D.C." in entry.summary
    assert {tag.term for tag in entry.tags} == {"Critical minerals", "gallium"}
    assert entry.updated_parsed is not None


def test_feed_honours_filters_and_says_so_in_its_title(client, meetings):
    feed = parse(client.get(f"{FEED}?country=jp&country=us&mineral=gallium&year=2024"))
    assert [entry.link for entry in feed.entries] == ["http://testserver/meetings/jp-us-gallium/"]
    title = feed.feed.title
    assert "Japan" in title and "United States" in title and "gallium" in title
    assert "2024" in title
    # The feed links back to the same list in HTML.
    assert (
        feed.feed.link
        == "http://testserver/meetings/?country=jp&country=us&mineral=gallium&year=2024"
    )


def test_feed_follows_sort(client, meetings):
    feed = parse(client.get(f"{FEED}?country=JP&sort=date"))
    assert [entry.link.rsplit("/", 2)[1] for entry in feed.entries] == [
        "jp-us-2023",
        "jp-kr",
        "jp-us-gallium",
    ]


def test_feed_holds_at_most_its_limit(client, db, monkeypatch):
    monkeypatch.setattr(MeetingFeed, "limit", 3)
    for day in range(5):
        make_meeting(start_date=datetime.date(2024, 1, 1 + day))
    assert len(parse(client.get(FEED)).entries) == 3


@pytest.mark.parametrize(
    "query", ["country=ZZ", "date_before=yesterday", "topic=nothing", "year=1"]
)
def test_invalid_query_is_a_plain_400(client, meetings, query):
    response = client.get(f"{FEED}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert query.split("=")[0] in response.content.decode()


def test_feed_sets_no_cookies(client, meetings):
    assert not client.get(FEED).cookies


def test_feed_query_count_does_not_grow(client, db, django_assert_max_num_queries):
    """Countries, topics and minerals of the entries are prefetched, not queried per entry."""
    for day in range(3):
        make_meeting(start_date=datetime.date(2024, 1, 1 + day), topics=["economic-security"])
    with django_assert_max_num_queries(10) as few:
        client.get(f"{FEED}?country=JP&topic=economic-security")
    for day in range(30):
        make_meeting(
            start_date=datetime.date(2023, 1, 1 + day),
            topics=["economic-security"],
            minerals=["gallium"],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        parse(client.get(f"{FEED}?country=JP&topic=economic-security"))
