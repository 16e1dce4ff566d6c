"""The public archive in a real browser: filter through the form, reach the seed meeting, and no
serious or critical accessibility violations on the main pages (axe-core)."""

import re

import pytest
from django.core.management import call_command

from meetings.models import Meeting, Participant
from tests.browser.conftest import axe_serious_violations

pytestmark = [pytest.mark.browser]


@pytest.fixture
def archive(transactional_db, reference_data):
    call_command("load_archive", verbosity=0)
    seed = Meeting.objects.published().get(start_date="2024-06-26", series__acronym="JUCIP")
    return seed


def filter_to_japan_us_2024_gallium(page):
    page.get_by_label("Japan", exact=False).first.check()
    page.get_by_role("checkbox", name=re.compile(r"^U\.S\.")).check()
    page.select_option("#filter-year", "2024")
    page.get_by_role("checkbox", name=re.compile(r"^gallium")).check()
    page.get_by_role("button", name="Apply filters").click()


def test_filter_the_list_through_the_form_and_reach_the_seed_meeting(live_server, page, archive):
    page.goto(f"{live_server.url}/meetings/")
    filter_to_japan_us_2024_gallium(page)
    page.wait_for_url(re.compile(r"/meetings/\?"))
    query = page.url.split("?", 1)[1]
    for pair in ("country=JP", "country=US", "year=2024", "mineral=gallium"):
        assert pair in query, page.url
    chips = page.locator(".chip").all_inner_texts()
    assert any("Japan" in chip for chip in chips) and any("gallium" in chip for chip in chips)
    page.get_by_role("link", name=archive.title).click()
    page.wait_for_url(f"**{archive.get_absolute_url()}")
    assert page.locator("h1").inner_text() == archive.title
    head = Participant.objects.filter(meeting=archive, person__isnull=False).first()
    assert head.person.name in page.locator("#participants-title + .delegations").inner_text()


def test_on_a_phone_the_filters_open_with_one_tap(live_server, phone_page, archive):
    phone_page.goto(f"{live_server.url}/meetings/")
    filters = phone_page.locator("#filters")
    assert not filters.is_visible()  # folded away so the results come first
    phone_page.get_by_text("Filter meetings").click()
    assert filters.is_visible()
    filter_to_japan_us_2024_gallium(phone_page)
    phone_page.get_by_role("link", name=archive.title).click()
    assert phone_page.locator("h1").inner_text() == archive.title


def test_no_serious_accessibility_violations_on_the_main_pages(live_server, page, archive):
    person = Participant.objects.filter(meeting=archive, person__isnull=False).first().person
    paths = [
        "/",
        "/meetings/",
        "/meetings/?country=JP&country=US&year=2024&mineral=gallium",
        "/meetings/?country=XX",
        archive.get_absolute_url(),
        person.get_absolute_url(),
        "/countries/jp/us/",
        "/minerals/gallium/",
        "/about/",
        "/ja/about/",
    ]
    found = {}
    for path in paths:
        page.goto(live_server.url + path)
        violations = axe_serious_violations(page)
        if violations:
            found[path] = [
                (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3])
                for v in violations
            ]
    assert not found, found


def test_keyboard_focus_is_visible(live_server, page, archive):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline == "solid"
    assert skip.bounding_box()["y"] >= 0  # moved on screen when focused


def test_json_ld_is_read_and_breaks_no_csp_rule(live_server, page, archive):
    csp_reports = []
    page.on("console", lambda message: csp_reports.append(message.text))
    page.goto(live_server.url + archive.get_absolute_url())
    data = page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
    )
    assert data["@type"] == "Event"
    assert data["name"] == archive.title
    assert not [text for text in csp_reports if "Content Security Policy" in text], csp_reports


def test_the_about_page_on_a_phone_scrolls_only_its_wide_table(live_server, phone_page, archive):
    phone_page.goto(f"{live_server.url}/about/")
    table = phone_page.get_by_role("table", name="Published meetings per year and counterpart")
    assert table.is_visible()
    # The page itself does not scroll sideways; the table's region may, with the names held.
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    region = phone_page.locator(".table-scroll")
    name = table.locator("tbody th").first
    before = name.bounding_box()["x"]
    region.evaluate("element => { element.scrollLeft = element.scrollWidth; }")
    assert abs(name.bounding_box()["x"] - before) < 1
    assert phone_page.get_by_role("link", name="About the archive: scope, sources, corrections")
