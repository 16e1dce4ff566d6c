"""The full dump: every record, published and draft, as one JSON document that round-trips.

`write_archive(stream)` writes it (writing.py); `read_archive(text)` checks a dump completely
(reading.py) before `load_archive(data)` writes anything, in one transaction, into a database that
holds no records yet (reference data — countries, minerals, topics — may be there: the dump's
version of it wins). `merge_archive(data)` adds only the records a database lacks and leaves the
others as they are: the bundled archive of real meetings (data/archive.json, a dump) is loaded so
by `load_bundled_archive()` (loading.py). sections.py says what each section holds.

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

from meetings.opendata.dump.loading import (
    BUNDLED_ARCHIVE,
    load_archive,
    load_bundled_archive,
    merge_archive,
)
from meetings.opendata.dump.reading import read_archive
from meetings.opendata.dump.sections import (
    FORMAT_NAME,
    FORMAT_VERSION,
    RECORD_MODELS,
    REFERENCE_MODELS,
    SECTION_SPECS,
    ArchiveFormatError,
)
from meetings.opendata.dump.writing import write_archive

__all__ = [
    "BUNDLED_ARCHIVE",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "RECORD_MODELS",
    "REFERENCE_MODELS",
    "SECTION_SPECS",
    "ArchiveFormatError",
    "load_archive",
    "load_bundled_archive",
    "merge_archive",
    "read_archive",
    "write_archive",
]
