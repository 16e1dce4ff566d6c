"""Writing a dump: every record, sorted by natural key, one per line with sorted keys."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection, models, transaction

from meetings.models import Meeting, Source
from meetings.opendata.dump.sections import (
    CHUNK_SIZE,
    FORMAT_NAME,
    FORMAT_VERSION,
    NESTED_SPECS,
    SECTION_SPECS,
    Section,
    natural_key_of,
)


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
    if spec.sourced:
        record["sources"] = [source_of(source) for source in obj.source_records.all()]
    return record


def source_of(source) -> dict:
    return {
        "url": source.url,
        "kind": source.kind,
        "publisher": source.publisher.slug if source.publisher_id else None,
        "language": source.language,
        "published_on": encode(source.published_on),
        "archived_url": source.archived_url,
    }


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
    if spec.sourced:
        prefetches.append(
            models.Prefetch(
                "source_records",
                queryset=Source.objects.select_related("publisher").order_by("order", "pk"),
            )
        )
    for name in spec.nested:
        child = NESTED_SPECS[name]
        prefetches.append(
            models.Prefetch(
                name, queryset=child.model.objects.select_related(*child.references).order_by()
            )
        )
    if "documents" in spec.nested:
        prefetches.append(
            models.Prefetch("documents__meetings", queryset=Meeting.objects.only("pk", "slug"))
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
                if name == "documents":
                    children = [d for d in children if home_slug(d) == obj.slug]
                record[name] = [record_of(child, NESTED_SPECS[name]) for child in children]
                if name == "documents":
                    for child, child_record in zip(children, record[name], strict=True):
                        child_record["also_reports"] = sorted(
                            m.slug for m in child.meetings.all() if m.slug != obj.slug
                        )
            yield record


def home_slug(document) -> str:
    """The meeting a document is written under: the first of its meetings by slug."""
    return min(m.slug for m in document.meetings.all())


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
