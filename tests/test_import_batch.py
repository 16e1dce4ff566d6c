"""`import_batch`: releases and the editors' corrections through the importer, the review and the
publishing checks; the importer scored against the corrections. The release texts here are written
for these tests."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meetings.importer.batch import run_batch, shared_run, shared_run_chars
from meetings.models import Meeting, Membership, Organization, Participant, Person, Source
from meetings.models.publishing import PublicationFacts, publication_problems

pytestmark = pytest.mark.django_db

TEXT = """Minister Seko Meets Minister Lukita of Indonesia

On 10 October 2017, Mr. Hiroshige Seko, Minister of Economy, Trade and Industry, who was visiting
Jakarta, sat down with H.E. Mr. Enggartiasto Lukita, Minister of Trade of the Republic of Indonesia.
The two ministers talked over the review of the bilateral economic partnership agreement and the
supply of nickel ore, and they shared the view that trade between the two countries should keep
growing in both directions.

Second, on 11 October 2017, Minister Seko had a conversation by telephone with Ms. Chrystia
Freeland, Minister of Foreign Affairs of Canada, about the TPP negotiations.
"""

SUMMARY = (
    "In Jakarta the METI minister and Indonesia's trade minister went over the review of their "
    "economic partnership agreement and nickel ore supplies. Both want trade to grow each way."
)


def meeting(**overrides) -> dict:
    return {
        "ref": None,
        "title": "Meeting of METI Minister Seko and Indonesia's Minister of Trade Lukita",
        "title_ja": "",
        "kind": "ministerial meeting",
        "meeting_date": "2017-10-10",
        "city": "Jakarta",
        "venue_country": "ID",
        "countries": ["ID", "JP"],
        "participants": [
            {
                "name": "Hiroshige Seko",
                "family_name": "Seko",
                "native_name": "世耕弘成",
                "title": "Minister of Economy, Trade and Industry",
                "country": "JP",
                "role": "guest",
                "organization": None,
            },
            {
                "name": "Enggartiasto Lukita",
                "family_name": "Lukita",
                "native_name": "",
                "title": "Minister of Trade",
                "country": "ID",
                "role": "host",
                "organization": None,
            },
        ],
        "series": None,
        "ordinal": None,
        "topics": ["trade-and-investment"],
        "minerals": ["nickel"],
        "agreements": [],
        "summary": SUMMARY,
        "summary_ja": "",
        "sources": [
            {
                "url": "https://www.meti.go.jp/english/press/2017/1012_001.html",
                "kind": "official release",
                "publisher": "meti",
                "language": "en",
                "published_on": "2017-10-12",
            },
            {
                "url": "https://example-news.com/2017/10/seko-lukita",
                "kind": "news",
                "publisher": None,
            },
        ],
    } | overrides


CALL = meeting(
    title="Telephone Talk between METI Minister Seko and Canada's Foreign Minister Freeland",
    kind="call",
    meeting_date="2017-10-11",
    city="",
    venue_country=None,
    countries=["CA", "JP"],
    participants=[
        {
            "name": "Hiroshige Seko",
            "family_name": "Seko",
            "title": "Minister of Economy, Trade and Industry",
            "country": "JP",
            "role": "head",
        },
        {
            "name": "Chrystia Freeland",
            "family_name": "Freeland",
            "title": "Minister of Foreign Affairs",
            "country": "CA",
            "role": "head",
        },
    ],
    topics=["trade-and-investment"],
    minerals=[],
    summary="By telephone, the two ministers compared notes on where the TPP talks stood.",
)


def record(meetings, **release) -> dict:
    return {
        "id": "meti-2017-1012-001",
        "release": {
            "url": "https://www.meti.go.jp/english/press/2017/1012_001.html",
            "issuer": "meti",
            "headline": "Minister Seko Meets Minister Lukita of Indonesia",
            "published_on": "2017-10-12",
            "language": "en",
        }
        | release,
        "meetings": meetings,
        "organizations": [],
    }


@pytest.fixture
def folders(tmp_path, reference_data):
    Organization.objects.create(
        slug="meti",
        name="Ministry of Economy, Trade and Industry",
        acronym="METI",
        kind=Organization.Kind.MINISTRY,
        url="https://www.meti.go.jp/english/",
        country_id="JP",
    )
    corrections, texts = tmp_path / "records", tmp_path / "texts"
    corrections.mkdir()
    texts.mkdir()

    def write(rec, text=TEXT):
        (corrections / f"{rec['id']}.json").write_text(json.dumps(rec), encoding="utf-8")
        (texts / f"{rec['id']}.txt").write_text(text, encoding="utf-8")

    return corrections, texts, write


def test_a_release_becomes_published_corrected_records(folders):
    corrections, texts, write = folders
    write(record([meeting(), CALL]))
    tenures = {
        ("Hiroshige Seko", "Minister of Economy, Trade and Industry"): [
            {"start": "2016-08-03", "end": "2019-09-11"}
        ]
    }
    report = run_batch(corrections, texts, tenures)
    assert report["published"] == 2 and report["drafts"] == [] and report["failures"] == []
    jakarta = Meeting.objects.get(start_date="2017-10-10")
    assert jakarta.status == Meeting.Status.PUBLISHED
    assert jakarta.title == meeting()["title"] and jakarta.summary == SUMMARY
    assert jakarta.city == "Jakarta" and jakarta.venue_country_id == "ID"
    assert {p.person.name: p.role for p in jakarta.participants.all()} == {
        "Hiroshige Seko": Participant.Role.GUEST,
        "Enggartiasto Lukita": Participant.Role.HOST,
    }
    assert list(jakarta.minerals.values_list("name", flat=True)) == ["nickel"]
    kinds = dict(jakarta.source_records.values_list("url", "kind"))
    assert kinds == {
        "https://www.meti.go.jp/english/press/2017/1012_001.html": Source.Kind.OFFICIAL_RELEASE,
        "https://example-news.com/2017/10/seko-lukita": Source.Kind.NEWS,
    }
    # One document for the release, linked to both meetings, without the release's text.
    call = Meeting.objects.get(start_date="2017-10-11")
    assert call.kind == "call" and call.city == "" and call.venue_country is None
    document = jakarta.documents.get()
    assert set(document.meetings.all()) == {jakarta, call} and document.body == ""
    # The same person in both meetings, reviewed, with the office held that day.
    seko = Person.objects.get(name="Hiroshige Seko")
    assert not seko.needs_review and seko.native_name == "世耕弘成"
    office = seko.membership_on(jakarta.start_date)
    assert office.organization.slug == "meti" and str(office.end_date) == "2019-09-11"
    lukita = Person.objects.get(name="Enggartiasto Lukita")
    assert lukita.memberships.get().organization.name == "Government of Indonesia"
    # The importer's own proposal was scored against the corrections.
    importer = report["importer"]
    assert importer["scored_releases"] == 1 and importer["meetings"]["expected"] == 2
    assert set(importer["fields"]) >= {"meeting_date", "participants", "city", "kind"}
    assert 0 <= importer["fields"]["participants"]["recall"] <= 1


def test_a_second_run_adds_nothing(folders):
    corrections, texts, write = folders
    write(record([meeting()]))
    run_batch(corrections, texts)
    before = (Meeting.objects.count(), Person.objects.count(), Source.objects.count())
    report = run_batch(corrections, texts)
    assert (Meeting.objects.count(), Person.objects.count(), Source.objects.count()) == before
    assert report["published"] == 0 and report["linked"] == 1


def test_a_summary_repeating_the_release_stays_a_draft(folders):
    corrections, texts, write = folders
    copied = (
        "The two ministers talked over the review of the bilateral economic partnership "
        "agreement and the supply of nickel ore."
    )
    write(record([meeting(summary=copied)]))
    report = run_batch(corrections, texts)
    assert report["published"] == 0
    (draft,) = report["drafts"]
    assert "repeats the release's words" in " ".join(draft["problems"])
    assert Meeting.objects.get().status == Meeting.Status.DRAFT


def test_an_official_claim_off_the_publishers_site_is_recorded_as_a_copy(folders):
    corrections, texts, write = folders
    sources = [
        {
            "url": "https://gov-base.info/2017/10/12/1",
            "kind": "official release",
            "publisher": "meti",
        }
    ]
    write(record([meeting(sources=sources)]))
    report = run_batch(corrections, texts)
    assert report["published"] == 0
    assert Source.objects.get().kind == Source.Kind.COPY
    assert "official source" in " ".join(report["drafts"][0]["problems"])


def test_a_second_release_of_the_same_meeting_is_linked_not_duplicated(folders):
    corrections, texts, write = folders
    write(record([meeting()]))
    partner = record(
        [
            {
                "ref": "meti-2017-1012-001#0",
                "sources": [
                    {
                        "url": "https://www.kemendag.go.id/berita/2017/10/lukita-seko",
                        "kind": "official release",
                        "publisher": "kemendag",
                    }
                ],
            }
        ],
        url="https://www.kemendag.go.id/berita/2017/10/lukita-seko",
        issuer="kemendag",
    )
    partner["id"] = "kemendag-2017-1011"
    partner["organizations"] = [
        {
            "key": "kemendag",
            "name": "Ministry of Trade of Indonesia",
            "url": "https://www.kemendag.go.id/",
            "kind": "ministry",
            "country": "ID",
        }
    ]
    write(partner)
    report = run_batch(corrections, texts)
    assert report["published"] == 1 and report["linked"] == 1
    jakarta = Meeting.objects.get()
    assert jakarta.source_records.filter(
        publisher__slug="kemendag", kind=Source.Kind.OFFICIAL_RELEASE
    ).exists()


def wto_record(seko_role, head_role, **overrides) -> dict:
    """A release reporting a meeting of Minister Seko with the WTO's Director-General."""
    wto = meeting(
        title="Meeting of METI Minister Seko and WTO Director-General Azevêdo",
        countries=["JP"],
        participants=[
            meeting()["participants"][0] | {"role": seko_role},
            {
                "name": "Roberto Azevêdo",
                "family_name": "Azevêdo",
                "title": "Director-General of the World Trade Organization",
                "country": None,
                "role": head_role,
                "organization": "wto",
            },
        ],
        minerals=[],
        **overrides,
    )
    rec = record([wto])
    rec["organizations"] = [
        {
            "key": "wto",
            "name": "World Trade Organization",
            "acronym": "WTO",
            "url": "https://www.wto.org/",
            "kind": "international",
            "country": None,
        }
    ]
    return rec


