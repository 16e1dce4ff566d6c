"""Open data under trouble: a search with only excluded words, and a database that cannot be reached.

Every streamed format (CSV, calendar) decides its status before its first byte, so a failure is a
clear status rather than a cut-off file; the feed and the API answer 503 like the pages, the API in
JSON. Run on both databases (the excluded-words fault was PostgreSQL's).
"""

from __future__ import annotations

import csv
import datetime
import io

import pytest

from tests.factories import make_meeting
from tests.test_operations import database_unreachable

pytestmark = pytest.mark.django_db

CSV = "/meetings/export.csv"
CALENDAR = "/meetings/calendar.ics"
FEED = "/meetings/feed/"
API = "/api/meetings/"
HTML_LIST = "/meetings/"


def body_of(response) -> bytes:
    """The whole body, as a client would read it (a streamed body is read to its end)."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def japan_and_korea(db):
    return {
        "japan": make_meeting(
            slug="japan-chile", title="Japan and Chile", countries=("JP", "CL"),
            start_date=datetime.date(2024, 5, 1),
        ),
        "korea": make_meeting(
            slug="korea-chile", title="Korea and Chile", countries=("KR", "CL"),
            start_date=datetime.date(2024, 6, 1),
        ),
        "older": make_meeting(
            slug="korea-chile-older", title="Korea and Chile again", countries=("KR", "CL"),
            start_date=datetime.date(2023, 6, 1),
        ),
    }  # fmt: skip


# --- A search of excluded words only -----------------------------------------------------------


EXCLUDED_ONLY = "q=-japan"
EXPECTED = ["korea-chile", "korea-chile-older"]  # newest first: nothing to rank by


def test_csv_of_a_search_with_only_excluded_words(client, japan_and_korea):
    response = client.get(f"{CSV}?{EXCLUDED_ONLY}")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(body_of(response).decode())))
    assert [row["slug"] for row in rows] == EXPECTED


def test_calendar_of_a_search_with_only_excluded_words(client, japan_and_korea):
    response = client.get(f"{CALENDAR}?{EXCLUDED_ONLY}")
    assert response.status_code == 200
    body = body_of(response).decode()
    assert body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 2
    assert "Japan and Chile" not in body


@pytest.mark.parametrize("path", [FEED, API, HTML_LIST])
def test_other_lists_of_a_search_with_only_excluded_words(client, japan_and_korea, path):
    response = client.get(f"{path}?{EXCLUDED_ONLY}")
    assert response.status_code == 200
    body = body_of(response).decode()
    assert "korea-chile-older" in body and "japan-chile" not in body


def test_api_orders_a_search_with_only_excluded_words_newest_first(client, japan_and_korea):
    results = client.get(f"{API}?{EXCLUDED_ONLY}").json()["results"]
    assert [meeting["slug"] for meeting in results] == EXPECTED


# --- The database cannot be reached ------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [CSV, f"{CSV}?country=JP", f"{CSV}?q=gallium", CALENDAR, f"{CALENDAR}?q=-japan", FEED],
)
def test_streamed_formats_answer_a_friendly_503_without_the_database(client, path):
    with database_unreachable():
        response = client.get(path)
        body = body_of(response).decode()  # read in full: no error half-way through
    assert response.status_code == 503, body[:200]
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"].startswith("text/html")
    assert "temporarily unavailable" in body
    assert "BEGIN:VCALENDAR" not in body and "slug,title" not in body


@pytest.mark.parametrize(
    "path",
    [API, f"{API}?country=JP", f"{API}?q=-japan", f"{API}some-meeting/", "/api/people/"],
)
def test_api_answers_a_json_503_without_the_database(client, path):
    with database_unreachable():
        response = client.get(path)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    detail = response.json()["detail"]
    assert "temporarily unavailable" in detail


def test_schema_documents_the_apis_503(client):
    schema = client.get("/api/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            response = operation["responses"]["503"]
            assert "Retry-After" in response["description"], (path, method)
            content = response["content"]["application/json"]["schema"]
            assert content == {"$ref": "#/components/schemas/Unavailable"}, (path, method)
    assert schema["components"]["schemas"]["Unavailable"]["required"] == ["detail"]
