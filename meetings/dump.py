"""The full dump: every record, published and draft, as one JSON document that round-trips.

`write_archive(stream)` writes it; `read_archive(text)` checks a dump completely before
`load_archive(data)` writes anything, in one transaction, into a database that holds no records yet
(reference data — countries, minerals, topics — may be there: the dump's version of it wins).

The document is deterministic: records are named by their natural keys (slugs, ISO codes) rather
than database ids, sorted by them in Python (not by the database's collation, which differs between
PostgreSQL and SQLite), one record per line with sorted keys. Export → import into an empty
database → export gives the same bytes. Exported per record: every field an editor can set, the
sources, memberships, participants, documents (bodies), agreements, the status and the timestamps
(created, updated, published). Not exported: editors' accounts and the audit trail's past versions.

    {"format": "ministerial-meetings-archive", "version": 1,
    "countries": [
    {"aliases": [], "capital": "Tokyo", "code": "JP", …},
    …
    ],
    "minerals": […], "topics": […], "organizations": […], "people": […], "series": […],
    "meetings": […], "agreements": […]}
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, models, transaction

from archive.content_version import bump_content_version_on_commit
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
from meetings.sanitize import sanitize_html
from meetings.search.index import reindex_meetings

FORMAT_NAME = "ministerial-meetings-archive"
FORMAT_VERSION = 1
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
)


class ArchiveFormatError(ValueError):
    """The file is not a dump this version can load; the message says why."""


# --- What each section holds ---------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    model: type[models.Model]
    key: str  # the natural key, also the sort key
    fields: tuple[str, ...]  # plain fields, written as they are (dates as ISO 8601)
    references: dict[str, str] = field(default_factory=dict)  # foreign key -> section
    many: dict[str, str] = field(default_factory=dict)  # many-to-many -> section
    nested: tuple[str, ...] = ()  # lists of child records


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
        ("slug", "name", "definition", "keywords", "sources"),
        references={"parent": "topics"},
    ),
    "organizations": Section(
        Organization,
        "slug",
        ("slug", "name", "acronym", "kind", "url", "sources", "needs_review"),
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
            "acronym",
            "alternative_names",
            "established_on",
            "description",
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
            "kind",
            "ordinal",
            "start_date",
            "end_date",
            "city",
            "venue",
            "summary",
            "status",
            "sources",
            "created_at",
            "updated_at",
            "published_at",
        ),
        references={"series": "series", "venue_country": "countries", "parent": "meetings"},
        many={"countries": "countries", "topics": "topics", "minerals": "minerals"},
        nested=("participants", "documents"),
    ),
    "agreements": Section(
        Agreement,
        "slug",
        (
            "slug",
            "title",
            "kind",
            "signed_on",
            "binding",
            "status",
            "registry_ids",
            "summary",
            "source_url",
            "sources",
            "updated_at",
        ),
        references={"meeting": "meetings"},
        many={
            "parties": "countries",
            "signatories": "people",
            "topics": "topics",
            "minerals": "minerals",
        },
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
    ),
}


def natural_key_of(section_name: str) -> str:
    return SECTION_SPECS[section_name].key


# --- Export ----------------------------------------------------------------------------------------


def encode(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def reference_key(obj, name: str, target_section: str):
    related = getattr(obj, name)
    return getattr(related, natural_key_of(target_section)) if related is not None else None


def record_of(obj, spec: Section) -> dict:
    record = {name: encode(getattr(obj, name)) for name in spec.fields}
    for name, target in spec.references.items():
        record[name] = reference_key(obj, name, target)
    for name, target in spec.many.items():
        key = natural_key_of(target)
        record[name] = sorted(getattr(related, key) for related in getattr(obj, name).all())
    return record


def nested_sort_key(name: str) -> Callable:
    """Child records in a stable order; ties fall back to insertion order (the primary key)."""

    def text(value):
        return "" if value is None else str(value)

    if name == "memberships":
        return lambda m: (text(m.start_date), text(m.end_date), m.organization.slug, m.title, m.pk)
    if name == "participants":
        return lambda p: (p.order, p.pk)
    return lambda d: (text(d.published_on), d.pk)


def nested_prefetches(section_name: str) -> list:
    spec = SECTION_SPECS[section_name]
    prefetches = list(spec.many)
    for name in spec.nested:
        child = NESTED_SPECS[name]
        prefetches.append(
            models.Prefetch(
                name, queryset=child.model.objects.select_related(*child.references).order_by()
            )
        )
    return prefetches


def records(section_name: str) -> Iterator[dict]:
    """Every record of a section, sorted by natural key, read a chunk at a time."""
    spec = SECTION_SPECS[section_name]
    keys = sorted(spec.model.objects.values_list(spec.key, flat=True))
    for start in range(0, len(keys), CHUNK_SIZE):
        chunk_keys = keys[start : start + CHUNK_SIZE]
        chunk = (
            spec.model.objects.filter(**{f"{spec.key}__in": chunk_keys})
            .select_related(*spec.references)
            .prefetch_related(*nested_prefetches(section_name))
            .order_by()
        )
        for obj in sorted(chunk, key=lambda o: getattr(o, spec.key)):
            record = record_of(obj, spec)
            for name in spec.nested:
                children = sorted(getattr(obj, name).all(), key=nested_sort_key(name))
                record[name] = [record_of(child, NESTED_SPECS[name]) for child in children]
            yield record


def dumps_record(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


@contextmanager
def consistent_snapshot():
    """One transaction; on PostgreSQL a repeatable-read snapshot, so every section agrees."""
    # Only the outermost transaction may choose its isolation (a caller's or a test's may not).
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def write_archive(stream) -> dict[str, int]:
    """Write the dump to a text stream; return the number of records per section."""
    counts = {}
    with consistent_snapshot():
        stream.write(f'{{"format": {json.dumps(FORMAT_NAME)}, "version": {FORMAT_VERSION},\n')
        for index, section_name in enumerate(SECTION_SPECS):
            stream.write(f"{json.dumps(section_name)}: [")
            count = 0
            for record in records(section_name):
                stream.write(("\n" if count == 0 else ",\n") + dumps_record(record))
                count += 1
            stream.write("\n]" if count else "]")
            stream.write(",\n" if index < len(SECTION_SPECS) - 1 else "}\n")
            counts[section_name] = count
    return counts


# --- Checking a dump -------------------------------------------------------------------------------


def _expected_keys(spec: Section) -> set[str]:
    return {*spec.fields, *spec.references, *spec.many, *spec.nested}


def _check_record(record, spec: Section, where: str, keys_by_section: dict, problems: list):
    if not isinstance(record, dict):
        problems.append(f"{where}: a record must be a JSON object.")
        return
    expected = _expected_keys(spec)
    missing, unknown = expected - set(record), set(record) - expected
    if missing:
        problems.append(f"{where}: missing {', '.join(sorted(missing))}.")
    if unknown:
        problems.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}.")
    if missing or unknown:
        return
    for name, target in spec.references.items():
        value = record[name]
        if value is not None and value not in keys_by_section[target]:
            problems.append(f"{where}: {name} “{value}” is not among the {target} of the file.")
    for name, target in spec.many.items():
        values = record[name]
        if not isinstance(values, list):
            problems.append(f"{where}: {name} must be a list.")
            continue
        for value in values:
            if value not in keys_by_section[target]:
                problems.append(f"{where}: {name} “{value}” is not among the {target} of the file.")
    for name in spec.nested:
        children = record[name]
        if not isinstance(children, list):
            problems.append(f"{where}: {name} must be a list.")
            continue
        for position, child in enumerate(children):
            _check_record(
                child, NESTED_SPECS[name], f"{where} {name}[{position}]", keys_by_section, problems
            )


def read_archive(text: str) -> dict:
    """Parse and check a dump without touching the database; ArchiveFormatError says what's wrong."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ArchiveFormatError(f"The file is not valid JSON: {error}.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise ArchiveFormatError(
            f'The file is not an archive dump: its "format" must be "{FORMAT_NAME}".'
        )
    if data.get("version") != FORMAT_VERSION:
        raise ArchiveFormatError(
            f"The dump is format version {data.get('version')!r}; this archive reads version "
            f"{FORMAT_VERSION} only."
        )
    missing = [name for name in SECTION_SPECS if not isinstance(data.get(name), list)]
    if missing:
        raise ArchiveFormatError(f"The dump lacks the section(s): {', '.join(missing)}.")
    unknown = set(data) - {"format", "version", *SECTION_SPECS}
    if unknown:
        raise ArchiveFormatError(f"The dump has unknown section(s): {', '.join(sorted(unknown))}.")

    problems: list[str] = []
    keys_by_section: dict[str, set] = {}
    for section_name, spec in SECTION_SPECS.items():
        keys = []
        for position, record in enumerate(data[section_name]):
            if isinstance(record, dict) and isinstance(record.get(spec.key), str):
                keys.append(record[spec.key])
            else:
                problems.append(f"{section_name}[{position}]: needs a text “{spec.key}”.")
        for key in sorted(_duplicates(keys)):
            problems.append(f"{section_name}: “{key}” appears more than once.")
        keys_by_section[section_name] = set(keys)
    for section_name, spec in SECTION_SPECS.items():
        for position, record in enumerate(data[section_name]):
            where = f"{section_name}[{position}]"
            if isinstance(record, dict) and spec.key in record:
                where += f" ({record[spec.key]})"
            _check_record(record, spec, where, keys_by_section, problems)
    if problems:
        raise ArchiveFormatError(_summarise(problems))
    return data


