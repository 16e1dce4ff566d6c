"""The public pages: URL contract, bad input, chips, empty states, JSON-LD, cookies, titles."""

import datetime
import json
import re

import pytest
from django.template.loader import render_to_string
from django.urls import resolve, reverse
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from meetings.models import Meeting, Participant
from tests.factories import (
    make_agreement,
    make_document,
    make_meeting,
    make_membership,
    make_organization,
    make_person,
    make_series,
)

pytestmark = pytest.mark.django_db


def html(response) -> HTMLParser:
    return HTMLParser(response.content.decode())


def text_of(response) -> str:
    return " ".join(html(response).body.text().split())


@pytest.fixture
def archive():
    """A small archive: the 4th and 5th meetings of a series, a person, an agreement."""
    saito = make_person("Ken Saito", country_id="JP", slug="ken-saito")
    meti = make_organization(name="Ministry of Economy, Trade and Industry", slug="meti")
    make_membership(saito, "Minister of Economy, Trade and Industry", datetime.date(2023, 9, 13))
    series = make_series("Japan-U.S. Partnership", acronym="JUCIP")
    fourth = make_meeting(
        title="4th JUCIP Ministerial Meeting",
        slug="2024-06-26-4th-jucip",
        series=series,
        ordinal=4,
        start_date=datetime.date(2024, 6, 26),
        city="Washington, D.C.",
        venue_country_id="US",
        minerals=("gallium",),
        participants=[saito],
        summary="Ministers discussed gallium supply chains.",
    )
    fifth = make_meeting(
        title="5th JUCIP Ministerial Meeting",
        series=series,
        ordinal=5,
        start_date=datetime.date(2025, 3, 1),
    )
    make_document(fourth, issuer=meti, body="<p>Body <script>alert(1)</script></p>")
    agreement = make_agreement(fourth, title="Joint statement", slug="joint-statement")
    return {
        "saito": saito,
        "series": series,
        "fourth": fourth,
        "fifth": fifth,
        "meti": meti,
        "agreement": agreement,
    }


# --- the URL contract ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args", "path"),
    [
        ("meetings:home", [], "/"),
        ("meetings:list", [], "/meetings/"),
        ("meetings:detail", ["2024-06-26-4th-jucip"], "/meetings/2024-06-26-4th-jucip/"),
        ("meetings:people", [], "/people/"),
        ("meetings:person", ["ken-saito"], "/people/ken-saito/"),
        ("meetings:countries", [], "/countries/"),
        ("meetings:country", ["jp"], "/countries/jp/"),
        ("meetings:country_pair", ["jp", "us"], "/countries/jp/us/"),
        ("meetings:minerals", [], "/minerals/"),
        ("meetings:mineral", ["gallium"], "/minerals/gallium/"),
        ("meetings:topics", [], "/topics/"),
        ("meetings:topic", ["semiconductors"], "/topics/semiconductors/"),
        ("meetings:series_list", [], "/series/"),
        ("meetings:series", ["jucip"], "/series/jucip/"),
        ("meetings:agreements", [], "/agreements/"),
        ("meetings:agreement", ["joint-statement"], "/agreements/joint-statement/"),
        ("meetings:organization", ["meti"], "/organizations/meti/"),
    ],
)
def test_public_url_contract_both_ways(name, args, path):
    assert reverse(name, args=args) == path
    assert resolve(path).view_name == name


def test_open_data_paths_are_not_read_as_meeting_slugs():
    assert resolve("/meetings/feed/").view_name == "data:feed"


# --- the meeting list ---------------------------------------------------------------------------


def test_list_filters_and_counts(client, archive):
    make_meeting(title="Japan-Australia talks", countries=("JP", "AU"))
    response = client.get("/meetings/?country=jp&country=us&mineral=gallium")
    assert response.status_code == 200
    page = html(response)
    assert page.css_first(".results-count").text().split() == ["1", "meeting"]
    titles = [node.text() for node in page.css(".card__title a")]
    assert titles == ["4th JUCIP Ministerial Meeting"]


