"""The release extractor: fixtures in each issuer's format, the seed release, the scoring, the traps."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meetings.importer import MAX_RELEASE_BYTES, ReleaseError, extract_release, read_release
from meetings.importer.extract import CONTRACT_KEYS
from meetings.importer.gazetteer import base_gazetteer
from meetings.importer.scoring import FIELDS, field_score, score_release, summarise
from tests.factories import make_person, make_series

FIXTURES = Path(__file__).parent / "fixtures" / "releases"
SEED = FIXTURES / "meti-jucip-4th-ministerial-2024-06-27.txt"
SHARED_EXPECTED = Path(__file__).resolve().parents[2] / "shared" / "data" / "releases" / "expected"
RELEASES = sorted(p for p in FIXTURES.iterdir() if p.suffix in {".txt", ".html"})

pytestmark = pytest.mark.django_db


def expected_for(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def run_command(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_fixtures_cover_every_format_the_issue_lists():
    languages = {expected_for(p)["language"] for p in RELEASES}
    assert len(RELEASES) >= 15
    assert languages == {"en", "ja"}
    assert len([p for p in RELEASES if p.suffix == ".html"]) >= 2
    assert all(p.with_suffix(".json").exists() for p in RELEASES)


@pytest.mark.parametrize("path", RELEASES, ids=[p.stem for p in RELEASES])
def test_each_fixture_is_extracted_field_by_field(path):
    expected = expected_for(path)
    extracted = extract_release(path.read_bytes(), path.name)
    scores = score_release(expected, extracted)
    assert {field: score for field, score in scores.items() if score < 1} == {}
    assert extracted["kind"] == expected["kind"]
    assert extracted["language"] == expected["language"]


def test_the_seed_release_is_extracted_exactly_as_expected():
    # The project's own expected JSON (every contract field, topics from the bundled taxonomy),
    # and, where the shared dev set sits beside the checkout, its expected facts too.
    expectations = [json.loads(SEED.with_suffix(".json").read_text(encoding="utf-8"))]
    shared = SHARED_EXPECTED / "meti-2024-06-27-jucip4.json"
    if shared.exists():
        expectations.append(json.loads(shared.read_text(encoding="utf-8")))
    extracted = extract_release(SEED.read_bytes(), SEED.name)
    for expected in expectations:
        for key in ("id", "url", "notes", "issuer", "search_query"):
            expected.pop(key, None)
        assert {key: extracted[key] for key in expected} == expected


def test_extract_release_prints_one_json_object_with_the_contract_keys():
    output = run_command("extract_release", str(SEED))
    proposal = json.loads(output)
    assert list(proposal) == CONTRACT_KEYS
    assert proposal["meeting_date"] == "2024-06-26"
    assert proposal["language"] == "en"


def test_extract_release_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("extract_release", str(tmp_path / "nothing.txt"))


def test_evaluate_extraction_scores_the_fixtures_at_least_095():
    output = run_command("evaluate_extraction", str(FIXTURES))
    overall = float(output.strip().splitlines()[-1].split(":")[1])
    assert 0.95 <= overall <= 1.0
    for field in FIELDS:
        assert f"{field:>15}:" in output


def test_evaluate_extraction_scores_the_seed_alone_at_1(tmp_path):
    (tmp_path / SEED.name).write_bytes(SEED.read_bytes())
    (tmp_path / SEED.with_suffix(".json").name).write_bytes(SEED.with_suffix(".json").read_bytes())
    result = json.loads(run_command("evaluate_extraction", str(tmp_path), "--json"))
    assert result["overall"] == 1.0
    assert set(result["fields"].values()) == {1.0}


def test_evaluate_extraction_reports_expected_facts_without_a_text(tmp_path):
    (tmp_path / SEED.name).write_bytes(SEED.read_bytes())
    (tmp_path / SEED.with_suffix(".json").name).write_bytes(SEED.with_suffix(".json").read_bytes())
    (tmp_path / "only-facts.json").write_text("{}")
    output = run_command("evaluate_extraction", str(tmp_path))
    assert "only-facts" in output and "Releases scored: 1" in output


def test_evaluate_extraction_help_defines_the_scoring():
    from meetings.importer.management.commands.evaluate_extraction import Command

    assert "F1" in Command.help and "token" in Command.help and "mean" in Command.help


# --- Scoring ----------------------------------------------------------------------------------------


def test_scoring_normalises_exact_fields_and_scores_sets_by_f1():
    expected = {"city": "Washington, D.C.", "countries": ["JP", "US"], "series": None}
    assert field_score("city", expected, {"city": "Washington D.C."}) == 1.0
    assert field_score("city", expected, {"city": "Tokyo"}) == 0.0
    assert field_score("countries", expected, {"countries": ["JP"]}) == pytest.approx(2 / 3)
    assert field_score("series", expected, {"series": None}) == 1.0
    assert field_score("series", {"series": "U.S.-Japan EPCC"}, {"series": None}) == 0.0
    assert field_score(
        "series",
        {"series": "Japan-U.S. Commercial and Industrial Partnership"},
        {"series": "Japan-United States Commercial and Industrial Partnership"},
    ) == pytest.approx(1.0)
    people = {"participants": [{"name": "Ken Saito", "family_name": "Saito"}]}
    assert field_score("participants", people, {"participants": [{"name": "SAITO"}]}) == 1.0


def test_overall_is_the_mean_of_the_field_accuracies():
    perfect = dict.fromkeys(FIELDS, 1.0)
    half = dict.fromkeys(FIELDS, 1.0) | {"city": 0.0}
    fields, overall = summarise({"a": perfect, "b": half})
    assert fields["city"] == 0.5
    assert overall == pytest.approx(sum(fields.values()) / len(FIELDS))


# --- The formats' traps -----------------------------------------------------------------------------


def extract(text: str, filename: str = "release.txt") -> dict:
    return extract_release(text.encode("utf-8"), filename)


def test_an_embedded_today_does_not_override_the_issuers_date():
    proposal = extract(SEED.read_text(encoding="utf-8"))
    assert proposal["published_on"] == "2024-06-27"
    assert proposal["meeting_date"] == "2024-06-26"


def test_today_takes_the_date_line_and_without_one_stays_unknown():
    with_line = "Readout\n\nMarch 3, 2025\n\nToday, Secretary of Commerce Jane Doe met Minister of Economy, Trade and Industry Ken Saito."
    without = "Readout\n\nToday, Secretary of Commerce Jane Doe met Minister of Economy, Trade and Industry Ken Saito."
    assert extract(with_line)["meeting_date"] == "2025-03-03"
    assert extract(without)["meeting_date"] is None


def test_a_day_and_month_without_any_year_leaves_the_date_unknown():
    text = "Joint statement\n\nOn 11 October, the Minister for Trade, the Hon Jane Roe MP, and Japan's Minister of Economy, Trade and Industry, Mr SAITO Ken, held talks."
    assert extract(text)["meeting_date"] is None


@pytest.mark.parametrize(
    "date_line,meeting,expected",
    [
        ("2024年6月14日", "6月14日(金曜日)", "2024-06-14"),
        ("令和6年6月14日", "6月13日(木曜日)", "2024-06-13"),
        ("令和元年5月7日", "5月7日(火曜日)", "2019-05-07"),
    ],
)
def test_japanese_dates_and_era_years(date_line, meeting, expected):
    text = f"{date_line}\n\n齋藤経済産業大臣は、{meeting}、チリ共和国ウィリアムス鉱業大臣と会談を行いました。"
    proposal = extract(text)
    assert proposal["meeting_date"] == expected
    assert proposal["language"] == "ja"
    assert [p["family_name"] for p in proposal["participants"]] == ["Saito", "Williams"]


@pytest.mark.parametrize(
    "phrase,ordinal",
    [
        ("the 4th Japan-U.S. Commercial and Industrial Partnership (JUCIP) Ministerial Meeting", 4),
        ("the fourth Japan-U.S. Commercial and Industrial Partnership Ministerial Meeting", 4),
        ("the Fourth Japan-U.S. Commercial and Industrial Partnership Ministerial Meeting", 4),
        ("the inaugural Japan-U.S. Commercial and Industrial Partnership Ministerial Meeting", 1),
        ("a Japan-U.S. Commercial and Industrial Partnership Ministerial Meeting", None),
    ],
)
def test_ordinals_in_words_and_numbers(phrase, ordinal):
    text = f"Readout\n\nJune 27, 2024\n\nOn June 26, Secretary of Commerce Gina Raimondo and Minister of Economy, Trade and Industry Ken Saito held {phrase}."
    assert extract(text)["ordinal"] == ordinal


def test_japanese_ordinals_in_any_numerals():
    for numeral in ("第3回", "第３回", "第三回"):
        text = f"2024年6月14日\n\n齋藤経済産業大臣は、6月14日、レモンド商務長官と{numeral}日米商務・産業パートナーシップ(JUCIP)閣僚会合を開催しました。"
        proposal = extract(text)
        assert proposal["ordinal"] == 3, numeral
        assert proposal["series"] == "Japan-U.S. Commercial and Industrial Partnership"


@pytest.mark.parametrize(
    "sentence",
    [
        "They marked the 60th anniversary of the Japan-U.S. Commercial and Industrial Partnership talks.",
        "They agreed to work with third countries in the Japan-U.S. Commercial and Industrial Partnership.",
        "They look forward to the second Japan-U.S. Commercial and Industrial Partnership meeting next year.",
        "The Economic 2+2 Japan-U.S. Commercial and Industrial Partnership meeting was held on January 5th.",
    ],
)
def test_ordinal_traps_are_not_ordinals(sentence):
    text = f"Readout\n\nJanuary 6, 2025\n\nSecretary of Commerce Gina Raimondo met Minister of Economy, Trade and Industry Ken Saito. {sentence}"
    assert extract(text)["ordinal"] is None


@pytest.mark.parametrize(
    "written,name",
    [
        ("Minister of Economy, Trade and Industry SAITO Ken", "Ken Saito"),
        ("Mr. Saito Ken, Minister of Economy, Trade and Industry", "Ken Saito"),
        ("Minister of Economy, Trade and Industry Ken Saito", "Ken Saito"),
        ("HE Nishimura Yasutoshi, Minister of Economy, Trade and Industry", "Yasutoshi Nishimura"),
        ("the Honorable Gina M. Raimondo, Secretary of Commerce", "Gina Raimondo"),
        ("Senator the Hon Don Farrell, Minister for Trade and Tourism", "Don Farrell"),
        ("H.E. Mr. Valdis Dombrovskis, European Commissioner for Trade", "Valdis Dombrovskis"),
    ],
)
def test_name_orders_and_styles(written, name):
    text = f"Readout\n\nMay 2, 2024\n\nOn May 2, {written}, held a meeting with Secretary of State Antony Blinken."
    names = [p["name"] for p in extract(text)["participants"]]
    assert name in names


def test_people_merely_mentioned_are_not_participants():
    text = (
        "Minister Saito Meets Secretary Raimondo\n\nJune 27, 2024\n\n"
        "On June 26, Mr. Saito Ken, Minister of Economy, Trade and Industry, met Ms. Gina Raimondo, "
        "Secretary of Commerce, in Washington, D.C. Earlier that day, Prime Minister Kishida Fumio "
        "and President Joe Biden held a summit. Mr. Higashi Tetsuro, President of Rapidus "
        "Corporation, joined a reception after the meeting."
    )
    families = [p["family_name"] for p in extract(text)["participants"]]
    assert families == ["Saito", "Raimondo"]


def test_a_dateline_is_not_the_venue_but_held_in_is():
    dateline = "Readout\n\nWASHINGTON – Today, Secretary of Commerce Gina Raimondo met Minister of Economy, Trade and Industry Ken Saito."
    held_in = "Readout\n\nSecretary of Commerce Gina Raimondo met Minister of Economy, Trade and Industry Ken Saito in Tokyo."
    assert extract(dateline)["city"] is None
    assert (extract(held_in)["city"], extract(held_in)["venue_country"]) == ("Tokyo", "JP")


def test_a_virtual_meeting_has_no_venue_and_is_a_call():
    text = "Readout\n\nOn 3 May 2024, Secretary of Commerce Gina Raimondo held a video call with Minister of Economy, Trade and Industry Ken Saito in Tokyo."
    proposal = extract(text)
    assert proposal["kind"] == "call"
    assert proposal["city"] is None


def test_offices_with_commas_and_countries_from_demonyms():
    text = "Readout\n\nToday, U.S. Secretary of Commerce Gina Raimondo and Japanese Minister of Economy, Trade, and Industry Ken Saito met."
    proposal = extract(text)
    assert proposal["participants"][1]["title"] == "Minister of Economy, Trade, and Industry"
    assert proposal["countries"] == ["JP", "US"]


def test_generic_critical_minerals_are_not_minerals_but_names_and_katakana_are():
    english = "Readout\n\nMinister of Economy, Trade and Industry Ken Saito met Secretary of Commerce Gina Raimondo. They discussed critical minerals, rare earths and the supply of gallium and lithium."
    japanese = "2024年6月14日\n\n齋藤経済産業大臣は、6月14日、チリ共和国ウィリアムス鉱業大臣と会談し、クリティカルミネラルとリチウム及びコバルトについて議論しました。"
    assert extract(english)["minerals"] == ["gallium", "lithium"]
    assert extract(japanese)["minerals"] == ["cobalt", "lithium"]


def test_series_spellings_match_the_archives_series():
    series = make_series(
        "Japan-U.S. Economic Policy Consultative Committee",
        acronym="EPCC",
        alternative_names=["Economic 2+2"],
    )
    text = "Readout\n\nToday, Secretary of Commerce Gina Raimondo and Minister of Economy, Trade and Industry Ken Saito held the ministerial meeting of the Economic “2+2”."
    assert extract(text)["series"] == series.name


def test_each_person_entered_makes_the_next_import_better():
    text = (
        "2024年6月14日\n\n武藤経済産業大臣は、6月14日、シェフチョビッチ欧州委員と会談を行いました。"
    )
    assert extract(text)["participants"][0]["family_name"] == "Muto"
    make_person("Taro Kiyomizu", native_name="清水太郎", family_name="Kiyomizu", country_id="JP")
    later = "2024年6月14日\n\n清水経済産業大臣は、6月14日、レモンド商務長官と会談を行いました。"
    assert extract(later)["participants"][0]["family_name"] == "Kiyomizu"


def test_the_gazetteer_works_on_an_empty_archive():
    gazetteer = base_gazetteer()
    assert "gallium" in gazetteer.minerals and gazetteer.cities["Tokyo"] == "JP"
    from meetings.importer.extract import extract_fields

    proposal = extract_fields(read_release(SEED.read_bytes(), SEED.name), gazetteer)
    assert proposal["minerals"] == ["gallium", "germanium", "graphite"]
    assert proposal["series"] == "Japan-U.S. Commercial and Industrial Partnership"


# --- Bad input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "empty"),
        (b"   \n\n ", "empty"),
        (b"%PDF-1.7\x00\x01\x02binary", "binary"),
        (b"x" * (10 * 1024 * 1024), "limit is 2 MB"),
    ],
    ids=["empty", "blank", "binary", "10MB"],
)
def test_unreadable_input_gets_a_clear_message(data, message):
    with pytest.raises(ReleaseError, match=message):
        read_release(data, "release.txt")


def test_the_size_limit_is_exactly_the_documented_one():
    assert MAX_RELEASE_BYTES == 2 * 1024 * 1024
    read_release(b"a" * MAX_RELEASE_BYTES, "release.txt")
    with pytest.raises(ReleaseError):
        read_release(b"a" * (MAX_RELEASE_BYTES + 1), "release.txt")


def test_text_with_no_meeting_gives_an_empty_proposal():
    proposal = extract("Weather\n\nIt rained in the afternoon and the wind turned cold.")
    assert proposal["participants"] == [] and proposal["meeting_date"] is None
    assert proposal["series"] is None and proposal["countries"] == []


def test_html_scripts_and_navigation_are_not_text():
    html = (
        "<html><head><script>alert('x')</script></head><body><nav>Home Menu</nav>"
        "<h1>Minister Saito Meets Secretary Raimondo</h1><p>June 27, 2024</p>"
        "<p>On June 26, Minister of Economy, Trade and Industry Ken Saito met Secretary of "
        "Commerce Gina Raimondo in Tokyo.</p><script>document.write('x')</script></body></html>"
    )
    release = read_release(html.encode(), "release.html")
    assert "alert" not in release.text and "Home Menu" not in release.text
    proposal = extract(html, "release.html")
    assert proposal["title"] == "Minister Saito Meets Secretary Raimondo"
    assert proposal["meeting_date"] == "2024-06-26"


def test_japanese_full_names_leaders_and_foreign_names_with_their_government():
    text = (
        "令和7年2月8日\n\n2月7日、岩屋毅外務大臣は、マルコ・ルビオ米国国務長官と日米外相会談を行いました。"
        "岩屋大臣から、同日の石破総理大臣とトランプ大統領との首脳会談に言及しました。"
    )
    proposal = extract(text)
    people = [(p["family_name"], p["title"], p["country"]) for p in proposal["participants"]]
    assert people == [("Iwaya", "外務大臣", "JP"), ("Rubio", "国務長官", "US")]
    assert proposal["meeting_date"] == "2025-02-07"


def test_a_ministers_media_release_in_the_first_person_counts_its_author():
    text = (
        "Senator the Hon Don Farrell\nMinister for Trade and Tourism\n\nMedia release\n\n"
        "5 March 2024\n\nAustralia and Japan strengthen ties\n\n"
        "Today I met Japan's Minister of Economy, Trade and Industry, Mr Ken Saito, in Canberra."
    )
    proposal = extract(text)
    assert proposal["title"] == "Australia and Japan strengthen ties"
    assert [p["family_name"] for p in proposal["participants"]] == ["Farrell", "Saito"]
    assert (proposal["city"], proposal["venue_country"]) == ("Canberra", "AU")
    assert proposal["countries"] == ["AU", "JP"]


def test_accented_names_and_lower_case_eu_offices():
    text = (
        "Brussels, 3 March 2025\n\nEU and Japan talk trade\n\n"
        "Today, Executive Vice-President and Commissioner for trade Maroš Šefčovič met Japan's "
        "Minister of Economy, Trade and Industry, Mr Yoji Muto, in Brussels."
    )
    proposal = extract(text)
    assert [p["family_name"] for p in proposal["participants"]] == ["Šefčovič", "Muto"]
    assert proposal["countries"] == ["EU", "JP"] and proposal["meeting_date"] == "2025-03-03"


# --- Hostile HTML (issue 16, item 5) ------------------------------------------------------------------


def nested(tag: str, depth: int, closed: bool = True, inner: str = "hello") -> bytes:
    closing = f"</{tag}>" * depth if closed else ""
    return f"<html><body>{f'<{tag}>' * depth}{inner}{closing}</body></html>".encode()


@pytest.mark.parametrize(
    "markup",
    [nested("div", 1000), nested("font", 1500, closed=False)],
    ids=["1000-nested-divs", "1500-unclosed-fonts"],
)
def test_deeply_nested_html_is_read_without_recursion(markup):
    assert len(markup) < 12_000
    release = read_release(markup, "release.html")
    assert release.text == "hello"


def test_deep_nesting_keeps_the_text_of_every_level_in_order():
    seed = SEED.read_text(encoding="utf-8")
    paragraphs = "".join(f"<p>{line}</p>" for line in seed.splitlines() if line.strip())
    markup = f"<html><body>{'<div>' * 1200}{paragraphs}{'</div>' * 1200}</body></html>"
    proposal = extract_release(markup.encode(), "release.html")
    assert proposal["series"] == "Japan-U.S. Commercial and Industrial Partnership"
    assert proposal["minerals"] == ["gallium", "germanium", "graphite"]


def test_html_nested_beyond_the_budget_is_refused_quickly():
    import time

    markup = nested("div", 100_000)
    assert len(markup) > 1_000_000
    started = time.perf_counter()
    with pytest.raises(ReleaseError, match="nested"):
        read_release(markup, "release.html")
    assert time.perf_counter() - started < 2


def test_the_nesting_budget_ignores_void_and_self_closing_elements():
    rows = "<p>Ministers met in Tokyo.<br><img src=x><hr>" * 20_000
    release = read_release(f"<html><body>{rows}</body></html>".encode(), "release.html")
    assert release.text.startswith("Ministers met in Tokyo.")


# --- One registry of fields (issue 10) ---------------------------------------------------------------


def test_one_registry_defines_the_keys_the_empty_proposal_and_the_scored_fields():
    from meetings.importer import extract as registry

    keys = [field.key for field in registry.FIELDS]
    assert keys == CONTRACT_KEYS
    assert list(registry.empty_proposal("ja")) == keys
    assert registry.empty_proposal("ja")["language"] == "ja"
    assert [field.key for field in registry.SCORED_FIELDS] == FIELDS
    assert len(FIELDS) == 10 and "title" not in FIELDS
    assert list(extract("Weather\n\nIt rained.")) == keys
    assert all(field.label for field in registry.PREVIEW_FIELDS)
    # A registered field is extracted, shown and scored without touching anything else.
    assert list(extract_release(SEED.read_bytes(), SEED.name)) == keys


def test_a_field_added_to_the_registry_reaches_the_output_and_the_scoring(monkeypatch):
    from meetings.importer import scoring
    from meetings.importer.extract import fields

    extra = fields.Field("headline_words", lambda ctx: len((ctx.title or "").split()))
    scored = fields.Field("published_on_again", lambda ctx: None, scoring=fields.EXACT)
    monkeypatch.setattr(fields, "FIELDS", [*fields.FIELDS, extra, scored])
    monkeypatch.setitem(fields.FIELDS_BY_KEY, "published_on_again", scored)
    proposal = extract_release(SEED.read_bytes(), SEED.name)
    assert proposal["headline_words"] > 5 and "published_on_again" in proposal
    assert scoring.field_score("published_on_again", {}, proposal) == 1.0


def test_series_acronym_is_limited_by_the_models_field():
    from meetings.importer.extract.series import series_acronym
    from meetings.models import MeetingSeries

    longest = MeetingSeries._meta.get_field("acronym").max_length
    fits, too_long = "A" * longest, "A" * (longest + 1)
    assert series_acronym(f"The Big Dialogue ({fits}) met.", "The Big Dialogue") == fits
    assert series_acronym(f"The Big Dialogue ({too_long}) met.", "The Big Dialogue") is None
    assert series_acronym("The Big Dialogue (X) met.", "The Big Dialogue") is None
    assert series_acronym("The Big Dialogue (JUCIP) met.", None) is None


def test_no_importer_module_is_over_700_lines():
    package = Path(__file__).resolve().parents[1] / "meetings" / "importer"
    sizes = {
        str(path.relative_to(package)): len(path.read_text(encoding="utf-8").splitlines())
        for path in package.rglob("*.py")
    }
    assert sizes and max(sizes.values()) <= 700, sizes


def test_word_lists_are_data_files_read_once():
    from meetings.importer import wordlists
    from meetings.importer.extract.patterns import NAME_STOPWORDS

    assert "Secretary" in NAME_STOPWORDS and "Saito" not in NAME_STOPWORDS
    assert wordlists.word_list("name_stopwords") is wordlists.word_list("name_stopwords")
    assert (wordlists.DATA_DIR / "name_stopwords.txt").is_file()
