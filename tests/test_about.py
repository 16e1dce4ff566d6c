"""/about/ and /api/coverage/: the scope in words and the coverage figures (meetings/coverage.py)."""

from __future__ import annotations

import datetime
import re
from urllib.parse import unquote

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from selectolax.lexbor import LexborHTMLParser

from meetings.coverage import compute_coverage, coverage_data
from meetings.models import Meeting, Organization, Participant
from tests.factories import add_source, make_document, make_meeting, make_organization, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_archive():
    """Six meetings whose every figure is known in advance (and one draft that must not count)."""
    meti = make_organization(name="METI", slug="meti-test", url="https://www.meti.go.jp/")
    commerce = make_organization(
        name="Commerce", slug="commerce-test", country_id="US", url="https://www.commerce.gov/"
    )
    commission = make_organization(
        name="European Commission",
        slug="ec-test",
        country_id="EU",
        kind=Organization.Kind.INTERNATIONAL,
    )
    iea = make_organization(
        name="International Energy Agency",
        slug="iea-test",
        country_id=None,
        kind=Organization.Kind.INTERNATIONAL,
    )
    official = "official release"
    # 1. Japan–U.S., 2023: official on both sides (METI's document, Commerce's readout).
    first = make_meeting(title="First", start_date=datetime.date(2023, 5, 1), sources=[])
    add_source(first, "https://www.commerce.gov/news/1", kind="readout", publisher=commerce)
    make_document(first, issuer=meti)
    # 2. Japan–EU, 2024, by video: news only; the Commissioner speaks for the EU, not as an
    #    international organisation.
    second = make_meeting(
        title="Second",
        countries=("JP", "EU"),
        start_date=datetime.date(2024, 2, 1),
        kind=Meeting.Kind.VIDEO,
        sources=["https://news.example.com/story"],
    )
    Participant.objects.create(
        meeting=second, person=make_person(), organization=commission, country_id="EU"
    )
    # 3. Japan–U.S., 2024, by telephone: no source at all.
    make_meeting(
        title="Third", start_date=datetime.date(2024, 3, 1), kind=Meeting.Kind.CALL, sources=[]
    )
    # 4. Japan and the IEA's head, 2024: official, published by METI.
    fourth = make_meeting(title="Fourth", countries=("JP",), start_date=datetime.date(2024, 4, 1))
    fourth.source_records.all().delete()
    add_source(fourth, "https://www.meti.go.jp/english/press/4", kind=official, publisher=meti)
    Participant.objects.create(meeting=fourth, person=make_person(), organization=iea)
    # 5. U.S.–EU, 2024 (Japan absent): both are counterparts; a copy only.
    make_meeting(
        title="Fifth",
        countries=("US", "EU"),
        start_date=datetime.date(2024, 5, 1),
        sources=["https://example.blogspot.com/copy"],
    )
    # 6. Japan–Chile, 2016, official with its publisher's country (none recorded: no issuer).
    sixth = make_meeting(
        title="Sixth", countries=("JP", "CL"), start_date=datetime.date(2016, 1, 1), sources=[]
    )
    add_source(sixth, "https://www.minmineria.gob.cl/x", kind=official)
    # A draft and a withdrawn meeting count nowhere.
    make_meeting(title="Draft", countries=("JP", "CN"), status=Meeting.Status.DRAFT)
    make_meeting(title="Gone", countries=("JP", "IN"), status=Meeting.Status.WITHDRAWN)


def test_the_figures_of_a_known_archive(small_archive):
    figures = compute_coverage()
    assert figures.meetings == 6
    assert figures.home.code == "JP"
    assert [(row.country.code, row.total) for row in figures.countries] == [
        ("US", 3),
        ("EU", 2),
        ("CL", 1),
    ]
    assert [(row.organization.slug, row.total) for row in figures.organizations] == [
        ("iea-test", 1)
    ]
    assert figures.years == [2016, 2023, 2024]
    assert figures.year_totals == [1, 1, 4]
    us = figures.countries[0]
    assert us.cells == [0, 1, 2]
    assert [
        (row.country.code if row.country else row.organization.slug, row.meetings)
        for row in figures.issuers
    ] == [("JP", 2), ("US", 1)]
    assert figures.no_issuer == 4
    assert (figures.with_official_source, figures.news_or_copies_only, figures.without_source) == (
        3,
        2,
        1,
    )
    assert figures.official_percent == 50
    assert {row.kind: row.meetings for row in figures.kinds} == {
        "ministerial meeting": 4,
        "video conference": 1,
        "call": 1,
    }


@pytest.mark.parametrize("path", ["/about/", "/ja/about/", "/api/coverage/"])
def test_seven_queries_with_international_organisations(
    client, small_archive, path, django_assert_max_num_queries
):
    # The six of tests/test_queries.py, and the organisations' names.
    with django_assert_max_num_queries(7):
        assert client.get(path).status_code == 200


def test_the_home_country_is_a_setting(small_archive, settings):
    settings.ARCHIVE_HOME_COUNTRY = "US"
    figures = compute_coverage()
    assert figures.home.code == "US"
    assert [row.country.code for row in figures.countries] == ["JP", "EU", "CL"]


def table_rows(table) -> list[list[str]]:
    return [
        [" ".join(cell.text().split()) for cell in row.css("th, td")] for row in table.css("tr")
    ]


