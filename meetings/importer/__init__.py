"""The editors' fast path: a release (text or HTML, English or Japanese) → a proposed draft meeting.

`text` reads and cleans the release, `gazetteer` holds what the archive knows about names,
`extract` finds the fields of DESIGN.md's import contract, `scoring` measures extraction against
expected facts, and `service` matches a proposal to the archive and creates the draft.
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
