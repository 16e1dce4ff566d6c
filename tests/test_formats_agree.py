"""One FilterSet behind every format: for the same query, the HTML list, the JSON API, the Atom feed,
the iCalendar and the CSV return the same meetings in the same order."""

from __future__ import annotations

import csv
import datetime
import io

import feedparser
import pytest
from icalendar import Calendar
from selectolax.lexbor import LexborHTMLParser

from meetings.models import Meeting
from tests.factories import make_meeting, make_person

pytestmark = pytest.mark.django_db


def slug_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def html_slugs(client, query):
    response = client.get(f"/meetings/?{query}")
    assert response.status_code == 200, response.content[:500]
    tree = LexborHTMLParser(response.content.decode())
    # Each result is a card whose title links the record (includes/meeting_card.html).
    links = tree.css(".meeting-card a[href^='/meetings/'], article.card .card__title a[href]")
    return [slug_of(link.attributes["href"]) for link in links]


def api_slugs(client, query):
    response = client.get(f"/api/meetings/?{query}&page_size=100")
    assert response.status_code == 200, response.content
    return [meeting["slug"] for meeting in response.json()["results"]]


def feed_slugs(client, query):
    response = client.get(f"/meetings/feed/?{query}")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    return [slug_of(entry.link) for entry in feed.entries]


def calendar_slugs(client, query):
    response = client.get(f"/meetings/calendar.ics?{query}")
    assert response.status_code == 200
    calendar = Calendar.from_ical(b"".join(response.streaming_content))
    return [slug_of(str(event["URL"])) for event in calendar.walk("VEVENT")]


def csv_slugs(client, query):
    response = client.get(f"/meetings/export.csv?{query}")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return [row["slug"] for row in csv.DictReader(io.StringIO(text))]


FORMATS = {
    "html": html_slugs,
    "api": api_slugs,
    "feed": feed_slugs,
    "calendar": calendar_slugs,
    "csv": csv_slugs,
}


@pytest.fixture
def archive(db):
    saito = make_person("Ken Saito", slug="ken-saito")
    day = datetime.date
    rows = [
        (
            "jp-us-gallium-2024",
            ("JP", "US"),
            day(2024, 6, 26),
            ["gallium", "germanium"],
            ["critical-minerals"],
        ),
        ("jp-us-export-2024", ("JP", "US"), day(2024, 3, 1), [], ["export-controls"]),
        # Same day as the previous one: the order must still be the same everywhere.
        ("jp-kr-export-2024", ("JP", "KR"), day(2024, 3, 1), ["gallium"], ["export-controls"]),
        ("jp-us-energy-2023", ("JP", "US"), day(2023, 11, 2), ["lithium"], ["energy-security"]),
        ("us-au-2024", ("US", "AU"), day(2024, 9, 9), ["gallium"], ["critical-minerals"]),
        ("jp-us-au-2025", ("JP", "US", "AU"), day(2025, 1, 15), [], ["export-controls"]),
        ("jp-us-2022", ("JP", "US"), day(2022, 5, 23), [], []),
    ]
    for slug, countries, start, minerals, topics in rows:
        make_meeting(
            slug=slug,
            title=f"Meeting {slug}",
            countries=countries,
            start_date=start,
            minerals=minerals,
            topics=topics,
            participants=[saito] if "jp" in slug else [],
        )
    make_meeting(slug="jp-us-draft", status=Meeting.Status.DRAFT, minerals=["gallium"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "country=JP&country=US",
            [
                "jp-us-au-2025",
                "jp-us-gallium-2024",
                "jp-us-export-2024",
                "jp-us-energy-2023",
                "jp-us-2022",
            ],
        ),
        ("mineral=gallium", ["us-au-2024", "jp-us-gallium-2024", "jp-kr-export-2024"]),
        (
            "year=2024",
            ["us-au-2024", "jp-us-gallium-2024", "jp-kr-export-2024", "jp-us-export-2024"],
        ),
        (
            "topic=export-controls&date_after=2024-01-01&date_before=2024-12-31",
            ["jp-kr-export-2024", "jp-us-export-2024"],
        ),
        (
            "country=jp&sort=date",
            [
                "jp-us-2022",
                "jp-us-energy-2023",
                "jp-us-export-2024",
                "jp-kr-export-2024",
                "jp-us-gallium-2024",
                "jp-us-au-2025",
            ],
        ),
        ("mineral=gallium&mineral=lithium&country=US", None),
        ("person=ken-saito&year=2024", None),
    ],
)
def test_every_format_returns_the_same_meetings_in_the_same_order(client, archive, query, expected):
    results = {name: read(client, query) for name, read in FORMATS.items()}
    api = results["api"]
    assert api, f"{query} should match some meetings"
    if expected is not None:
        assert api == expected
    for name, slugs in results.items():
        assert slugs == api, f"{name} differs from the API for ?{query}"
