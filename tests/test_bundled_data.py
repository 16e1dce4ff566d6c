"""The reference data and the bundled archive of real meetings, as `make run` loads them."""

from __future__ import annotations

import csv
import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from meetings.models import (
    Agreement,
    Country,
    CriticalMineral,
    Document,
    Meeting,
    MeetingSeries,
    Membership,
    Organization,
    Participant,
    Person,
    Topic,
)
from meetings.opendata.dump import (
    BUNDLED_ARCHIVE,
    FORMAT_NAME,
    ArchiveFormatError,
    load_bundled_archive,
    read_archive,
)
from meetings.reference_data import COUNTRIES_EXTRA, MINERALS_CSV, TOPICS_JSON

SEED_SLUG = "2024-06-26-4th-jucip-ministerial-meeting"
BUNDLED = read_archive(BUNDLED_ARCHIVE.read_text(encoding="utf-8"))
BUNDLED_SLUGS = [row["slug"] for row in BUNDLED["meetings"]]


def bundled_meetings():
    return Meeting.objects.filter(slug__in=BUNDLED_SLUGS)


def record_counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Meeting,
            Participant,
            Document,
            Agreement,
            Person,
            Membership,
            Organization,
            MeetingSeries,
        )
    }


# --- The bundled meetings -----------------------------------------------------------------------


def test_bundled_archive_holds_the_seed_and_at_least_twelve_more_real_meetings(bundled_archive):
    assert SEED_SLUG in BUNDLED_SLUGS
    assert len(BUNDLED_SLUGS) == len(set(BUNDLED_SLUGS)) >= 13
    assert bundled_meetings().count() == len(BUNDLED_SLUGS)


def test_every_bundled_meeting_is_published_sourced_and_between_governments(bundled_archive):
    for meeting in bundled_meetings().prefetch_related("countries", "participants"):
        assert meeting.is_published, meeting.slug
        assert meeting.published_at is not None, meeting.slug
        # Every check passes; a record with no official source found yet says so on its page.
        problems = meeting.publication_problems()
        if meeting.sourced_only_by_news:
            assert len(problems) == 1 and "official source" in problems[0], meeting.slug
        else:
            assert problems == [], meeting.slug
        assert meeting.sources and all(url.startswith("http") for url in meeting.sources)
        assert meeting.countries.count() >= 2, meeting.slug
        # Two to four sentences of the editors' own words.
        assert 200 <= len(meeting.summary) <= 900, meeting.slug
        participants = list(meeting.participants.all())
        assert participants, meeting.slug
        assert all(p.person_id for p in participants), meeting.slug
        # Every participant's country is one of the meeting's countries.
        codes = set(meeting.countries.values_list("code", flat=True))
        assert {p.country_id for p in participants} <= codes, meeting.slug


def test_every_participant_holds_an_office_on_the_meeting_date(bundled_archive):
    participants = Participant.objects.filter(meeting__slug__in=BUNDLED_SLUGS).select_related(
        "meeting", "person", "organization"
    )
    assert participants.count() >= 30
    for participant in participants:
        date = participant.meeting.start_date
        title = participant.person.title_on(date)
        assert title, f"{participant.person} on {date}"
        assert participant.title == title
        assert participant.organization == participant.person.membership_on(date).organization


def test_every_bundled_record_names_its_sources(bundled_archive):
    for model in (Person, Membership, Organization, MeetingSeries, Agreement, Document):
        records = model.objects.all()
        assert records.exists(), model.__name__
        for record in records:
            assert record.sources, f"{model.__name__} {record}"
            assert all(url.startswith("http") for url in record.sources)


def test_offices_have_real_dates_and_do_not_overlap_for_one_title(bundled_archive):
    saito = Person.objects.get(slug="ken-saito")
    office = saito.memberships.get()
    assert (office.start_date, office.end_date) == (
        datetime.date(2023, 12, 14),
        datetime.date(2024, 10, 1),
    )
    # Saito followed Nishimura, who stayed on through the September 2023 reshuffle.
    assert saito.title_on(datetime.date(2023, 12, 13)) == ""
    assert saito.title_on(datetime.date(2024, 10, 2)) == ""
    raimondo = Person.objects.get(slug="gina-raimondo").memberships.get()
    assert (raimondo.start_date, raimondo.end_date) == (
        datetime.date(2021, 3, 3),
        datetime.date(2025, 1, 20),
    )
    # Successive METI ministers hand over on the same day and never hold the office together
    # for longer than that.
    meti_ministers = Membership.objects.filter(
        title="Minister of Economy, Trade and Industry"
    ).order_by("start_date")
    for earlier, later in zip(meti_ministers, meti_ministers[1:], strict=False):
        assert earlier.end_date <= later.start_date, (earlier, later)


