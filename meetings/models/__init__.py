"""The archive's vocabulary: countries, offices, people, meetings and what they agreed.

Popolo / Open Civic Data in spirit: a Person holds offices (Membership) in an Organization; a Meeting
has Participants (the name as written is kept until it is linked to a Person); Documents are the
releases about a meeting; Agreements are its outcome instruments.

The models live in modules by subject; every name is importable from `meetings.models`:

- `base`: `sources_field`, `ReviewedModel`;
- `visibility`: the QuerySets, with the one rule for what the public may see (`public()`);
- `reference`: `Country`, `CriticalMineral`, `Topic`;
- `people`: `Organization`, `Person`, `Membership`;
- `meetings`: `MeetingKind`, `MeetingSeries`, `Meeting`, `Participant`;
- `documents`: `Document`, `Agreement`;
- `sources`: `Source` (where a fact comes from, attached to any record), `source_urls`;
- `publishing`: what a meeting needs before it is published, and who may change its status.
"""

from meetings.models.base import ReviewedModel, sources_field
from meetings.models.documents import Agreement, Document
from meetings.models.meetings import (
    Meeting,
    MeetingKind,
    MeetingMode,
    MeetingSeries,
    Participant,
    meeting_slug_base,
    ordinal_label,
    unique_slug,
)
from meetings.models.people import Membership, Organization, Person
from meetings.models.reference import Country, CriticalMineral, Topic
from meetings.models.sources import Source, SourceKind, source_urls
from meetings.models.visibility import (
    PUBLISHED,
    AgreementQuerySet,
    DocumentQuerySet,
    MeetingQuerySet,
    MeetingSeriesQuerySet,
    MembershipQuerySet,
    OrganizationQuerySet,
    PersonQuerySet,
    is_public,
    public_meeting,
    reviewed,
)

__all__ = [
    "PUBLISHED",
    "Agreement",
    "AgreementQuerySet",
    "Country",
    "CriticalMineral",
    "Document",
    "DocumentQuerySet",
    "Meeting",
    "MeetingKind",
    "MeetingMode",
    "MeetingQuerySet",
    "MeetingSeries",
    "MeetingSeriesQuerySet",
    "Membership",
    "MembershipQuerySet",
    "Organization",
    "OrganizationQuerySet",
    "Participant",
    "Person",
    "PersonQuerySet",
    "ReviewedModel",
    "Source",
    "SourceKind",
    "source_urls",
    "Topic",
    "meeting_slug_base",
    "ordinal_label",
    "sources_field",
    "unique_slug",
    "is_public",
    "public_meeting",
    "reviewed",
]
