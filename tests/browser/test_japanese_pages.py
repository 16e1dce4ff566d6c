"""The Japanese archive (/ja/) in a real browser with Debian's Noto CJK fonts: no serious or
critical accessibility violations, Japanese glyphs drawn (not boxes), filtering through the
Japanese form to the seed meeting, and the language switch."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from meetings.models import Meeting
from tests.browser.conftest import axe_serious_violations

pytestmark = [pytest.mark.browser]

NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


@pytest.fixture
def archive(transactional_db, reference_data):
    call_command("load_archive", verbosity=0)
    return Meeting.objects.published().get(start_date="2024-06-26", series__acronym="JUCIP")


JAPANESE_PAGES = [
    "/ja/",
    "/ja/meetings/",
    "/ja/meetings/?country=JP&country=US&year=2024&mineral=gallium",
    "/ja/meetings/?q=経済安全保障",
    "/ja/meetings/?country=XX",
    "/ja/meetings/2024-06-26-4th-jucip-ministerial-meeting/",
    "/ja/people/ken-saito/",
    "/ja/countries/jp/us/",
    "/ja/minerals/gallium/",
    "/ja/topics/economic-security/",
    "/ja/series/japan-us-commercial-and-industrial-partnership/",
    "/ja/agreements/2024-06-26-jucip-4th-ministerial-joint-press-release/",
    "/ja/data/",
    "/ja/explore/",
    "/ja/explore/?country=JP&country=US",
]


def test_no_serious_accessibility_violations_on_the_japanese_pages(live_server, page, archive):
    found = {}
    for path in JAPANESE_PAGES:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == "ja", path
        violations = axe_serious_violations(page)
        if violations:
            found[path] = [
                (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3])
                for v in violations
            ]
    assert not found, found


def test_japanese_is_drawn_with_a_cjk_font(live_server, page, archive):
    """With fonts-noto-cjk installed, kanji are drawn as glyphs: a CJK font is used for the
    heading (chromium reports the platform fonts it drew a node's text with)."""
    assert NOTO_CJK.exists(), "Debian's fonts-noto-cjk is needed: apt-get install fonts-noto-cjk"
    page.goto(f"{live_server.url}/ja{archive.get_absolute_url()}")
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    heading = session.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": heading})["fonts"]
    families = {font["familyName"] for font in fonts}
    assert any("CJK" in family or "JP" in family for family in families), families
    assert page.locator("h1").inner_text() == archive.title_ja


def test_filter_the_japanese_list_and_reach_the_seed_meeting(live_server, page, archive):
    page.goto(f"{live_server.url}/ja/meetings/")
    page.get_by_role("checkbox", name=re.compile(r"^日本")).check()
    page.get_by_role("checkbox", name=re.compile(r"^アメリカ合衆国")).check()
    page.select_option("#filter-year", "2024")
    page.get_by_role("checkbox", name=re.compile(r"^ガリウム")).check()
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_url(re.compile(r"/ja/meetings/\?"))
    chips = page.locator(".chip").all_inner_texts()
    assert any("ガリウム" in chip for chip in chips), chips
    page.get_by_role("link", name=archive.title_ja).click()
    page.wait_for_url(f"**/ja{archive.get_absolute_url()}")
    assert page.locator("h1").inner_text() == archive.title_ja
    # The switch leads to the same record in English.
    page.get_by_role("link", name="English", exact=True).click()
    page.wait_for_url(f"**{archive.get_absolute_url()}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == archive.title