# --- The seed meeting ---------------------------------------------------------------------------


def test_seed_meeting_is_complete(bundled_archive):
    meeting = Meeting.objects.get(slug=SEED_SLUG)
    assert meeting.start_date == datetime.date(2024, 6, 26)
    assert meeting.city == "Washington, D.C."
    assert meeting.venue_country_id == "US"
    assert meeting.kind == Meeting.Kind.MINISTERIAL
    assert meeting.series.acronym == "JUCIP"
    assert meeting.ordinal == 4
    assert set(meeting.countries.values_list("code", flat=True)) == {"JP", "US"}
    assert set(meeting.minerals.values_list("slug", flat=True)) == {
        "gallium",
        "germanium",
        "graphite",
    }
    assert {"export-controls", "supply-chain-resilience"} <= set(
        meeting.topics.values_list("slug", flat=True)
    )
    titles = {p.person.slug: p.title for p in meeting.participants.select_related("person")}
    assert titles == {
        "ken-saito": "Minister of Economy, Trade and Industry",
        "gina-raimondo": "Secretary of Commerce",
    }
    assert (
        Meeting.objects.published()
        .involving("JP", "US")
        .naming("gallium")
        .filter(pk=meeting.pk)
        .exists()
    )
    assert Meeting.objects.attended_by("ken-saito").filter(pk=meeting.pk).exists()


def test_seed_participants_are_people_with_every_spelling_of_their_names(bundled_archive):
    saito = Person.objects.get(slug="ken-saito")
    assert saito.native_name == "齋藤健"
    assert (saito.given_name, saito.family_name, saito.sort_name) == ("Ken", "Saito", "Saito, Ken")
    assert {"Saito Ken", "SAITO Ken", "Ken SAITO"} <= set(saito.alternative_names)
    assert saito.title_on(datetime.date(2024, 6, 26)) == "Minister of Economy, Trade and Industry"
    raimondo = Person.objects.get(slug="gina-raimondo")
    assert "Gina M. Raimondo" in raimondo.alternative_names
    assert raimondo.title_on(datetime.date(2024, 6, 26)) == "Secretary of Commerce"


def test_seed_document_is_the_complete_meti_release_with_its_division(bundled_archive):
    document = Document.objects.get(meetings__slug=SEED_SLUG, issuer__slug="meti")
    assert document.division == "Americas Division, Trade Policy Bureau"
    assert document.published_on == datetime.date(2024, 6, 27)
    assert document.language == "en"
    assert document.kind == Document.Kind.PRESS_RELEASE
    # Every paragraph of the release survives, first to last, as HTML paragraphs (the site's
    # breadcrumb, a numbered list in the release's text, as a list).
    for fragment in (
        "On Wednesday, June 26, METI Minister Saito held the 4th Japan-U.S. Commercial",
        "weaponization of economic dependencies",
        "gallium, germanium, and graphite",
        "Division in Charge",
        "Americas Division, Trade Policy Bureau",
    ):
        assert fragment in document.body
    assert document.body.count("<p>") >= 5
    assert document.body.startswith("<ol><li>Home</li>")
    division = Organization.objects.get(slug="meti-americas-division")
    assert [division.parent.name, division.parent.parent.acronym] == ["Trade Policy Bureau", "METI"]


def test_seed_outcome_is_the_joint_press_release(bundled_archive):
    agreement = Agreement.objects.get(meeting__slug=SEED_SLUG)
    assert agreement.kind == Agreement.Kind.JOINT_PRESS_RELEASE
    assert agreement.signed_on == datetime.date(2024, 6, 26)
    assert set(agreement.parties.values_list("code", flat=True)) == {"JP", "US"}
    assert set(agreement.minerals.values_list("slug", flat=True)) == {
        "gallium",
        "germanium",
        "graphite",
    }


def test_series_ordinals_count_rounds_at_one_level(bundled_archive):
    jucip = MeetingSeries.objects.get(acronym="JUCIP")
    assert jucip.established_on == datetime.date(2021, 11, 15)
    assert list(
        jucip.meetings.exclude(ordinal=None)
        .order_by("start_date")
        .values_list("ordinal", flat=True)
    ) == [1, 2, 3, 4]
    epcc = MeetingSeries.objects.get(acronym="EPCC")
    assert "Economic 2+2" in epcc.alternative_names
    levels = set(epcc.meetings.values_list("kind", "ordinal"))
    assert {("ministerial meeting", 2), ("vice-ministerial meeting", 4)} <= levels