@pytest.mark.parametrize(
    ("query", "field_id", "message"),
    [
        ("country=XX", "filter-country-error", "Unknown country code “XX”"),
        ("date_after=2024-02-30", "filter-date-after-error", "YYYY-MM-DD"),
        ("year=abc", "filter-year-error", "four digits"),
        ("mineral=kryptonite", "filter-mineral-error", "Unknown mineral “kryptonite”"),
        ("topic=nothing-here", "filter-topic-error", "Unknown topic"),
        ("series=nope", "filter-series-error", "Unknown meeting series"),
        ("kind=party", "filter-kind-error", "Unknown kind of meeting"),
        ("sort=title", "sort-error", "Unknown sort"),
    ],
)
def test_invalid_filter_is_400_with_the_message_next_to_the_field(
    client, archive, query, field_id, message
):
    response = client.get(f"/meetings/?{query}")
    assert response.status_code == 400
    error = html(response).css_first(f"#{field_id}")
    assert error is not None, f"no error element #{field_id}"
    assert message in error.text()
    assert html(response).css_first(".error-summary") is not None


def test_invalid_date_points_its_input_at_the_message(client, archive):
    response = client.get("/meetings/?date_before=tomorrow")
    field = html(response).css_first("#filter-date-before")
    assert field.attributes["aria-invalid"] == "true"
    assert field.attributes["aria-describedby"] == "filter-date-before-error"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=abc", "is not a page number"),
        ("page=99999", "There is no page 99999"),
        ("page=0", "There is no page 0"),
        ("country=JP&page=-1", "There is no page -1"),
    ],
)
def test_bad_page_is_400_with_a_clear_message(client, archive, query, message):
    response = client.get(f"/meetings/?{query}")
    assert response.status_code == 400
    assert message in text_of(response)
    assert len(html(response).css("h1")) == 1


def test_bad_page_on_an_entity_page_is_400(client, archive):
    response = client.get("/countries/jp/?page=7")
    assert response.status_code == 400
    assert "There is no page 7" in text_of(response)


def test_pagination_keeps_the_filters(client):
    for day in range(1, 23):
        make_meeting(start_date=datetime.date(2024, 1, day))
    response = client.get("/meetings/?country=JP&year=2024")
    next_link = html(response).css_first(".pagination a[rel=next]")
    assert next_link.attributes["href"] == "?country=JP&year=2024&page=2"
    second = client.get("/meetings/" + next_link.attributes["href"])
    assert second.status_code == 200
    assert len(html(second).css(".card")) == 2


def test_chips_remove_one_value_and_keep_the_rest(client, archive):
    response = client.get("/meetings/?country=JP&country=US&mineral=gallium&page=1")
    chips = {
        " ".join(chip.text().split()): chip.attributes["href"]
        for chip in html(response).css(".chip")
    }
    japan = next(href for text, href in chips.items() if text.startswith("Country: Japan"))
    assert japan == "?country=US&mineral=gallium"
    assert chips["Clear all filters"] == "/meetings/"


def test_empty_result_suggests_which_filter_to_drop(client, archive):
    response = client.get("/meetings/?country=JP&country=US&year=2021")
    assert response.status_code == 200
    suggestions = html(response).css(".empty li")
    texts = [" ".join(node.text().split()) for node in suggestions]
    assert "Remove “Year” to see 2 meetings." in texts
    assert html(response).css_first(".empty li a").attributes["href"] == "?country=JP&country=US"


def test_search_shows_snippets_for_the_rows_shown(client, archive):
    response = client.get("/meetings/?q=gallium")
    assert response.status_code == 200
    assert html(response).css_first(".card__snippet") is not None
    assert html(response).css_first("#sort option[selected]").attributes["value"] == "relevance"


def test_list_links_to_the_same_query_as_data(client, archive):
    response = client.get("/meetings/?country=JP&country=US&year=2024&page=1&sort=date")
    page = html(response)
    alternate = page.css_first('link[rel=alternate][type="application/atom+xml"]')
    same_query = "country=JP&country=US&year=2024&sort=date"  # the page number left out
    assert alternate.attributes["href"] == f"/meetings/feed/?{same_query}"
    hrefs = {node.attributes["href"] for node in page.css(".data-links a")}
    assert hrefs == {
        f"/meetings/feed/?{same_query}",
        f"/meetings/calendar.ics?{same_query}",
        f"/meetings/export.csv?{same_query}",
        f"/api/meetings/?{same_query}",
    }


