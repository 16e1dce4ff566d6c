"""People in a release, whatever its language: mentions, participants, name order, offices."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from meetings.importer.extract.patterns import (
    MEETING_CUE,
    NOT_A_PARTICIPANT_OFFICE,
    OFFICE_HEAD,
    OFFICIAL_OFFICE,
    SIDE_EVENT,
)
from meetings.importer.gazetteer import (
    JAPANESE_FAMILY_NAMES,
    JAPANESE_GIVEN_NAMES,
    KOREAN_FAMILY_NAMES,
)


@dataclass
class PersonMention:
    name_tokens: list[str]
    office: str
    country: str | None
    position: int
    sentence: str
    surname_only: bool = False
    known: object = None  # KnownPerson


@dataclass
class Participant:
    name: str
    family_name: str
    title: str
    country: str | None
    position: int
    offices: list[str] = field(default_factory=list)
    person_pk: int | None = None
    mentions: list[str] = field(default_factory=list)
    known: bool = False  # in the archive or the base list of officials
    organization: str | None = None  # an international organisation's acronym (WTO), not a country
    native_name: str = ""  # the name as a Japanese release writes it (ケミ・ベーデノック, 上川陽子)


def order_name(tokens: list[str], surnames: set[str], known=None) -> tuple[str, str]:
    """(display name given-first, family name) for the tokens as written."""
    if known is not None:
        return known.name, known.family_name
    words = [t for t in tokens if not re.fullmatch(r"(?:[A-Z]\.)+", t)]
    if len(words) == 1:
        word = words[0]
        family = word.title() if word.isupper() else word
        initials = [t for t in tokens if t != word]
        return " ".join([*initials, family]), family
    first, last = words[0], words[-1]
    family_first = False
    if first.isupper() and len(first) > 1 and not last.isupper():
        family_first = True
    elif last.isupper() and len(last) > 1 and not first.isupper():
        family_first = False
    elif re.fullmatch(r"[A-Z][a-z]+-[a-z]+", last) and (
        first.lower() in KOREAN_FAMILY_NAMES or len(words) == 2
    ):
        family_first = True  # Yoon Chang-hyun
    elif len(words) == 2:
        f0, f1 = first.lower() in JAPANESE_FAMILY_NAMES, last.lower() in JAPANESE_FAMILY_NAMES
        g0, g1 = first.lower() in JAPANESE_GIVEN_NAMES, last.lower() in JAPANESE_GIVEN_NAMES
        if first.casefold() in surnames and last.casefold() not in surnames:
            family_first = True
        elif last.casefold() in surnames and first.casefold() not in surnames:
            family_first = False
        elif (f0 and not f1) or (g1 and not g0):
            family_first = True
    if family_first:
        family = first.title() if first.isupper() else first
        given = [w.title() if w.isupper() else w for w in words[1:]]
        return " ".join([*given, family]), family
    family = last.title() if last.isupper() else last
    given = words[0].title() if words[0].isupper() else words[0]
    return f"{given} {family}", family


def guess_country_from_name(family: str, name: str) -> str | None:
    if family.lower() in JAPANESE_FAMILY_NAMES:
        return "JP"
    if re.search(r"\b[A-Z][a-z]+-[a-z]+\b", name) and family.lower() in KOREAN_FAMILY_NAMES:
        return "KR"
    return None


def best_title(offices: list[str]) -> str:
    """The fullest form of the office, without the nationality in front ('U.S. Secretary …')."""
    cleaned = []
    for office in offices:
        office = re.sub(r"^(?:the\s+)?", "", office)
        office = re.sub(r"^(?:[A-Z][\w.]*\s+){0,2}[A-Z][\w.]*(?:’s|'s)\s+(?=[A-Z])", "", office)
        stripped = re.sub(
            r"^(?:(?:U\.S\.|United States|Japanese|Japan’s|Japan's|Australian|Korean|"
            r"European|Chilean|American|EU|METI|MOFA|MOTIE|USTR)\s+)+",
            "",
            office,
        )
        if re.match(
            rf"^(?:Senior\s+|Executive\s+|Deputy\s+|Under\s+|Vice[- ])*{OFFICE_HEAD}", stripped
        ):
            office = stripped
        office = re.sub(r"^(?:Senator\s+)?(?:the\s+)?(?:Hon\.?\s+)?", "", office)
        cleaned.append(office.strip(" ,"))
    cleaned = [o for o in cleaned if OFFICIAL_OFFICE.search(o)] or cleaned
    return max(cleaned, key=len) if cleaned else ""


def takes_part(person: Participant) -> bool:
    offices = person.offices
    if any(NOT_A_PARTICIPANT_OFFICE.search(o) for o in offices) and not any(
        OFFICIAL_OFFICE.search(o) and not NOT_A_PARTICIPANT_OFFICE.search(o) for o in offices
    ):
        return False
    if not any(OFFICIAL_OFFICE.search(o) for o in offices) and not (
        person.person_pk or (person.known and any(MEETING_CUE.search(m) for m in person.mentions))
    ):
        return False
    sentences = person.mentions
    return not (sentences and all(SIDE_EVENT.search(s) for s in sentences))


def fill_in_countries(ctx, participants: list[Participant], series: str | None) -> None:
    """In a bilateral text, a participant of unknown government belongs to the other side."""
    unknown = [p for p in participants if not p.country]
    if not unknown:
        return
    known = {p.country for p in participants if p.country}
    pair = set()
    for text in filter(None, [series, ctx.title, *ctx.sentences[:3]]):
        pair |= ctx.pair_countries(text)
    others = pair - known
    if len(others) == 1:
        for participant in unknown:
            participant.country = next(iter(others))