def test_a_meeting_with_the_head_of_an_international_organisation_is_published(folders):
    corrections, texts, write = folders
    rec = wto_record(
        "head",
        "head",
        meeting_date="2017-12-10",
        city="Buenos Aires",
        venue_country="AR",
        summary="The minister and the WTO's head talked about the ministerial conference ahead.",
    )
    write(rec, TEXT.replace("10 October", "10 December"))
    report = run_batch(corrections, texts)
    assert report["drafts"] == [] and report["published"] == 1
    head = Participant.objects.get(person__name="Roberto Azevêdo")
    assert head.organization == Organization.objects.get(slug="wto")
    assert Membership.objects.filter(person=head.person, organization__slug="wto").exists()


def test_one_country_and_no_organisation_is_not_a_bilateral_meeting():
    facts = PublicationFacts(
        title="Meeting of METI Minister Seko",
        start_date="2017-12-10",
        summary="x",
        country_codes=["JP"],
        participants=[("JP", True, True)],
        sources=[("https://www.meti.go.jp/a", "official release")],
    )
    assert any("two participating countries" in p for p in publication_problems(facts))
    facts.participants.append(("org:wto", True, False))
    problems = publication_problems(facts)
    assert not any("two participating countries" in p for p in problems)
    assert any("none yet for wto" in p for p in problems)


