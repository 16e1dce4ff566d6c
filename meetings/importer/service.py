"""From a proposal to the archive: what each extracted field matches, likely duplicates, and the draft.

`release_preview` says, field by field, what the archive holds and what would be new; `import_release`
writes the drafts, people, series, document and agreements in one transaction (all or nothing).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from meetings.importer.bilingual import fill_in_linked, is_japanese_text, meeting_title_ja
from meetings.importer.extract import extract_fields
from meetings.importer.extract.multi import MEETING_KEYS
from meetings.importer.extract.series import series_acronym
from meetings.importer.gazetteer import fold, load_gazetteer, same_person_name, strip_accents
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
    organization: str = ""  # an international organisation the person heads ("OECD")
    native_name: str = ""


# The per-meeting keys are declared once, by the extractor (the contract of DESIGN.md).
PER_MEETING_KEYS = [key for key in MEETING_KEYS if key != "organizations"]


def proposed_meetings(proposal: dict) -> list[dict]:
    """The per-meeting objects of a proposal: its "meetings" list, or (a proposal without one)
    the top-level object as the only meeting. Missing keys default to empty."""
    meetings = proposal.get("meetings")
    if not isinstance(meetings, list) or not meetings:
        meetings = [proposal]
    defaults = {"countries": [], "participants": [], "topics": [], "minerals": [], "agreements": []}
    return [
        {
            key: (m.get(key) if m.get(key) is not None else defaults.get(key))
            for key in PER_MEETING_KEYS
        }
        | {"organizations": list(m.get("organizations") or [])}
        for m in meetings
        if isinstance(m, dict)
    ]


@dataclass
class MeetingPreview:
    """One proposed meeting of a release, with what each part matched in the archive."""

    proposal: dict
    participants: list[ParticipantMatch] = field(default_factory=list)
    series: MeetingSeries | None = None
    series_is_new: bool = False
    countries: list[Country] = field(default_factory=list)
    venue_country: Country | None = None
    topics: list[Topic] = field(default_factory=list)
    minerals: list[CriticalMineral] = field(default_factory=list)
    duplicates: list[Meeting] = field(default_factory=list)
    title: str = ""

    @property
    def is_empty(self) -> bool:
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
        try:
            return datetime.date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            return None


class Preview:
    """A release's proposal: the release-level fields, and one MeetingPreview per meeting it
    reports. The attributes of a single meeting (participants, series, duplicates, …) read the
    first meeting's, as the one-meeting import page shows them."""

    def __init__(self, proposal: dict, release: Release):
        self.proposal = proposal
        self.release = release
        self.meetings: list[MeetingPreview] = []
        self.issuer: Organization | None = None

    @property
    def main(self) -> MeetingPreview:
        return self.meetings[0]

    @property
    def is_multi(self) -> bool:
        return len(self.meetings) > 1

    @property
    def is_empty(self) -> bool:
        """No meeting found in the text: nothing worth a draft."""
        return all(meeting.is_empty for meeting in self.meetings)


for _name in (
    "participants",
    "series",
    "series_is_new",
    "countries",
    "venue_country",
    "topics",
    "minerals",
    "duplicates",
    "kind",
    "meeting_date",
):
    setattr(
        Preview,
        _name,
        property(
            lambda self, name=_name: getattr(self.main, name),
            lambda self, value, name=_name: setattr(self.main, name, value),
        ),
    )


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
        or same_person_name(same_family[0].name, participant.get("name") or "")
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
        if series.name_ja:
            spellings.append(series.name_ja)
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
    series: MeetingSeries | None,
    ordinal: int | None,
    kind: str,
    date,
    country_codes,
    organizations=(),
) -> list[Meeting]:
    """Meetings that are probably this one: same series, ordinal and kind; or same date and
    the same participating countries; or (a meeting with an international organisation) same
    date and countries and a participant speaking for that organisation."""
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
    names = [name for name in organizations if isinstance(name, str) and name]
    if date and codes and names:
        same_day = Meeting.objects.filter(start_date=date).prefetch_related("countries")
        for meeting in same_day.filter(
            Q(participants__organization__acronym__in=names)
            | Q(participants__organization__name__in=names)
        ).distinct():
            if {c.code for c in meeting.countries.all()} == codes:
                found[meeting.pk] = meeting
    return list(found.values())


