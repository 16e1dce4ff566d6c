"""A batch of releases through the editors' pipeline, with the editors' corrections beside them.

An editor's work on a release is: the importer reads it and proposes the meetings it reports
(extract); the editor corrects the proposal — facts, title, summary in their own words, sources — and
creates the drafts (review queue); a second person checks the drafts against the release; the
records are approved (people, series, organisations, agreements reviewed) and published through the
publishing checks. `import_batch` does exactly that for many releases at once, from

* a folder of release texts (`ID.txt`, what the editor read; third-party text, never stored in the
  repository), and
* a folder of corrections (`ID.json`: the release's address and issuer, and each meeting as the
  editor corrected it; format in docs/importer.md, "Batches").

Before anything is written, the importer's own proposal for each release is scored against the
correction: per field and per meeting (the same scoring as `evaluate_extraction`, plus precision and
recall per field), and every disagreement is counted by kind, so a batch is also the importer's test.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from meetings.importer import read_release
from meetings.importer.batch_scoring import (
    Tally,
    pair_meetings,
    shared_run,
    shared_run_chars,
)
from meetings.importer.extract import extract_fields
from meetings.importer.gazetteer import fold, load_gazetteer
from meetings.importer.scoring import score_meetings, score_release
from meetings.importer.service import import_release, proposal_preview, unique_slug
from meetings.models import (
    Agreement,
    Country,
    Meeting,
    MeetingMode,
    MeetingSeries,
    Membership,
    Organization,
    Participant,
    Person,
    Source,
)
from meetings.models.sources import official_source_problem


class BatchError(ValueError):
    pass


# --- Reading a correction -------------------------------------------------------------------------


def load_corrections(directory: Path) -> list[dict]:
    records = []
    for path in sorted(directory.glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise BatchError(f"{path.name}: not readable JSON ({error})") from error
        if not isinstance(record, dict) or not isinstance(record.get("meetings"), list):
            raise BatchError(f"{path.name}: expected an object with a 'meetings' list")
        record.setdefault("id", path.stem)
        records.append(record)
    return records


def participant_proposal(participant: dict, organizations: dict[str, Organization]) -> dict:
    org_key = participant.get("organization")
    org = organizations.get(org_key) if org_key else None
    return {
        "name": participant["name"],
        "family_name": participant.get("family_name") or participant["name"].split()[-1],
        "title": participant.get("title") or "",
        "country": participant.get("country"),
        "organization": (org.acronym or org.name) if org else "",
        "native_name": participant.get("native_name") or "",
    }


def meeting_proposal(meeting: dict, organizations: dict[str, Organization]) -> dict:
    participants = [participant_proposal(p, organizations) for p in meeting["participants"]]
    return {
        "meeting_date": meeting.get("meeting_date"),
        "city": meeting.get("city") or None,
        "venue_country": meeting.get("venue_country") or None,
        "countries": sorted(set(meeting.get("countries") or [])),
        "participants": participants,
        "series": meeting.get("series") or None,
        "ordinal": meeting.get("ordinal") or None,
        "kind": meeting.get("kind"),
        "minerals": list(meeting.get("minerals") or []),
        "topics": list(meeting.get("topics") or []),
        "agreements": list(meeting.get("agreements") or []),
        "organizations": sorted({p["organization"] for p in participants if p["organization"]}),
    }


def corrected_proposal(record: dict, organizations: dict[str, Organization]) -> dict:
    """The release's proposal as the editor corrected it (the import contract's shape)."""
    release = record.get("release") or {}
    meetings = [meeting_proposal(m, organizations) for m in record["meetings"] if not m.get("ref")]
    top = dict(meetings[0]) if meetings else {}
    return top | {
        "title": release.get("headline") or "",
        "published_on": release.get("published_on"),
        "division": None,
        "language": release.get("language") or "en",
        "meetings": meetings,
    }


# --- Applying a correction ------------------------------------------------------------------------


def create_organizations(specs: list[dict]) -> None:
    """New organisations an editor described (reviewed: an editor wrote them); known ones are kept
    as they are."""
    for spec in specs:
        key = spec.get("key")
        if not key or Organization.objects.filter(slug=key).exists():
            continue
        kind = spec.get("kind") if spec.get("kind") in Organization.Kind.values else "other"
        country = spec.get("country")
        Organization.objects.create(
            slug=key[:200],
            name=(spec.get("name") or key)[:200],
            acronym=(spec.get("acronym") or "")[:30],
            kind=kind,
            url=spec.get("url") or "",
            country_id=country
            if country and Country.objects.filter(code=country).exists()
            else None,
            needs_review=False,
            sources=[spec["url"]] if spec.get("url") else [],
        )


def ensure_organizations(record: dict) -> dict[str, Organization]:
    """The organisations the correction names (issuer, publishers, international organisations):
    the archive's, or new ones from the correction's `organizations` list."""
    create_organizations(record.get("organizations") or [])
    keys = {(record.get("release") or {}).get("issuer")}
    for meeting in record["meetings"]:
        keys |= {s.get("publisher") for s in meeting.get("sources") or []}
        keys |= {p.get("organization") for p in meeting.get("participants") or []}
    keys.discard(None)
    found = {o.slug: o for o in Organization.objects.filter(slug__in=keys)}
    missing = sorted(keys - set(found))
    if missing:
        raise BatchError(f"unknown organization key(s): {', '.join(missing)}")
    return found


GOVERNMENT_KIND = Organization.Kind.OTHER


def government_of(country: Country) -> Organization:
    """The organisation an office belongs to when the correction names no ministry."""
    slug = f"government-of-{slugify(country.code)}"
    organization = (
        Organization.objects.filter(slug=slug).first()
        # The government as an editor described it ("Australian Government").
        or Organization.objects.filter(
            country=country, kind=GOVERNMENT_KIND, name__icontains="government"
        )
        .order_by("pk")
        .first()
    )
    if organization is None:
        organization = Organization.objects.create(
            slug=slug,
            name=f"Government of {country.name}",
            kind=GOVERNMENT_KIND,
            country=country,
            needs_review=False,
        )
    return organization


JAPANESE_MINISTRIES = [
    ("economy, trade and industry", "meti"),
    ("foreign affairs", "mofa-japan"),
]


def office_organization(participant: Participant, organizations) -> Organization | None:
    if participant.organization_id:
        return participant.organization
    title = (participant.title or "").casefold()
    if participant.country_id == "JP":
        for words, slug in JAPANESE_MINISTRIES:
            if words in title:
                found = organizations.get(slug) or Organization.objects.filter(slug=slug).first()
                if found:
                    return found
    if participant.country_id:
        return government_of(participant.country)
    return None


def record_office(
    person: Person, participant: Participant, date, tenures: dict, organizations, source: str
):
    """The person's office on the meeting's day as a Membership: the known term of office when the
    tenures table has it, else an office without dates (the participant row keeps the day's
    title)."""
    title = (participant.title or "").strip()
    organization = office_organization(participant, organizations)
    if not title or organization is None:
        return
    if participant.organization_id is None:
        # The body the participant spoke for that day: their ministry, else their government.
        participant.organization = organization
        participant.save(update_fields=["organization"])
    if not organization.sources and (organization.url or source):
        organization.sources = [organization.url or source]
        organization.save(update_fields=["sources"])
    term = next(
        (
            row
            for row in tenures.get((person.name, title), [])
            if date
            and (not row.get("start") or row["start"] <= date.isoformat())
            and (not row.get("end") or date.isoformat() <= row["end"])
        ),
        None,
    )
    start = end = None
    if term:
        start = datetime.date.fromisoformat(term["start"]) if term.get("start") else None
        end = datetime.date.fromisoformat(term["end"]) if term.get("end") else None
    existing = person.memberships.filter(title__iexact=title, organization=organization)
    if date and existing.held_on(date).exists():
        return
    if existing.filter(start_date=start, end_date=end).exists():
        return
    Membership.objects.create(
        person=person,
        organization=organization,
        title=title[:200],
        start_date=start,
        end_date=end,
        sources=[source] if source else [],
    )


@dataclass
class Outcome:
    release: str
    published: list[str] = field(default_factory=list)
    drafts: list[tuple[str, list[str]]] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def set_sources(meeting, sources: list[dict], organizations, problems: list[str]):
    """The meeting's sources as the editor recorded them (kind, publisher, language, date); an
    address claimed official but not on the publisher's (or a government's) own site is kept as a
    copy."""
    have = set(meeting.source_records.values_list("url", flat=True))
    order = meeting.source_records.count()
    for spec in sources:
        url = (spec.get("url") or "").strip()
        if not url or url in have:
            continue
        kind = spec.get("kind") if spec.get("kind") in Source.Kind.values else Source.Kind.NEWS
        publisher = organizations.get(spec.get("publisher")) if spec.get("publisher") else None
        if kind in Source.OFFICIAL_KINDS:
            problem = official_source_problem(url, publisher)
            if problem:
                problems.append(f"{url}: {problem} Recorded as a copy.")
                kind = Source.Kind.COPY
        published_on = spec.get("published_on") or None
        Source.objects.create(
            record=meeting,
            url=url[:500],
            kind=kind,
            publisher=publisher if kind in Source.OFFICIAL_KINDS else None,
            language=(spec.get("language") or "")[:10],
            published_on=published_on,
            order=order,
        )
        have.add(url)
        order += 1


def correct_meeting(meeting: Meeting, want: dict, organizations, tenures, text: str, outcome):
    """The editor's corrections on a draft the importer created, then review and publishing."""
    problems: list[str] = []
    meeting.title = want["title"][:300]
    meeting.title_ja = (want.get("title_ja") or "")[:300]
    meeting.summary = want.get("summary") or ""
    meeting.summary_ja = want.get("summary_ja") or ""
    meeting.kind = want.get("kind") or meeting.kind
    meeting.city = (want.get("city") or "")[:100]
    venue = want.get("venue_country")
    meeting.venue_country = Country.objects.filter(code=venue).first() if venue else None
    # A release that gives only a trip's dates: the meeting was on one day of that span.
    span = want.get("date_between")
    if span and len(span) == 2 and span[0] < span[1]:
        meeting.start_date = datetime.date.fromisoformat(span[0])
        meeting.end_date = datetime.date.fromisoformat(span[1])
        meeting.date_precision = "between"
    # A correction whose sources are all copies and news says the editor found no official
    # release: the record is published marked as such (see docs/editors.md).
    if want.get("mode") in MeetingMode.values:
        meeting.mode = want["mode"]  # the kind's own mode (a call, a video conference) prevails
    meeting.official_source_unavailable = not any(
        (s.get("kind") in Source.OFFICIAL_KINDS) for s in want.get("sources") or []
    )
    meeting.save()
    for text_field, checker in (("summary", shared_run), ("summary_ja", shared_run_chars)):
        run = checker(getattr(meeting, text_field), text) if text else None
        if run:
            problems.append(f"The {text_field} repeats the release's words: “{run}”.")
    # Where the people, offices and series of this meeting are attested: its first source.
    attested = next((s.get("url") for s in want.get("sources") or [] if s.get("url")), "")
    # Principal participants: side, role, native name, the office held that day; reviewed.
    roles = {fold(p["name"]): p for p in want["participants"]}
    for participant in meeting.participants.select_related("person", "country", "organization"):
        spec = roles.get(fold(participant.name)) or {}
        role = spec.get("role")
        if role in Participant.Role.values:
            participant.role = role
        participant.save()
        person = participant.person
        if person is None:
            continue
        changed = []
        if spec.get("native_name") and not person.native_name:
            person.native_name = spec["native_name"][:200]
            changed.append("native_name")
        known = {fold(n) for n in person.all_names}
        spellings = [
            a
            for a in dict.fromkeys([participant.name, *(spec.get("aliases") or [])])
            if a and fold(a) not in known
        ]
        if spellings:
            person.alternative_names = [*person.alternative_names, *spellings]
            changed.append("alternative_names")
        if person.country_id is None and participant.country_id:
            person.country_id = participant.country_id
            changed.append("country")
        if person.needs_review:
            person.needs_review = False
            changed.append("needs_review")
        if not person.sources and attested:
            person.sources = [attested]
            changed.append("sources")
        if changed:
            person.save()
        record_office(person, participant, meeting.start_date, tenures, organizations, attested)
    if meeting.series and (meeting.series.needs_review or not meeting.series.sources):
        meeting.series.needs_review = False
        meeting.series.sources = meeting.series.sources or ([attested] if attested else [])
        meeting.series.save()
    for organization in Organization.objects.filter(
        participants__meeting=meeting, needs_review=True
    ):
        organization.needs_review = False
        organization.save()
    # Sources: what the editor recorded replaces the importer's guess.
    meeting.source_records.all().delete()
    set_sources(meeting, want.get("sources") or [], organizations, problems)
    for agreement in Agreement.objects.filter(meeting=meeting):
        agreement.needs_review = False
        agreement.save()
        for source in meeting.source_records.all()[:1]:
            if not agreement.source_records.filter(url=source.url).exists():
                Source.objects.create(
                    record=agreement,
                    url=source.url,
                    kind=source.kind,
                    publisher=source.publisher,
                    language=source.language,
                    published_on=source.published_on,
                )
    problems += meeting.publication_problems()
    if problems:
        outcome.drafts.append((meeting.slug, problems))
        return
    meeting.status = Meeting.Status.PUBLISHED
    meeting.published_at = meeting.published_at or timezone.now()
    meeting.save()
    outcome.published.append(meeting.slug)