def test_shared_runs_are_found_in_english_and_japanese():
    source = "one two three four five six seven eight nine ten eleven twelve thirteen"
    assert shared_run("Zero one two three four five six seven eight nine ten eleven twelve", source)
    assert shared_run("one two three four five six seven eight nine ten eleven", source) is None
    ja = "経済産業大臣は本日、来日中の相手国の大臣と会談し、サプライチェーン強靱化について意見交換した。"
    assert shared_run_chars("大臣は" + ja[5:35], ja)
    assert shared_run_chars("両大臣は供給網の強化を話し合った。", ja) is None


def test_the_command_reports_and_refuses_bad_input(folders, tmp_path, capsys):
    corrections, texts, write = folders
    write(record([meeting()]))
    out = tmp_path / "report.json"
    call_command("import_batch", str(corrections), str(texts), report=str(out))
    assert "1 meetings published" in capsys.readouterr().out
    assert json.loads(out.read_text())["published"] == 1
    with pytest.raises(CommandError, match="not a folder"):
        call_command("import_batch", str(tmp_path / "nowhere"), str(texts))
    (corrections / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="broken.json"):
        call_command("import_batch", str(corrections), str(texts))


def test_an_unknown_organisation_fails_that_release_only(folders):
    corrections, texts, write = folders
    bad = record([meeting()], issuer="no-such-ministry")
    bad["id"] = "a-bad-one"
    write(bad)
    write(record([CALL]))
    report = run_batch(corrections, texts)
    assert report["failures"] == ["a-bad-one: unknown organization key(s): no-such-ministry"]
    assert report["published"] == 1
    assert not Meeting.objects.filter(start_date="2017-10-10").exists()