def test_form_has_labelled_controls_and_no_csrf_token(client, archive):
    page = html(client.get("/meetings/"))
    form = page.css_first("form#filters")
    assert form.attributes["method"] == "get"
    assert form.css_first("input[name=csrfmiddlewaretoken]") is None
    labelled = {node.attributes["for"] for node in page.css("label[for]")}
    for control in page.css("input:not([type=hidden]), select"):
        assert control.attributes["id"] in labelled, control.html


# --- cookies, CSP, JSON-LD ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/meetings/",
        "/meetings/?country=XX",
        "/meetings/2024-06-26-4th-jucip/",
        "/people/ken-saito/",
        "/countries/jp/us/",
        "/minerals/gallium/",
        "/no-such-page/",
    ],
)
def test_anonymous_pages_set_no_cookies(client, archive, path):
    response = client.get(path)
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers


def test_meeting_has_event_json_ld(client, archive):
    response = client.get("/meetings/2024-06-26-4th-jucip/")
    script = html(response).css_first('script[type="application/ld+json"]')
    data = json.loads(script.text())
    assert data["@type"] == "Event"
    assert data["startDate"] == "2024-06-26"
    assert data["location"]["address"]["addressCountry"] == "US"
    assert data["attendee"][0]["name"] == "Ken Saito"
    assert data["attendee"][0]["jobTitle"] == "Minister of Economy, Trade and Industry"


@pytest.mark.parametrize("path", ["/meetings/2024-06-26-4th-jucip/", "/people/ken-saito/", "/"])
def test_pages_carry_no_csp_nonce_so_they_can_be_cached(client, archive, path):
    # A nonce must never be reused, so the page cache skips any response whose policy has one.
    response = client.get(path)
    assert "'nonce-" not in response.headers["Content-Security-Policy"]


def test_json_ld_cannot_be_closed_by_archive_text(client):
    make_meeting(title="</script><script>alert(1)</script>", slug="tricky")
    response = client.get("/meetings/tricky/")
    assert "</script><script>alert(1)" not in response.content.decode()


def test_person_has_person_json_ld(client, archive):
    response = client.get("/people/ken-saito/")
    data = json.loads(html(response).css_first('script[type="application/ld+json"]').text())
    assert data["@type"] == "Person"
    assert data["jobTitle"] == "Minister of Economy, Trade and Industry"


def test_open_graph_tags(client, archive):
    page = html(client.get("/meetings/2024-06-26-4th-jucip/"))
    assert page.css_first('meta[property="og:title"]').attributes["content"] == (
        "4th JUCIP Ministerial Meeting"
    )
    assert page.css_first('meta[property="og:type"]').attributes["content"] == "article"


def test_no_inline_styles_or_inline_javascript(client, archive):
    for path in ["/", "/meetings/", "/meetings/2024-06-26-4th-jucip/", "/countries/jp/us/"]:
        page = html(client.get(path))
        assert page.css("[style]") == [], path
        for script in page.css("script"):  # external files, or JSON-LD data blocks
            assert script.attributes.get("src") or (
                script.attributes.get("type") == "application/ld+json"
            ), path


# --- the meeting record ---------------------------------------------------------------------------


def test_record_shows_series_navigation_and_sanitised_documents(client, archive):
    response = client.get("/meetings/2024-06-26-4th-jucip/")
    page = html(response)
    assert page.css_first(".series-nav a[rel=next]").attributes["href"] == (
        archive["fifth"].get_absolute_url()
    )
    assert page.css_first(".series-nav a[rel=prev]") is None
    assert "alert(1)" not in response.content.decode()
    assert "4th ministerial meeting of the" in text_of(response)
    assert "Cite this record" in text_of(response)


def test_participant_title_is_the_one_held_on_the_meeting_date(client):
    minister = make_person("Taro Example", country_id="JP")
    make_membership(
        minister,
        "Minister for Foreign Affairs",
        datetime.date(2019, 1, 1),
        datetime.date(2021, 12, 31),
    )
    make_membership(minister, "Prime Minister", datetime.date(2022, 1, 1))
    earlier = make_meeting(start_date=datetime.date(2020, 5, 5), participants=[minister])
    later = make_meeting(start_date=datetime.date(2024, 5, 5), participants=[minister])
    written = make_meeting(start_date=datetime.date(2024, 6, 6), participants=[minister])
    Participant.objects.filter(meeting=written).update(title="Acting Minister, as written")
    assert "Minister for Foreign Affairs" in text_of(client.get(earlier.get_absolute_url()))
    assert "Prime Minister" not in text_of(client.get(earlier.get_absolute_url()))
    assert "Prime Minister" in text_of(client.get(later.get_absolute_url()))
    assert "Acting Minister, as written" in text_of(client.get(written.get_absolute_url()))


