"""Many meetings per release (issue 11, item 1): the contract's `meetings` list, what is left out
(multilateral sessions, summits a minister joined, past and planned meetings), heads of international
organisations as organisations, and the meeting-level score of evaluate_extraction."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from meetings.importer import extract_release
from meetings.importer.extract import CONTRACT_KEYS
from meetings.importer.extract.multi import MEETING_KEYS
from meetings.importer.scoring import match_meetings, score_meetings, summarise_meetings

FIXTURES = Path(__file__).parent / "fixtures" / "releases"
MULTI = FIXTURES / "multi"
SINGLE_RELEASES = sorted(p for p in FIXTURES.iterdir() if p.suffix in {".txt", ".html"})
MULTI_RELEASES = sorted(p for p in MULTI.iterdir() if p.suffix in {".txt", ".html"})
SEED = FIXTURES / "meti-jucip-4th-ministerial-2024-06-27.txt"
PER_MEETING = [key for key in MEETING_KEYS if key != "organizations"]

pytestmark = pytest.mark.django_db


def expected_for(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def extract(path: Path) -> dict:
    return extract_release(path.read_bytes(), path.name)


def extract_text(text: str) -> dict:
    return extract_release(text.encode(), "release.txt")


def families(meeting: dict) -> set[str]:
    return {p["family_name"] for p in meeting["participants"]}


def run_json(*args) -> dict:
    out = io.StringIO()
    call_command("evaluate_extraction", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


# --- The contract ------------------------------------------------------------------------------------


def test_the_per_meeting_keys_are_designs_plus_organizations():
    assert MEETING_KEYS == [
        "meeting_date", "city", "venue_country", "countries", "participants", "kind", "series",
        "ordinal", "topics", "minerals", "agreements", "organizations",
    ]  # fmt: skip
    assert CONTRACT_KEYS[-1] == "meetings"


@pytest.mark.parametrize(
    "path", SINGLE_RELEASES + MULTI_RELEASES, ids=[p.stem for p in SINGLE_RELEASES + MULTI_RELEASES]
)
def test_every_meeting_has_exactly_the_per_meeting_keys(path):
    proposal = extract(path)
    assert list(proposal) == CONTRACT_KEYS
    assert proposal["meetings"], "a release about a meeting lists at least one"
    for meeting in proposal["meetings"]:
        assert list(meeting) == MEETING_KEYS
        assert isinstance(meeting["countries"], list) and isinstance(meeting["organizations"], list)
        for participant in meeting["participants"]:
            assert {"name", "family_name", "title", "country"} <= set(participant)
            assert set(participant) <= {
                "name", "family_name", "title", "country", "organization", "native_name"
            }  # fmt: skip


@pytest.mark.parametrize("path", SINGLE_RELEASES, ids=[p.stem for p in SINGLE_RELEASES])
def test_a_single_meeting_release_lists_its_top_level_meeting_once(path):
    proposal = extract(path)
    assert len(proposal["meetings"]) == 1
    (meeting,) = proposal["meetings"]
    assert {key: meeting[key] for key in PER_MEETING} == {key: proposal[key] for key in PER_MEETING}
    (want,) = expected_for(path)["meetings"]
    for key in ("meeting_date", "city", "venue_country", "countries", "kind", "series", "ordinal"):
        assert meeting[key] == want[key], key
    assert families(meeting) == families(want) and meeting["minerals"] == want["minerals"]


@pytest.mark.parametrize("path", MULTI_RELEASES, ids=[p.stem for p in MULTI_RELEASES])
def test_each_multi_meeting_fixture_gives_its_meetings(path):
    expected = expected_for(path)
    proposal = extract(path)
    assert len(expected["meetings"]) >= 2
    assert score_meetings(expected, proposal) == {
        "matched": len(expected["meetings"]),
        "expected": len(expected["meetings"]),
        "extracted": len(expected["meetings"]),
    }
    for got, want in zip(proposal["meetings"], expected["meetings"], strict=True):
        assert got["countries"] == want["countries"]
        assert got["organizations"] == want["organizations"]
        assert families(got) == families(want)


def test_the_multi_meeting_set_covers_the_patterns_the_issue_lists():
    expected = {p.stem: expected_for(p) for p in MULTI_RELEASES}
    assert len(expected) >= 8
    assert max(len(e["meetings"]) for e in expected.values()) >= 6
    assert sum(e["language"] == "ja" for e in expected.values()) >= 2
    assert any(m["kind"] == "call" for e in expected.values() for m in e["meetings"])
    assert any("WTO" in m["organizations"] for e in expected.values() for m in e["meetings"])
    # Our own words: no fixture repeats a real release's opening (the texts are third-party).
    for path in MULTI_RELEASES:
        assert "An outline of the trip follows" not in path.read_text(encoding="utf-8")


# --- What is not a bilateral meeting -----------------------------------------------------------------


def test_multilateral_sessions_and_a_summit_the_minister_joined_are_not_listed():
    proposal = extract(MULTI / "meti-asean-visit-seven-bilaterals-2024-09-24.txt")
    meetings = proposal["meetings"]
    assert len(meetings) == 7
    listed = set().union(*(families(m) for m in meetings))
    assert "Kommasith" not in listed  # co-chaired the consultations with the minister
    assert "Ishiba" not in listed  # the leaders' summit the minister accompanied
    assert all("LA" not in m["countries"] for m in meetings)
    assert [m["countries"] for m in meetings] == [
        ["ID", "JP"], ["JP", "TH"], ["JP", "MY"], ["JP", "PH"], ["IN", "JP"], ["AU", "JP"],
        ["JP", "NZ"],
    ]  # fmt: skip


def test_a_co_chaired_session_and_a_plenary_are_not_bilateral_meetings():
    proposal = extract_text(
        "Minister Saito Attends the Meeting\n\nJune 3, 2024\n\n"
        "On June 2, Mr. Saito Ken, Minister of Economy, Trade and Industry, co-chaired the "
        "ministerial meeting with Mr. Zulkifli Hasan, Minister of Trade of Indonesia.\n\n"
        "Minister Saito met with Ms. Mary Ng, Minister of Export Promotion, International Trade and "
        "Economic Development of Canada.\n\n"
        "Minister Saito also met with Mr. Todd McClay, Minister for Trade of New Zealand.\n\n"
        "The Minister attended the plenary session with ministers of all member economies."
    )
    assert [m["countries"] for m in proposal["meetings"]] == [["CA", "JP"], ["JP", "NZ"]]


def test_meetings_mentioned_from_the_past_are_not_listed():
    proposal = extract(MULTI / "meti-meetings-with-past-mentions-2024-07-12.txt")
    listed = set().union(*(families(m) for m in proposal["meetings"]))
    assert listed == {"Saito", "Hartarto", "Pascual"}
    assert {m["meeting_date"] for m in proposal["meetings"]} == {"2024-07-11"}


def test_past_and_planned_meetings_are_left_out_by_cue_and_by_date():
    proposal = extract_text(
        "Minister Muto Meets Ministers\n\nMarch 20, 2025\n\n"
        "On March 19, Minister Muto met with Mr. Piyush Goyal, Minister of Commerce and Industry of "
        "India.\n\n"
        "On March 19, Minister Muto also met with Ms. Mary Ng, Minister of Export Promotion, "
        "International Trade and Economic Development of Canada.\n\n"
        "On January 10, Minister Muto held a meeting with Mr. Todd McClay, Minister for Trade of "
        "New Zealand, in Wellington.\n\n"
        "Minister Muto recalled his telephone talk with Dr. Robert Habeck, Federal Minister for "
        "Economic Affairs and Climate Action of Germany.\n\n"
        "Minister Muto will meet Mr. Jonathan Reynolds, Secretary of State for Business and Trade "
        "of the United Kingdom, next month."
    )
    assert [sorted(families(m)) for m in proposal["meetings"]] == [
        ["Goyal", "Muto"],
        ["Muto", "Ng"],
    ]


# --- Who the counterparts are ------------------------------------------------------------------------


def test_the_head_of_an_international_organisation_is_an_organisation_not_a_country():
    proposal = extract(MULTI / "meti-geneva-paris-organisation-heads-2024-05-07.txt")
    by_family = {p["family_name"]: (m, p) for m in proposal["meetings"] for p in m["participants"]}
    wto_meeting, director_general = by_family["Okonjo-Iweala"]
    assert director_general["organization"] == "WTO" and director_general["country"] is None
    assert wto_meeting["organizations"] == ["WTO"] and wto_meeting["countries"] == ["JP"]
    assert by_family["Cormann"][0]["organizations"] == ["OECD"]
    assert by_family["Birol"][0]["organizations"] == ["IEA"]
    assert (
        by_family["Lescure"][0]["organizations"] == []
        and "FR" in by_family["Lescure"][0]["countries"]
    )
    assert "organization" not in by_family["Saito"][1]


def test_one_sentence_with_several_governments_gives_one_meeting_each():
    proposal = extract_text(
        "Minister Muto Holds Telephone Talks\n\nJanuary 17, 2025\n\n"
        "On January 16, Mr. Muto Yoji, Minister of Economy, Trade and Industry, held telephone talks "
        "with Ms. Mary Ng, Minister of Export Promotion, International Trade and Economic Development "
        "of Canada, and with Dr. Robert Habeck, Federal Minister for Economic Affairs and Climate "
        "Action of Germany."
    )
    assert [m["countries"] for m in proposal["meetings"]] == [["CA", "JP"], ["DE", "JP"]]
    assert {m["kind"] for m in proposal["meetings"]} == {"call"}
    assert {m["meeting_date"] for m in proposal["meetings"]} == {"2025-01-16"}


def test_two_ministers_of_one_government_in_one_sentence_are_one_meeting():
    proposal = extract_text(
        "Minister Saito Meets Ministers\n\nJuly 12, 2024\n\n"
        "On July 11, Minister Saito met with Mr. Piyush Goyal, Minister of Commerce and Industry of "
        "India, and Mr. Pralhad Joshi, Minister of New and Renewable Energy of India.\n\n"
        "On July 11, Minister Saito also met with Mr. Todd McClay, Minister for Trade of New Zealand."
    )
    assert [sorted(families(m)) for m in proposal["meetings"]] == [
        ["Goyal", "Joshi", "Saito"],
        ["McClay", "Saito"],
    ]


def test_a_release_with_no_meeting_lists_none():
    assert extract_text("Weather\n\nIt rained all day in the capital.")["meetings"] == []


# --- The meeting-level score -------------------------------------------------------------------------


def meeting(date, *people):
    return {
        "meeting_date": date,
        "participants": [
            {"name": n, "family_name": n, "country": c if len(c) == 2 else None}
            | ({"organization": c} if len(c) > 2 else {})
            for n, c in people
        ],
    }


def test_a_meeting_matches_on_counterpart_side_family_name_and_date():
    want = [meeting("2024-05-02", ("Saito", "JP"), ("Cormann", "OECD"))]
    assert match_meetings(want, [meeting("2024-05-02", ("Saito", "JP"), ("Cormann", "OECD"))]) == 1
    assert match_meetings(want, [meeting("2024-05-03", ("Saito", "JP"), ("Cormann", "OECD"))]) == 0
    assert match_meetings(want, [meeting("2024-05-02", ("Saito", "JP"), ("Cormann", "AU"))]) == 0
    assert match_meetings(want, [meeting("2024-05-02", ("Saito", "JP"), ("Birol", "OECD"))]) == 0
    # The release's own minister alone is not a match.
    two = [*want, meeting("2024-05-04", ("Saito", "JP"), ("Okonjo-Iweala", "WTO"))]
    assert match_meetings(two, [meeting("2024-05-02", ("Saito", "JP"), ("Birol", "IEA"))]) == 0
    # One extracted meeting matches one expected meeting only.
    assert match_meetings(two, [meeting("2024-05-02", ("Saito", "JP"), ("Cormann", "OECD"))]) == 1


def test_meeting_precision_recall_and_f1_are_micro_averaged():
    result = summarise_meetings(
        {
            "a": {"matched": 3, "expected": 4, "extracted": 3},
            "b": {"matched": 1, "expected": 1, "extracted": 2},
        }
    )
    assert result["precision"] == pytest.approx(4 / 5)
    assert result["recall"] == pytest.approx(4 / 5)
    assert result["f1"] == pytest.approx(4 / 5)
    assert (
        score_meetings({"countries": ["JP"], "participants": []}, {"meetings": []})["expected"] == 1
    )


def test_evaluate_extraction_scores_the_multi_meeting_set_at_least_095():
    result = run_json(str(MULTI))
    assert len(result["releases"]) >= 8
    assert result["meetings"]["f1"] >= 0.95
    assert result["meetings"]["precision"] >= 0.95 and result["meetings"]["recall"] >= 0.95
    assert result["meetings"]["expected"] >= 30


def test_evaluate_extraction_keeps_the_single_meeting_fixtures_and_the_seed_at_1(tmp_path):
    single = run_json(str(FIXTURES))
    assert single["overall"] == 1.0 and set(single["fields"].values()) == {1.0}
    assert single["meetings"]["f1"] == 1.0
    (tmp_path / SEED.name).write_bytes(SEED.read_bytes())
    (tmp_path / SEED.with_suffix(".json").name).write_bytes(SEED.with_suffix(".json").read_bytes())
    seed = run_json(str(tmp_path))
    assert seed["overall"] == 1.0 and seed["meetings"]["f1"] == 1.0


def test_evaluate_extraction_prints_both_levels_and_its_help_defines_the_meeting_match():
    from meetings.importer.management.commands.evaluate_extraction import Command

    out = io.StringIO()
    call_command("evaluate_extraction", str(MULTI), stdout=out)
    text = out.getvalue()
    assert "Meeting level: precision 1.000, recall 1.000, F1 1.000" in text
    assert text.strip().splitlines()[-1].strip().startswith("overall:")
    for words in (
        "precision",
        "recall",
        "counterpart",
        "family name",
        "meeting_date",
        "organisation",
    ):
        assert words in Command.help


# --- General rules the fixtures do not all show ------------------------------------------------------


def test_a_pair_heading_is_the_cue_and_names_the_government_of_a_bare_surname():
    proposal = extract_text(
        "Minister Seko Visits Viet Nam\n\nNovember 13, 2017\n\n"
        "From November 7 (Tue.) to 10 (Fri.), Mr. Seko Hiroshige, Minister of Economy, Trade and "
        "Industry, visited Viet Nam. He also accompanied Prime Minister Abe at the Japan-Viet Nam "
        "Summit Meeting.\n\n"
        "(1) Japan-Canada Trade Ministers' Meeting (November 9)\n\n"
        "Minister Seko and Minister Champagne exchanged views on the trade negotiations.\n\n"
        "(2) Japan-China Ministerial Meeting (November 10)\n\n"
        "Minister Seko held talks with Mr. Zhong Shan, Minister of Commerce of China.\n\n"
        "(3) Japan-Viet Nam Ministerial Meeting (November 10)\n\n"
        "Minister Seko met with H.E. Mr. Tran Tuan Anh, Minister of Industry and Trade of Viet Nam."
    )
    found = [(m["meeting_date"], m["countries"], sorted(families(m))) for m in proposal["meetings"]]
    assert found == [
        ("2017-11-09", ["CA", "JP"], ["Champagne", "Seko"]),
        ("2017-11-10", ["CN", "JP"], ["Seko", "Zhong"]),  # Chinese names: family name first
        ("2017-11-10", ["JP", "VN"], ["Seko", "Tran"]),  # and Vietnamese ones
    ]
    assert "Nam" not in set().union(*(families(m) for m in proposal["meetings"]))


def test_japanese_pair_headings_katakana_offices_and_readings():
    proposal = extract_text(
        "西村経済産業大臣がインドネシアを訪問しました\n\n2023年3月20日\n\n"
        "西村経済産業大臣は、3月16日から18日まで、インドネシアを訪問しました。\n\n"
        "1．日・インドネシア経済大臣会談（3月16日）\n"
        "西村大臣は、アイルランガ経済担当調整大臣と会談を行いました。\n\n"
        "2．日・インドネシアエネルギー大臣会談（3月17日）\n"
        "西村大臣は、アリフィン・エネルギー鉱物資源大臣と会談を行い、ニッケルの供給について確認しました。\n\n"
        "3．ASEAN経済大臣との会合（3月18日）\n"
        "西村大臣は、ASEAN各国の経済大臣との会合に出席しました。"
    )
    meetings = proposal["meetings"]
    assert [m["meeting_date"] for m in meetings] == ["2023-03-16", "2023-03-17"]
    assert {m["countries"] == ["ID", "JP"] for m in meetings} == {True}
    arifin = next(p for p in meetings[1]["participants"] if p["country"] == "ID")
    assert arifin["family_name"] == "Arifin" and arifin["title"] == "エネルギー鉱物資源大臣"
    assert meetings[1]["minerals"] == ["nickel"]


def test_a_first_person_release_lists_each_counterpart_and_not_the_planned_one():
    proposal = extract_text(
        "Senator the Hon Don Farrell\nMinister for Trade and Tourism\nMedia release\n\n"
        "Productive meetings in Tokyo\n\n"
        "Today I met with Japan's Minister of Economy, Trade and Industry, Ken Saito, in Tokyo.\n\n"
        "I also met Japan's Minister for Foreign Affairs, Yoko Kamikawa.\n\n"
        "Tomorrow I will travel to Seoul where I will meet Korea's Minister for Trade, Ahn Duk-geun."
    )
    assert [sorted(families(m)) for m in proposal["meetings"]] == [
        ["Farrell", "Saito"],
        ["Farrell", "Kamikawa"],
    ]
    assert {m["meeting_date"] for m in proposal["meetings"]} == {None}  # "today", no date line


def test_calls_listed_with_semicolons_and_a_trilateral_is_not_bilateral():
    proposal = extract_text(
        "Readout of Ambassador Tai's Calls\n\nMarch 2, 2022\n\n"
        "WASHINGTON – On March 1, United States Trade Representative Katherine Tai spoke by phone "
        "with Japan's Minister of Economy, Trade and Industry Hagiuda Koichi; Korea's Minister for "
        "Trade Yeo Han-koo; and Australia's Minister for Trade, Tourism and Investment Dan Tehan.\n\n"
        "On March 1, Ambassador Tai also joined a trilateral meeting with Mr. Piyush Goyal, Minister "
        "of Commerce and Industry of India, and Ms. Mary Ng, Minister of International Trade of Canada."
    )
    assert [m["countries"] for m in proposal["meetings"]] == [
        ["JP", "US"],
        ["KR", "US"],
        ["AU", "US"],
    ]
    assert {m["kind"] for m in proposal["meetings"]} == {"call"}


def test_an_organisation_head_visiting_meets_each_minister_separately():
    proposal = extract_text(
        "Director-General concludes visit to Japan\n\n12 March 2025\n\n"
        "Director-General Ngozi Okonjo-Iweala met Prime Minister Ishiba Shigeru in Tokyo on "
        "11 March. During her visit she also met Foreign Minister Iwaya Takeshi, Finance Minister "
        "Kato Katsunobu and Minister of Economy, Trade and Industry Muto Yoji."
    )
    meetings = proposal["meetings"]
    assert [sorted(families(m)) for m in meetings] == [
        ["Iwaya", "Okonjo-Iweala"],
        ["Kato", "Okonjo-Iweala"],
        ["Muto", "Okonjo-Iweala"],
    ]  # the Prime Minister, a leader, is not a participant
    assert {(tuple(m["countries"]), tuple(m["organizations"])) for m in meetings} == {
        (("JP",), ("WTO",))
    }
    iwaya = next(p for p in meetings[0]["participants"] if p["family_name"] == "Iwaya")
    assert iwaya["title"] == "Foreign Minister"  # not the next minister's office and name


def test_a_release_announcing_a_visit_lists_the_meetings_it_announces():
    proposal = extract_text(
        "Minister for Trade to visit Japan and Korea\n\n4 June 2018\n\n"
        "During the visit the Minister for Trade, Senator the Hon Simon Birmingham, will meet Japan's "
        "Minister of Economy, Trade and Industry, Seko Hiroshige, in Tokyo.\n\n"
        "In Seoul he will meet Korea's Minister for Trade, Kim Hyun-chong."
    )
    assert [m["countries"] for m in proposal["meetings"]] == [["AU", "JP"], ["AU", "KR"]]


def test_a_visit_by_numbered_meetings_and_an_office_without_its_government():
    proposal = extract_text(
        "Minister Hagiuda Visits the United States\n\nJanuary 8, 2022\n\n"
        "From January 4 to 7, Mr. HAGIUDA Koichi, Minister of Economy, Trade and Industry, visited the "
        "United States. The overview is as follows.\n\n"
        "1. Meeting with Secretary of Commerce Raimondo\n\n"
        "On January 4, Minister Hagiuda met with The Honorable Gina Raimondo, Secretary of Commerce.\n\n"
        "2. Meeting with Secretary of Energy Granholm\n\n"
        "On January 6, Minister Hagiuda held a meeting with The Honorable Jennifer Granholm, "
        "Secretary of Energy, on clean energy.\n\n"
        "3. Meeting with the Deputy Prime Minister of Italy\n\n"
        "On January 7, Minister Hagiuda met with Mr. Antonio Tajani, Deputy Prime Minister and "
        "Minister of Foreign Affairs and International Cooperation of Italy, who was visiting "
        "Washington."
    )
    assert [(m["meeting_date"], m["countries"]) for m in proposal["meetings"]] == [
        ("2022-01-04", ["JP", "US"]),
        ("2022-01-06", ["JP", "US"]),
        ("2022-01-07", ["IT", "JP"]),
    ]
    assert sorted(families(proposal["meetings"][1])) == ["Granholm", "Hagiuda"]


def test_japanese_past_meetings_by_year_and_last_year():
    proposal = extract_text(
        "齋藤経済産業大臣が会談を行いました\n\n2024年7月12日\n\n"
        "齋藤経済産業大臣は、7月11日、インドのゴヤル商工大臣と会談を行いました。\n\n"
        "同日、齋藤経済産業大臣は、オーストラリアのファレル貿易・観光大臣と会談を行いました。\n\n"
        "2023年に齋藤経済産業大臣はチリ共和国のウィリアムス鉱業大臣と会談を行いました。\n\n"
        "昨年10月の電話会談では、齋藤経済産業大臣はカナダのメアリー・ン輸出促進・国際貿易・経済開発大臣と意見交換を行いました。"
    )
    assert [sorted(families(m)) for m in proposal["meetings"]] == [
        ["Goyal", "Saito"],
        ["Farrell", "Saito"],
    ]
    assert {m["meeting_date"] for m in proposal["meetings"]} == {"2024-07-11"}
