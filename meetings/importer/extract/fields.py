"""The field extractors and the ONE list that registers them.

`FIELDS` is the release import contract (DESIGN.md): its order is the order of the keys in
`extract_release`'s JSON; each entry says how its value is found, what an empty proposal holds, how
`evaluate_extraction` scores it and how the admin's import page shows it. To add a field, write its
extractor here (or in the language modules) and add one `Field` to the list.
"""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from meetings.importer.dates import find_dates
from meetings.importer.extract.agreements import find_agreements
from meetings.importer.extract.context import ReleaseContext
from meetings.importer.extract.layout import split_sentences
from meetings.importer.extract.multi import find_meetings
from meetings.importer.extract.patterns import JAPANESE_CHAR, MEETING_CUE
from meetings.importer.extract.series import find_kind, find_ordinal
from meetings.importer.gazetteer import Gazetteer, fold
from meetings.importer.text import Release

# How evaluate_extraction compares a field (meetings/importer/scoring.py implements each).
EXACT, CODE_SET, FAMILY_NAMES, TOKENS = "exact", "set", "family names", "tokens"
ROW = "admin/meetings/import_release/"


@dataclass(frozen=True)
class Field:
    key: str  # the key in extract_release's JSON
    extract: Callable[[ReleaseContext], Any]
    empty: Any = None  # its value in an empty proposal
    scoring: str | None = None  # EXACT, CODE_SET, FAMILY_NAMES, TOKENS; None: not scored
    label: str | None = None  # its row on the import page; None: shown in another field's row
    row: str = ROW + "value.html"  # the template of that row
    missing: str = "—"  # what the row says when nothing was found
    matched: str | None = None  # the Preview attribute holding what it matched in the archive

    @property
    def html_id(self) -> str:
        return "preview-" + self.key.replace("_", "-")

    def empty_value(self):
        return copy.deepcopy(self.empty)


# --- The small extractors -------------------------------------------------------------------------


def iso(date: datetime.date | None) -> str | None:
    return date.isoformat() if date else None


def find_meeting_date(ctx) -> datetime.date | None:
    published = ctx.layout.published_on
    fallback_year = published.year if published else None
    if fallback_year is None:
        for found in find_dates(ctx.body_text):
            if found.year:
                fallback_year = found.year
                break
    candidates = []
    for sentence in ctx.head_sentences:
        for found in find_dates(sentence):
            before = sentence[: found.start]
            if re.search(r"\b(?:since|until|by|before|after|through)\s*$", before, re.I):
                continue
            candidates.append((bool(MEETING_CUE.search(sentence)), found))
    chosen = next((f for cue, f in candidates if cue), None) or (
        candidates[0][1] if candidates else None
    )
    if chosen is not None:
        year = chosen.year
        if year is None and fallback_year is not None:
            year = fallback_year
            if published and chosen.month > published.month + 1:
                year -= 1  # a December meeting announced in January
        return chosen.resolve(year)
    if published:
        if re.search(r"\btoday\b|本日", ctx.body_text, re.I):
            return published
        if re.search(r"\byesterday\b|昨日", ctx.body_text, re.I):
            return published - datetime.timedelta(days=1)
    return None


AMBIGUOUS_MINERALS = {"lead", "tin", "silver", "copper", "zinc", "potash", "boron", "helium"}


def find_minerals(ctx) -> list[str]:
    text = (ctx.title or "") + "\n" + ctx.body_text
    found = set()
    sentences = split_sentences(text)
    for name, spellings in ctx.gazetteer.minerals.items():
        for spelling in spellings:
            if JAPANESE_CHAR.search(spelling):
                if spelling in text:
                    found.add(name)
                    break
                continue
            pattern = re.compile(rf"\b{re.escape(spelling)}s?\b", re.IGNORECASE)
            for sentence in sentences:
                if not pattern.search(sentence):
                    continue
                if name in AMBIGUOUS_MINERALS and not re.search(
                    r"\bminerals?\b|\bmetals?\b|\bores?\b", sentence, re.I
                ):
                    continue
                found.add(name)
                break
            if name in found:
                break
    return sorted(found)


def keyword_in(keyword: str, haystack: str) -> bool:
    """A topic's keyword in a folded text: at a word's start in spaced scripts; anywhere in Japanese
    and Chinese script, which writes no spaces between words."""
    word = fold(keyword)
    if not word:
        return False
    if re.match(r"[\u3040-\u30ff\u4e00-\u9fff]", word):
        return word in haystack
    return f" {word}" in haystack