def _duplicates(keys: list) -> set:
    seen, repeated = set(), set()
    for key in keys:
        (repeated if key in seen else seen).add(key)
    return repeated


def _summarise(problems: list[str], shown: int = 20) -> str:
    lines = problems[:shown]
    if len(problems) > shown:
        lines.append(f"… and {len(problems) - shown} more problem(s).")
    return "The dump cannot be loaded:\n  " + "\n  ".join(lines)


# --- Import ----------------------------------------------------------------------------------------


def non_empty_record_tables() -> list[str]:
    return [
        str(model._meta.verbose_name_plural) for model in RECORD_MODELS if model.objects.exists()
    ]


@contextmanager
def keeping_timestamps():
    """Let the dump's created/updated times through instead of "now" (auto_now fields)."""
    changed = []
    for model in (Meeting, Agreement):
        for model_field in model._meta.concrete_fields:
            if getattr(model_field, "auto_now", False) or getattr(
                model_field, "auto_now_add", False
            ):
                changed.append((model_field, model_field.auto_now, model_field.auto_now_add))
                model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in changed:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


class RecordBuilder:
    """Turns checked dump records into unsaved model instances, cleaning every field."""

    def __init__(self):
        self.problems: list[str] = []
        self.ids: dict[str, dict] = {}  # section -> natural key -> primary key

    def build(self, spec: Section, record: dict, where: str, **extra) -> models.Model:
        obj = spec.model(**extra)
        for name in spec.fields:
            model_field = spec.model._meta.get_field(name)
            value = record[name]
            try:
                if isinstance(model_field, models.DateTimeField) and isinstance(value, str):
                    value = datetime.datetime.fromisoformat(value)
                value = model_field.clean(value, obj)
            except (ValidationError, ValueError, TypeError) as error:
                messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                self.problems.append(f"{where}: {name}: {' '.join(messages)}")
                continue
            if name == "body":
                value = sanitize_html(value)  # a dump from elsewhere is untrusted HTML
            setattr(obj, name, value)
        for name, target in spec.references.items():
            if target == SECTION_SPECS_KEY_SELF.get(spec.model):
                continue  # parents are linked once every record of the section exists
            key = record[name]
            attname = spec.model._meta.get_field(name).attname
            setattr(obj, attname, self.ids[target][key] if key is not None else None)
        return obj

    def remember(self, section_name: str, objects: list[models.Model]):
        key = natural_key_of(section_name)
        self.ids[section_name] = {getattr(obj, key): obj.pk for obj in objects}

    def raise_problems(self):
        if self.problems:
            raise ArchiveFormatError(_summarise(self.problems))


