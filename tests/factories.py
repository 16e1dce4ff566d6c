"""Small factory functions for test data: `make_meeting(**overrides)` and friends.

Reference data (countries, minerals, topics) is loaded once per test session by conftest.py, so
factories look those up by code or slug.
"""

from __future__ import annotations

import datetime
import itertools

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
    Topic,
)
from meetings.models.sources import guess_kind

_counter = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_counter)}"


def make_organization(**overrides) -> Organization:
    name = overrides.pop("name", None) or unique("Ministry")
    fields = {"name": name, "slug": unique("org"), "country_id": "JP"} | overrides
    return Organization.objects.create(**fields)


def make_person(name: str | None = None, **overrides) -> Person:
    name = name or unique("Person")
    given, _, family = name.rpartition(" ")
    fields = {
        "name": name,
        "slug": unique("person"),
        "given_name": given,
        "family_name": family or name,
    } | overrides
    return Person.objects.create(**fields)


def make_membership(person: Person, title: str, start, end=None, **overrides) -> Membership:
    organization = overrides.pop("organization", None) or make_organization()
    return Membership.objects.create(
        person=person,
        organization=organization,
        title=title,
        start_date=start,
        end_date=end,
        **overrides,
    )


def make_series(name: str | None = None, **overrides) -> MeetingSeries:
    countries = overrides.pop("countries", ["JP", "US"])
    series = MeetingSeries.objects.create(
        name=name or unique("Series"), slug=unique("series"), **overrides
    )
    series.countries.set(countries)
    return series


def make_meeting(
    *,
    countries=("JP", "US"),
    topics=(),
    minerals=(),
    participants=(),
    status=Meeting.Status.PUBLISHED,
    **overrides,
) -> Meeting:
    """A published meeting between Japan and the U.S. unless told otherwise.

    `topics` and `minerals` are slugs; `participants` are Person objects or names as written.
    """
    fields = {
        "title": unique("Meeting"),
        "start_date": datetime.date(2024, 6, 26),
        "status": status,
        "kind": Meeting.Kind.MINISTERIAL,
    } | overrides
    sources = fields.pop("sources", ["https://example.org/release"])
    meeting = Meeting.objects.create(**fields)
    for order, url in enumerate(sources):
        add_source(meeting, url, order=order)
    meeting.countries.set(Country.objects.filter(code__in=[c.upper() for c in countries]))
    if topics:
        meeting.topics.set(Topic.objects.filter(slug__in=topics))
    if minerals:
        meeting.minerals.set(CriticalMineral.objects.filter(slug__in=minerals))
    for order, participant in enumerate(participants):
        if isinstance(participant, Person):
            Participant.objects.create(
                meeting=meeting, person=participant, country=participant.country, order=order
            )
        else:
            Participant.objects.create(meeting=meeting, name=participant, order=order)
    return meeting


def add_source(record, url: str, kind: str | None = None, order: int = 0, **fields) -> Source:
    """A Source of `record`: official on a government host unless `kind` says otherwise."""
    return Source.objects.create(
        record=record,
        url=url,
        kind=kind or guess_kind(url),
        order=order,
        **fields,
    )


def make_document(meeting: Meeting, **overrides) -> Document:
    fields = {"title": unique("Release"), "body": "<p>Release text.</p>"} | overrides
    document = Document.objects.create(**fields)
    document.meetings.add(meeting)
    return document


def make_agreement(meeting: Meeting | None = None, **overrides) -> Agreement:
    parties = overrides.pop("parties", ["JP", "US"])
    fields = {"title": unique("Joint statement"), "slug": unique("agreement")} | overrides
    agreement = Agreement.objects.create(meeting=meeting, **fields)
    agreement.parties.set(parties)
    return agreement
