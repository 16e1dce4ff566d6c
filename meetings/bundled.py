"""The bundled archive of real meetings, shipped in `meetings/data/archive/`.

The JSON files hold organizations (parents first), people with the offices they held, meeting
series, and meetings with their participants, documents and outcome agreements; every record carries
the URLs its facts come from. `load_bundled_archive()` copies them into the database:

- It matches records by slug. A record already in the database is left exactly as editors have
  changed it; a missing one is created.
- Rows without a slug of their own belong to their parent record and are created only with it: a
  person's memberships, a meeting's participants, documents and agreements. An editor who removes a
  participant from a bundled meeting therefore does not see it come back.
- Everything happens in one transaction, so a broken data file leaves the database untouched.
- A second run creates nothing and costs a handful of queries.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from pathlib import Path

from django.db import transaction
from django.utils.html import escape

from meetings.models import (
    Agreement,
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
from meetings.search.index import search_indexing_deferred

ARCHIVE_DIR = Path(__file__).resolve().parent / "data" / "archive"
ARCHIVE_FILES = ("organizations", "people", "series", "meetings")


class BundledArchiveError(ValueError):
    """The bundled data files contradict themselves or the reference data."""


def read_archive(directory: Path = ARCHIVE_DIR) -> dict[str, list[dict]]:
    return {
        name: json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        for name in ARCHIVE_FILES
    }


def parse_date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


_NUMBERED_LINE = re.compile(r"^\d+\.\s+")


def release_text_to_html(text: str) -> str:
    """A plain-text release as HTML paragraphs, keeping every word of it.

    Document bodies are stored as sanitised HTML and rendered as they are, so a plain-text release
    needs its paragraphs marked up; a block of numbered lines (METI's breadcrumb) becomes a list.
    """
    parts = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if len(lines) > 1 and all(_NUMBERED_LINE.match(line) for line in lines):
            items = "".join(f"<li>{escape(_NUMBERED_LINE.sub('', line))}</li>" for line in lines)
            parts.append(f"<ol>{items}</ol>")
        elif lines:
            parts.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    return "\n".join(parts)


def existing_by_slug(model, slugs) -> dict:
    return model._default_manager.in_bulk(list(slugs), field_name="slug")


def organizations_load(rows: list[dict], created: Counter) -> dict[str, Organization]:
    organizations = existing_by_slug(Organization, (row["slug"] for row in rows))
    for row in rows:
        if row["slug"] in organizations:
            continue
        parent_slug = row.get("parent")
        if parent_slug and parent_slug not in organizations:
            raise BundledArchiveError(
                f"Organization {row['slug']!r} names parent {parent_slug!r}, which must be listed "
                "before it."
            )
        organizations[row["slug"]] = Organization.objects.create(
            slug=row["slug"],
            name=row["name"],
            acronym=row.get("acronym", ""),
            kind=row.get("kind", Organization.Kind.MINISTRY),
            country_id=row.get("country"),
            parent=organizations[parent_slug] if parent_slug else None,
            url=row.get("url", ""),
            sources=row["sources"],
        )
        created["organizations"] += 1
    return organizations


def people_load(
    rows: list[dict], organizations: dict[str, Organization], created: Counter
) -> dict[str, Person]:
    people = existing_by_slug(Person, (row["slug"] for row in rows))
    for row in rows:
        if row["slug"] in people:
            continue
        person = Person.objects.create(
            slug=row["slug"],
            name=row["name"],
            given_name=row.get("given_name", ""),
            family_name=row.get("family_name", ""),
            sort_name=row.get("sort_name", ""),
            native_name=row.get("native_name", ""),
            alternative_names=row.get("alternative_names", []),
            country_id=row.get("country"),
            biography=row.get("biography", ""),
            sources=row["sources"],
        )
        for office in row.get("memberships", []):
            if office["organization"] not in organizations:
                raise BundledArchiveError(
                    f"{person.slug}: unknown organization {office['organization']!r}."
                )
            Membership.objects.create(
                person=person,
                organization=organizations[office["organization"]],
                title=office["title"],
                start_date=parse_date(office.get("start_date")),
                end_date=parse_date(office.get("end_date")),
                sources=office.get("sources") or row["sources"],
            )
            created["memberships"] += 1
        people[person.slug] = person
        created["people"] += 1
    return people


def series_load(rows: list[dict], created: Counter) -> dict[str, MeetingSeries]:
    series = existing_by_slug(MeetingSeries, (row["slug"] for row in rows))
    for row in rows:
        if row["slug"] in series:
            continue
        record = MeetingSeries.objects.create(
            slug=row["slug"],
            name=row["name"],
            acronym=row.get("acronym", ""),
            alternative_names=row.get("alternative_names", []),
            established_on=parse_date(row.get("established_on")),
            description=row.get("description", ""),
            sources=row["sources"],
        )
        record.countries.set(row.get("countries", []))
        series[record.slug] = record
        created["series"] += 1
    return series


def lookup(table: dict, slugs, what: str, owner: str) -> list:
    missing = [slug for slug in slugs if slug not in table]
    if missing:
        raise BundledArchiveError(f"{owner}: unknown {what} {', '.join(missing)}.")
    return [table[slug] for slug in slugs]


def meetings_load(
    rows: list[dict],
    organizations: dict[str, Organization],
    people: dict[str, Person],
    series: dict[str, MeetingSeries],
    created: Counter,
    directory: Path = ARCHIVE_DIR,
) -> None:
    existing = set(
        Meeting.objects.filter(slug__in=[row["slug"] for row in rows]).values_list(
            "slug", flat=True
        )
    )
    new_rows = [row for row in rows if row["slug"] not in existing]
    if not new_rows:
        return
    topics = Topic.objects.in_bulk(field_name="slug")
    minerals = CriticalMineral.objects.in_bulk(field_name="slug")
    agreement_slugs = [a["slug"] for row in new_rows for a in row.get("agreements", [])]
    existing_agreements = set(
        Agreement.objects.filter(slug__in=agreement_slugs).values_list("slug", flat=True)
    )
    for row in new_rows:
        meeting = Meeting.objects.create(
            slug=row["slug"],
            title=row["title"],
            kind=row["kind"],
            series=series[row["series"]] if row.get("series") else None,
            ordinal=row.get("ordinal"),
            start_date=parse_date(row["start_date"]),
            end_date=parse_date(row.get("end_date")),
            city=row.get("city", ""),
            venue=row.get("venue", ""),
            venue_country_id=row.get("venue_country"),
            summary=row["summary"],
            status=Meeting.Status.PUBLISHED,
            sources=row["sources"],
        )
        meeting.countries.set(row["countries"])
        meeting.topics.set(lookup(topics, row.get("topics", []), "topics", meeting.slug))
        meeting.minerals.set(lookup(minerals, row.get("minerals", []), "minerals", meeting.slug))
        participants_create(meeting, row.get("participants", []), organizations, people)
        documents_create(meeting, row.get("documents", []), organizations, directory)
        for agreement in row.get("agreements", []):
            if agreement["slug"] in existing_agreements:
                continue
            agreement_create(meeting, agreement, people, topics, minerals)
            created["agreements"] += 1
        created["meetings"] += 1


def participants_create(meeting, rows, organizations, people) -> None:
    for order, row in enumerate(rows):
        (person,) = lookup(people, [row["person"]], "person", meeting.slug)
        # The title is the office held on the meeting's date, read from the person's memberships so
        # the participant list and the person's page can never disagree.
        office = person.membership_on(meeting.start_date)
        if office is None and not row.get("title"):
            raise BundledArchiveError(
                f"{meeting.slug}: {person.slug} held no recorded office on {meeting.start_date}."
            )
        organization = (
            organizations[row["organization"]]
            if row.get("organization")
            else office.organization
            if office
            else None
        )
        Participant.objects.create(
            meeting=meeting,
            person=person,
            name=person.name,
            title=row.get("title") or office.title,
            organization=organization,
            country_id=row.get("country") or person.country_id,
            role=row.get("role", Participant.Role.HEAD),
            order=order,
        )


def documents_create(meeting, rows, organizations, directory: Path = ARCHIVE_DIR) -> None:
    for row in rows:
        body = ""
        if row.get("body_file"):
            body = release_text_to_html((directory / row["body_file"]).read_text("utf-8"))
        Document.objects.create(
            meeting=meeting,
            kind=row["kind"],
            title=row["title"],
            issuer=organizations[row["issuer"]] if row.get("issuer") else None,
            division=row.get("division", ""),
            published_on=parse_date(row.get("published_on")),
            language=row.get("language", "en"),
            source_url=row.get("source_url", ""),
            body=body,
            attachments=row.get("attachments", []),
            sources=row["sources"],
        )


def agreement_create(meeting, row, people, topics, minerals) -> Agreement:
    agreement = Agreement.objects.create(
        slug=row["slug"],
        title=row["title"],
        kind=row["kind"],
        meeting=meeting,
        signed_on=parse_date(row.get("signed_on")),
        binding=row.get("binding", False),
        status=row.get("status", Agreement.Status.SIGNED),
        summary=row.get("summary", ""),
        source_url=row.get("source_url", ""),
        sources=row.get("sources") or meeting.sources,
    )
    agreement.parties.set(row.get("parties", []))
    agreement.signatories.set(lookup(people, row.get("signatories", []), "people", agreement.slug))
    agreement.topics.set(lookup(topics, row.get("topics", []), "topics", agreement.slug))
    agreement.minerals.set(lookup(minerals, row.get("minerals", []), "minerals", agreement.slug))
    return agreement


@transaction.atomic
def load_bundled_archive(directory: Path = ARCHIVE_DIR) -> dict[str, int]:
    """Create the bundled records that are missing; returns how many of each were added."""
    archive = read_archive(directory)
    created = Counter()
    # One search-index pass at the end rather than one per save of each meeting and its parts.
    with search_indexing_deferred():
        organizations = organizations_load(archive["organizations"], created)
        people = people_load(archive["people"], organizations, created)
        series = series_load(archive["series"], created)
        meetings_load(archive["meetings"], organizations, people, series, created, directory)
    return {
        f"{name} added": created[name]
        for name in ("meetings", "agreements", "people", "memberships", "organizations", "series")
    }