# Sections whose records may point at another record of the same section (their parent).
SECTION_SPECS_KEY_SELF = {Topic: "topics", Organization: "organizations", Meeting: "meetings"}


def _link_parents(section_name: str, data: list[dict], builder: RecordBuilder):
    spec = SECTION_SPECS[section_name]
    ids = builder.ids[section_name]
    for record in data:
        parent = record["parent"]
        spec.model.objects.filter(pk=ids[record[spec.key]]).update(
            parent_id=ids[parent] if parent is not None else None
        )


def _link_many(section_name: str, data: list[dict], builder: RecordBuilder):
    spec = SECTION_SPECS[section_name]
    ids = builder.ids[section_name]
    for name, target in spec.many.items():
        relation = spec.model._meta.get_field(name)
        through = relation.remote_field.through
        own_column = relation.m2m_field_name()
        other_column = relation.m2m_reverse_field_name()
        rows = [
            through(
                **{
                    f"{own_column}_id": ids[record[spec.key]],
                    f"{other_column}_id": builder.ids[target][value],
                }
            )
            for record in data
            for value in record[name]
        ]
        through.objects.bulk_create(rows, batch_size=CHUNK_SIZE)


def _upsert_reference(section_name: str, data: list[dict], builder: RecordBuilder):
    """Reference data may already be loaded: the dump's version of each record wins."""
    spec = SECTION_SPECS[section_name]
    existing = spec.model.objects.in_bulk(field_name=spec.key)
    to_create, to_update = [], []
    for position, record in enumerate(data):
        obj = builder.build(spec, record, f"{section_name}[{position}] ({record[spec.key]})")
        current = existing.get(record[spec.key])
        if current is None:
            to_create.append(obj)
        else:
            obj.pk = current.pk
            to_update.append(obj)
    builder.raise_problems()
    spec.model.objects.bulk_create(to_create, batch_size=CHUNK_SIZE)
    if to_update:
        changing = [name for name in spec.fields if name != spec.key]
        spec.model.objects.bulk_update(to_update, changing, batch_size=CHUNK_SIZE)
    builder.ids[section_name] = dict(spec.model.objects.values_list(spec.key, "pk"))