def meeting_preview(meeting: dict) -> MeetingPreview:
    preview = MeetingPreview(proposal=meeting)
    for participant in meeting["participants"]:
        if not isinstance(participant, dict) or not participant.get("name"):
            continue
        preview.participants.append(
            ParticipantMatch(
                name=participant["name"],
                family_name=participant.get("family_name") or "",
                title=participant.get("title") or "",
                country=participant.get("country"),
                person=match_person(participant),
                organization=participant.get("organization") or "",
                native_name=participant.get("native_name") or "",
            )
        )
    preview.series = match_series(meeting["series"])
    preview.series_is_new = bool(meeting["series"]) and preview.series is None
    codes = meeting["countries"]
    preview.countries = list(Country.objects.filter(code__in=codes).order_by("code"))
    if meeting["venue_country"]:
        preview.venue_country = Country.objects.filter(code=meeting["venue_country"]).first()
    preview.topics = list(Topic.objects.filter(slug__in=meeting["topics"]))
    preview.minerals = list(CriticalMineral.objects.filter(name__in=meeting["minerals"]))
    preview.duplicates = find_duplicates(
        preview.series,
        meeting["ordinal"],
        preview.kind,
        preview.meeting_date,
        [c.code for c in preview.countries],
        meeting.get("organizations") or [],
    )
    preview.title = meeting_title(preview)
    return preview


def release_preview(data: bytes | str, filename: str = "") -> Preview:
    """Read, extract and match a release without writing anything."""
    release = read_release(data, filename)
    proposal = extract_fields(release, load_gazetteer())
    return proposal_preview(proposal, release)


def proposal_preview(proposal: dict, release: Release) -> Preview:
    """Match an extracted proposal (one meeting, or a "meetings" list) against the archive."""
    preview = Preview(proposal=proposal, release=release)
    preview.meetings = [meeting_preview(m) for m in proposed_meetings(proposal)]
    if not preview.meetings:
        preview.meetings = [meeting_preview(proposed_meetings({})[0])]
    preview.issuer = match_issuer(release)
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
    parties = [c.display_name for c in preview.countries]
    parties += [o for o in preview.proposal.get("organizations") or [] if isinstance(o, str)]
    names = "–".join(parties) or "Bilateral"
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
        native_name=(participant.native_name or "")[:200],
        country_id=participant.country
        if Country.objects.filter(code=participant.country).exists()
        else None,
        needs_review=True,
    )


def series_create(name: str, countries, acronym: str = "") -> MeetingSeries:
    """A new series for review; named in Japanese by a Japanese release (name_ja too, the English
    name for the editor to write over)."""
    series = MeetingSeries.objects.create(
        name=name[:200],
        name_ja=name[:200] if is_japanese_text(name) else "",
        slug=unique_slug(MeetingSeries, slugify(name)[:180] or "series"),
        acronym=acronym,
        needs_review=True,
    )
    series.countries.set(countries)
    return series