def same_people(meeting: Meeting, preview_meeting) -> bool:
    persons = {p.person.pk for p in preview_meeting.participants if p.person is not None}
    return bool(persons & set(meeting.participants.values_list("person_id", flat=True)))


def apply_correction(record: dict, text: str, tenures: dict, made: dict) -> Outcome:
    """One release: its drafts created from the corrected proposal, corrected, reviewed and
    published, in one transaction. `made` maps "ID#index" to the meeting written for it (for
    another release's `ref`)."""
    outcome = Outcome(release=record["id"])
    release_info = record.get("release") or {}
    with transaction.atomic():
        organizations = ensure_organizations(record)
        release = read_release(text or release_info.get("headline") or record["id"], "r.txt")
        proposal = corrected_proposal(record, organizations)
        own = [(i, m) for i, m in enumerate(record["meetings"]) if not m.get("ref")]
        for (_i, want), meeting in zip(own, proposal["meetings"], strict=True):
            meeting["title"] = want["title"]
        preview = proposal_preview(proposal, release) if own else None
        created_for: dict[int, Meeting] = {}
        if preview is not None:
            preview.issuer = organizations.get(release_info.get("issuer"))
            for (_i, want), mp in zip(own, preview.meetings, strict=True):
                mp.title = want["title"]
                mp.duplicates = [d for d in mp.duplicates if same_people(d, mp)]
            selected = {n for n, mp in enumerate(preview.meetings) if not mp.duplicates}
            result = import_release(
                preview=preview, url=release_info.get("url") or "", selected=selected
            )
            created = iter(result.created)
            for n, (index, want) in enumerate(own):
                mp = preview.meetings[n]
                if n in selected:
                    meeting = next(created)
                    created_for[index] = meeting
                    correct_meeting(meeting, want, organizations, tenures, text, outcome)
                elif len(mp.duplicates) == 1:
                    created_for[index] = mp.duplicates[0]
                    outcome.linked.append(mp.duplicates[0].slug)
                    set_sources(
                        mp.duplicates[0],
                        want.get("sources") or [],
                        organizations,
                        outcome.problems,
                    )
                else:
                    outcome.problems.append(f"meeting {index}: several possible duplicates")
            document = result.document
            if document is not None:
                document.body = ""  # third-party text: read, never kept
                document.save(update_fields=["body"])
        for index, want in enumerate(record["meetings"]):
            if not want.get("ref"):
                continue
            target = made.get(want["ref"])
            if target is None:
                outcome.problems.append(f"meeting {index}: ref {want['ref']} not found")
                continue
            created_for[index] = target
            outcome.linked.append(target.slug)
            set_sources(target, want.get("sources") or [], organizations, outcome.problems)
        for index, meeting in created_for.items():
            made[f"{record['id']}#{index}"] = meeting
    return outcome