def _create_records(section_name: str, data: list[dict], builder: RecordBuilder):
    spec = SECTION_SPECS[section_name]
    objects = [
        builder.build(spec, record, f"{section_name}[{position}] ({record[spec.key]})")
        for position, record in enumerate(data)
    ]
    builder.raise_problems()
    created = spec.model.objects.bulk_create(objects, batch_size=CHUNK_SIZE)
    builder.remember(section_name, created)
    for name in spec.nested:
        child_spec = NESTED_SPECS[name]
        owner_column = spec.model._meta.get_field(name).remote_field.attname
        children = []
        for position, record in enumerate(data):
            owner_id = builder.ids[section_name][record[spec.key]]
            for child_position, child in enumerate(record[name]):
                where = f"{section_name}[{position}] ({record[spec.key]}) {name}[{child_position}]"
                children.append(builder.build(child_spec, child, where, **{owner_column: owner_id}))
        builder.raise_problems()
        child_spec.model.objects.bulk_create(children, batch_size=CHUNK_SIZE)


def load_archive(data: dict) -> dict[str, int]:
    """Load a checked dump (`read_archive`) into a database without records, in one transaction.

    Raises ArchiveFormatError — and writes nothing — if the database already holds records or a
    value does not fit its field or a database constraint.
    """
    builder = RecordBuilder()
    try:
        with transaction.atomic(), keeping_timestamps():
            occupied = non_empty_record_tables()
            if occupied:
                raise ArchiveFormatError(
                    "The database already holds records ("
                    + ", ".join(occupied)
                    + "). Import into an empty database: only reference data (countries, "
                    "minerals, topics) may be present."
                )
            for section_name in ("countries", "minerals", "topics"):
                _upsert_reference(section_name, data[section_name], builder)
            for section_name in ("organizations", "people", "series", "meetings", "agreements"):
                _create_records(section_name, data[section_name], builder)
            for section_name in ("topics", "organizations", "meetings"):
                _link_parents(section_name, data[section_name], builder)
            for section_name in SECTION_SPECS:
                _link_many(section_name, data[section_name], builder)
            # bulk_create fires no signals: index every imported meeting so search finds it.
            reindex_meetings()
            # Nor do they tell the page cache: every cached page is stale once this commits.
            bump_content_version_on_commit()
    except (IntegrityError, DatabaseError) as error:
        raise ArchiveFormatError(
            f"The database refused the dump, so nothing was imported: {error}"
        ) from None
    return {section_name: len(data[section_name]) for section_name in SECTION_SPECS}
