"""The editors' fast path: a release (text or HTML, English or Japanese) → a proposed draft meeting.

A Django app (`apps.ImporterConfig`, label "importer", no models). `text` reads and cleans the
release (HTML walked without recursion, within a nesting budget), `gazetteer` holds what the archive
knows about names (base lists in `data/`, read by `wordlists`), `extract` finds the fields of
DESIGN.md's import contract (one registry: `extract.fields.FIELDS`), `scoring` measures extraction
against expected facts, `service` matches a proposal to the archive and creates the draft, and
`admin_import` is the admin's "Import a release" page. Commands: extract_release, import_release,
evaluate_extraction.
"""

from __future__ import annotations

from meetings.importer.text import MAX_RELEASE_BYTES, MAX_RELEASE_LABEL, ReleaseError, read_release


def extract_release(data: bytes | str, filename: str = "", gazetteer=None) -> dict:
    """Release bytes → the contract's JSON object. Raises ReleaseError for unreadable input."""
    from meetings.importer.extract import extract_fields
    from meetings.importer.gazetteer import load_gazetteer

    release = read_release(data, filename)
    return extract_fields(release, gazetteer if gazetteer is not None else load_gazetteer())


__all__ = [
    "MAX_RELEASE_BYTES",
    "MAX_RELEASE_LABEL",
    "ReleaseError",
    "extract_release",
    "read_release",
]
