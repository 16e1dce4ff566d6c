"""An editor pastes the seed release into the admin, creates the draft and sees it pre-filled."""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils.formats import localize_input

SEED = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "releases"
    / ("meti-jucip-4th-ministerial-2024-06-27.txt")
)
PASSWORD = "a-long-browser-test-password"


@pytest.mark.browser
def test_pasting_the_seed_release_creates_a_prefilled_draft(
    live_server, transactional_db, reference_data, page
):
    User.objects.create_superuser("chief-editor", "editor@example.org", PASSWORD)

    page.goto(f"{live_server.url}/admin/login/?next=/admin/meetings/meeting/")
    page.fill("#id_username", "chief-editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.get_by_role("link", name="Import a release").click()
    assert page.locator("h1").inner_text() == "Import a release"

    page.fill("#id_text", SEED.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Preview").click()
    assert page.locator("#preview-meeting-date").inner_text() == "2024-06-26"

    page.get_by_role("button", name="Create draft").click()
    page.wait_for_url("**/admin/meetings/meeting/*/change/")

    # The admin writes dates in the site's locale (en-gb: 26/06/2024).
    shown = page.input_value("#id_start_date")
    assert shown == localize_input(datetime.date(2024, 6, 26))
    assert page.input_value("#id_ordinal") == "4"
    assert "JUCIP" in page.locator("#id_series option:checked").inner_text()
    assert page.input_value("#id_city") == "Washington, D.C."
    minerals = page.locator("#id_minerals option:checked").all_inner_texts()
    assert sorted(minerals) == ["gallium", "germanium", "graphite"]
    names = [page.input_value(f"#id_participants-{n}-name") for n in range(2)]
    assert names == ["Ken Saito", "Gina Raimondo"]
    people = page.locator("select[id^=id_participants-][id$=-person] option:checked")
    # The inline's blank extra form and its template row have empty selects.
    linked = [text for text in people.all_inner_texts() if text.strip()]
    assert sorted(linked) == ["Gina Raimondo", "Ken Saito"]
    assert page.locator("#id_status").input_value() == "draft"
    assert "Draft created from the release" in page.locator(".messagelist").inner_text()
