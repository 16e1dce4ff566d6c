"""Issue 15 in a real browser: /explore/, the API docs and a record pass axe at desktop and phone
widths; the list's form sends only what is filled; the copy buttons appear with JavaScript."""

import re

import pytest
from django.core.management import call_command

from meetings.models import Meeting
from tests.browser.conftest import axe_serious_violations

pytestmark = [pytest.mark.browser]


@pytest.fixture
def archive(transactional_db, reference_data):
    call_command("load_archive", verbosity=0)
    return Meeting.objects.published().get(start_date="2024-06-26", series__acronym="JUCIP")


def violations_on(page, base, paths) -> dict:
    found = {}
    for path in paths:
        page.goto(base + path)
        if path.startswith("/api/docs/"):
            page.wait_for_selector(".opblock-summary-control")  # the explorer is mounted
        violations = axe_serious_violations(page)
        if violations:
            found[path] = [
                (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3])
                for v in violations
            ]
    return found


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_explore_api_docs_and_a_record_have_no_serious_axe_violations(
    live_server, page, phone_page, archive, width
):
    tab = page if width == "desktop" else phone_page
    paths = [
        "/explore/",
        "/explore/?country=JP&country=US",
        "/api/docs/",
        archive.get_absolute_url(),
    ]
    assert violations_on(tab, live_server.url, paths) == {}


def test_api_docs_with_an_operation_open_has_no_serious_axe_violations(live_server, page, archive):
    page.goto(live_server.url + "/api/docs/")
    page.locator(".opblock-summary-control").first.click()
    page.wait_for_selector("button.execute")  # "Try it out" is on from the start
    page.locator("button.execute").first.click()  # the response and its code sample too
    # The response's code sample, highlighted and made focusable by api-docs.js.
    page.wait_for_selector(".live-responses-table .microlight[tabindex='0']")
    page.wait_for_timeout(500)  # the highlighter colours the sample after it is inserted
    assert axe_serious_violations(page) == []


def test_the_list_form_sends_only_what_is_filled(live_server, page, archive):
    page.goto(f"{live_server.url}/meetings/")
    page.get_by_role("checkbox", name=re.compile(r"^U\.S\.")).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"/meetings/\?"))
    assert page.url.split("?", 1)[1] == "country=US"
    # Back on the form, the empty fields work again.
    page.fill("#filter-q", "gallium")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"q=gallium"))
    assert sorted(page.url.split("?", 1)[1].split("&")) == ["country=US", "q=gallium"]


def test_explore_links_marks_to_the_list_and_the_record_offers_copy_buttons(
    live_server, page, archive
):
    page.goto(f"{live_server.url}/explore/?country=JP&country=US")
    assert page.locator("svg.chart__svg").count() == 6
    mark = page.locator("svg.years a").nth(1)
    year = int(re.search(r"year=(\d{4})", mark.get_attribute("href")).group(1))
    mark.click()
    page.wait_for_url(re.compile(rf"/meetings/\?.*year={year}"))
    from meetings.models import Meeting

    expected = (
        Meeting.objects.public()
        .filter(countries__code="JP")
        .filter(countries__code="US")
        .filter(start_date__year=year)
        .count()
    )
    title = page.locator("#results-title").inner_text()
    assert title.startswith(f"{expected} meeting"), (year, title)
    page.goto(live_server.url + archive.get_absolute_url())
    buttons = page.locator("button[data-copy]")
    assert buttons.count() == 2
    assert buttons.first.is_visible()
