"""What a dump holds: its format, its sections in load order, and each section's fields."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

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

FORMAT_NAME = "ministerial-meetings-archive"
FORMAT_VERSION = 2
# Version 1 listed a meeting's and an agreement's sources as bare URLs; version 2 as Source records
# ({"url", "kind", "publisher", "language", "published_on", "archived_url"}). Both are read.
READABLE_VERSIONS = (1, 2)
SOURCE_KEYS = ("url", "kind", "publisher", "language", "published_on", "archived_url")
CHUNK_SIZE = 1000

# The order sections are written and loaded in: each refers only to sections before it (and to
# itself, for parents).
SECTIONS = [
    "countries",
    "minerals",
    "topics",
    "organizations",
    "people",
    "series",
    "meetings",
    "agreements",
]
REFERENCE_MODELS = (Country, CriticalMineral, Topic)
RECORD_MODELS = (
    Organization,
    Person,
    Membership,
    MeetingSeries,
    Meeting,
    Participant,
    Document,
    Agreement,
    Source,
)


class ArchiveFormatError(ValueError):
    """The file is not a dump this version can load; the message says why."""


@dataclass(frozen=True)
class Section:
    model: type[models.Model]
    key: str  # the natural key, also the sort key
    fields: tuple[str, ...]  # plain fields, written as they are (dates as ISO 8601)
    references: dict[str, str] = field(default_factory=dict)  # foreign key -> section
    many: dict[str, str] = field(default_factory=dict)  # many-to-many -> section
    nested: tuple[str, ...] = ()  # lists of child records
    sourced: bool = False  # "sources": the record's Source rows (generic relation)
    linked: tuple[str, ...] = ()  # lists of other records' keys written beside the fields
    defaults: dict = field(default_factory=dict)  # fields version 1 lacked, and their value


# Fields added after the dump format was first published: a dump written before them lacks them,
# and loads with them at these defaults.
OPTIONAL_FIELDS = {
    "name_ja": "",
    "title_ja": "",
    "summary_ja": "",
    "definition_ja": "",
    "description_ja": "",
    "official_source_unavailable": False,
    "date_precision": "day",
    "mode": "in person",
}

SECTION_SPECS: dict[str, Section] = {
    "countries": Section(
        Country, "code", ("code", "name", "short_name", "demonym", "capital", "aliases", "sources")
    ),
    "minerals": Section(
        CriticalMineral,
        "slug",
        (
            "slug",
            "name",
            "name_ja",
            "symbol",
            "group",
            "usgs_2022",
            "usgs_2025",
            "eu_crma_2023",
            "japan",
            "note",
            "aliases",
            "sources",
        ),
    ),
    "topics": Section(
        Topic,
        "slug",
        ("slug", "name", "name_ja", "definition", "definition_ja", "keywords", "sources"),
        references={"parent": "topics"},
    ),
    "organizations": Section(
        Organization,
        "slug",
        ("slug", "name", "name_ja", "acronym", "kind", "url", "sources", "needs_review"),
        references={"country": "countries", "parent": "organizations"},
    ),
    "people": Section(
        Person,
        "slug",
        (
            "slug",
            "name",
            "given_name",
            "family_name",
            "sort_name",
            "native_name",
            "alternative_names",
            "biography",
            "sources",
            "needs_review",
        ),
        references={"country": "countries"},
        nested=("memberships",),
    ),
    "series": Section(
        MeetingSeries,
        "slug",
        (
            "slug",
            "name",
            "name_ja",
            "acronym",
            "alternative_names",
            "established_on",
            "description",
            "description_ja",
            "sources",
            "needs_review",
        ),
        many={"countries": "countries"},
    ),
    "meetings": Section(
        Meeting,
        "slug",
        (
            "slug",
            "title",
            "title_ja",
            "kind",
            "mode",
            "ordinal",
            "start_date",
            "end_date",
            "date_precision",
            "city",
            "venue",
            "summary",
            "summary_ja",
            "official_source_unavailable",
            "status",
            "created_at",
            "updated_at",
            "published_at",
        ),
        references={"series": "series", "venue_country": "countries", "parent": "meetings"},
        many={"countries": "countries", "topics": "topics", "minerals": "minerals"},
        nested=("participants", "documents"),
        sourced=True,
    ),
    "agreements": Section(
        Agreement,
        "slug",
        (
            "slug",
            "title",
            "title_ja",
            "kind",
            "signed_on",
            "binding",
            "status",
            "registry_ids",
            "summary",
            "summary_ja",
            "source_url",
            "needs_review",
            "updated_at",
        ),
        references={"meeting": "meetings"},
        defaults={"needs_review": False},
        many={
            "parties": "countries",
            "signatories": "people",
            "topics": "topics",
            "minerals": "minerals",
        },
        sourced=True,
    ),
}

NESTED_SPECS: dict[str, Section] = {
    "memberships": Section(
        Membership,
        "",
        ("title", "start_date", "end_date", "sources"),
        references={"organization": "organizations"},
    ),
    "participants": Section(
        Participant,
        "",
        ("name", "title", "role", "order"),
        references={"person": "people", "organization": "organizations", "country": "countries"},
    ),
    "documents": Section(
        Document,
        "",
        (
            "kind",
            "title",
            "division",
            "published_on",
            "language",
            "source_url",
            "body",
            "attachments",
            "sources",
        ),
        references={"issuer": "organizations"},
        # A document reporting several meetings is written once, under the first of them by
        # slug; "also_reports" names the others (version 2).
        linked=("also_reports",),
    ),
}


def natural_key_of(section_name: str) -> str:
    return SECTION_SPECS[section_name].key