def test_signed_agreements_name_their_signatories(bundled_archive):
    minerals_agreement = Agreement.objects.get(
        slug="2023-03-28-japan-us-critical-minerals-agreement"
    )
    assert minerals_agreement.status == Agreement.Status.IN_FORCE
    assert set(minerals_agreement.signatories.values_list("slug", flat=True)) == {
        "katherine-tai",
        "koji-tomita",
    }
    chile = Agreement.objects.get(kind=Agreement.Kind.MOC, parties="CL")
    assert list(chile.minerals.values_list("slug", flat=True)) == ["lithium"]


# --- Loading again ------------------------------------------------------------------------------


def test_loading_twice_creates_nothing_and_is_cheap(bundled_archive, django_assert_max_num_queries):
    before = record_counts()
    with django_assert_max_num_queries(8):
        added = load_bundled_archive()
    assert set(added.values()) == {0}
    call_command("load_archive", verbosity=0)
    assert record_counts() == before


def test_reloading_keeps_what_editors_changed(bundled_archive):
    meeting = Meeting.objects.get(slug=SEED_SLUG)
    meeting.summary = "Edited by an editor."
    meeting.save()
    meeting.participants.get(person__slug="gina-raimondo").delete()
    saito = Person.objects.get(slug="ken-saito")
    saito.biography = "Written by an editor."
    saito.save()

    load_bundled_archive()

    meeting.refresh_from_db()
    assert meeting.summary == "Edited by an editor."
    assert list(meeting.participants.values_list("person__slug", flat=True)) == ["ken-saito"]
    saito.refresh_from_db()
    assert saito.biography == "Written by an editor."
    assert saito.memberships.count() == 1


def test_bundled_archive_is_a_dump_that_export_archive_writes_back_unchanged(
    bundled_archive, tmp_path
):
    # One format, one loader: the bundled file is what export_archive writes, and a fresh
    # database loaded from it exports the same bytes (reference data included).
    assert BUNDLED["format"] == FORMAT_NAME
    call_command("export_archive", str(tmp_path / "dump.json"), stderr=open("/dev/null", "w"))  # noqa: SIM115
    assert (tmp_path / "dump.json").read_bytes() == BUNDLED_ARCHIVE.read_bytes()


def test_reloading_adds_back_only_what_is_missing(bundled_archive):
    # A meeting deleted by an editor is a missing record: the next load adds it back, with its
    # participants and documents; its agreement outlived it (on its own now) and is left so.
    before = record_counts()
    Meeting.objects.get(slug=SEED_SLUG).delete()
    Person.objects.get(slug="ken-saito").memberships.all().delete()

    added = load_bundled_archive()

    assert added["meetings"] == 1 and added["agreements"] == 0
    assert added["people"] == 0  # Ken Saito is still there: his removed office stays removed
    counts = record_counts()
    assert counts == before | {"Membership": before["Membership"] - 1}
    assert Meeting.objects.get(slug=SEED_SLUG).participants.count() == 2


