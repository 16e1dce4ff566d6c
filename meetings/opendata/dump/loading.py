"""Loading a checked dump: into an empty database (`load_archive`), or adding only the records a
database lacks (`merge_archive`, which loads the bundled archive)."""

from __future__ import annotations

import datetime
from contextlib import contextmanager
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, models, transaction

from archive.content_version import bump_content_version_on_commit
from meetings.models import Agreement, Meeting, Organization, Source, Topic
from meetings.models.sources import guess_kind, publisher_for_url
from meetings.opendata.dump.reading import read_archive, summarise
from meetings.opendata.dump.sections import (
    CHUNK_SIZE,
    NESTED_SPECS,
    OPTIONAL_FIELDS,
    RECORD_MODELS,
    SECTION_SPECS,
    ArchiveFormatError,
    Section,
    natural_key_of,
)
from meetings.sanitize import sanitize_html
from meetings.search.index import reindex_meetings


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
            value = (
                record.get(name, OPTIONAL_FIELDS[name]) if name in OPTIONAL_FIELDS else record[name]
            )
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
        ids = self.ids.setdefault(section_name, {})
        ids.update({getattr(obj, key): obj.pk for obj in objects})

    def raise_problems(self):
        if self.problems:
            raise ArchiveFormatError(summarise(self.problems))


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
    if spec.sourced:
        _create_sources(section_name, data, builder)
    for name in spec.nested:
        child_spec = NESTED_SPECS[name]
        if name == "documents":
            _create_documents(section_name, data, builder)
            continue
        owner_column = spec.model._meta.get_field(name).remote_field.attname
        children = []
        for position, record in enumerate(data):
            owner_id = builder.ids[section_name][record[spec.key]]
            for child_position, child in enumerate(record[name]):
                where = f"{section_name}[{position}] ({record[spec.key]}) {name}[{child_position}]"
                children.append(builder.build(child_spec, child, where, **{owner_column: owner_id}))
        builder.raise_problems()
        child_spec.model.objects.bulk_create(children, batch_size=CHUNK_SIZE)


def _create_documents(section_name: str, data: list[dict], builder: RecordBuilder):
    """A meeting's documents, linked to it and to the other meetings each one also reports."""
    spec = NESTED_SPECS["documents"]
    ids = builder.ids[section_name]
    documents, owners = [], []
    for position, record in enumerate(data):
        for child_position, child in enumerate(record["documents"]):
            where = f"{section_name}[{position}] ({record['slug']}) documents[{child_position}]"
            documents.append(builder.build(spec, child, where))
            owners.append([record["slug"], *child.get("also_reports", [])])
    builder.raise_problems()
    created = spec.model.objects.bulk_create(documents, batch_size=CHUNK_SIZE)
    through = spec.model.meetings.through
    links = [
        through(document_id=document.pk, meeting_id=ids[slug])
        for document, slugs in zip(created, owners, strict=True)
        for slug in dict.fromkeys(slugs)
        if slug in ids
    ]
    through.objects.bulk_create(links, batch_size=CHUNK_SIZE)


def version_1_source(url: str, organizations) -> dict:
    """A bare URL of a version 1 dump as a source: a copy on a known copy site; official when on
    a government site or an organization's own; news otherwise."""
    kind = guess_kind(url)
    publisher = publisher_for_url(url, organizations) if kind != Source.Kind.COPY else None
    if publisher is not None and kind == Source.Kind.NEWS:
        kind = Source.Kind.OFFICIAL_RELEASE
    return {"url": url, "kind": kind, "publisher": publisher.slug if publisher else None}


