"""The reference data and the bundled archive of real meetings, as `make run` loads them."""

from __future__ import annotations

import csv
import datetime
import html
import json
import re
import unicodedata
from collections import Counter, defaultdict
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils.html import strip_tags
from selectolax.lexbor import LexborHTMLParser

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
    Source,
    SourceKind,
    Topic,
)
from meetings.models.publishing import facts_from_database, publication_problems
from meetings.models.sources import WEB_URL
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
        # Every check passes (a record resting on copies says so: "no official source found").
        assert meeting.publication_problems() == [], meeting.slug
        assert meeting.sources and all(url.startswith("http") for url in meeting.sources)
        sides = {c.code for c in meeting.countries.all()} | {
            p.organization_id for p in meeting.participants.all() if not p.country_id
        } - {None}
        assert len(sides) >= 2, meeting.slug
        # Two to four sentences of the editors' own words.
        assert 150 <= len(meeting.summary) <= 900, meeting.slug
        participants = list(meeting.participants.all())
        assert participants, meeting.slug
        assert all(p.person_id for p in participants), meeting.slug
        # Every participant's country is one of the meeting's countries; one without a country
        # speaks for an international organisation.
        codes = set(meeting.countries.values_list("code", flat=True))
        assert {p.country_id for p in participants if p.country_id} <= codes, meeting.slug
        assert all(p.organization_id for p in participants if not p.country_id), meeting.slug


def test_every_participant_holds_an_office_on_the_meeting_date(bundled_archive):
    participants = Participant.objects.filter(meeting__slug__in=BUNDLED_SLUGS).select_related(
        "meeting", "person", "organization"
    )
    assert participants.count() >= 30
    for participant in participants:
        date = participant.meeting.start_date
        assert participant.person.title_on(date), f"{participant.person} on {date}"
        # The office as styled that day is one the person held then (a person whose successive
        # offices' dates are not known holds each of them "on" any date).
        held = list(participant.person.memberships.held_on(date))
        assert participant.title in {office.title for office in held}, participant
        assert participant.organization in {office.organization for office in held}, participant


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


# --- The bundled data as the public sees it (issue 12) --------------------------------------------
# Checks over every published record, written to hold however many records the archive bundles:
# no count is fixed here. The archive is loaded once for them (a transaction rolled back when the
# module ends); each test runs in a savepoint inside it.


@pytest.fixture(scope="module")
def archive_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        call_command("load_archive", verbosity=0)
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def published(archive_once, db):
    meetings = list(
        Meeting.objects.public()
        .prefetch_related("countries", "participants", "source_records", "documents")
        .order_by("start_date", "pk")
    )
    assert meetings, "the bundled archive publishes meetings"
    return meetings


def test_every_published_meeting_passes_the_publishing_checks(published):
    failing = {}
    for meeting in published:
        problems = publication_problems(facts_from_database(meeting))
        # A record resting on news or copies alone passes only with the editor's statement that
        # no official release was found, and says so on its page.
        if meeting.sourced_only_by_news:
            assert meeting.official_source_unavailable, meeting.slug
        if problems:
            failing[meeting.slug] = problems
    assert failing == {}


def test_every_source_is_a_web_address_with_a_kind(archive_once, db):
    sources = list(Source.objects.all())
    assert sources
    for source in sources:
        for url in filter(None, (source.url, source.archived_url)):
            WEB_URL(url)  # raises ValidationError on anything but a well-formed http(s) URL
            parts = urlsplit(url)
            assert parts.scheme in {"http", "https"} and parts.hostname, url
            assert url == url.strip() and " " not in url, url
        assert source.kind in SourceKind.values, (source.url, source.kind)
    # Every published meeting has at least one.
    bare = Meeting.objects.public().exclude(
        pk__in=Source.objects.filter(
            content_type=ContentType.objects.get_for_model(Meeting)
        ).values("object_id")
    )
    assert list(bare.values_list("slug", flat=True)) == []


def principal_people(meeting) -> frozenset:
    principals = [
        p for p in meeting.participants.all() if p.role != Participant.Role.DELEGATE
    ] or list(meeting.participants.all())
    return frozenset(p.person_id or p.name.casefold() for p in principals)


def test_no_two_published_meetings_are_the_same_meeting(published):
    seen: dict[tuple, str] = {}
    repeated = []
    for meeting in published:
        key = (
            meeting.start_date,
            frozenset(country.code for country in meeting.countries.all()),
            principal_people(meeting),
        )
        if key in seen:
            repeated.append((seen[key], meeting.slug))
        seen[key] = meeting.slug
    assert repeated == []


