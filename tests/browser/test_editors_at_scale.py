"""An editor pastes a release reporting three meetings: three drafts → the review queue → approve the
new people → publish each; the people the import created are 404 until approved."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User

from meetings.models import Agreement, Meeting, Person

PASSWORD = "a-long-browser-test-password"
URL = "https://www.meti.go.jp/english/press/2024/0308_001.html"
# A release reporting three bilateral meetings (the extractor's own fixture).
RELEASE = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "releases"
    / "multi"
    / "meti-hosts-three-ministers-tokyo-2024-03-08.txt"
)
COUNTERPARTS = ["Alexandre Silveira", "Raquel Buenrostro", "Jambaltseren Tserenpuntsag"]


@pytest.mark.browser
def test_three_meeting_release_to_published_records(
    live_server, transactional_db, reference_data, page
):
    User.objects.create_superuser("chief-editor", "editor@example.org", PASSWORD)
    base = live_server.url

    page.goto(f"{base}/admin/login/?next=/admin/meetings/meeting/")
    page.fill("#id_username", "chief-editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.get_by_role("link", name="Import a release").click()
    page.fill("#id_text", RELEASE.read_text(encoding="utf-8"))
    page.fill("#id_source_url", URL)
    page.get_by_role("button", name="Preview").click()

    # A table of three proposed meetings, each ticked.
    rows = page.locator("#proposed-meetings tbody tr")
    assert rows.count() == 3
    assert page.locator("#proposed-meetings input[name=meeting]:checked").count() == 3
    page.get_by_role("button", name="Create the ticked drafts").click()
    page.wait_for_url("**/admin/meetings/meeting/review/")
    assert "3 draft(s) created" in page.locator(".messagelist").inner_text()

    drafts = list(Meeting.objects.filter(status=Meeting.Status.DRAFT).order_by("pk"))
    assert len(drafts) == 3
    assert len({d.documents.get().pk for d in drafts}) == 1  # one release, one document
    created = list(Person.objects.filter(needs_review=True))
    assert {p.name for p in created} == {"Ken Saito", *COUNTERPARTS}
    agreements = list(Agreement.objects.filter(needs_review=True))  # the Mongolian MoC

    # Nothing is public yet: the drafts and the new people are 404.
    for person in created:
        assert page.goto(f"{base}{person.get_absolute_url()}").status == 404
    for draft in drafts:
        assert page.request.get(f"{base}{draft.get_absolute_url()}", max_redirects=0).ok

    # The queue lists them; the editor writes each summary (the change form), approves the people.
    for draft in drafts:
        page.goto(f"{base}/admin/meetings/meeting/{draft.pk}/change/")
        tools = page.locator(".object-tools").bounding_box()
        heading = page.locator("#content h2").first.bounding_box()
        assert tools["y"] >= heading["y"] + heading["height"] - 1  # no overlapping header
        page.fill("#id_summary", "They discussed supply chains and export controls.")
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_url("**/admin/meetings/meeting/")
    page.goto(f"{base}/admin/meetings/meeting/review/")
    for person in created:
        with page.expect_navigation():
            page.locator(f"#review-person-{person.pk}").get_by_role(
                "button", name="Approve"
            ).click()
    for agreement in agreements:
        row = page.locator(f"#review-agreement-{agreement.pk}")
        with page.expect_navigation():
            row.get_by_role("button", name="Approve").click()
    assert page.goto(f"{base}{agreements[0].get_absolute_url()}").status == 404  # draft meeting
    # Still 404: approved people appear once a meeting of theirs is published.
    assert page.goto(f"{base}{created[0].get_absolute_url()}").status == 404

    page.goto(f"{base}/admin/meetings/meeting/review/")
    for draft in drafts:
        row = page.locator(f"#review-meeting-{draft.pk}")
        assert "Ready to publish" in row.inner_text()
        with page.expect_navigation():
            row.get_by_role("button", name="Approve and publish").click()
        assert "Published" in page.locator(".messagelist").inner_text()
    assert Meeting.objects.filter(status=Meeting.Status.PUBLISHED).count() == 3

    # Public now, in a fresh (anonymous) context.
    anonymous = page.context.browser.new_context()
    public = anonymous.new_page()
    for draft in drafts:
        assert public.goto(f"{base}{draft.get_absolute_url()}").status == 200
    for person in created:
        assert public.goto(f"{base}{person.get_absolute_url()}").status == 200
    for agreement in agreements:
        assert public.goto(f"{base}{agreement.get_absolute_url()}").status == 200
    anonymous.close()
