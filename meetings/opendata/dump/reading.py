"""Checking a dump completely, without touching the database, before anything is written."""

from __future__ import annotations

import json

from meetings.opendata.dump.sections import (
    FORMAT_NAME,
    NESTED_SPECS,
    OPTIONAL_FIELDS,
    READABLE_VERSIONS,
    SECTION_SPECS,
    SOURCE_KEYS,
    ArchiveFormatError,
    Section,
)


def _expected_keys(spec: Section) -> set[str]:
    return {*spec.fields, *spec.references, *spec.many, *spec.nested, *spec.linked} | (
        {"sources"} if spec.sourced else set()
    )


def _check_sources(sources, where: str, keys_by_section: dict, problems: list):
    if not isinstance(sources, list):
        problems.append(f"{where}: sources must be a list.")
        return
    for position, source in enumerate(sources):
        here = f"{where} sources[{position}]"
        if isinstance(source, str):
            continue  # version 1: a bare URL
        if not isinstance(source, dict) or set(source) != set(SOURCE_KEYS):
            problems.append(f"{here}: a source is an object with {', '.join(SOURCE_KEYS)}.")
            continue
        publisher = source["publisher"]
        if publisher is not None and publisher not in keys_by_section["organizations"]:
            problems.append(f"{here}: publisher “{publisher}” is not among the organizations.")


def _check_record(record, spec: Section, where: str, keys_by_section: dict, problems: list):
    if not isinstance(record, dict):
        problems.append(f"{where}: a record must be a JSON object.")
        return
    expected = _expected_keys(spec)
    for name in spec.linked:
        record.setdefault(name, [])  # version 1 has no links
    for name, value in spec.defaults.items():
        record.setdefault(name, value)
    missing, unknown = expected - set(record) - set(OPTIONAL_FIELDS), set(record) - expected
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
    if spec.sourced:
        _check_sources(record["sources"], where, keys_by_section, problems)
    for name in spec.linked:
        values = record[name]
        if not isinstance(values, list) or any(
            v not in keys_by_section["meetings"] for v in values
        ):
            problems.append(f"{where}: {name} must list meetings of the file.")
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
    if data.get("version") not in READABLE_VERSIONS:
        raise ArchiveFormatError(
            f"The dump is format version {data.get('version')!r}; this archive reads versions "
            f"{', '.join(map(str, READABLE_VERSIONS))}."
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
        raise ArchiveFormatError(summarise(problems))
    return data


def _duplicates(keys: list) -> set:
    seen, repeated = set(), set()
    for key in keys:
        (repeated if key in seen else seen).add(key)
    return repeated


def summarise(problems: list[str], shown: int = 20) -> str:
    lines = problems[:shown]
    if len(problems) > shown:
        lines.append(f"… and {len(problems) - shown} more problem(s).")
    return "The dump cannot be loaded:\n  " + "\n  ".join(lines)
