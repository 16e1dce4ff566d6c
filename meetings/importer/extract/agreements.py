"""Agreements and joint documents the release says were signed or issued."""

from __future__ import annotations

import re

from meetings.importer.extract.patterns import FUTURE_CUE
from meetings.importer.extract.series import find_kind, find_ordinal, find_series, series_acronym

AGREEMENT_KINDS = [
    (r"joint press statement|joint statement|共同声明", "joint statement"),
    (r"joint press release|共同プレスリリース", "joint press release"),
    (r"joint readout", "joint readout"),
    (r"memorandum of cooperation|\bMOC\b|協力覚書", "memorandum of cooperation"),
    (r"memorandum of understanding|\bMOU\b|了解覚書", "memorandum of understanding"),
    (r"action plan|行動計画", "action plan"),
]


def untitled_document(ctx, label: str) -> str:
    """'Joint press release issued after the 4th JUCIP ministerial meeting (untitled in this body)'."""
    from meetings.models import ordinal_label

    series, _ = find_series(ctx)
    name = series_acronym(ctx.release.text, series) or series
    ordinal = find_ordinal(ctx) if series else None
    kind = find_kind(ctx, series, []) if series else "meeting"
    if not kind.endswith("meeting"):
        kind = f"{kind} meeting" if kind in ("ministerial", "vice-ministerial") else kind
    parts = [ordinal_label(ordinal) if ordinal else "", name or "", kind]
    occasion = " ".join(p for p in parts if p)
    return f"{label} issued after the {occasion} (untitled in this body)"


def find_agreements(ctx) -> list[dict]:
    found: list[dict] = []

    def add(title, kind):
        if not any(a["kind"] == kind for a in found):
            found.append({"title": title.strip(), "kind": kind})

    title = ctx.title or ""
    for pattern, kind in AGREEMENT_KINDS[:3]:
        if re.match(rf"^(?:{pattern})\b", title, re.I):
            add(title, kind)
    for sentence in ctx.head_sentences:
        if FUTURE_CUE.search(sentence) and not re.search(
            r"issued|signed|released|adopted", sentence
        ):
            continue
        for pattern, kind in AGREEMENT_KINDS:
            match = re.search(pattern, sentence, re.I)
            if not match:
                continue
            issued = re.search(
                r"\b(?:issued?|issues|released?|adopted|signed|sign|signing|following|"
                r"exchanged|concluded)\b|署名|発出|採択|締結|改訂|交換",
                sentence,
                re.I,
            )
            if not issued or re.search(
                r"\b(?:under|pursuant to|based on)\b", sentence[: match.start()][-40:], re.I
            ):
                continue
            if kind == "memorandum of cooperation" and ctx.language == "ja":
                ja = re.search(r"「?([^\s、。「」]{0,40}協力覚書)」?(の改訂)?", sentence)
                add((ja.group(1) + (ja.group(2) or "")) if ja else "協力覚書", kind)
                continue
            written = match.group(0)
            if kind == "joint press release" and not re.search(r"Joint Press Release", written):
                add(untitled_document(ctx, "Joint press release"), kind)
            else:
                add(written[:1].upper() + written[1:], kind)
        quoted = re.search(
            r"[“\"]((?:[A-Z][^”\"]{0,200}?)?Agreement\b[^”\"]{0,200})[”\"]", sentence
        )
        if quoted and re.search(r"\bsign(?:ed|ing|s)?\b", sentence, re.I):
            add(quoted.group(1), "agreement")
    return found
