"""/explore/: the archive at a glance. Every number a chart shows is the count the list gives for
the filters its mark links to; the charts are SVG with a table and a CSV of the same numbers."""

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from meetings.explore import country_regions, region_of
from meetings.models import Meeting

pytestmark = pytest.mark.django_db

FILTERS = [
    "",
    "country=JP&country=US",
    "country=jp&mineral=gallium",
    "mineral=lithium&mineral=gallium",
    "year=2024",
    "date_after=2010-01-01&date_before=2023-12-31",
    "topic=critical-minerals&country=JP",
    "series=japan-eu-high-level-economic-dialogue",
]


def page(client, query=""):
    response = client.get(reverse("meetings:explore") + (f"?{query}" if query else ""))
    return response, HTMLParser(response.content.decode())


def list_count(client, url) -> int:
    """The number of meetings the list shows at `url` (its heading: "3 meetings")."""
    response = client.get(url)
    assert response.status_code == 200, url
    heading = HTMLParser(response.content.decode()).css_first("#results-title").text()
    return int(re.match(r"\s*(\d+) meeting", heading).group(1))


def test_explore_renders_svg_charts_and_tables(client, bundled_archive):
    for query in ("", "country=JP&country=US"):
        response, tree = page(client, query)
        assert response.status_code == 200
        svgs = tree.css("svg.chart__svg")
        assert len(svgs) == 6, query  # years (across, and down for phones), map, matrix, top two
        assert len(tree.css(".chart-table table")) == 5
        for section in tree.css(".chart-section"):
            link = section.css_first(".csv-link a")
            assert link.attributes["href"].startswith("/explore/")
        # Charts work without JavaScript: no script of their own.
        assert b"<script" not in response.content.split(b"</head>")[1]


@pytest.mark.parametrize("query", FILTERS)
def test_every_mark_counts_what_the_list_counts_for_its_link(client, bundled_archive, query):
    response, tree = page(client, query)
    assert response.status_code == 200
    marks = {}
    for link in tree.css("svg.chart__svg a"):
        href = link.attributes["href"]
        title = link.css_first("title").text()
        if href.startswith("/meetings/"):
            marks[href] = int(re.search(r": (\d+) meeting", title).group(1))
    for row in tree.css(".chart-table td a"):  # the tables' counts link to the list too
        href = row.attributes["href"]
        if href.startswith("/meetings/"):
            assert marks.setdefault(href, int(row.text())) == int(row.text()), href
    assert marks, query
    for href, count in marks.items():
        assert list_count(client, href) == count, (query, href)
    # The total is the list's for the same filters.
    total = int(re.match(r"\s*(\d+) meeting", tree.css_first(".lede").text()).group(1))
    assert list_count(client, reverse("meetings:list") + (f"?{query}" if query else "")) == total


def test_the_years_chart_shows_every_year_in_range_including_empty_ones(client, bundled_archive):
    _response, tree = page(client)
    rows = tree.css("#years-title ~ .chart-table tbody tr")
    years = [int(row.css_first("th").text()) for row in rows]
    assert years == list(range(2009, 2026))
    counts = {int(r.css_first("th").text()): r.css("td")[0].text() for r in rows}
    published = Meeting.objects.public()
    assert counts[2015] == "0"
    assert counts[2024] == str(published.filter(start_date__year=2024).count())
    # Stacked by the counterparts' region: every region Japan's counterparts are in, once.
    legend = [li.text().strip() for li in tree.css("#years-title ~ figure .legend li")]
    counterparts = set(published.values_list("countries__code", flat=True)) - {"JP", None}
    assert len(legend) == len(set(legend))
    # (a meeting with the head of an international organisation has no counterpart country)
    assert set(legend) - {"Several regions", "No counterpart recorded"} == {
        region_of(code) for code in counterparts
    }
    # A date filter sets the range, years without meetings included.
    _response, tree = page(client, "date_after=2005-01-01&date_before=2012-06-30")
    years = [
        int(r.css_first("th").text()) for r in tree.css("#years-title ~ .chart-table tbody tr")
    ]
    assert years == list(range(2005, 2013))


def test_map_colours_countries_by_count_and_links_each_to_its_page(client, bundled_archive):
    _response, tree = page(client)
    links = {
        a.attributes["href"]: a.css_first("use").attributes["class"] for a in tree.css("svg.map a")
    }
    assert links["/countries/jp/"] == "map-5"  # every meeting
    assert links["/countries/us/"].startswith("map-")
    assert "/countries/cl/" in links
    # Countries without meetings are drawn, uncoloured and unlinked.
    assert len(tree.css("svg.map > use.map-0")) > 150
    # The EU has no shape: it is named under the map.
    assert "EU" in tree.css_first("#map-title ~ figure figcaption").text()


