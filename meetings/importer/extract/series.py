"""The meeting's series ('Japan-U.S. Commercial and Industrial Partnership'), its acronym, the round
and the kind of meeting."""

from __future__ import annotations

import re

from meetings.importer.extract.english import english_ordinal
from meetings.importer.extract.japanese import japanese_ordinal
from meetings.importer.extract.patterns import (
    DIALOGUE_NAME,
    SERIES_CONNECT,
    SERIES_HEADS,
    VIRTUAL_CUE,
)
from meetings.importer.extract.people import Participant
from meetings.importer.gazetteer import fold


def find_series(ctx) -> tuple[str | None, object]:
    countries = ctx.country_alternation()
    pattern = re.compile(
        rf"(?P<series>(?:{countries}){SERIES_CONNECT}(?:{countries})"
        rf"(?:\s+(?:[A-Z][\w-]*|and|on|for|of))*?\s+{SERIES_HEADS})\b"
    )
    written = None
    for index, sentence in enumerate(ctx.head_sentences):
        is_headline = index == 0 and ctx.title is not None
        for match in pattern.finditer(sentence):
            before = sentence[: match.start()]
            after = sentence[match.end() :]
            if not is_headline and (
                re.search(
                    r"\b(?:resume|revive|next|future|upcoming|planned|will|looked forward|"
                    r"look forward|to hold|plan to)\b[^.;]*$",
                    before,
                    re.I,
                )
                or re.match(r"^[^.;]{0,20}\b(?:last held|was last|had not met)\b", after, re.I)
            ):
                continue  # a series only mentioned, or planned: not this meeting's
            if re.search(
                r"\b(?:launch\w*|establish\w*|set up|creat\w*|inaugurat\w*)\b", before, re.I
            ) and not re.search(r"\b(?:meeting|session|round) of (?:the )?$", before, re.I):
                continue
            written = match["series"]
            break
        if written:
            break
    known = None
    haystack = fold(" ".join(ctx.head_sentences[:12]))
    best = None
    for series in ctx.gazetteer.series:
        spellings = list(series.spellings)
        if series.acronym and len(series.acronym) > 2:
            spellings.append(series.acronym)
        for spelling in spellings:
            key = fold(spelling)
            if key and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", haystack):
                if written and fold(written) != key and not series_overlap(written, spelling):
                    continue
                position = haystack.find(key)
                if best is None or position < best[0]:
                    best = (position, series)
                break
    if best:
        known = best[1]
    if ctx.language == "ja" and known is None:
        known = japanese_known_series(ctx)
        if written is None and known is None:
            written = japanese_series(ctx)
    if written is None and known is not None:
        if launch_only(ctx, known):
            return None, None
        written = known.name
    if written:
        written = re.sub(r"\s+(?:Ministerial\s+)?Meeting$", "", written).strip()
    return written, known


# 「第2回日チリ鉱業政策対話を開催」: a numbered round of a pair's dialogue, committee or partnership.
JAPANESE_SERIES = re.compile(
    r"第\s*(?:\d+|[一二三四五六七八九十]+)\s*回\s*(?P<series>日[・･]?[^\s、。「」『』（）()第]{1,20}?"
    r"(?:対話|協議|委員会|パートナーシップ))"
)


def japanese_known_series(ctx):
    """A series the archive knows by its Japanese name (日米経済政策協議委員会) in the opening, as the
    meeting held: a round of it (第2回…, …第4回閣僚会合, …を開催) — not a partnership only mentioned
    (「日米商務・産業パートナーシップの下での協力」). Japanese words have no spaces, so no word
    boundaries are asked for."""
    haystack = "".join(ctx.head_sentences[:12])
    best = None
    for series in ctx.gazetteer.series:
        for spelling in series.spellings:
            if len(spelling) < 4 or not re.search(r"[\u3040-\u30ff\u3400-\u9fff]", spelling):
                continue
            held = re.search(
                r"第\s*\S{1,3}\s*回\s*" + re.escape(spelling)
                + "|" + re.escape(spelling) + r"(?:[（(][^）)]{1,20}[）)])?\s*"
                r"(?:第\s*\S{1,3}\s*回|閣僚会合|次官級会合|会合|会議|を開催|が開催)",
                haystack,
            )  # fmt: skip
            if held and (best is None or held.start() < best[0]):
                best = (held.start(), series)
    return best[1] if best else None


def japanese_series(ctx) -> str | None:
    for sentence in ctx.head_sentences:
        match = JAPANESE_SERIES.search(sentence)
        if match and not re.search(r"予定|次回", sentence[match.end() :]):
            return match["series"]
    return None


def launch_only(ctx, known) -> bool:
    spellings = [fold(s) for s in [*known.spellings, known.acronym] if s]
    relevant = [s for s in ctx.head_sentences if any(sp and sp in fold(s) for sp in spellings)]
    return bool(relevant) and all(
        re.search(r"\b(?:launch\w*|establish\w*|set up|creat\w*)\b", s, re.I) for s in relevant
    )


def series_overlap(a: str, b: str) -> bool:
    stop = {"the", "of", "and", "meeting", "us", "japan", "eu"}
    ta = set(fold(a).split()) - stop
    tb = set(fold(b).split()) - stop
    return bool(ta) and len(ta & tb) / max(len(ta), len(tb)) >= 0.6


def series_acronym(text: str, series: str | None) -> str | None:
    """`(JUCIP)` written right after the series name, as long as MeetingSeries.acronym may be."""
    if not series:
        return None
    from meetings.models import MeetingSeries

    longest = MeetingSeries._meta.get_field("acronym").max_length
    match = re.search(re.escape(series) + rf"\s*\(([A-Z][A-Z0-9+&-]{{1,{longest - 1}}})\)", text)
    return match.group(1) if match else None


def find_ordinal(ctx) -> int | None:
    return japanese_ordinal(ctx) if ctx.language == "ja" else english_ordinal(ctx)


def find_kind(ctx, series: str | None, participants: list[Participant]) -> str:
    head = " ".join(ctx.head_sentences[:3])
    if VIRTUAL_CUE.search(head) and re.search(
        r"call|video|telephone|電話|テレビ|ビデオ|オンライン", head, re.I
    ):
        return "call"
    if re.search(r"vice[- ]ministerial|次官級", head, re.I):
        return "vice-ministerial meeting"
    if ctx.is_visit():
        return "visit"
    title = ctx.title or ""
    if re.search(r"\bSign(?:s|ed|ing)?\b|署名", title) and not re.search(
        r"Meeting|Talks|Dialogue|会談|会合", title
    ):
        return "signing"
    if (series and DIALOGUE_NAME.search(series)) or DIALOGUE_NAME.search(title):
        return "dialogue"
    offices = " ".join(o for p in participants for o in p.offices)
    if participants and not re.search(
        r"Minister|Secretary|Representative|Commissioner|大臣|長官|代表|相$|部長|委員", offices
    ):
        return "other"
    return "ministerial meeting"
