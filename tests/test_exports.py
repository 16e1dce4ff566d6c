"""iCalendar and CSV exports of any meeting list, the sitemap, robots.txt and the data page."""

from __future__ import annotations

import csv
import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.http import StreamingHttpResponse
from icalendar import Calendar

from meetings.models import Meeting
from tests.factories import (
    make_agreement,
    make_document,
    make_meeting,
    make_organization,
    make_person,
)

pytestmark = pytest.mark.django_db

CALENDAR = "/meetings/calendar.ics"
CSV = "/meetings/export.csv"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def streamed(response) -> bytes:
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


@pytest.fixture
def meetings(db):
    saito = make_person("Ken Saito")
    return {
        "summit": make_meeting(
            slug="two-day-summit",
            title="Two-day summit",
            start_date=datetime.date(2024, 6, 26),
            end_date=datetime.date(2024, 6, 27),
            city="Washington, D.C.",
            venue="Department of Commerce",
            venue_country_id="US",
            minerals=["gallium", "germanium"],
            topics=["critical-minerals"],
            participants=[saito, "Gina M. Raimondo"],
            summary="=HYPERLINK() is not a formula here.",
        ),
        "call": make_meeting(slug="one-day-call", start_date=datetime.date(2023, 11, 2)),
        "draft": make_meeting(slug="draft-only", status=Meeting.Status.DRAFT),
    }


# --- iCalendar ---------------------------------------------------------------------------------


def parse_calendar(response) -> Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = streamed(response)
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    return Calendar.from_ical(body)


def test_calendar_parses_and_has_all_day_events(client, meetings):
    calendar = parse_calendar(client.get(CALENDAR))
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert [str(event["URL"]) for event in events] == [
        "http://testserver/meetings/two-day-summit/",
        "http://testserver/meetings/one-day-call/",
    ]
    summit, call = events
    # All-day: DATE values; DTEND is the day after the last day (RFC 5545 3.6.1).
    assert summit.decoded("DTSTART") == datetime.date(2024, 6, 26)
    assert summit["DTSTART"].params["VALUE"] == "DATE"
    assert summit.decoded("DTEND") == datetime.date(2024, 6, 28)
    assert call.decoded("DTEND") == datetime.date(2023, 11, 3)
    assert str(summit["UID"]) == "meeting-two-day-summit@testserver"
    assert str(summit["LOCATION"]) == "Department of Commerce, Washington, D.C., United States"
    assert str(summit["URL"]) == "http://testserver/meetings/two-day-summit/"
    assert "Japan × United States" in str(summit["DESCRIPTION"])
    assert summit["DTSTAMP"] and summit["LAST-MODIFIED"]


def test_calendar_uid_is_stable_and_the_file_deterministic(client, meetings):
    first = streamed(client.get(CALENDAR))
    assert streamed(client.get(CALENDAR)) == first
    calendar = Calendar.from_ical(first)
    assert len({str(event["UID"]) for event in calendar.walk("VEVENT")}) == 2


def test_calendar_honours_filters(client, meetings):
    calendar = parse_calendar(client.get(f"{CALENDAR}?mineral=gallium&year=2024"))
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == ["meeting-two-day-summit@testserver"]
    assert "gallium" in str(calendar["X-WR-CALNAME"])


def test_invalid_calendar_query_is_a_plain_400(client, meetings):
    response = client.get(f"{CALENDAR}?country=XX")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "country" in response.content.decode()


# --- CSV ---------------------------------------------------------------------------------------


def parse_csv(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(streamed(response).decode("utf-8"))))


def test_csv_has_one_row_per_meeting_with_joined_lists(client, meetings):
    rows = parse_csv(client.get(CSV))
    assert [row["slug"] for row in rows] == ["two-day-summit", "one-day-call"]
    summit = rows[0]
    assert summit["countries"] == "JP; US"
    assert summit["participants"] == "Ken Saito; Gina M. Raimondo"
    assert summit["minerals"] == "gallium; germanium"
    assert summit["topics"] == "Critical minerals"
    assert summit["start_date"] == "2024-06-26" and summit["end_date"] == "2024-06-27"
    assert summit["venue_country"] == "US"
    assert summit["url"] == "http://testserver/meetings/two-day-summit/"
    # Spreadsheet programs must not run a cell as a formula.
    assert summit["summary"] == "'=HYPERLINK() is not a formula here."


def test_csv_honours_filters_and_sort(client, meetings):
    rows = parse_csv(client.get(f"{CSV}?country=JP&country=US&sort=date"))
    assert [row["slug"] for row in rows] == ["one-day-call", "two-day-summit"]
    assert parse_csv(client.get(f"{CSV}?country=KR")) == []


