"""The importer scored against the editors' corrections, and our words checked against the release:
the two measures a batch (meetings/importer/batch.py) takes before it writes anything."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from meetings.importer.gazetteer import fold
from meetings.importer.scoring import family_names, normalise_exact, series_tokens

MEETING_FIELDS = [
    "meeting_date",
    "city",
    "venue_country",
    "countries",
    "participants",
    "series",
    "ordinal",
    "kind",
    "minerals",
    "topics",
]
SET_FIELDS = {"countries", "participants", "minerals", "topics"}
SHARED_RUN_WORDS = 12
SHARED_RUN_CHARS = 24  # Japanese: no spaces between words, so characters.


# --- Scoring the importer against the correction --------------------------------------------------


def _value_set(field_name: str, meeting: dict) -> set:
    value = meeting.get(field_name) or []
    if field_name == "participants":
        return family_names(value)
    return {fold(v) for v in value if isinstance(v, str)}


def _exact(field_name: str, meeting: dict):
    value = meeting.get(field_name)
    if field_name == "series":
        return frozenset(series_tokens(value)) if value else None
    return normalise_exact(value)


@dataclass
class Tally:
    """Field-level true/false positives and negatives over matched meetings, errors by kind."""

    true_positive: Counter = field(default_factory=Counter)
    false_positive: Counter = field(default_factory=Counter)
    false_negative: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=dict)

    def error(self, kind: str, example: str):
        self.errors[kind] += 1
        self.examples.setdefault(kind, []).append(example)

    def compare(self, release_id: str, want: dict, got: dict):
        for name in MEETING_FIELDS:
            if name in SET_FIELDS:
                expected, extracted = _value_set(name, want), _value_set(name, got)
                self.true_positive[name] += len(expected & extracted)
                self.false_positive[name] += len(extracted - expected)
                self.false_negative[name] += len(expected - extracted)
                for value in sorted(expected - extracted)[:3]:
                    self.error(f"{name}: missed", f"{release_id}: {value}")
                for value in sorted(extracted - expected)[:3]:
                    self.error(f"{name}: spurious", f"{release_id}: {value}")
                continue
            expected, extracted = _exact(name, want), _exact(name, got)
            if expected is not None and expected == extracted:
                self.true_positive[name] += 1
                continue
            if extracted is not None:
                self.false_positive[name] += 1
            if expected is not None:
                self.false_negative[name] += 1
            if expected is None and extracted is None:
                continue
            kind = "missed" if extracted is None else "spurious" if expected is None else "wrong"
            self.error(f"{name}: {kind}", f"{release_id}: {got.get(name)!r} for {want.get(name)!r}")

    def fields(self) -> dict[str, dict[str, float | int]]:
        out = {}
        for name in MEETING_FIELDS:
            tp, fp, fn = (
                self.true_positive[name],
                self.false_positive[name],
                self.false_negative[name],
            )
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            out[name] = {
                "precision": round(precision, 3),
                "recall": round(recall, 3),
                "true_positive": tp,
                "false_positive": fp,
                "false_negative": fn,
            }
        return out


def pair_meetings(expected: list[dict], extracted: list[dict]) -> list[tuple[dict, dict]]:
    """Each expected meeting with the extracted one that best shares its date and people."""
    pairs, used = [], set()
    for want in expected:
        best, best_score = None, 0
        for index, got in enumerate(extracted):
            if index in used:
                continue
            score = 2 * bool(
                normalise_exact(got.get("meeting_date"))
                == normalise_exact(want.get("meeting_date"))
            ) + len(_value_set("participants", want) & _value_set("participants", got))
            if score > best_score:
                best, best_score = index, score
        if best is not None and best_score >= 2:
            used.add(best)
            pairs.append((want, extracted[best]))
    return pairs


# --- Checking our words against the release -------------------------------------------------------


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return re.findall(r"\w+", text)


def shared_run(summary: str, source_text: str, words: int = SHARED_RUN_WORDS) -> str | None:
    """The first run of `words` consecutive words the summary shares with the source, if any."""
    mine, theirs = _words(summary), _words(source_text)
    runs = {tuple(theirs[i : i + words]) for i in range(len(theirs) - words + 1)}
    for i in range(len(mine) - words + 1):
        if tuple(mine[i : i + words]) in runs:
            return " ".join(mine[i : i + words])
    return None


def shared_run_chars(summary: str, source_text: str, chars: int = SHARED_RUN_CHARS) -> str | None:
    mine = re.sub(r"\s+", "", unicodedata.normalize("NFKC", summary or ""))
    theirs = re.sub(r"\s+", "", unicodedata.normalize("NFKC", source_text or ""))
    grams = {theirs[i : i + chars] for i in range(len(theirs) - chars + 1)}
    for i in range(len(mine) - chars + 1):
        if mine[i : i + chars] in grams:
            return mine[i : i + chars]
    return None