def test_a_meeting_found_only_in_copies_is_published_marked_as_such(folders, client):
    corrections, texts, write = folders
    sources = [
        {"url": "https://gov-base.info/2017/10/12/1", "kind": "copy elsewhere", "publisher": None},
        {"url": "https://example-news.com/2017/10/seko", "kind": "news", "publisher": None},
    ]
    write(record([meeting(sources=sources)]))
    report = run_batch(corrections, texts)
    assert report["published"] == 1
    jakarta = Meeting.objects.get()
    assert jakarta.official_source_unavailable and jakarta.sourced_only_by_news
    page = client.get(jakarta.get_absolute_url())
    assert "news reports and copies only" in page.content.decode()


def test_no_official_source_found_still_needs_a_source():
    facts = PublicationFacts(
        title="Meeting of METI Minister Seko and Indonesia's Minister of Trade Lukita",
        start_date="2017-10-10",
        summary="x",
        country_codes=["ID", "JP"],
        participants=[("JP", True, True), ("ID", True, True)],
        sources=[],
        official_source_unavailable=True,
    )
    assert any("needs at least one source" in p for p in publication_problems(facts))
    facts.sources = [("https://example-news.com/a", "news")]
    assert publication_problems(facts) == []
    facts.official_source_unavailable = False
    assert any("official source" in p for p in publication_problems(facts))


@pytest.mark.parametrize(
    "known, written, same",
    [
        ("Robert Lighthizer", "Robert E. Lighthizer", True),
        ("Subrahmanyam Jaishankar", "S. Jaishankar", True),
        ("Teodoro Locsin Jr.", "Teodoro L. Locsin Jr.", True),
        ("Ken Saito", "Kenji Saito", False),
        ("Ken Saito", "Taro Saito", False),
        ("Mohammed bin Abdulrahman Al-Thani", "Sheikh Mohammed bin Abdulrahman Al-Thani", True),
        ("Marcelo Ebrard Casaubón", "Marcelo Luis Ebrard Casaubón", True),
        ("Faisal bin Farhan Al-Saud", "Abdulaziz bin Salman Al-Saud", False),
        ("Wang Yi", "Wang Wentao", False),
        ("Kei Takagi", "Yosuke Takagi", False),
    ],
)
def test_spellings_of_one_person_initials_titles_and_middle_names(known, written, same):
    from meetings.importer.gazetteer import same_person_name

    assert same_person_name(known, written) is same