def division_create(name: str, country: str | None) -> Organization:
    existing = (
        Organization.objects.filter(name__iexact=name).first()
        or Organization.objects.filter(name_ja=name).first()
    )
    if existing:
        return existing
    return Organization.objects.create(
        name=name[:200],
        name_ja=name[:200] if is_japanese_text(name) else "",
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


def organization_for(name: str) -> Organization:
    """An international organisation a participant speaks for ("OECD", "World Trade
    Organization"): the archive's, else a new one for review."""
    found = (
        Organization.objects.filter(acronym__iexact=name).first()
        or Organization.objects.filter(name__iexact=name).first()
    )
    if found:
        return found
    return Organization.objects.create(
        name=name[:200],
        slug=unique_slug(Organization, slugify(name)[:180] or "organization"),
        acronym=name[:30] if len(name) <= 10 and " " not in name else "",
        kind=Organization.Kind.INTERNATIONAL,
        needs_review=True,
    )


@dataclass
class ImportResult:
    """What one release gave: the drafts created, the existing meetings the release was linked
    to, the proposed meetings skipped, and the release's document."""

    preview: Preview
    created: list[Meeting] = field(default_factory=list)
    linked: list[Meeting] = field(default_factory=list)
    skipped: list[tuple[MeetingPreview, str]] = field(default_factory=list)
    document: Document | None = None

    @property
    def new_people(self) -> list[str]:
        return [p.name for m in self.preview.meetings for p in m.participants if p.created]


def import_release(
    data: bytes | str | None = None,
    filename: str = "",
    *,
    url: str = "",
    force: bool = False,
    selected: set[int] | None = None,
    preview: Preview | None = None,
    _fail_after=None,
) -> ImportResult:
    """Create the drafts of every meeting a release reports, and ONE document linked to each,
    in one transaction: a failure anywhere leaves nothing behind.

    `selected` (indexes into the preview's meetings; None: all) says which proposed meetings to
    create. A proposed meeting the archive probably holds already is not created unless `force`
    (or the editor ticked it): when exactly one meeting matches, the release's document is linked
    to it ("linked"); otherwise it is skipped. Raises ReleaseError for unreadable input or a text
    with no meeting in it.
    """
    if preview is None:
        preview = release_preview(data, filename)
    if preview.is_empty:
        raise ReleaseError(
            "No meeting found in this text: no participants, series, date or countries. Nothing "
            "was created."
        )
    result = ImportResult(preview=preview)
    existing = existing_document(preview, url)
    already = set(existing.meetings.values_list("pk", flat=True)) if existing else set()

    def link_or_skip(proposed: MeetingPreview, why: str):
        if len(proposed.duplicates) == 1 and proposed.duplicates[0].pk not in already:
            result.linked.append(proposed.duplicates[0])
            fill_in_linked(proposed.duplicates[0], proposed, preview.proposal.get("language"))
        else:
            result.skipped.append((proposed, why))

    def checkpoint(step: str):
        if _fail_after == step:
            raise RuntimeError(f"Interrupted after {step} (test)")

    with transaction.atomic():
        for index, meeting_preview_ in enumerate(preview.meetings):
            if meeting_preview_.is_empty:
                result.skipped.append((meeting_preview_, "nothing found for this meeting"))
                continue
            wanted = selected is None or index in selected
            duplicate = bool(meeting_preview_.duplicates)
            if selected is not None and not wanted:
                link_or_skip(meeting_preview_, "not ticked")
                continue
            if duplicate and not force and selected is None:
                link_or_skip(meeting_preview_, "probably in the archive already")
                continue
            result.created.append(
                create_meeting(preview, meeting_preview_, url=url, checkpoint=checkpoint)
            )
        meetings = [*result.created, *dict.fromkeys(result.linked)]
        if meetings and existing is not None:
            # The release is in the archive already (imported before): link it, once.
            existing.meetings.add(*meetings)
            result.document = existing
        elif meetings:
            result.document = create_document(preview, meetings, url)
            for meeting in result.created:
                if url:
                    add_source(
                        meeting,
                        url,
                        result.document.issuer,
                        language=preview.proposal.get("language") or "",
                        published_on=preview.proposal.get("published_on"),
                        document_kind=result.document.kind,
                    )
        checkpoint("document")
        for meeting, meeting_preview_ in created_with_previews(result):
            create_agreements(meeting, meeting_preview_, url)
        checkpoint("agreements")
    return result


def existing_document(preview: Preview, url: str) -> Document | None:
    """The release's document if it was imported before: same address, or same headline and
    date."""
    if url:
        found = Document.objects.filter(source_url=url).first()
        if found:
            return found
    title, published_on = preview.proposal.get("title"), preview.proposal.get("published_on")
    if title and published_on:
        return Document.objects.filter(title=title[:400], published_on=published_on).first()
    return None


def created_with_previews(result: ImportResult):
    previews = {id(m): m for m in result.preview.meetings}
    for meeting in result.created:
        yield meeting, previews[meeting._import_preview_id]


def create_meeting(preview: Preview, mp: MeetingPreview, *, url: str, checkpoint) -> Meeting:
    proposal = mp.proposal
    series = mp.series
    if series is None and proposal["series"]:
        series = match_series(proposal["series"]) or series_create(
            proposal["series"],
            mp.countries,
            series_acronym(preview.release.text, proposal["series"]) or "",
        )
        mp.series = series
    checkpoint("series")
    ordinal = proposal["ordinal"] if series else None
    if ordinal and Meeting.objects.filter(series=series, kind=mp.kind, ordinal=ordinal).exists():
        ordinal = None  # forced past a duplicate: the editor sets the round by hand
    japanese = preview.proposal.get("language") == "ja"
    meeting = Meeting.objects.create(
        title=mp.title or meeting_title(mp),
        title_ja=meeting_title_ja(mp, series) if japanese else "",
        kind=mp.kind,
        series=series,
        ordinal=ordinal,
        start_date=mp.meeting_date,
        city=(proposal["city"] or "")[:100],
        venue_country=mp.venue_country,
        status=Meeting.Status.DRAFT,
    )
    meeting._import_preview_id = id(mp)
    meeting.countries.set(mp.countries)
    meeting.topics.set(mp.topics)
    meeting.minerals.set(mp.minerals)
    checkpoint("meeting")
    codes = {c.code for c in mp.countries}
    for order, participant in enumerate(mp.participants):
        if participant.person is None:
            # The same new person named in two meetings of one release is created once.
            participant.person = match_person(
                {"name": participant.name, "family_name": participant.family_name}
            ) or person_create(participant)
            participant.created = True
        person = participant.person
        if Participant.objects.filter(meeting=meeting, person=person).exists():
            continue
        membership = person.membership_on(mp.meeting_date)
        organization = membership.organization if membership else None
        if participant.organization:
            organization = organization_for(participant.organization)
        Participant.objects.create(
            meeting=meeting,
            person=person,
            name=participant.name,
            title=(participant.title or (membership.title if membership else ""))[:200],
            organization=organization,
            country_id=participant.country if participant.country in codes else None,
            order=order,
        )
    checkpoint("participants")
    return meeting


def create_document(preview: Preview, meetings: list[Meeting], url: str) -> Document:
    proposal = preview.proposal
    issuer = preview.issuer
    if issuer is None and proposal.get("division"):
        country = (
            next((p.country for p in preview.main.participants if p.country), None)
            if proposal.get("language") == "ja"
            else None
        )
        issuer = division_create(proposal["division"], country)
    published_on = proposal.get("published_on")
    document = Document.objects.create(
        kind=document_kind(proposal.get("title")),
        title=(proposal.get("title") or meetings[0].title)[:400],
        issuer=issuer,
        division=(proposal.get("division") or "")[:200],
        published_on=datetime.date.fromisoformat(published_on) if published_on else None,
        language=proposal.get("language") or "en",
        source_url=url,
        body=preview.release.body_html,
        sources=[url] if url else [],
    )
    document.meetings.set(meetings)
    return document


def create_agreements(meeting: Meeting, mp: MeetingPreview, url: str):
    for agreement in mp.proposal["agreements"]:
        if not isinstance(agreement, dict) or not agreement.get("title"):
            continue
        kind = agreement.get("kind") if agreement.get("kind") in AGREEMENT_KINDS else "other"
        record = Agreement.objects.create(
            title=agreement["title"][:400],
            slug=unique_slug(Agreement, slugify(agreement["title"])[:150] or "agreement"),
            kind=kind,
            meeting=meeting,
            signed_on=mp.meeting_date,
            status=Agreement.Status.ISSUED if kind.startswith("joint") else Agreement.Status.SIGNED,
            source_url=url,
            needs_review=True,
        )
        record.parties.set(mp.countries)


def meeting_import_release(
    data: bytes | str, filename: str = "", *, url: str = "", force: bool = False, _fail_after=None
) -> tuple[Meeting, Preview]:
    """One release → its drafts (see import_release); returns the first draft and the preview.

    Raises DuplicateMeeting when every meeting of the release is probably in the archive already
    (unless `force`): nothing is created, not even the document.
    """
    preview = release_preview(data, filename)
    if preview.is_empty:
        raise ReleaseError(
            "No meeting found in this text: no participants, series, date or countries. Nothing "
            "was created."
        )
    candidates = [m for m in preview.meetings if not m.is_empty]
    if not force and candidates and all(m.duplicates for m in candidates):
        raise DuplicateMeeting([d for m in candidates for d in m.duplicates])
    result = import_release(preview=preview, url=url, force=force, _fail_after=_fail_after)
    return result.created[0], preview