WORD_RUN = 12  # words an English summary may never share with its documents' text
CHARACTER_RUN = 24  # characters a Japanese summary may never share with them


def words(text: str) -> list[str]:
    """Case-folded words without punctuation: "U.S.-Japan" → ["us", "japan"]."""
    text = unicodedata.normalize("NFKC", html.unescape(strip_tags(text or ""))).casefold()
    return re.findall(r"\w+", re.sub(r"[.'’]", "", text))


def word_runs(text: str, n: int = WORD_RUN) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def character_runs(text: str, n: int = CHARACTER_RUN) -> set[str]:
    chars = re.sub(r"\s+", "", unicodedata.normalize("NFKC", html.unescape(strip_tags(text or ""))))
    return {chars[i : i + n] for i in range(len(chars) - n + 1)}


def test_the_run_checks_find_a_copied_run():
    # The two checks below would pass vacuously if they could not see a copy: they can.
    release = "<p>The two ministers <b>agreed</b> to deepen cooperation on critical minerals, "
    release += "supply chains and export controls in the coming year.</p>"
    copied = "In Tokyo the two Ministers agreed to deepen cooperation on critical minerals, supply "
    copied += "chains and export controls in the coming months."
    assert word_runs(copied) & word_runs(release)
    assert not word_runs("The ministers talked about minerals and supply chains.") & word_runs(
        release
    )
    assert character_runs(
        "両大臣は重要鉱物のサプライチェーン強靱化に向けた協力を一層深めることで一致した。"
    ) & (
        character_runs(
            "<p>両大臣は、重要鉱物のサプライチェーン強靱化に向けた協力を一層深めることで一致した。</p>"
        )
    )


def test_no_summary_repeats_its_documents_words(published):
    copied = {}
    for meeting in published:
        bodies = [document.body for document in meeting.documents.all() if document.body]
        if not bodies:
            continue
        runs = set().union(*(word_runs(body) for body in bodies))
        chars = set().union(*(character_runs(body) for body in bodies))
        shared = sorted(" ".join(run) for run in word_runs(meeting.summary) & runs)
        shared += sorted(character_runs(meeting.summary_ja) & chars)
        if shared:
            copied[meeting.slug] = shared[:3]
    assert copied == {}


def test_a_record_resting_on_news_alone_says_so(published, client):
    notice = "rests on news reports and copies only"
    news_only = [meeting for meeting in published if meeting.sourced_only_by_news]
    official = [meeting for meeting in published if not meeting.sourced_only_by_news]
    for meeting in news_only:
        assert notice in client.get(meeting.get_absolute_url()).content.decode(), meeting.slug
    # An officially sourced record has no such notice; demoted to news and copies, it has.
    record = official[0]
    assert notice not in client.get(record.get_absolute_url()).content.decode()
    record.source_records.update(kind=SourceKind.NEWS)
    assert notice in client.get(record.get_absolute_url()).content.decode()


def independent_coverage(published) -> dict:
    """The coverage figures counted afresh, meeting by meeting, without meetings/coverage.py."""
    home = settings.ARCHIVE_HOME_COUNTRY
    official_kinds = {"official release", "joint statement", "readout", "transcript"}
    counterparts, issuers, kinds = defaultdict(Counter), Counter(), Counter()
    per_year = Counter()
    with_official = news_only = without = 0
    for meeting in published:
        year = meeting.start_date.year
        per_year[year] += 1
        kinds[meeting.kind] += 1
        parties = {("country", c.code) for c in meeting.countries.all() if c.code != home}
        for participant in meeting.participants.select_related("organization"):
            organization = participant.organization
            if (
                organization
                and organization.kind == "international"
                and not organization.country_id
            ):
                parties.add(("organization", organization.slug))
        for party in parties:
            counterparts[party][year] += 1
        sources = list(meeting.source_records.select_related("publisher"))
        official = [source for source in sources if source.kind in official_kinds]
        with_official += bool(official)
        news_only += bool(sources) and not official
        without += not sources
        governments = {
            source.publisher.country_id or source.publisher.slug
            for source in official
            if source.publisher
        }
        governments |= {
            document.issuer.country_id or document.issuer.slug
            for document in meeting.documents.select_related("issuer")
            if document.issuer
        }
        issuers.update(governments)
    return {
        "meetings": len(published),
        "countries": {key for key in counterparts if key[0] == "country"},
        "organizations": {key for key in counterparts if key[0] == "organization"},
        "counterparts": {key: dict(years) for key, years in counterparts.items()},
        "per_year": dict(per_year),
        "issuers": dict(issuers),
        "with_official": with_official,
        "news_only": news_only,
        "without": without,
        "kinds": dict(kinds),
    }