def topics_in(ctx, text: str) -> list[str]:
    haystack = " " + fold(text) + " "
    return sorted(
        slug
        for slug, keywords in ctx.gazetteer.topics.items()
        if any(keyword_in(k, haystack) for k in keywords)
    )


def find_topics(ctx) -> list[str]:
    return topics_in(ctx, ctx.release.text)


def find_countries(ctx) -> list[str]:
    """The participants' governments, and the pair a series, headline or opening names."""
    series = ctx.series_match[0]
    countries = {p.country for p in ctx.participants if p.country}
    for text in filter(None, [series, ctx.title]):
        countries |= ctx.pair_countries(text)
    if len(countries) < 2:
        for sentence in ctx.sentences[:3]:
            countries |= ctx.pair_countries(sentence)
    return sorted(countries)


def participants_json(ctx) -> list[dict]:
    """Each participant; the head of an international organisation carries `organization`."""
    from meetings.importer.extract.multi import organization_of, participant_json

    rows = []
    for person in ctx.participants:
        person.organization = organization_of(ctx, person)
        if person.organization:
            person.country = None
        rows.append(participant_json(person))
    return rows


def series_ordinal(ctx) -> int | None:
    return find_ordinal(ctx) if ctx.series_match[0] else None


def meeting_kind(ctx) -> str | None:
    series = ctx.series_match[0]
    return find_kind(ctx, series, ctx.participants) if (ctx.participants or series) else None


# --- The registry ---------------------------------------------------------------------------------

FIELDS: list[Field] = [
    Field("title", lambda ctx: ctx.title, label="Title"),
    Field(
        "published_on",
        lambda ctx: iso(ctx.layout.published_on),
        scoring=EXACT,
        label="Published on",
        missing="not found",
    ),
    Field(
        "meeting_date",
        lambda ctx: iso(find_meeting_date(ctx)),
        scoring=EXACT,
        label="Meeting date",
        missing="not found",
    ),
    Field(
        "city",
        lambda ctx: ctx.place[0],
        scoring=EXACT,
        label="City",
        row=ROW + "city.html",
        matched="venue_country",
    ),
    Field("venue_country", lambda ctx: ctx.place[1], scoring=EXACT),
    Field(
        "countries",
        find_countries,
        empty=[],
        scoring=CODE_SET,
        label="Countries",
        row=ROW + "records.html",
        matched="countries",
    ),
    Field(
        "participants",
        participants_json,
        empty=[],
        scoring=FAMILY_NAMES,
        label="Participants",
        row=ROW + "participants.html",
        matched="participants",
    ),
    Field(
        "series",
        lambda ctx: ctx.series_match[0],
        scoring=TOKENS,
        label="Series",
        row=ROW + "series.html",
        matched="series",
    ),
    Field("ordinal", series_ordinal, scoring=EXACT),
    Field("kind", meeting_kind, label="Kind", row=ROW + "kind.html", matched="kind"),
    Field(
        "minerals",
        find_minerals,
        empty=[],
        scoring=CODE_SET,
        label="Minerals",
        row=ROW + "records.html",
        matched="minerals",
    ),
    Field(
        "topics",
        find_topics,
        empty=[],
        label="Topics",
        row=ROW + "records.html",
        matched="topics",
    ),
    Field("agreements", find_agreements, empty=[], label="Agreements", row=ROW + "agreements.html"),
    Field(
        "division",
        lambda ctx: ctx.release.division,
        scoring=EXACT,
        label="Division",
        row=ROW + "division.html",
        matched="issuer",
    ),
    Field("language", lambda ctx: ctx.language, empty="en", label="Language"),
    # Every bilateral meeting the release reports, each with the per-meeting keys (multi.py).
    Field("meetings", lambda ctx: find_meetings(ctx), empty=[]),
]
FIELDS_BY_KEY = {field.key: field for field in FIELDS}
CONTRACT_KEYS = [field.key for field in FIELDS]
SCORED_FIELDS = [field for field in FIELDS if field.scoring]
PREVIEW_FIELDS = [field for field in FIELDS if field.label]


def empty_proposal(language: str = "en") -> dict:
    """The contract's object with nothing found."""
    proposal = {field.key: field.empty_value() for field in FIELDS}
    proposal["language"] = language
    return proposal


def extract_fields(release: Release, gazetteer: Gazetteer) -> dict:
    """The contract's JSON object for one release (an empty proposal when nothing is found)."""
    ctx = ReleaseContext(release, gazetteer)
    if not release.text.strip():
        return empty_proposal(ctx.language)
    # Fields are extracted in registry order; a later one (meetings) may read the earlier ones.
    ctx.proposal = proposal = {}
    for field in FIELDS:
        proposal[field.key] = field.extract(ctx)
    return proposal
