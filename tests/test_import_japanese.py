"""The importer fills the Japanese fields from a Japanese release and the English ones from an
English release of the same meeting, each only where empty: what an editor entered stays."""

import datetime
from pathlib import Path

import pytest

from meetings.importer.service import import_release
from meetings.models import Meeting, Organization, Person
from tests.factories import make_meeting, make_person

JA = Path(__file__).parent / "fixtures" / "releases" / "ja"

pytestmark = pytest.mark.django_db

GRAVES_EN = (
    "Minister Nishimura Receives a Courtesy Call from Deputy Secretary Graves\n\n"
    "April 21, 2023\n\n"
    "On April 20, Mr. NISHIMURA Yasutoshi, Minister of Economy, Trade and Industry, met in Tokyo "
    "with Mr. Don Graves, Deputy Secretary of Commerce of the United States, who was visiting "
    "Japan. The two discussed semiconductors and export controls.\n"
)


def import_fixture(name: str):
    path = JA / name
    return import_release(path.read_bytes(), path.name)


def test_a_japanese_release_fills_the_japanese_fields_of_its_drafts():
    result = import_fixture("meti-ja-uk-business-trade-sakai-2023-10-28.txt")
    meeting = result.created[0]
    assert meeting.title_ja == "日本・イギリス閣僚会談"
    assert meeting.title == "UK–Japan Ministerial Meeting"  # the English title as before
    assert (meeting.city, meeting.venue_country_id) == ("Sakai", "JP")
    badenoch = Person.objects.get(family_name="Badenoch")
    assert badenoch.native_name == "ケミ・ベーデノック" and badenoch.name == "Kemi Badenoch"
    division = result.document.issuer
    assert division.name_ja == "通商政策局 欧州課" and division.kind == Organization.Kind.DIVISION


def test_a_new_series_from_a_japanese_release_is_named_in_japanese():
    text = (
        "第2回日チリ鉱業政策対話を開催しました\n\n2024年6月14日\n\n"
        "齋藤経済産業大臣は、6月14日、東京において、ウィリアムス・チリ鉱業大臣との間で、"
        "第2回日チリ鉱業政策対話を開催しました。\n"
    )
    meeting = import_release(text.encode(), "release.txt").created[0]
    assert meeting.series.name_ja == "日チリ鉱業政策対話" and meeting.series.needs_review
    assert meeting.ordinal == 2
    assert meeting.title_ja == "第2回日チリ鉱業政策対話"
    # The next round is matched to the series through its Japanese name.
    text = text.replace("第2回", "第3回").replace("2024年6月14日", "2025年6月20日")
    text = text.replace("6月14日", "6月20日")
    again = import_release(text.encode(), "release.txt").created[0]
    assert again.series == meeting.series and again.ordinal == 3


def test_an_english_release_of_the_same_meeting_fills_only_its_empty_english_fields():
    created = import_fixture("meti-ja-us-deputy-secretary-courtesy-call-2023-04-20.txt").created[0]
    assert created.city == "" and created.title_ja
    title, title_ja = created.title, created.title_ja
    result = import_release(GRAVES_EN.encode(), "release.txt")
    assert result.created == [] and result.linked == [created]
    created.refresh_from_db()
    assert (created.city, created.venue_country_id) == ("Tokyo", "JP")
    assert (created.title, created.title_ja) == (title, title_ja)
    assert Meeting.objects.count() == 1


def test_an_english_release_never_overwrites_what_an_editor_entered():
    created = import_fixture("meti-ja-us-deputy-secretary-courtesy-call-2023-04-20.txt").created[0]
    Meeting.objects.filter(pk=created.pk).update(city="Minato, Tokyo", title_ja="編集者の題")
    import_release(GRAVES_EN.encode(), "release.txt")
    created.refresh_from_db()
    assert (created.city, created.title_ja) == ("Minato, Tokyo", "編集者の題")


def test_a_japanese_release_linking_to_an_existing_meeting_fills_japanese_fields_where_empty():
    badenoch = make_person("Kemi Badenoch", country_id="GB")
    nishimura = make_person("Yasutoshi Nishimura", country_id="JP", native_name="西村康稔")
    meeting = make_meeting(
        countries=("GB", "JP"),
        start_date=datetime.date(2023, 10, 28),
        title="Nishimura–Badenoch Meeting in Osaka",
        city="Osaka",
        participants=[nishimura, badenoch],
    )
    result = import_fixture("meti-ja-uk-business-trade-sakai-2023-10-28.txt")
    assert result.created == [] and result.linked == [meeting]
    meeting.refresh_from_db()
    assert meeting.title_ja == "日本・イギリス閣僚会談"
    assert (meeting.title, meeting.city) == ("Nishimura–Badenoch Meeting in Osaka", "Osaka")
    badenoch.refresh_from_db()
    nishimura.refresh_from_db()
    assert badenoch.native_name == "ケミ・ベーデノック"
    assert nishimura.native_name == "西村康稔"  # entered before: kept


def test_a_japanese_release_keeps_an_editors_japanese_title():
    make_meeting(
        countries=("GB", "JP"),
        start_date=datetime.date(2023, 10, 28),
        title_ja="日英経済閣僚会談（堺）",
    )
    import_fixture("meti-ja-uk-business-trade-sakai-2023-10-28.txt")
    assert Meeting.objects.get().title_ja == "日英経済閣僚会談（堺）"
