"""From a proposal to the archive: what each extracted field matches, likely duplicates, and the draft.

`release_preview` says, field by field, what the archive already holds and what would be new;
`meeting_import_release` writes the draft meeting, its people, series, document and agreements in one
transaction, so a failure midway leaves nothing behind.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from meetings.importer.extract import extract_fields
from meetings.importer.extract.series import series_acronym
from meetings.importer.gazetteer import fold, load_gazetteer, strip_accents
from meetings.importer.text import Release, ReleaseError, read_release
from meetings.models import (
    Agreement,
    Country,
    CriticalMineral,
    Document,
    Meeting,
    MeetingKind,
    MeetingSeries,
    Organization,
    Participant,
    Person,
    Source,
    Topic,
    unique_slug,
)
from meetings.models.sources import guess_kind, official_source_problem

AGREEMENT_KINDS = {choice for choice, _ in Agreement.Kind.choices}
DOCUMENT_KINDS_BY_HEADLINE = [
    (r"^joint (?:press )?statement\b", Document.Kind.JOINT_STATEMENT),
    (r"^joint press release\b", Document.Kind.JOINT_PRESS_RELEASE),
    (r"^(?:joint )?readout\b", Document.Kind.READOUT),
    (r"^fact sheet\b", Document.Kind.FACT_SHEET),
]


def document_kind(title: str | None) -> str:
    """What the release itself is, from its headline: a METI release reproducing a joint text is
    still a press release."""
    for pattern, kind in DOCUMENT_KINDS_BY_HEADLINE:
        if title and re.search(pattern, title, re.IGNORECASE):
            return kind
    return Document.Kind.PRESS_RELEASE


class DuplicateMeeting(Exception):
    """The archive probably holds this meeting already; `meetings` are the likely matches."""

    def __init__(self, meetings):
        self.meetings = list(meetings)
        names = "; ".join(f"{m.title} ({m.start_date or 'undated'})" for m in self.meetings)
        super().__init__(f"This meeting is probably in the archive already: {names}")


@dataclass
class ParticipantMatch:
    name: str
    family_name: str
    title: str
    country: str | None
    person: Person | None  # None: a new person will be created for review
    created: bool = False


@dataclass
class Preview:
    """A proposal with what each part matched in the archive."""

    proposal: dict
    release: Release
    participants: list[ParticipantMatch] = field(default_factory=list)
    series: MeetingSeries | None = None
    series_is_new: bool = False
    countries: list[Country] = field(default_factory=list)
    venue_country: Country | None = None
    topics: list[Topic] = field(default_factory=list)
    minerals: list[CriticalMineral] = field(default_factory=list)
    issuer: Organization | None = None
    duplicates: list[Meeting] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """No meeting found in the text: nothing worth a draft."""
        p = self.proposal
        return not (p["participants"] or p["series"] or p["meeting_date"] or p["countries"])

    @property
    def kind(self) -> str:
        kind = self.proposal.get("kind")
        valid = {choice for choice, _ in MeetingKind.choices}
        return kind if kind in valid else MeetingKind.MINISTERIAL

    @property
    def meeting_date(self) -> datetime.date | None:
        value = self.proposal.get("meeting_date")
        return datetime.date.fromisoformat(value) if value else None


# --- Matching -------------------------------------------------------------------------------------


def match_person(participant: dict) -> Person | None:
    """The archive's person for an extracted participant: any known spelling, else family name
    and government (when exactly one person fits)."""
    name = fold(participant.get("name"))
    family = strip_accents(participant.get("family_name") or "").casefold()
    candidates = Person.objects.filter(family_name__iexact=participant.get("family_name") or "")
    for person in candidates:
        if any(fold(spelling) == name for spelling in person.all_names):
            return person
    for person in Person.objects.filter(name__iexact=participant.get("name") or ""):
        return person
    same_family = [
        p
        for p in candidates
        if strip_accents(p.family_name).casefold() == family
        and (not participant.get("country") or p.country_id in (None, participant["country"]))
    ]
    if len(same_family) == 1 and (
        len((participant.get("name") or "").split()) == 1
        or fold(same_family[0].given_name) in name.split()
    ):
        return same_family[0]
    if not family:
        return None
    # Names the archive only knows as an alternative spelling ("SAITO Ken" typed by an editor).
    for person in Person.objects.filter(
        alternative_names__icontains=participant.get("family_name")
    ):
        if any(fold(spelling) == name for spelling in person.all_names):
            return person
    return None


def match_series(name: str | None) -> MeetingSeries | None:
    if not name:
        return None
    wanted = fold(name)
    best, best_score = None, 0.0
    for series in MeetingSeries.objects.all():
        spellings = [series.name, *series.alternative_names]
        if series.acronym:
            spellings.append(series.acronym)
        for spelling in spellings:
            if fold(spelling) == wanted:
                return series
            ours, theirs = set(wanted.split()), set(fold(spelling).split())
            if ours and theirs:
                score = len(ours & theirs) / len(ours | theirs)
                if score > best_score:
                    best, best_score = series, score
    # Word order and a missing level word ("High Level" / "High-Level") should not split a series.
    return best if best_score >= 0.8 else None


def match_issuer(release: Release) -> Organization | None:
    """The ministry named in the release's division footer or headline, when the archive has it."""
    haystack = " ".join([release.division or "", *release.lines[:3]])
    for organization in Organization.objects.exclude(acronym="").filter(
        kind__in=[Organization.Kind.MINISTRY, Organization.Kind.AGENCY]
    ):
        if organization.acronym and f" {organization.acronym} " in f" {haystack} ":
            return organization
    return None