def apply_names(names: dict) -> int:
    """The editors' names for the records a batch created, filled only where empty: series (by
    English name: name_ja, description, description_ja), organisations (by slug: name_ja) and
    agreements (by English title: title_ja). Returns how many records changed."""
    changed = 0
    for name, fields in (names.get("series") or {}).items():
        for series in MeetingSeries.objects.filter(name=name):
            updates = {
                k: v for k, v in fields.items() if k in SERIES_TEXTS and not getattr(series, k)
            }
            if updates:
                MeetingSeries.objects.filter(pk=series.pk).update(**updates)
                changed += 1
    for slug, name_ja in (names.get("organizations") or {}).items():
        changed += Organization.objects.filter(slug=slug, name_ja="").update(name_ja=name_ja[:200])
    for title, title_ja in (names.get("agreements") or {}).items():
        changed += Agreement.objects.filter(title=title, title_ja="").update(
            title_ja=title_ja[:400]
        )
    return changed


SERIES_TEXTS = {"name_ja", "description", "description_ja"}


class _Named:
    """An organisation a correction describes but the archive does not hold yet (scoring only)."""

    def __init__(self, spec: dict):
        self.acronym, self.name = spec.get("acronym") or "", spec.get("name") or spec["key"]


def score_record(record, text, gazetteer, tally, field_scores, meeting_scores) -> None:
    """The importer's proposal for one release scored against its correction (reads only)."""
    own = [m for m in record["meetings"] if not m.get("ref")]
    if not (text and own):
        return
    extracted = extract_fields(read_release(text, f"{record['id']}.txt"), gazetteer)
    keys = [p.get("organization") for m in own for p in m["participants"]]
    organizations = {o.slug: o for o in Organization.objects.filter(slug__in=keys)}
    for spec in record.get("organizations") or []:
        if spec.get("key") and spec["key"] not in organizations:
            organizations[spec["key"]] = _Named(spec)
    expected = corrected_proposal(record, organizations)
    field_scores[record["id"]] = score_release(expected, extracted)
    meeting_scores[record["id"]] = score_meetings(expected, extracted)
    got = list(extracted.get("meetings") or [extracted])
    for want, found in pair_meetings(expected["meetings"], got):
        tally.compare(record["id"], want, found)


