"""How well extraction matches expected facts: the scoring `evaluate_extraction` prints.

The rules (repeated in the command's help so others can reproduce the numbers):

* Exact fields — published_on, meeting_date, city, venue_country, ordinal, division: 1 when the
  normalised values are equal (both null counts as equal), else 0. Normalising: NFKC, case folded,
  every run of characters other than letters, digits and '+' becomes one space ("Washington, D.C."
  equals "Washington D.C."); 'U.S.'/'United States' → 'us'; dashes → spaces.
* Set fields — countries (codes), participants (family names, accents stripped, case folded) and
  minerals (names): F1 of the extracted set against the expected set; both empty counts as 1, one
  empty and the other not as 0.
* series — token F1: both values normalised as above, split into word tokens (without 'the', 'of',
  'and', 'meeting'), F1 of the two token sets; both null is 1, one null is 0.
* A release's score is the mean of its 10 field scores; a field's accuracy is the mean of its score
  over the releases; the overall score is the mean of the 10 field accuracies (every field weighs the
  same), a number between 0 and 1.
"""

from __future__ import annotations

from meetings.importer.extract.fields import (
    CODE_SET,
    EXACT,
    FAMILY_NAMES,
    FIELDS_BY_KEY,
    SCORED_FIELDS,
    TOKENS,
)
from meetings.importer.gazetteer import fold, strip_accents

# The scored fields and how each is compared come from the extractor registry (extract/fields.py).
FIELDS = [field.key for field in SCORED_FIELDS]
EXACT_FIELDS = [field.key for field in SCORED_FIELDS if field.scoring == EXACT]
SET_FIELDS = [field.key for field in SCORED_FIELDS if field.scoring in (CODE_SET, FAMILY_NAMES)]
TOKEN_FIELDS = [field.key for field in SCORED_FIELDS if field.scoring == TOKENS]
SERIES_STOPWORDS = {"the", "of", "and", "meeting"}


def normalise_exact(value) -> str | None:
    if value is None or value == "":
        return None
    return fold(str(value))


def exact_score(expected, extracted) -> float:
    return 1.0 if normalise_exact(expected) == normalise_exact(extracted) else 0.0


def f1(expected: set, extracted: set) -> float:
    if not expected and not extracted:
        return 1.0
    if not expected or not extracted:
        return 0.0
    overlap = len(expected & extracted)
    if not overlap:
        return 0.0
    precision = overlap / len(extracted)
    recall = overlap / len(expected)
    return 2 * precision * recall / (precision + recall)


def family_names(participants) -> set[str]:
    names = set()
    for participant in participants or []:
        family = participant.get("family_name") or (participant.get("name") or "").split(" ")[-1]
        if family:
            names.add(strip_accents(family).casefold())
    return names


def series_tokens(value) -> set[str]:
    return set(fold(value).split()) - SERIES_STOPWORDS if value else set()


def field_score(field: str, expected: dict, extracted: dict) -> float:
    scoring = FIELDS_BY_KEY[field].scoring if field in FIELDS_BY_KEY else None
    want, got = expected.get(field), extracted.get(field)
    if scoring == EXACT:
        return exact_score(want, got)
    if scoring == FAMILY_NAMES:
        return f1(family_names(want), family_names(got))
    if scoring == CODE_SET:
        return f1({fold(v) for v in want or []}, {fold(v) for v in got or []})
    if scoring == TOKENS:
        if not want and not got:
            return 1.0
        return f1(series_tokens(want), series_tokens(got))
    raise ValueError(f"Unknown field {field!r}")


def score_release(expected: dict, extracted: dict) -> dict[str, float]:
    return {field: field_score(field, expected, extracted) for field in FIELDS}


def summarise(per_release: dict[str, dict[str, float]]) -> tuple[dict[str, float], float]:
    """Per-field accuracy over releases, and the overall score (the mean of the fields)."""
    if not per_release:
        return {field: 0.0 for field in FIELDS}, 0.0
    accuracy = {
        field: sum(scores[field] for scores in per_release.values()) / len(per_release)
        for field in FIELDS
    }
    return accuracy, sum(accuracy.values()) / len(accuracy)


# --- Meeting level: is every bilateral meeting the release reports found, and nothing else? --------


def release_meetings(facts: dict) -> list[dict]:
    """A release's meetings: its `meetings` list, else (older expected files) its top-level meeting."""
    if "meetings" in facts:
        return list(facts["meetings"] or [])
    if facts.get("participants") or facts.get("countries"):
        return [facts]
    return []


def side(participant: dict) -> str:
    return fold(participant.get("organization") or participant.get("country") or "")


def home_side(meetings: list[dict]) -> str | None:
    """The release's own side: the first participant's, when it takes part in every meeting."""
    if not meetings or not meetings[0].get("participants"):
        return None
    home = side(meetings[0]["participants"][0])
    every = all(any(side(p) == home for p in m.get("participants") or []) for m in meetings)
    return home if home and every else None


def counterparts(meeting: dict, home: str | None) -> set[tuple[str, str]]:
    """(government or organisation, family name) of each participant not on the release's side."""
    people = meeting.get("participants") or []
    keys = {(side(p), name) for p in people if side(p) != home for name in family_names([p])}
    return keys or {(side(p), name) for p in people for name in family_names([p])}


def match_meetings(expected: list[dict], extracted: list[dict]) -> int:
    """How many expected meetings an extracted one matches (one to one, in order)."""
    home = home_side(expected)
    used: set[int] = set()
    matched = 0
    for want in expected:
        want_keys = counterparts(want, home)
        for index, got in enumerate(extracted):
            if index in used or normalise_exact(got.get("meeting_date")) != normalise_exact(
                want.get("meeting_date")
            ):
                continue
            if want_keys & counterparts(got, home):
                used.add(index)
                matched += 1
                break
    return matched


def score_meetings(expected: dict, extracted: dict) -> dict[str, int]:
    want, got = release_meetings(expected), list(extracted.get("meetings") or [])
    return {"matched": match_meetings(want, got), "expected": len(want), "extracted": len(got)}


def summarise_meetings(per_release: dict[str, dict[str, int]]) -> dict[str, float | int]:
    """Precision, recall and F1 over all meetings of all releases (micro-averaged)."""
    matched = sum(r["matched"] for r in per_release.values())
    expected = sum(r["expected"] for r in per_release.values())
    extracted = sum(r["extracted"] for r in per_release.values())
    precision = matched / extracted if extracted else (1.0 if not expected else 0.0)
    recall = matched / expected if expected else (1.0 if not extracted else 0.0)
    f1_score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1_score,
        "matched": matched,
        "expected": expected,
        "extracted": extracted,
    }