def write_broken(tmp_path, change) -> object:
    data = json.loads(BUNDLED_ARCHIVE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "archive.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_broken_archive_leaves_the_database_untouched(db, tmp_path):
    def unknown_topic(data):
        data["meetings"][-1]["topics"] = ["no-such-topic"]

    def bad_kind(data):
        # Found only while the last meetings are built: organizations, people and series
        # were written by then, and must be rolled back.
        data["meetings"][-1]["kind"] = "no-such-kind"

    before = record_counts()
    with pytest.raises(ArchiveFormatError, match="no-such-topic"):
        load_bundled_archive(write_broken(tmp_path, unknown_topic))
    assert record_counts() == before
    with pytest.raises(ArchiveFormatError, match="no-such-kind"):
        load_bundled_archive(write_broken(tmp_path, bad_kind))
    assert record_counts() == before


def test_load_archive_command_reports_a_broken_archive(db, tmp_path, monkeypatch):
    from meetings.opendata import dump

    def duplicate(data):
        data["people"].append(data["people"][0])

    broken = write_broken(tmp_path, duplicate)
    monkeypatch.setattr(dump.load_bundled_archive, "__defaults__", (broken,))
    with pytest.raises(CommandError, match="appears more than once"):
        call_command("load_archive", verbosity=0)


# --- Reference data -----------------------------------------------------------------------------


def csv_minerals():
    with MINERALS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_all_67_minerals_with_their_list_memberships(reference_data):
    rows = csv_minerals()
    assert CriticalMineral.objects.count() == len(rows) == 67
    minerals = CriticalMineral.objects.all()
    assert minerals.filter(usgs_2022=True).count() == 50
    assert minerals.filter(usgs_2025=True).count() == 60
    assert minerals.filter(eu_crma_2023="strategic").count() == 27
    assert minerals.filter(eu_crma_2023="critical").count() == 24
    assert minerals.filter(eu_crma_2023="no").count() == 16
    assert minerals.filter(japan="yes").count() == 53
    by_name = {mineral.name: mineral for mineral in minerals}
    for row in rows:
        mineral = by_name[row["name"]]
        assert mineral.usgs_2022 == (row["usgs_2022"] == "yes"), row["name"]
        assert mineral.usgs_2025 == (row["usgs_2025"] == "yes"), row["name"]
        assert mineral.eu_crma_2023 == row["eu_crm_2023"], row["name"]


def test_mineral_aliases_cover_british_spellings_and_japanese_names(reference_data):
    aliases = {m.slug: set(m.aliases) for m in CriticalMineral.objects.all()}
    assert {"aluminium", "アルミニウム"} <= aliases["aluminum"]
    assert "caesium" in aliases["cesium"]
    assert "ガリウム" in aliases["gallium"]
    assert "ゲルマニウム" in aliases["germanium"]
    assert {"黒鉛", "グラファイト"} <= aliases["graphite"]
    assert "リチウム" in aliases["lithium"]
    assert "baryte" in aliases["barite"]
    # A single kanji that is part of a longer word would mislead the importer: 鉛 (lead) sits
    # inside 亜鉛 (zinc), 銀 (silver) inside 銀行 (bank).
    assert "鉛" not in aliases["lead"]
    assert "銀" not in aliases["silver"]
    every_alias = [alias for names in aliases.values() for alias in names]
    assert len(every_alias) == len(set(every_alias)), "an alias must name one mineral"


REQUIRED_TOPICS = {
    "economic-security",
    "supply-chain-resilience",
    "export-controls",
    "semiconductors",
    "critical-minerals",
    "energy-security",
    "clean-energy",
    "hydrogen",
    "digital-and-ai",
    "non-market-practices-and-overcapacity",
    "trade-and-investment",
    "quantum",
    "emerging-technologies",
    "space",
    "biotechnology",
    "infrastructure-and-connectivity",
    "standards",
    "cybersecurity",
    "global-south-cooperation",
    "stockpiling",
    "mining-and-mineral-processing",
    "nuclear-energy",
    "lng",
}


def test_topic_taxonomy_defines_every_topic_with_keywords(reference_data):
    topics = Topic.objects.select_related("parent")
    assert topics.count() >= 18
    assert set(topics.values_list("slug", flat=True)) >= REQUIRED_TOPICS
    for topic in topics:
        assert len(topic.definition) > 40, topic.slug
        assert topic.keywords, topic.slug
        assert all(k == k.lower() and k.strip() == k for k in topic.keywords), topic.slug
    assert Topic.objects.get(slug="export-controls").parent.slug == "economic-security"
    assert "輸出管理" in Topic.objects.get(slug="export-controls").keywords
    assert "経済安全保障" in Topic.objects.get(slug="economic-security").keywords
    assert "半導体" in Topic.objects.get(slug="semiconductors").keywords
    assert "重要鉱物" in Topic.objects.get(slug="critical-minerals").keywords


def test_topic_file_parents_exist():
    topics = json.loads(TOPICS_JSON.read_text(encoding="utf-8"))
    slugs = [topic["slug"] for topic in topics]
    assert len(slugs) == len(set(slugs))
    assert {topic["parent"] for topic in topics} - {None} <= set(slugs)


def test_countries_carry_the_names_releases_use(reference_data):
    extra = json.loads(COUNTRIES_EXTRA.read_text(encoding="utf-8"))
    assert len(extra) >= 40
    assert all(fields.get("demonym") and fields.get("capital") for fields in extra.values())
    korea = Country.objects.get(code="KR")
    assert korea.short_name == "Korea"
    assert {"Republic of Korea", "South Korea", "韓国", "한국"} <= {korea.name, *korea.aliases}
    britain = Country.objects.get(code="GB")
    assert (britain.name, britain.short_name) == ("United Kingdom", "UK")
    assert {"Britain", "英国"} <= set(britain.aliases)
    assert Country.objects.get(code="CL").aliases[:2] == ["Republic of Chile", "チリ"]
    assert Country.objects.get(code="CD").short_name == "DRC"
    assert Country.objects.get(code="US").short_name == "U.S."
    assert Country.objects.get(code="EU").name == "European Union"
