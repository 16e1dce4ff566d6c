"""Japanese releases extract as well as English ones: the fixtures in ja/ (METI's and MOFA's
Japanese formats), the counterpart as a whole name with its government and the venue, and the
cases that used to fail (fragments, rough readings, a government named only through an office)."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from meetings.importer import extract_release
from meetings.importer.extract.japanese import romanise_katakana
from meetings.importer.scoring import score_release
from tests.factories import make_person

JA = Path(__file__).parent / "fixtures" / "releases" / "ja"
RELEASES = sorted(JA.glob("*.txt"))

pytestmark = pytest.mark.django_db


def expected_for(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def extract(text: str) -> dict:
    return extract_release(text.encode("utf-8"), "release.txt")


def people(proposal: dict) -> list[tuple]:
    return [(p["family_name"], p["country"]) for p in proposal["participants"]]


def test_the_japanese_fixtures_cover_both_ministries_and_every_kind_of_release():
    assert len(RELEASES) >= 12
    assert all(p.with_suffix(".json").exists() for p in RELEASES)
    expected = [expected_for(p) for p in RELEASES]
    assert {e["language"] for e in expected} == {"ja"}
    names = [p.stem for p in RELEASES]
    assert sum(n.startswith("meti-ja") for n in names) >= 6
    assert sum(n.startswith("mofa-ja") for n in names) >= 3
    texts = [p.read_text(encoding="utf-8") for p in RELEASES]
    for cue in ("電話会談", "テレビ会議", "オンライン会談", "表敬", "会談を行いました"):
        assert any(cue in text for text in texts), cue
    assert sum(len(e["meetings"]) > 1 for e in expected) >= 2  # several-meetings releases


def test_evaluate_extraction_scores_the_japanese_fixtures_at_least_095():
    out = io.StringIO()
    call_command("evaluate_extraction", str(JA), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert len(result["releases"]) == len(RELEASES)
    assert result["overall"] >= 0.95
    assert result["fields"]["participants"] >= 0.95 and result["fields"]["countries"] >= 0.95
    assert result["fields"]["city"] >= 0.95
    assert result["meetings"]["f1"] >= 0.95


@pytest.mark.parametrize("path", RELEASES, ids=[p.stem for p in RELEASES])
def test_each_japanese_fixture_gives_its_counterparts_with_their_names_as_written(path):
    expected = expected_for(path)
    extracted = extract_release(path.read_bytes(), path.name)
    scores = score_release(expected, extracted)
    assert {field: score for field, score in scores.items() if score < 1} == {}
    assert extracted["language"] == "ja"
    natives = {p["family_name"]: p.get("native_name") for p in extracted["participants"]}
    for participant in expected["participants"]:
        assert natives[participant["family_name"]] == participant["native_name"]
    found = [(m["meeting_date"], sorted(people(m))) for m in extracted["meetings"]]
    wanted = [(m["meeting_date"], sorted(people(m))) for m in expected["meetings"]]
    assert found == wanted


def test_no_fragment_of_the_surrounding_words_is_taken_for_a_name():
    for path in RELEASES:
        proposal = extract_release(path.read_bytes(), path.name)
        for meeting in [proposal, *proposal["meetings"]]:
            for participant in meeting["participants"]:
                assert participant["family_name"] not in {"副", "英外", "共和", "連邦", "日独"}
                assert participant["family_name"].isascii(), participant


def test_a_counterpart_whose_government_is_named_only_through_the_office():
    cases = {
        "西村経済産業大臣は、10月28日、ケミ・ベーデノック英国ビジネス貿易大臣と会談を行いました。": (
            "Badenoch",
            "GB",
        ),
        "上川外務大臣は、2月8日、ベアボック独外相と電話会談を行いました。": ("Baerbock", "DE"),
        "武藤経済産業大臣は、4月1日、ジェミソン・グリア米国通商代表とテレビ会議を行いました。": (
            "Greer",
            "US",
        ),
        "梶山経済産業大臣は、7月14日、ダン・テハン豪州貿易・観光・投資大臣と会談しました。": (
            "Tehan",
            "AU",
        ),
        "林外務大臣は、11月7日、クレバリー英外相と会談を行いました。": ("Cleverly", "GB"),
        "西村経済産業大臣は、6月29日、ロベルト・ハーベック・ドイツ副首相兼経済・気候保護大臣と"
        "会談を行いました。": ("Habeck", "DE"),
        "西村経済産業大臣は、11月16日、王文濤中国商務部長と会談を行いました。": ("Wang", "CN"),
    }
    for sentence, counterpart in cases.items():
        proposal = extract("2023年11月17日\n\n" + sentence)
        assert counterpart in people(proposal), sentence
        assert sorted(proposal["countries"]) == sorted({"JP", counterpart[1]}), sentence


def test_the_deputy_of_an_office_is_not_cut_to_a_fragment():
    proposal = extract(
        "2023年4月21日\n\n西村経済産業大臣は、4月20日、来日中のドン・グレイブス米国商務副長官に"
        "よる表敬を受けました。"
    )
    graves = next(p for p in proposal["participants"] if p["country"] == "US")
    assert (graves["family_name"], graves["title"]) == ("Graves", "商務副長官")
    assert graves["name"] == "Don Graves" and graves["native_name"] == "ドン・グレイブス"


def test_venues_from_japanese_place_names():
    cases = {
        "大阪・堺において": ("Sakai", "JP"),
        "ブエノスアイレスにおいて": ("Buenos Aires", "AR"),
        "ジャカルタにおいて": ("Jakarta", "ID"),
        "アブダビにおいて": ("Abu Dhabi", "AE"),
        "米国サンフランシスコにおいて": ("San Francisco", "US"),
    }
    for place, venue in cases.items():
        proposal = extract(
            f"2023年10月28日\n\n西村経済産業大臣は、10月28日、{place}、ゴヤル・インド商工大臣と"
            "会談を行いました。"
        )
        assert (proposal["city"], proposal["venue_country"]) == venue, place
    # A telephone talk has no venue; a trip's destination alone is not the meeting's venue.
    call = extract(
        "2024年2月8日\n\n上川外務大臣は、東京において、ベアボック独外相と電話会談を行いました。"
    )
    assert call["city"] is None


def test_a_person_the_archive_knows_by_a_japanese_name_is_matched_through_it():
    make_person(
        "Jane Example", country_id="NZ", native_name="ジェーン・エグザンプル", alternative_names=[]
    )
    make_person("Hanako Testyama", country_id="JP", alternative_names=["手洲山花子"])
    proposal = extract(
        "2024年5月1日\n\n手洲山経済産業副大臣は、5月1日、ジェーン・エグザンプル・ニュージーランド"
        "貿易大臣と会談を行いました。"
    )
    rows = {p["family_name"]: p for p in proposal["participants"]}
    assert rows["Example"]["name"] == "Jane Example" and rows["Example"]["country"] == "NZ"
    assert rows["Example"]["native_name"] == "ジェーン・エグザンプル"
    assert rows["Testyama"]["country"] == "JP" and rows["Testyama"]["native_name"] == "手洲山"


def test_a_careful_reading_of_names_the_archive_does_not_know():
    assert romanise_katakana("ライモンド") == "Raimondo"
    assert romanise_katakana("ブエンロストロ") == "Buenrostro"
    assert romanise_katakana("ハーベック") == "Habeck"  # ー dropped, ック → ck
    assert romanise_katakana("ゴヤル") == "Goyal"
    assert romanise_katakana("ティモシー") == "Timoshi"  # ティ
    assert romanise_katakana("ヴァレリー") == "Vareri"  # ヴァ
    assert romanise_katakana("ファビオ") == "Fabio"  # ファ
    assert romanise_katakana("グレイブス") != "Gureibusu"
    proposal = extract(
        "2023年2月9日\n\n西村経済産業大臣は、2月9日、ラケル・ブエンロストロ・メキシコ経済大臣と"
        "テレビ会議を行いました。"
    )
    assert ("Buenrostro", "MX") in people(proposal)
    assert proposal["kind"] == "call"


def test_a_series_the_archive_knows_by_its_japanese_name_only_when_a_round_of_it_is_held():
    from tests.factories import make_series

    make_series(
        "Japan-U.S. Commercial and Industrial Partnership", name_ja="日米商務・産業パートナーシップ"
    )
    held = extract(
        "2024年6月27日\n\n齋藤経済産業大臣は、6月26日、ワシントンD.C.において、ライモンド商務長官との間で、"
        "日米商務・産業パートナーシップ（JUCIP）第4回閣僚会合を開催しました。"
    )
    assert (held["series"], held["ordinal"]) == (
        "Japan-U.S. Commercial and Industrial Partnership",
        4,
    )
    mentioned = extract(
        "2023年4月21日\n\n西村経済産業大臣は、4月20日、グレイブス米国商務副長官の表敬を受け、"
        "日米商務・産業パートナーシップの下での協力について意見交換を行いました。"
    )
    assert mentioned["series"] is None
