"""/ja/ pages: result cards in Japanese where the record has it (English marked lang="en"
otherwise), offices and cities kept in English but marked as English, the /ja/ pages in the
sitemap, and query counts that stay those of the English pages."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.contenttypes.models import ContentType

from meetings.models import Agreement, Meeting
from tests.factories import make_meeting, make_membership, make_person
from tests.test_queries import PAGES, GrowingArchive, queries_for

pytestmark = pytest.mark.django_db

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def card_of(html: str, title: str) -> str:
    start = html.index(title)
    return html[html.rindex('<article class="card">', 0, start) : html.index("</article>", start)]


@pytest.fixture
def two_meetings():
    translated = make_meeting(
        title="Gallium Talks in Tokyo",
        title_ja="東京でのガリウム協議",
        slug="translated",
        city="Tokyo",
        summary="The ministers discussed gallium supply chains.",
        summary_ja="両大臣はガリウムのサプライチェーンについて議論した。",
        start_date=datetime.date(2024, 5, 1),
    )
    english_only = make_meeting(
        title="Germanium Talks in Washington",
        slug="english-only",
        city="Washington, D.C.",
        summary="The ministers discussed germanium export controls.",
        start_date=datetime.date(2024, 4, 1),
    )
    return translated, english_only


def test_ja_cards_show_the_japanese_summary_else_the_english_one_marked_english(
    client, two_meetings
):
    html = client.get("/ja/meetings/").content.decode()
    translated = card_of(html, "東京でのガリウム協議")
    assert '<p class="card__summary">両大臣はガリウム' in translated
    assert "discussed gallium" not in translated
    english = card_of(html, "Germanium Talks in Washington")
    assert '<p class="card__summary" lang="en">The ministers discussed germanium' in english
    # English pages are as before: no lang marks on English text.
    html = client.get("/meetings/").content.decode()
    assert '<p class="card__summary">The ministers discussed gallium' in html
    assert 'lang="en"' not in card_of(html, "Germanium Talks in Washington")


def test_ja_snippets_come_from_the_japanese_summary_when_there_is_one(client, two_meetings):
    html = client.get("/ja/meetings/", {"q": "ガリウム"}).content.decode()
    card = card_of(html, "東京でのガリウム協議")
    assert re.search(r'<p class="card__snippet">[^<]*<mark>ガリウム</mark>', card)
    # An English query on /ja/ whose only match is English text: the snippet is marked English.
    html = client.get("/ja/meetings/", {"q": "germanium"}).content.decode()
    card = card_of(html, "Germanium Talks in Washington")
    assert '<p class="card__snippet" lang="en">' in card
    # On the English list the English summary is the snippet, as before.
    html = client.get("/meetings/", {"q": "gallium"}).content.decode()
    assert '<p class="card__snippet">The ministers discussed <mark>gallium</mark>' in html


def test_offices_and_cities_are_shown_as_stored_and_marked_english_on_ja_pages(
    client, two_meetings
):
    translated, _ = two_meetings
    minister = make_person("Ken Saito", slug="ken-saito", country_id="JP", native_name="齋藤健")
    make_membership(minister, "Minister of Economy, Trade and Industry", datetime.date(2024, 1, 1))
    translated.participants.create(person=minister, country_id="JP", order=0)
    html = client.get("/ja/meetings/translated/").content.decode()
    assert '<span lang="en">Tokyo</span>' in html
    assert (
        '<span class="participant__title"><span lang="en">Minister of Economy, Trade and Industry'
        "</span></span>" in html
    )
    person = client.get("/ja/people/ken-saito/").content.decode()
    assert '<span lang="en">Minister of Economy, Trade and Industry</span>' in person
    cards = client.get("/ja/meetings/").content.decode()
    assert '<span lang="en">Washington, D.C.</span>' in card_of(cards, "Germanium Talks")
    english = client.get("/meetings/translated/").content.decode()
    assert '<span lang="en">' not in english
    assert '<span class="participant__title">Minister of Economy, Trade and Industry' in english


def test_the_sitemap_gives_every_page_its_japanese_version(client, two_meetings):
    root = ET.fromstring(client.get("/sitemap-meetings.xml").content)
    urls = root.findall("s:url", SITEMAP)
    assert len(urls) == Meeting.objects.count()
    for url in urls:
        location = url.find("s:loc", SITEMAP).text
        assert "/ja/" not in location
        alternates = {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP)
        }
        path = location.removeprefix("http://testserver")
        assert alternates == {
            "en": location,
            "ja": "http://testserver/ja" + path,
            "x-default": location,
        }
        assert client.get("/ja" + path).status_code == 200
    pages = ET.fromstring(client.get("/sitemap-pages.xml").content)
    hrefs = {link.get("href") for link in pages.iter("{http://www.w3.org/1999/xhtml}link")}
    assert {"http://testserver/ja/meetings/", "http://testserver/ja/data/"} <= hrefs


def test_the_sitemap_query_count_does_not_grow_with_its_japanese_alternates(
    client, django_assert_max_num_queries
):
    archive = GrowingArchive()
    archive.grow_to(2)
    client.get("/sitemap-meetings.xml")
    with django_assert_max_num_queries(3) as few:
        client.get("/sitemap-meetings.xml")
    archive.grow_to(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/sitemap-meetings.xml")


# /ja/ path → the most queries it may make: the English page's pin, plus, on the list, the Japanese
# names of the filter form's and facets' records (measured before the cards changed: the Japanese
# summaries and snippets add none).
JA_PAGES = {
    "/ja/meetings/": PAGES["/meetings/"] + 4,
    "/ja/meetings/?q=gallium": PAGES["/meetings/?q=gallium"] + 4,
    "/ja/meetings/first-meeting/": PAGES["/meetings/first-meeting/"],
    "/ja/people/ken-saito/": PAGES["/people/ken-saito/"],
}


def test_ja_pages_make_no_query_per_row_and_stay_pinned(client):
    archive = GrowingArchive()
    archive.grow_to(3)
    Meeting.objects.update(summary_ja="ガリウムに関する協議。")
    ContentType.objects.get_for_models(Meeting, Agreement)
    small = {path: queries_for(client, path) for path in JA_PAGES}
    archive.grow_to(12)
    Meeting.objects.filter(summary_ja="").update(summary_ja="ガリウムに関する協議。")
    large = {path: queries_for(client, path) for path in JA_PAGES}
    assert small == large
    assert {path: count for path, count in large.items() if count > JA_PAGES[path]} == {}
    html = client.get("/ja/meetings/").content.decode()
    assert '<p class="card__summary">ガリウムに関する協議。</p>' in html
