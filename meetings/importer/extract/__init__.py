"""Release text → the fields of DESIGN.md's import contract, as small field extractors.

Reading order: headline and date line (the issuer's own, `layout`), then the sentences that
describe the meeting. `fields.FIELDS` registers every extractor and is the contract; rules by language
live in `english` and `japanese`; `people`, `series` and `agreements` hold what both share; word lists
are data files (meetings/importer/data/). Each rule names the format it comes from (see
shared/data/releases/FORMATS.md).
"""

from meetings.importer.extract.fields import (
    CONTRACT_KEYS,
    FIELDS,
    PREVIEW_FIELDS,
    SCORED_FIELDS,
    Field,
    empty_proposal,
    extract_fields,
)

__all__ = [
    "CONTRACT_KEYS",
    "FIELDS",
    "PREVIEW_FIELDS",
    "SCORED_FIELDS",
    "Field",
    "empty_proposal",
    "extract_fields",
]