def test_the_page_shows_the_figures_in_accessible_tables(client, small_archive):
    response = client.get("/about/")
    assert response.status_code == 200
    tree = LexborHTMLParser(response.content.decode())
    tables = tree.css("table")
    assert len(tables) == 4
    for table in tables:
        assert table.css_first("caption").text().strip()
        assert table.css("thead th[scope=col]")
        assert all(
            row.css_first("th[scope=row], th[scope=rowgroup]") for row in table.css("tbody tr")
        )
    per_year = table_rows(tables[0])
    assert per_year[0] == ["Counterpart", "2016", "2023", "2024", "Total"]
    assert per_year[1:4] == [
        ["U.S.", "0", "1", "2", "3"],
        ["EU", "0", "0", "2", "2"],
        ["Chile", "1", "0", "0", "1"],
    ]
    assert per_year[4] == ["International organisations"]
    assert per_year[5] == ["International Energy Agency", "0", "0", "1", "1"]
    assert per_year[-1] == ["All meetings", "1", "1", "4", "6"]
    assert table_rows(tables[1])[1:] == [["Japan", "2"], ["U.S.", "1"], ["No issuer recorded", "4"]]
    sources = table_rows(tables[2])
    assert [row[1:] for row in sources[1:]] == [["3", "50%"], ["2", "33%"], ["1", "17%"]]
    totals = " ".join(tree.css_first(".coverage__totals").text().split())
    assert "6 published meetings" in totals
    assert "3 counterpart governments" in totals
    assert "1 international organisation" in totals
    assert "50% with an official source (3)" in totals


def test_the_page_states_the_scope_and_how_to_report(client, settings):
    settings.ARCHIVE_CONTACT_EMAIL = "corrections@archive.test"
    html = " ".join(client.get("/about/").content.decode().split())
    for words in (
        "video conferences",
        "telephone talks",
        "heads of international organisations",
        "Summits of leaders",
        "Multilateral sessions",
        "Courtesy calls",
        "2016 to 2025",
        "review queue",
        "A second check",
        'href="mailto:corrections@archive.test"',
    ):
        assert words.casefold() in html.casefold(), words
    assert "No meetings are published yet." in html  # an empty archive: no tables


def test_the_japanese_page(client, small_archive):
    response = client.get("/ja/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "<h1>このアーカイブについて</h1>" in html
    assert "年別・相手別の公開中の会合数" in html
    assert "アメリカ合衆国" in html
    assert "About the archive" not in html


@pytest.mark.parametrize("path", ["/", "/meetings/", "/countries/", "/data/", "/ja/"])
def test_every_page_links_to_about_from_its_footer(client, path):
    tree = LexborHTMLParser(client.get(path).content.decode())
    target = "/ja/about/" if path.startswith("/ja/") else "/about/"
    assert tree.css_first(f'.site-footer a[href="{target}"]'), path


def test_the_home_page_links_to_about(client):
    tree = LexborHTMLParser(client.get("/").content.decode())
    assert tree.css_first('main a[href="/about/"]')


def test_a_record_links_to_the_editors_with_its_address(client, settings):
    settings.ARCHIVE_CONTACT_EMAIL = "corrections@archive.test"
    meeting = make_meeting(title="Reported", slug="reported")
    tree = LexborHTMLParser(client.get(meeting.get_absolute_url()).content.decode())
    link = tree.css_first(".report a[href^=mailto]").attributes["href"]
    assert link.startswith("mailto:corrections@archive.test?")
    assert "http://testserver/meetings/reported/" in unquote(link)


def test_the_api_gives_the_same_figures(client, small_archive):
    response = client.get("/api/coverage/")
    assert response.status_code == 200
    data = response.json()
    assert data == coverage_data(compute_coverage())
    assert data["meetings"] == 6
    assert data["counterpart_governments"] == 3
    assert data["international_organizations"] == 1
    assert data["with_official_source_share"] == 0.5
    assert data["counterparts"][0] == {
        "country": {"code": "US", "name": "United States"},
        "organization": None,
        "meetings": 3,
        "per_year": [{"year": 2023, "meetings": 1}, {"year": 2024, "meetings": 2}],
    }
    assert client.get("/api/coverage/?year=2024").status_code == 400
    assert "coverage" in client.get("/api/").json()


def test_the_schema_describes_the_coverage(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/coverage/"]["get"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    described = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]
    assert {
        "meetings",
        "counterpart_governments",
        "international_organizations",
        "per_year",
        "counterparts",
        "per_issuing_government",
        "with_official_source",
        "with_official_source_share",
        "news_or_copies_only",
        "per_kind",
    } <= set(described)


def test_the_sitemap_lists_the_page(client):
    assert "http://testserver/about/" in client.get("/sitemap-pages.xml").content.decode()


def test_the_figures_are_computed_once_per_write(
    client, small_archive, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.ARCHIVE_COMPUTED_CACHE_SECONDS = 600
    settings.ARCHIVE_CONTENT_STAMP = str(tmp_path / "content.stamp")
    cache.clear()
    try:
        client.get("/api/coverage/")
        with CaptureQueriesContext(connection) as again:
            assert client.get("/api/coverage/").json()["meetings"] == 6
        assert len(again) == 0
        with django_capture_on_commit_callbacks(execute=True):
            make_meeting(title="Seventh", countries=("JP", "IN"))
        data = client.get("/api/coverage/").json()
        assert data["meetings"] == 7
        assert re.search("IN", str(data["counterparts"]))
    finally:
        cache.clear()