def split_of(record_id: str) -> str:
    """A fixed split of the batch: 'dev' when the last hex digit of the id's sha1 is 0-7, else
    'test' (rules are tuned on dev; test is the honest figure)."""
    return "dev" if hashlib.sha1(record_id.encode()).hexdigest()[-1] in "01234567" else "test"


def score_batch(
    records_dir: Path, texts_dir: Path, only: set[str] | None = None, split: str | None = None
) -> dict:
    """The importer scored on the batch (or the releases `only` names, or one split), writing
    nothing: the same importer report as `run_batch`."""
    from meetings.importer.scoring import summarise, summarise_meetings

    records = [
        r
        for r in load_corrections(records_dir)
        if (only is None or r["id"] in only) and (split is None or split_of(r["id"]) == split)
    ]
    gazetteer, tally = load_gazetteer(), Tally()
    field_scores, meeting_scores = {}, {}
    for record in records:
        text_path = texts_dir / f"{record['id']}.txt"
        text = text_path.read_text(encoding="utf-8") if text_path.exists() else ""
        score_record(record, text, gazetteer, tally, field_scores, meeting_scores)
    accuracy, overall = summarise(field_scores)
    return {
        "releases": len(records),
        "importer": importer_report(
            field_scores, meeting_scores, tally, accuracy, overall, summarise_meetings
        ),
    }