def find_duplicates(
    series: MeetingSeries | None, ordinal: int | None, kind: str, date, country_codes
) -> list[Meeting]:
    """Meetings that are probably this one: same series, ordinal and kind; or same date and
    the same participating countries."""
    found: dict[int, Meeting] = {}
    if series is not None and ordinal:
        for meeting in Meeting.objects.filter(series=series, ordinal=ordinal, kind=kind):
            found[meeting.pk] = meeting
    codes = set(country_codes)
    if date and len(codes) >= 2:
        same_day = Meeting.objects.filter(start_date=date).prefetch_related("countries")
        for meeting in same_day:
            if {c.code for c in meeting.countries.all()} == codes:
                found[meeting.pk] = meeting
    return list(found.values())


def release_preview(data: bytes | str, filename: str = "") -> Preview:
    """Read, extract and match a release without writing anything."""
    release = read_release(data, filename)
    proposal = extract_fields(release, load_gazetteer())
    preview = Preview(proposal=proposal, release=release)
    for participant in proposal["participants"]:
        preview.participants.append(
            ParticipantMatch(
                name=participant["name"],
                family_name=participant.get("family_name") or "",
                title=participant.get("title") or "",
                country=participant.get("country"),
                person=match_person(participant),
            )
        )
    preview.series = match_series(proposal["series"])
    preview.series_is_new = bool(proposal["series"]) and preview.series is None
    codes = proposal["countries"]
    preview.countries = list(Country.objects.filter(code__in=codes).order_by("code"))
    if proposal["venue_country"]:
        preview.venue_country = Country.objects.filter(code=proposal["venue_country"]).first()
    preview.topics = list(Topic.objects.filter(slug__in=proposal["topics"]))
    preview.minerals = list(CriticalMineral.objects.filter(name__in=proposal["minerals"]))
    preview.issuer = match_issuer(release)
    preview.duplicates = find_duplicates(
        preview.series,
        proposal["ordinal"],
        preview.kind,
        preview.meeting_date,
        [c.code for c in preview.countries],
    )
    return preview


# --- Writing the draft ----------------------------------------------------------------------------


def meeting_title(preview: Preview) -> str:
    """A title in the archive's style (docs/editors.md), never the release's headline: the
    series with its round ("4th Japan-U.S. Commercial and Industrial Partnership Ministerial
    Meeting"), else the countries ("Japan–Chile Ministerial Meeting")."""
    proposal = preview.proposal
    label = dict(MeetingKind.choices).get(preview.kind, "Meeting")
    label = " ".join(word[:1].upper() + word[1:] for word in label.split())
    if "Meeting" not in label and "Call" not in label and "Conference" not in label:
        label = f"{label} Meeting" if label not in ("Dialogue", "Summit", "Visit") else label
    if proposal.get("series"):
        ordinal = f"{ordinal_words(proposal['ordinal'])} " if proposal.get("ordinal") else ""
        return f"{ordinal}{proposal['series']} {label}"[:150].strip()
    names = "–".join(c.display_name for c in preview.countries) or "Bilateral"
    return f"{names} {label}"[:150]


def ordinal_words(n: int) -> str:
    from meetings.models import ordinal_label

    return ordinal_label(n)


def person_create(participant: ParticipantMatch) -> Person:
    given = (
        participant.name[: -len(participant.family_name)].strip()
        if participant.name.endswith(participant.family_name)
        else ""
    )
    base = slugify(participant.name) or slugify(participant.family_name) or "person"
    return Person.objects.create(
        name=participant.name,
        slug=unique_slug(Person, base),
        given_name=given,
        family_name=participant.family_name,
        country_id=participant.country
        if Country.objects.filter(code=participant.country).exists()
        else None,
        needs_review=True,
    )


def series_create(name: str, countries, acronym: str = "") -> MeetingSeries:
    series = MeetingSeries.objects.create(
        name=name[:200],
        slug=unique_slug(MeetingSeries, slugify(name)[:180]),
        acronym=acronym,
        needs_review=True,
    )
    series.countries.set(countries)
    return series


def division_create(name: str, country: str | None) -> Organization:
    existing = Organization.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    return Organization.objects.create(
        name=name[:200],
        slug=unique_slug(Organization, slugify(name)[:180] or "division"),
        kind=Organization.Kind.DIVISION,
        country_id=country,
        needs_review=True,
    )


