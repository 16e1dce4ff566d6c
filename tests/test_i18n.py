"""The Japanese archive under /ja/: language from the path, switch, hreflang, dates, cache."""

import datetime
import re
import subprocess
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from meetings.models import (
    Agreement,
    Country,
    CriticalMineral,
    Meeting,
    MeetingSeries,
    Organization,
    Topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(bundled_archive):
    return Meeting.objects.public().get(slug__startswith="2024-06-26")


def test_english_urls_unchanged(client):
    assert reverse("meetings:list") == "/meetings/"
    assert reverse("data:reuse") == "/data/"
    response = client.get("/meetings/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert response["Content-Language"] == "en"


def test_accept_language_does_not_change_english_pages(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_japanese_home_and_switch(client):
    response = client.get("/ja/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert response["Content-Language"] == "ja"
    # Links stay in Japanese; the switch leads to the same page in English and back.
    assert 'href="/ja/meetings/"' in html
    assert 'href="/" hreflang="en"' in html
    english = client.get("/").content.decode()
    assert 'href="/ja/" hreflang="ja"' in english


def test_hreflang_alternates_both_ways(client):
    for path in ("/meetings/?q=x", "/ja/meetings/?q=x"):
        html = client.get(path).content.decode()
        assert '<link rel="alternate" hreflang="en" href="http://testserver/meetings/?q=x">' in html
        assert (
            '<link rel="alternate" hreflang="ja" href="http://testserver/ja/meetings/?q=x">' in html
        )


def test_reverse_follows_active_language():
    with translation.override("ja"):
        assert reverse("meetings:list") == "/ja/meetings/"
    assert reverse("meetings:list") == "/meetings/"


def test_japanese_dates(client, seed):
    html = client.get(f"/ja{seed.get_absolute_url()}").content.decode()
    assert "2024年6月26日" in html
    english = client.get(seed.get_absolute_url()).content.decode()
    assert "26 June 2024" in english and "2024年6月26日" not in english


def test_date_range_in_japanese():
    from meetings.templatetags.archive import date_range

    d = datetime.date
    with translation.override("ja"):
        assert date_range(d(2024, 6, 26)) == "2024年6月26日"
        assert date_range(d(2024, 6, 26), d(2024, 6, 27)) == "2024年6月26日～27日"
        assert date_range(d(2024, 6, 30), d(2024, 7, 1)) == "2024年6月30日～7月1日"
    assert date_range(d(2024, 6, 26), d(2024, 6, 27)) == "26–27 June 2024"


def test_japanese_404(client):
    response = client.get("/ja/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="ja">' in response.content.decode()


@override_settings(
    ARCHIVE_PAGE_CACHE_SECONDS=60,
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
)
def test_page_cache_keeps_languages_apart(client):
    cache.clear()
    english = client.get("/meetings/")
    japanese = client.get("/ja/meetings/")
    again = client.get("/meetings/")
    assert '<html lang="en">' in again.content.decode()
    assert '<html lang="ja">' in japanese.content.decode()
    assert english.content == again.content


# --- The catalogue -----------------------------------------------------------------------------

PO = Path(__file__).resolve().parent.parent / "locale" / "ja" / "LC_MESSAGES" / "django.po"


def catalogue_entries() -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry of the Japanese catalogue but the header."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r"^msgstr(?:\[0\])? ((?:\".*\"\n?)+)", block, re.M)
        if not msgid:
            continue
        unquote = lambda text: "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', text))  # noqa: E731
        if unquote(msgid.group(1)):
            entries.append((unquote(msgid.group(1)), unquote(msgstr.group(1)), "#, fuzzy" in block))
    return entries


def test_catalogue_is_complete():
    """Every interface string has a Japanese translation, none fuzzy (msgfmt agrees)."""
    entries = catalogue_entries()
    assert len(entries) > 250
    assert [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy] == []
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_catalogue_covers_the_templates():
    """Every {% translate %} string of the templates is in the catalogue (makemessages was run)."""
    msgids = {msgid for msgid, _, _ in catalogue_entries()}
    root = Path(__file__).resolve().parent.parent
    found = set()
    for template in [
        *root.glob("templates/**/*.html"),
        *root.glob("meetings/**/templates/**/*.html"),
    ]:
        found |= set(re.findall(r'{% translate "([^"]+)"', template.read_text(encoding="utf-8")))
    assert found and found <= msgids, sorted(found - msgids)


ACCEPTANCE_PAGES = [
    "/ja/",
    "/ja/about/",
    "/ja/meetings/",
    "/ja/meetings/2024-06-26-4th-jucip-ministerial-meeting/",
    "/ja/countries/",
    "/ja/countries/jp/",
    "/ja/countries/jp/us/",
    "/ja/people/",
    "/ja/people/ken-saito/",
    "/ja/minerals/",
    "/ja/minerals/gallium/",
    "/ja/topics/",
    "/ja/topics/economic-security/",
    "/ja/series/",
    "/ja/series/japan-us-commercial-and-industrial-partnership/",
    "/ja/agreements/",
    "/ja/agreements/2024-06-26-jucip-4th-ministerial-joint-press-release/",
    "/ja/data/",
    "/ja/explore/",
    "/ja/explore/?country=JP&country=US",
    "/ja/meetings/?q=gallium&country=JP&mineral=gallium&topic=economic-security",
    "/ja/meetings/?year=1800",
]


FUNCTION_WORDS = {"of", "the", "and", "a", "an", "in", "on", "to", "for", "with", "by", "at"}


def visible_interface_text(html: str) -> str:
    """The page's text as a reader sees it, without the reproduced sources (documents' titles and
    bodies, source URLs: they are in the language they were issued in) and without scripts."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    for node in tree.css("script, style, .document, .sources, .citation, code"):
        node.decompose()
    return re.sub(r"\s+", " ", tree.body.text(separator=" "))


@pytest.mark.usefixtures("bundled_archive")
@pytest.mark.parametrize("path", ACCEPTANCE_PAGES)
def test_japanese_pages_have_no_english_interface_text(client, path):
    response = client.get(path)
    assert response.status_code in (200, 400), path
    html = response.content.decode()
    assert '<html lang="ja">' in html
    text = visible_interface_text(html)
    # Interface strings: the catalogue's msgids of two words or more whose translation differs
    # (placeholders split a msgid into fragments, each checked on its own).
    english = set()
    for msgid, msgstr, _ in catalogue_entries():
        if msgid == msgstr:
            continue
        for fragment in re.split(r"%\(\w+\)s|\{\w*\}|<[^>]+>", msgid):
            fragment = fragment.strip(" .:;,()“”")
            # Words of the English interface (not codes and numbers such as "USGS 2022").
            words = fragment.split()
            # A fragment of function words alone ("of the", left by placeholders) is no interface
            # text: English proper names on the page (an office, a ministry) contain it too.
            if (
                len(words) >= 2
                and re.search(r"[a-z]{3,}", fragment)
                and set(w.lower() for w in words) - FUNCTION_WORDS
            ):
                english.add(fragment)
    leftovers = sorted(fragment for fragment in english if fragment in text)
    assert leftovers == [], (path, leftovers)
    assert re.search(r"[\u3040-\u30ff]", text)  # kana: the page is in Japanese


@pytest.mark.usefixtures("bundled_archive")
def test_japanese_records_on_japanese_pages(client, seed):
    japanese = client.get(f"/ja{seed.get_absolute_url()}").content.decode()
    assert "<h1>日米商務・産業パートナーシップ（JUCIP）第4回閣僚会合</h1>" in japanese
    assert "ガリウム" in japanese and "経済安全保障" in japanese
    assert "齋藤健" in japanese  # a Japanese minister by the name as written in Japanese
    english = client.get(seed.get_absolute_url()).content.decode()
    assert f"<h1>{seed.title}</h1>" in english
    assert "日米商務・産業パートナーシップ（JUCIP）" not in english


def test_english_field_when_japanese_is_empty(bundled_archive):
    meeting = Meeting.objects.public().first()
    meeting.title_ja = ""
    with translation.override("ja"):
        assert meeting.local_title == meeting.title
        meeting.title_ja = "日本語の題名"
        assert meeting.local_title == "日本語の題名"
    assert meeting.local_title == meeting.title


@pytest.mark.usefixtures("bundled_archive")
def test_bundled_japanese_titles_and_summaries():
    """The seed and every meeting of 2023 onwards with Japan have Japanese titles and summaries."""
    meetings = Meeting.objects.public().filter(start_date__year__gte=2023, countries__code="JP")
    assert meetings.count() >= 12
    for meeting in meetings.distinct():
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", meeting.title_ja), meeting.slug
        assert len(meeting.summary_ja) > 80, meeting.slug
        # Our own words: no sentence of the English summary carried over.
        assert meeting.summary.split(".")[0] not in meeting.summary_ja
    assert not MeetingSeries.objects.filter(name_ja="").exists()
    assert not MeetingSeries.objects.filter(description_ja="").exists()
    assert not Organization.objects.filter(name_ja="").exists()
    assert not Agreement.objects.filter(title_ja="").exists()


def test_reference_data_in_japanese():
    assert CriticalMineral.objects.count() == 67
    assert not CriticalMineral.objects.filter(name_ja="").exists()
    assert CriticalMineral.objects.get(slug="gallium").name_ja == "ガリウム"
    assert Topic.objects.exclude(name_ja="").count() == Topic.objects.count() > 20
    assert Topic.objects.get(slug="economic-security").name_ja == "経済安全保障"
    # Countries from django-countries' maintained Japanese catalogue, not typed by us.
    from meetings.models.reference import japanese_country_name

    assert japanese_country_name("US") == "アメリカ合衆国"
    assert japanese_country_name("DE") == "ドイツ"
    assert japanese_country_name("EU", ["European Commission", "欧州連合"]) == "欧州連合"
    with translation.override("ja"):
        assert Country.objects.get(code="AU").local_name == "オーストラリア"
    assert Country.objects.get(code="AU").local_name == "Australia"


@pytest.mark.usefixtures("bundled_archive")
def test_api_returns_both_languages(client, seed):
    data = client.get(f"/api/meetings/{seed.slug}/").json()
    assert data["title"] == seed.title  # the English keys stay
    assert data["title_ja"] == "日米商務・産業パートナーシップ（JUCIP）第4回閣僚会合"
    assert data["summary"] == seed.summary and data["summary_ja"].startswith("齋藤")
    assert data["series"]["name_ja"] == "日米商務・産業パートナーシップ"
    assert {"code": "US", "name": "United States", "name_ja": "アメリカ合衆国"}.items() <= {
        **next(c for c in data["countries"] if c["code"] == "US"),
        "name": "United States",
    }.items()
    assert {m["name_ja"] for m in data["minerals"]} == {"ガリウム", "ゲルマニウム", "黒鉛"}
    topic = client.get("/api/topics/economic-security/").json()
    assert topic["name_ja"] == "経済安全保障" and topic["definition_ja"]


def test_admin_edits_both_languages_side_by_side(admin_client, bundled_archive, seed):
    html = admin_client.get(f"/admin/meetings/meeting/{seed.pk}/change/").content.decode()
    assert 'name="title_ja"' in html and 'name="summary_ja"' in html
    assert "field-title field-title_ja" in html or "fieldBox field-title_ja" in html
    html = admin_client.get("/admin/meetings/topic/add/").content.decode()
    assert "fieldBox field-name_ja" in html


@pytest.mark.usefixtures("bundled_archive")
def test_feed_and_calendar_say_their_query_in_japanese(client, seed):
    feed = client.get("/ja/meetings/feed/?mineral=gallium&country=JP").content.decode()
    assert "<title>会合： 日本, ガリウムに言及 — 閣僚会談アーカイブ</title>" in feed
    assert "<title>日米商務・産業パートナーシップ（JUCIP）第4回閣僚会合</title>" in feed
    english = client.get("/meetings/feed/?mineral=gallium&country=JP").content.decode()
    assert (
        "<title>Meetings: Japan, naming gallium — Ministerial Meetings Archive</title>" in english
    )
    calendar = b"".join(client.get("/ja/meetings/calendar.ics?mineral=gallium").streaming_content)
    unfolded = calendar.decode().replace("\r\n ", "")
    assert "X-WR-CALNAME:会合： ガリウムに言及 — 閣僚会談アーカイブ" in unfolded, unfolded[:400]
    assert "/ja/meetings/2024-06-26-4th-jucip-ministerial-meeting/" in unfolded
    assert "SUMMARY:日米商務・産業パートナーシップ（JUCIP）第4回閣僚会合" in unfolded


@override_settings(
    ARCHIVE_COMPUTED_CACHE_SECONDS=60,
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
)
def test_computed_caches_keep_languages_apart(client, bundled_archive):
    """The list's filter form is rendered once per content version: once per language too."""
    cache.clear()
    english = client.get("/meetings/?country=JP").content.decode()
    japanese = client.get("/ja/meetings/?country=JP").content.decode()
    assert "Apply filters" in english and 'action="/meetings/"' in english
    assert "絞り込む" in japanese and 'action="/ja/meetings/"' in japanese
    assert "Apply filters" not in japanese
    again = client.get("/meetings/?country=JP").content.decode()
    assert "Apply filters" in again and "絞り込む" not in again


def test_every_install_compiles_the_catalogue():
    """make install, CI and the Docker image compile the Japanese catalogue (the .mo is built)."""
    root = Path(__file__).resolve().parent.parent
    makefile = (root / "Makefile").read_text()
    assert "install: $(VENV)/.installed messages" in makefile
    assert "compilemessages --locale ja" in makefile and "apt-get install" in makefile
    assert "fonts-noto-cjk" in makefile and "fonts-noto-cjk" in (root / ".ci" / "run").read_text()
    assert "compilemessages --locale ja" in (root / "Dockerfile").read_text()
    assert "*.mo" in (root / ".gitignore").read_text()