def test_csv_holds_every_meeting_not_a_page(client, db):
    for day in range(130):
        make_meeting(start_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=day))
    assert len(parse_csv(client.get(CSV))) == 130


def test_invalid_csv_query_is_a_plain_400(client, meetings):
    response = client.get(f"{CSV}?date_after=2024-02-30")
    assert response.status_code == 400
    assert "date_after" in response.content.decode()


def test_exports_query_count_does_not_grow(client, db, django_assert_max_num_queries):
    """Participants, countries, topics and minerals come in one query each per chunk."""
    for day in range(3):
        make_meeting(start_date=datetime.date(2024, 1, 1 + day), participants=["A", "B"])
    counts = {}
    for path in (CSV, CALENDAR):
        with django_assert_max_num_queries(12) as few:
            streamed(client.get(path))
        counts[path] = len(few.captured_queries)
    for day in range(40):
        make_meeting(
            start_date=datetime.date(2023, 1, 1 + day % 28),
            participants=["A", "B", "C"],
            topics=["economic-security"],
            minerals=["gallium"],
        )
    for path in (CSV, CALENDAR):
        with django_assert_max_num_queries(counts[path]):
            streamed(client.get(path))


def test_exports_set_no_cookies(client, meetings):
    for path in (CSV, CALENDAR):
        response = client.get(path)
        streamed(response)
        assert not response.cookies


# --- Sitemap and robots.txt ----------------------------------------------------------------------


def sitemap_urls(client, path) -> dict[str, str | None]:
    response = client.get(path)
    assert response.status_code == 200, path
    root = ET.fromstring(response.content)
    return {
        element.find("s:loc", SITEMAP_NS).text: getattr(
            element.find("s:lastmod", SITEMAP_NS), "text", None
        )
        for element in root
    }


def test_sitemap_lists_every_public_record_with_lastmod(client, meetings):
    saito = meetings["summit"].participants.get(order=0).person
    make_agreement(meetings["summit"], slug="outcome")
    make_agreement(meetings["draft"], slug="draft-outcome")
    # An organization is public once a published meeting reaches it (here: as a release's issuer).
    make_document(meetings["summit"], issuer=make_organization(slug="meti", name="METI"))
    make_organization(slug="unreached", name="Unreached Agency")
    index = sitemap_urls(client, "/sitemap.xml")
    sections = {}
    for location in index:
        sections.update(sitemap_urls(client, location.removeprefix("http://testserver")))
    expected = {
        "/meetings/two-day-summit/",
        "/meetings/one-day-call/",
        f"/people/{saito.slug}/",
        "/agreements/outcome/",
        "/countries/jp/",
        "/countries/us/",
        "/countries/jp/us/",
        "/minerals/gallium/",
        "/topics/critical-minerals/",
        "/organizations/meti/",
    }
    found = {url.removeprefix("http://testserver"): lastmod for url, lastmod in sections.items()}
    assert expected <= set(found)
    for path in expected:
        assert found[path], f"{path} has no lastmod"
    assert "/meetings/draft-only/" not in found
    assert "/agreements/draft-outcome/" not in found
    assert "/countries/fr/" not in found  # no meetings, nothing to crawl
    assert "/organizations/unreached/" not in found
    summit_lastmod = found["/meetings/two-day-summit/"]
    assert summit_lastmod.startswith(meetings["summit"].updated_at.date().isoformat())


def test_sitemap_query_count_does_not_grow(client, db, django_assert_max_num_queries):
    for day in range(3):
        make_meeting(start_date=datetime.date(2024, 1, 1 + day), participants=[make_person()])
    # The index asks each of its 10 sections for its size and latest change: 2 queries each.
    with django_assert_max_num_queries(30) as few:
        client.get("/sitemap.xml")
        client.get("/sitemap-meetings.xml")
        client.get("/sitemap-people.xml")
    for day in range(30):
        make_meeting(start_date=datetime.date(2023, 1, 1 + day % 28), participants=[make_person()])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/sitemap.xml")
        client.get("/sitemap-meetings.xml")
        client.get("/sitemap-people.xml")


def test_robots_keeps_crawlers_out_of_filters_and_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/meetings/?", "/meetings/feed/?", "/meetings/export.csv"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # records stay open to crawlers
    assert not response.cookies


# --- The "Data and reuse" page ---------------------------------------------------------------------


def test_data_page_links_every_format_and_says_how_to_cite(
    client, meetings, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get("/data/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "creativecommons.org/licenses/by/4.0/" in html and "MIT" in html
    for path in (
        "/meetings/feed/?",
        "/meetings/calendar.ics?",
        "/meetings/export.csv?",
        "/api/meetings/?",
        "/api/docs/",
        "/api/schema/",
        "/sitemap.xml",
    ):
        assert path in html, path
    assert "Two-day summit" in html  # the citation example uses a real record
    assert not response.cookies