def importer_report(field_scores, meeting_scores, tally, accuracy, overall, summarise_meetings):
    return {
        "scored_releases": len(field_scores),
        "overall": round(overall, 3),
        "accuracy": {k: round(v, 3) for k, v in accuracy.items()},
        "meetings": {
            k: round(v, 3) if isinstance(v, float) else v
            for k, v in summarise_meetings(meeting_scores).items()
        },
        "fields": tally.fields(),
        "commonest_errors": [
            {"error": kind, "count": count, "examples": tally.examples[kind][:5]}
            for kind, count in tally.errors.most_common(10)
        ],
    }


def run_batch(
    records_dir: Path, texts_dir: Path, tenures: dict | None = None, names: dict | None = None
) -> dict:
    """Score the importer on every release, then apply every correction. Returns the report."""
    records = load_corrections(records_dir)
    # Releases that only link meetings written elsewhere come after those they point to.
    records.sort(key=lambda r: (any(m.get("ref") for m in r["meetings"]), r["id"]))
    gazetteer = load_gazetteer()
    tally = Tally()
    field_scores, meeting_scores, outcomes, failures = {}, {}, [], []
    made: dict[str, Meeting] = {}
    # An organisation described in one correction may be named by another read before it.
    with transaction.atomic():
        create_organizations([spec for r in records for spec in r.get("organizations") or []])
    for record in records:
        text_path = texts_dir / f"{record['id']}.txt"
        text = text_path.read_text(encoding="utf-8") if text_path.exists() else ""
        score_record(record, text, gazetteer, tally, field_scores, meeting_scores)
        try:
            outcomes.append(apply_correction(record, text, tenures or {}, made))
        except (BatchError, ValueError, KeyError, TypeError) as error:
            failures.append(f"{record['id']}: {error}")
    named = 0
    if names:
        with transaction.atomic():
            named = apply_names(names)
    result = report(field_scores, meeting_scores, tally, outcomes, failures)
    result["named"] = named
    return result


def report(field_scores, meeting_scores, tally: Tally, outcomes, failures) -> dict:
    from meetings.importer.scoring import summarise, summarise_meetings

    accuracy, overall = summarise(field_scores)
    return {
        "releases": len(outcomes) + len(failures),
        "published": sum(len(o.published) for o in outcomes),
        "drafts": [
            {"release": o.release, "meeting": slug, "problems": problems}
            for o in outcomes
            for slug, problems in o.drafts
        ],
        "linked": sum(len(o.linked) for o in outcomes),
        "problems": [f"{o.release}: {p}" for o in outcomes for p in o.problems],
        "failures": failures,
        "importer": importer_report(
            field_scores, meeting_scores, tally, accuracy, overall, summarise_meetings
        ),
    }


__all__ = [
    "BatchError",
    "run_batch",
    "score_batch",
    "split_of",
    "shared_run",
    "shared_run_chars",
    "unique_slug",
]