def _create_sources(section_name: str, data: list[dict], builder: RecordBuilder):
    """The Source rows of each record: version 2 objects, or version 1 bare URLs (their kind
    guessed from the host: a government site is official, a known copy site a copy, else news)."""
    spec = SECTION_SPECS[section_name]
    content_type = ContentType.objects.get_for_model(spec.model)
    organizations = list(Organization.objects.exclude(url=""))
    rows = []
    for position, record in enumerate(data):
        owner_id = builder.ids[section_name][record[spec.key]]
        for order, source in enumerate(record["sources"]):
            if isinstance(source, str):
                source = version_1_source(source, organizations)
            where = f"{section_name}[{position}] ({record[spec.key]}) sources[{order}]"
            publisher = source.get("publisher")
            row = Source(
                content_type=content_type,
                object_id=owner_id,
                url=source["url"],
                kind=source["kind"],
                publisher_id=builder.ids["organizations"][publisher] if publisher else None,
                language=source.get("language") or "",
                published_on=source.get("published_on") or None,
                archived_url=source.get("archived_url") or "",
                order=order,
            )
            try:
                row.full_clean(exclude=["content_type", "object_id", "publisher"])
            except ValidationError as error:
                builder.problems.append(f"{where}: {' '.join(error.messages)}")
                continue
            rows.append(row)
    builder.raise_problems()
    Source.objects.bulk_create(rows, batch_size=CHUNK_SIZE)


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


# --- Adding what is missing (the bundled archive) -------------------------------------------------


def existing_ids(data: dict) -> dict[str, dict]:
    """For each section, the records of the dump the database holds already: key -> primary key."""
    found = {}
    for section_name, spec in SECTION_SPECS.items():
        keys = [record[spec.key] for record in data[section_name]]
        found[section_name] = dict(
            spec.model.objects.filter(**{f"{spec.key}__in": keys}).values_list(spec.key, "pk")
        )
    return found


def missing_records(data: dict, existing: dict[str, dict]) -> dict[str, list[dict]]:
    """The dump's records to add: those whose key the database lacks.

    An agreement comes only with its meeting (or on its own, if it has none): an editor who
    removes one from a meeting already in the database does not see it come back.
    """
    missing = {
        section_name: [
            record
            for record in data[section_name]
            if record[spec.key] not in existing[section_name]
        ]
        for section_name, spec in SECTION_SPECS.items()
    }
    new_meetings = {record["slug"] for record in missing["meetings"]}
    missing["agreements"] = [
        record
        for record in missing["agreements"]
        if record["meeting"] is None or record["meeting"] in new_meetings
    ]
    return missing


def merge_archive(data: dict) -> dict[str, int]:
    """Add the records of a checked dump that the database lacks; leave the others as they are.

    Records are matched by natural key (slug, ISO code). One already in the database is kept
    exactly as editors have left it — fields, links, memberships, participants, documents — and a
    missing one is created with its nested records and links, as the dump has them. Idempotent: a
    second run reads each section's keys once and writes nothing. All in one transaction: a dump
    the database refuses changes nothing (ArchiveFormatError). Returns how many of each were added.
    """
    if not any(missing_records(data, existing_ids(data)).values()):
        return {section_name: 0 for section_name in SECTION_SPECS}
    builder = RecordBuilder()
    try:
        with transaction.atomic(), keeping_timestamps():
            existing = existing_ids(data)  # again, inside the transaction
            missing = missing_records(data, existing)
            for section_name in SECTION_SPECS:
                builder.ids[section_name] = dict(existing[section_name])
                _create_records(section_name, missing[section_name], builder)
            for section_name in ("topics", "organizations", "meetings"):
                _link_parents(section_name, missing[section_name], builder)
            for section_name in SECTION_SPECS:
                _link_many(section_name, missing[section_name], builder)
            new_meetings = builder.ids["meetings"]
            reindex_meetings(new_meetings[record["slug"]] for record in missing["meetings"])
            bump_content_version_on_commit()
    except (IntegrityError, DatabaseError) as error:
        raise ArchiveFormatError(
            f"The database refused the dump, so nothing was added: {error}"
        ) from None
    return {section_name: len(missing[section_name]) for section_name in SECTION_SPECS}


# --- The bundled archive ---------------------------------------------------------------------------

# The real meetings `make run` loads: a dump (written by export_archive), loaded by merge_archive.
BUNDLED_ARCHIVE = Path(__file__).resolve().parent.parent / "data" / "archive.json"


def load_bundled_archive(path: Path = BUNDLED_ARCHIVE) -> dict[str, int]:
    """Add the bundled records the database lacks (see merge_archive); how many of each."""
    return merge_archive(read_archive(path.read_text(encoding="utf-8")))