SOURCE_KIND_OF_DOCUMENT = {
    Document.Kind.JOINT_STATEMENT: Source.Kind.JOINT_STATEMENT,
    Document.Kind.READOUT: Source.Kind.READOUT,
}


def add_source(record, url, publisher, *, language="", published_on=None, document_kind=""):
    """The release's address as a Source of `record`: official when it is on the publisher's own
    (or a government) site, a copy on a known copy site, news otherwise."""
    kind = SOURCE_KIND_OF_DOCUMENT.get(document_kind, Source.Kind.OFFICIAL_RELEASE)
    if official_source_problem(url, publisher):
        kind = guess_kind(url)
        if kind == Source.Kind.OFFICIAL_RELEASE:
            kind = Source.Kind.NEWS
    if record.source_records.filter(url=url).exists():
        return None
    return Source.objects.create(
        record=record,
        url=url[:500],
        kind=kind,
        publisher=publisher if kind in Source.OFFICIAL_KINDS else None,
        language=(language or "")[:10],
        published_on=published_on or None,
        order=record.source_records.count(),
    )


def meeting_import_release(
    data: bytes | str, filename: str = "", *, url: str = "", force: bool = False, _fail_after=None
) -> tuple[Meeting, Preview]:
    """Create a draft meeting from a release, in one transaction.

    Raises ReleaseError for unreadable input or a text with no meeting in it, and DuplicateMeeting
    when the archive probably holds the meeting already (unless `force`). `_fail_after` lets tests
    interrupt the transaction after a named step to prove it leaves nothing behind.
    """
    preview = release_preview(data, filename)
    if preview.is_empty:
        raise ReleaseError(
            "No meeting found in this text: no participants, series, date or countries. Nothing "
            "was created."
        )
    if preview.duplicates and not force:
        raise DuplicateMeeting(preview.duplicates)
    proposal = preview.proposal

    def checkpoint(step: str):
        if _fail_after == step:
            raise RuntimeError(f"Interrupted after {step} (test)")

    with transaction.atomic():
        series = preview.series
        if series is None and proposal["series"]:
            series = series_create(
                proposal["series"],
                preview.countries,
                series_acronym(preview.release.text, proposal["series"]) or "",
            )
            preview.series = series
        checkpoint("series")
        ordinal = proposal["ordinal"] if series else None
        if (
            ordinal
            and Meeting.objects.filter(series=series, kind=preview.kind, ordinal=ordinal).exists()
        ):
            ordinal = None  # forced past a duplicate: the editor sets the round by hand
        meeting = Meeting.objects.create(
            title=meeting_title(preview),
            kind=preview.kind,
            series=series,
            ordinal=ordinal,
            start_date=preview.meeting_date,
            city=(proposal["city"] or "")[:100],
            venue_country=preview.venue_country,
            status=Meeting.Status.DRAFT,
        )
        meeting.countries.set(preview.countries)
        meeting.topics.set(preview.topics)
        meeting.minerals.set(preview.minerals)
        checkpoint("meeting")
        for order, participant in enumerate(preview.participants):
            if participant.person is None:
                participant.person = person_create(participant)
                participant.created = True
            person = participant.person
            membership = person.membership_on(preview.meeting_date)
            Participant.objects.create(
                meeting=meeting,
                person=person,
                name=participant.name,
                title=(participant.title or (membership.title if membership else ""))[:200],
                organization=membership.organization if membership else None,
                country_id=participant.country
                if participant.country in {c.code for c in preview.countries}
                else None,
                order=order,
            )
        checkpoint("participants")
        issuer = preview.issuer
        if issuer is None and proposal["division"]:
            country = (
                next((p.country for p in preview.participants if p.country), None)
                if proposal["language"] == "ja"
                else None
            )
            issuer = division_create(proposal["division"], country)
        agreements = proposal["agreements"]
        Document.objects.create(
            meeting=meeting,
            kind=document_kind(proposal["title"]),
            title=(proposal["title"] or meeting.title)[:400],
            issuer=issuer,
            division=(proposal["division"] or "")[:200],
            published_on=datetime.date.fromisoformat(proposal["published_on"])
            if proposal["published_on"]
            else None,
            language=proposal["language"],
            source_url=url,
            body=preview.release.body_html,
            sources=[url] if url else [],
        )
        if url:
            add_source(
                meeting,
                url,
                issuer,
                language=proposal["language"],
                published_on=proposal["published_on"],
                document_kind=document_kind(proposal["title"]),
            )
        checkpoint("document")
        for agreement in agreements:
            kind = agreement["kind"] if agreement["kind"] in AGREEMENT_KINDS else "other"
            record = Agreement.objects.create(
                title=agreement["title"][:400],
                slug=unique_slug(Agreement, slugify(agreement["title"])[:150] or "agreement"),
                kind=kind,
                meeting=meeting,
                signed_on=preview.meeting_date,
                status=Agreement.Status.ISSUED
                if kind.startswith("joint")
                else Agreement.Status.SIGNED,
                source_url=url,
            )
            record.parties.set(preview.countries)
        checkpoint("agreements")
    return meeting, preview