def test_a_new_spelling_of_a_known_person_becomes_an_alternative_name(folders):
    corrections, texts, write = folders
    write(record([meeting()]))
    later = record(
        [
            CALL
            | {
                "participants": [
                    CALL["participants"][0] | {"name": "Hiroshige E. Seko"},
                    CALL["participants"][1],
                ]
            }
        ]
    )
    later["id"] = "meti-2017-1013-001"
    write(later)
    run_batch(corrections, texts)
    seko = Person.objects.get(family_name="Seko")
    assert "Hiroshige E. Seko" in seko.alternative_names
    assert seko.participations.count() == 2


def test_names_fill_what_the_batch_left_empty_and_nothing_else(folders):
    from meetings.models import MeetingSeries

    corrections, texts, write = folders
    write(record([meeting(series="Japan-Indonesia Trade Dialogue", ordinal=1)]))
    names = {
        "series": {
            "Japan-Indonesia Trade Dialogue": {
                "name_ja": "日インドネシア貿易対話",
                "description": "A dialogue of the two trade ministers.",
                "description_ja": "両国の貿易担当大臣の対話。",
            }
        },
        "organizations": {"meti": "経済産業省（上書きしない）"},
    }
    Organization.objects.filter(slug="meti").update(name_ja="経済産業省")
    report = run_batch(corrections, texts, names=names)
    series = MeetingSeries.objects.get(name="Japan-Indonesia Trade Dialogue")
    assert series.name_ja == "日インドネシア貿易対話" and series.description_ja
    assert Organization.objects.get(slug="meti").name_ja == "経済産業省"
    assert report["named"] == 1


def test_the_head_of_an_organisation_is_listed_under_it_on_the_record(folders, client):
    corrections, texts, write = folders
    rec = wto_record(
        "guest",
        "host",
        city="Geneva",
        venue_country="CH",
        summary="In Geneva the minister and the WTO's head talked over the coming conference.",
    )
    write(rec)
    run_batch(corrections, texts)
    page = client.get(Meeting.objects.get().get_absolute_url()).content.decode()
    assert '<h3><a href="/organizations/wto/">World Trade Organization</a></h3>' in page
    assert "Country not recorded" not in page


def test_score_only_scores_without_writing_and_picks_a_subset(folders, tmp_path, capsys):
    from meetings.importer.batch import split_of

    corrections, texts, write = folders
    first, second = record([meeting()]), record([meeting()])
    second["id"] = "another-release"
    write(first)
    write(second)
    before = (Meeting.objects.count(), Person.objects.count(), Source.objects.count())
    out = tmp_path / "score.json"
    call_command("import_batch", str(corrections), str(texts), score_only=True, report=str(out))
    assert (Meeting.objects.count(), Person.objects.count(), Source.objects.count()) == before
    assert "Importer over 2 releases" in capsys.readouterr().out
    assert json.loads(out.read_text())["importer"]["scored_releases"] == 2
    ids = tmp_path / "ids.txt"
    ids.write_text("another-release\n", encoding="utf-8")
    call_command("import_batch", str(corrections), str(texts), score_only=True, only_ids=str(ids))
    assert "Importer over 1 releases" in capsys.readouterr().out
    wanted = split_of(first["id"])
    call_command("import_batch", str(corrections), str(texts), score_only=True, split=wanted)
    count = 1 + (split_of("another-release") == wanted)
    assert f"Importer over {count} releases" in capsys.readouterr().out
    with pytest.raises(CommandError, match="score-only"):
        call_command("import_batch", str(corrections), str(texts), split="dev")