@pytest.mark.parametrize(
    "path",
    [
        "/meetings/no-such-meeting/",
        "/people/nobody/",
        "/countries/xx/",
        "/countries/jp/xx/",
        "/minerals/kryptonite/",
        "/topics/nothing/",
        "/series/nothing/",
        "/agreements/nothing/",
        "/organizations/nothing/",
    ],
)
def test_unknown_records_are_404_with_the_custom_page(client, archive, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_drafts_and_withdrawn_meetings_are_not_public(client):
    draft = make_meeting(status=Meeting.Status.DRAFT, slug="draft-meeting")
    withdrawn = make_meeting(status=Meeting.Status.WITHDRAWN, slug="withdrawn-meeting")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(withdrawn.get_absolute_url()).status_code == 404
    assert draft.title not in text_of(client.get("/meetings/"))


def test_country_codes_in_any_case_redirect_to_lower_case(client, archive):
    response = client.get("/countries/JP/Us/")
    assert response.status_code == 301
    assert response.headers["Location"] == "/countries/jp/us/"


# --- entity pages ---------------------------------------------------------------------------------


def test_country_pair_timeline_series_and_last_meeting(client, archive):
    make_meeting(start_date=datetime.date(2022, 2, 2))
    response = client.get("/countries/jp/us/")
    page = html(response)
    years = [row.css_first("th").text().strip() for row in page.css(".timeline tbody tr")]
    assert years == ["2022", "2023", "2024", "2025"]  # empty 2023 kept: time reads as time
    counts = [row.css_first(".bar__count").text() for row in page.css(".timeline tbody tr")]
    assert counts == ["1", "0", "1", "1"]
    assert "5th JUCIP Ministerial Meeting" in page.css_first(".lede").text()
    assert "Japan-U.S. Partnership" in text_of(response)


def test_country_page_lists_counterparts_with_counts(client, archive):
    make_meeting(countries=("JP", "AU"), start_date=datetime.date(2020, 1, 1))
    page = html(client.get("/countries/jp/"))
    rows = [
        [cell.text().strip() for cell in row.css("th, td")]
        for row in page.css(".data-table tbody tr")
    ]
    assert rows[0][:2] == ["Japan × U.S.", "2"]
    assert rows[1][:2] == ["Japan × Australia", "1"]


def test_person_page_offices_and_counterparts(client, archive):
    raimondo = make_person("Gina Raimondo", country_id="US")
    Participant.objects.create(meeting=archive["fourth"], person=raimondo, order=1)
    colleague = make_person("Yoko Kamikawa", country_id="JP")
    Participant.objects.create(meeting=archive["fourth"], person=colleague, order=2)
    response = client.get("/people/ken-saito/")
    assert "Minister of Economy, Trade and Industry" in text_of(response)
    counterparts = html(response).css("#counterparts-title + ul li")
    assert len(counterparts) == 1, "a colleague from the same government is no counterpart"
    assert "Gina Raimondo" in counterparts[0].text()
    assert "1 meeting" in counterparts[0].text()


def test_mineral_page_lists_memberships_and_agreements(client, archive):
    archive["agreement"].minerals.set([archive["fourth"].minerals.get()])
    response = client.get("/minerals/gallium/")
    body = text_of(response)
    assert "Strategic (CRMA Annex I)" in body
    assert "Joint statement" in body


def test_footer_links_to_data_and_reuse(client):
    page = html(client.get("/"))
    assert page.css_first(f'footer a[href="{reverse("data:reuse")}"]').text() == "Data and reuse"


# --- error pages ----------------------------------------------------------------------------------


def test_500_page_renders_without_a_request():
    page = HTMLParser(render_to_string("500.html"))
    assert len(page.css("h1")) == 1
    assert page.css_first("html").attributes["lang"] == "en"


def test_400_page_renders_without_a_request():
    page = HTMLParser(render_to_string("400.html"))
    assert len(page.css("h1")) == 1


def test_every_page_has_lang_skip_link_and_one_h1(client, archive):
    for path in ["/", "/meetings/", "/people/", "/countries/", "/minerals/", "/topics/"]:
        response = client.get(path)
        page = html(response)
        assert page.css_first("html").attributes["lang"] == "en"
        assert page.css_first("a.skip-link").attributes["href"] == "#content"
        assert page.css_first("main#content") is not None
        assert len(page.css("h1")) == 1, path
        assert re.search(r"<title>[^<]+</title>", response.content.decode()), path


def test_public_pages_only_answer_reads(client, archive):
    assert client.post("/meetings/").status_code == 405
    assert client.head("/meetings/").status_code == 200


def test_a_selection_matching_nothing_stays_checked_in_the_form(client, archive):
    response = client.get("/meetings/?country=GB&country=CL&mineral=lithium&year=1999")
    assert response.status_code == 200
    page = html(response)
    checked = {
        (node.attributes["name"], node.attributes["value"])
        for node in page.css("#filters input[checked]")
    }
    assert {("country", "GB"), ("country", "CL"), ("mineral", "lithium")} <= checked
    assert page.css_first("#filter-year option[selected]").attributes["value"] == "1999"


def test_an_empty_archive_still_reads_well(client):
    for path in ["/", "/meetings/", "/people/", "/countries/", "/series/", "/agreements/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert len(html(response).css("h1")) == 1, path
    assert "No meetings are published yet." in text_of(client.get("/"))
    assert "0 meetings" in text_of(client.get("/meetings/"))


def test_data_links_carry_every_kind_of_filter(client, archive):
    query = (
        "date_after=2024-01-01&date_before=2024-12-31&kind=ministerial+meeting"
        "&person=ken-saito&q=gallium&topic=&sort=date"
    )
    # The empty topic is dropped by the redirect to the clean URL; the rest is carried.
    page = html(client.get(f"/meetings/?{query}", follow=True))
    csv_link = page.css_first(".data-links a[href^='/meetings/export.csv']").attributes["href"]
    assert csv_link == (
        "/meetings/export.csv?date_after=2024-01-01&date_before=2024-12-31"
        "&person=ken-saito&kind=ministerial+meeting&q=gallium&sort=date"
    )


def test_only_web_urls_become_links(client):
    meeting = make_meeting(sources=["https://example.org/a", "javascript:alert(1)"], slug="srcs")
    page = html(client.get(meeting.get_absolute_url()))
    links = [node.attributes["href"] for node in page.css(".sources a")]
    assert links == ["https://example.org/a"]
    assert "javascript:alert(1)" in page.css_first(".sources").text()  # shown as text


# --- Clean URLs (issue 15) ------------------------------------------------------------------------


def test_a_list_request_with_empty_parameters_redirects_to_the_url_without_them(client):
    response = client.get(
        "/meetings/?q=&year=&date_after=&date_before=&country=JP&country=&country=us&kind=&sort=date"
    )
    assert response.status_code in (301, 302)
    assert response["Location"] == "/meetings/?country=JP&country=us&sort=date"
    response = client.get("/meetings/?q=&year=")
    assert response.status_code in (301, 302)
    assert response["Location"] == "/meetings/"
    # A clean URL is served as it is.
    assert client.get("/meetings/?country=JP").status_code == 200


def test_print_leaves_out_navigation_and_related_cards_and_writes_out_source_addresses(
    client, settings
):
    """Issue 15: print kept the dark header and the related cards."""
    from pathlib import Path

    css = (Path(settings.BASE_DIR) / "static" / "css" / "archive.css").read_text()
    block = css[css.index("@media print") :]
    block = block[: block.index("\n}\n")]
    hidden = block[: block.index("{ display: none")]
    for selector in (".site-header", ".site-footer", ".related", ".filters", ".pagination"):
        assert selector in hidden, selector
    assert "attr(href)" in block
    meeting = make_meeting(title="Printed", countries=("JP", "US"))
    make_meeting(title="Kin", countries=("JP", "US"))
    page = html(client.get(meeting.get_absolute_url()))
    assert page.css_first("section.related") is not None