def test_the_coverage_figures_are_the_databases(published, client):
    expected = independent_coverage(published)
    api = client.get("/api/coverage/").json()
    assert api["meetings"] == expected["meetings"] == Meeting.objects.public().count()
    assert api["counterpart_governments"] == len(expected["countries"])
    assert api["international_organizations"] == len(expected["organizations"])
    assert {row["year"]: row["meetings"] for row in api["per_year"]} == expected["per_year"]
    assert {
        ("country", row["country"]["code"])
        if row["country"]
        else ("organization", row["organization"]["slug"]): {
            cell["year"]: cell["meetings"] for cell in row["per_year"]
        }
        for row in api["counterparts"]
    } == expected["counterparts"]
    # Governments first, then organisations, each most meetings first.
    kinds_in_order = [
        "country" if row["country"] else "organization" for row in api["counterparts"]
    ]
    assert kinds_in_order == sorted(kinds_in_order)
    for kind in ("country", "organization"):
        totals = [row["meetings"] for row in api["counterparts"] if row[kind]]
        assert totals == sorted(totals, reverse=True)
    assert {
        row["country"]["code"] if row["country"] else row["organization"]["slug"]: row["meetings"]
        for row in api["per_issuing_government"]
    } == expected["issuers"]
    assert api["with_official_source"] == expected["with_official"]
    assert api["news_or_copies_only"] == expected["news_only"]
    assert api["without_source"] == expected["without"]
    assert api["with_official_source_share"] == round(
        expected["with_official"] / expected["meetings"], 4
    )
    assert {row["kind"]: row["meetings"] for row in api["per_kind"]} == expected["kinds"]

    # The page states the same numbers: the totals, and the table cell by cell.
    page = LexborHTMLParser(client.get("/about/").content.decode())
    totals = " ".join(page.css_first(".coverage__totals").text().split())
    assert f"{expected['meetings']} published meeting" in totals
    assert f"{len(expected['countries'])} counterpart government" in totals
    assert f"{len(expected['organizations'])} international organisation" in totals
    percent = round(100 * expected["with_official"] / expected["meetings"])
    assert f"{percent}% with an official source ({expected['with_official']})" in totals
    table = page.css_first("table.coverage-table")
    years = [int(th.text()) for th in table.css("thead th.num") if th.text().isdigit()]
    assert years == sorted(expected["per_year"])
    names = {}
    for _, code in expected["countries"]:
        names[Country.objects.get(code=code).display_name] = ("country", code)
    for _, slug in expected["organizations"]:
        names[Organization.objects.get(slug=slug).name] = ("organization", slug)
    shown = {}
    for row in table.css("tbody tr:not(.group)"):
        name = row.css_first("th").text().strip()
        cells = [int(td.text()) for td in row.css("td")[: len(years)]]
        total = int(row.css("td")[-1].text())
        shown[names[name]] = {year: n for year, n in zip(years, cells, strict=True) if n}
        assert total == sum(cells)
    assert shown == expected["counterparts"]
    footer = [int(td.text()) for td in table.css("tfoot td")]
    assert footer[: len(years)] == [expected["per_year"][year] for year in years]
    assert footer[-1] == expected["meetings"]
    # The Japanese page's table holds the same numbers.
    japanese = LexborHTMLParser(client.get("/ja/about/").content.decode())
    assert [td.text() for td in japanese.css("table.coverage-table td")] == [
        td.text() for td in table.css("td")
    ]


def test_the_archive_covers_what_it_promises(published):
    """The archive's own goals (issue "A real archive"): at least 300 published meetings, 40
    counterpart governments besides Japan (the EU as one), every year 2016-2025 with ten or more,
    and nine in ten with a source on the issuing government's own site."""
    assert len(published) >= 300
    counterparts = {c.code for m in published for c in m.countries.all()} - {"JP"}
    assert len(counterparts) >= 40
    years = Counter(m.start_date.year for m in published)
    assert all(years[year] >= 10 for year in range(2016, 2026)), years
    official = [m for m in published if any(s.is_official for s in m.source_records.all())]
    assert len(official) / len(published) >= 0.9


def test_meetings_at_a_distance_have_no_place(published):
    """A telephone talk or video conference is said by its kind or mode, never by a venue
    "Online"."""
    for meeting in published:
        assert meeting.venue.strip().lower() not in {"online", "virtual", "video conference"}
        if meeting.mode != "in person":
            assert not (meeting.city or meeting.venue or meeting.venue_country_id), meeting.slug
        meeting.full_clean(exclude=["slug"])  # the model's own rules hold