def test_the_map_geometry_comes_from_the_package_without_styles(client):
    response = client.get(reverse("meetings:world_map"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    for code in ("jp", "us", "au", "cl", "kr", "fr"):
        assert f'<g id="{code}">' in svg
    assert "style=" not in svg and "<metadata" not in svg and 'id="aq"' not in svg


def test_minerals_matrix_is_counted_without_the_mineral_filter(client, bundled_archive):
    _response, tree = page(client, "mineral=gallium")
    rows = tree.css("#matrix-title ~ .chart-table tbody tr")
    assert [row.css_first("th").text() for row in rows] == ["gallium"]
    _response, tree = page(client)
    table = tree.css_first("#matrix-title ~ .chart-table table")
    header = [th.text() for th in table.css("thead th")]
    assert header[:3] == ["Mineral", "All", "U.S."]
    cells = {
        row.css_first("th").text(): [td.text() for td in row.css("td")]
        for row in table.css("tbody tr")
    }
    published = Meeting.objects.public()
    gallium = published.filter(minerals__slug="gallium")
    assert cells["gallium"][:2] == [
        str(gallium.count()),
        str(gallium.filter(countries__code="US").count()),
    ]
    lithium_chile = published.filter(minerals__slug="lithium").filter(countries__code="CL")
    assert cells["lithium"][header.index("Chile") - 1] == str(lithium_chile.count())


def test_csv_numbers_equal_the_tables(client, bundled_archive):
    query = "country=JP&country=US"
    response = client.get(reverse("meetings:explore_csv", args=["years"]) + f"?{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    published = Meeting.objects.public()
    japan_us = published.filter(countries__code="JP").filter(countries__code="US")
    expected = {}
    for date in japan_us.values_list("start_date", flat=True):
        expected[str(date.year)] = expected.get(str(date.year), 0) + 1
    assert {row["year"]: int(row["meetings"]) for row in rows if row["meetings"] != "0"} == expected
    assert all(int(row["Americas"]) == int(row["meetings"]) for row in rows)
    response = client.get(reverse("meetings:explore_csv", args=["countries"]))
    rows = {
        row["country_code"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))
    }
    japan = published.filter(countries__code="JP").count()
    assert rows["JP"]["meetings"] == str(japan) and rows["JP"]["is_focus"] == "True"
    united_states = published.filter(countries__code="US").count()
    assert rows["US"]["region"] == "Americas" and rows["US"]["meetings"] == str(united_states)
    response = client.get(reverse("meetings:explore_csv", args=["minerals"]))
    assert response.content.decode().splitlines()[0].startswith("mineral,all_meetings,")
    response = client.get(reverse("meetings:explore_csv", args=["series"]))
    assert "japan-us-commercial-and-industrial-partnership" in response.content.decode()
    assert client.get("/explore/nothing.csv").status_code == 404


def test_an_invalid_filter_is_a_400_that_says_why(client, bundled_archive):
    response, tree = page(client, "country=ZZ")
    assert response.status_code == 400
    assert "Unknown country code" in tree.css_first(".error-summary").text()
    response = client.get(reverse("meetings:explore_csv", args=["years"]) + "?year=abc")
    assert response.status_code == 400


def test_no_meeting_matches_says_so(client, bundled_archive):
    response, tree = page(client, "country=AQ")  # no meeting with Antarctica
    assert response.status_code == 200
    assert "No meeting matches" in tree.css_first(".empty").text()


def test_the_list_links_to_explore_with_its_filters(client, bundled_archive):
    response = client.get(reverse("meetings:list") + "?country=jp&country=us&year=2024")
    tree = HTMLParser(response.content.decode())
    href = tree.css_first(".explore-link a").attributes["href"]
    assert urlsplit(href).path == reverse("meetings:explore")
    assert parse_qs(urlsplit(href).query) == {"country": ["JP", "US"], "year": ["2024"]}


def test_every_country_has_an_m49_region():
    from django_countries.data import COUNTRIES

    regions = country_regions()
    assert set(COUNTRIES) | {"EU"} <= set(regions)
    assert region_of("JP") == "Asia" and region_of("US") == "Americas"
    assert region_of("EU") == "Europe" and region_of("GB") == "Europe"
    assert region_of("AU") == "Oceania" and region_of("CL") == "Americas"
