"""Snippets: a highlighted extract of each meeting shown on a page, from its readable text only.

Readable text is what a person wrote to be read: the meeting's summary, its agreements'
summaries and its documents' text. The search index also holds what only helps a search find a
meeting (name variants and spellings of people, countries and minerals, series' other names, the
venue): those may make a meeting match, but a snippet never shows them ("…; Saito Ken; 齋藤健;…").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meetings.search.backends.base import MARK_END, MARK_START
from meetings.search.index import plain_text
from meetings.search.query import ParsedQuery, SearchQueryError, Substring, parse_query

__all__ = ["readable_texts", "snippets"]

SNIPPET_CONTEXT = 80  # characters before the first match shown in a snippet
SNIPPET_LENGTH = 240
SNIPPET_FALLBACK_WORDS = 30


class Summaries(NamedTuple):
    """What a snippet reads of a meeting itself."""

    pk: int
    summary: str
    summary_ja: str


def snippets(meetings, q: str) -> dict[int, SafeString]:
    """A highlighted extract for each of `meetings` (meetings, or their ids: then one more query
    for their summaries), from its readable text that matches best (two queries: the agreements'
    summaries and the documents' text)."""
    meetings = list(meetings)
    if not meetings:
        return {}
    if not hasattr(meetings[0], "pk"):
        from meetings.models import Meeting

        rows = Meeting.objects.filter(pk__in=meetings).values_list("pk", "summary", "summary_ja")
        found = {row[0]: Summaries(*row) for row in rows}
        meetings = [found[pk] for pk in meetings if pk in found]
    try:
        parsed = parse_query(q)
    except SearchQueryError:
        parsed = ParsedQuery()
    patterns = _patterns(parsed)
    texts = readable_texts(meetings)
    return {
        meeting.pk: _to_html(_best_extract(texts[meeting.pk], patterns)) for meeting in meetings
    }


def readable_texts(meetings) -> dict[int, list[str]]:
    """{meeting id: [summary, agreements' summaries…, documents' text…]} as plain text; on /ja/
    pages the Japanese summaries come first (a tie keeps the earlier text: the Japanese one)."""
    from meetings.models import Agreement, Document
    from meetings.models.base import reader_is_japanese

    japanese = reader_is_japanese()
    ids = [meeting.pk for meeting in meetings]
    texts = {
        meeting.pk: [plain_text(meeting.summary_ja)] if japanese else [] for meeting in meetings
    }
    for meeting in meetings:
        texts[meeting.pk].append(plain_text(meeting.summary))
    agreement_texts = {pk: [] for pk in ids}
    for meeting_id, summary, summary_ja in Agreement.objects.filter(
        meeting_id__in=ids, needs_review=False
    ).values_list("meeting_id", "summary", "summary_ja"):
        if japanese:
            texts[meeting_id].append(plain_text(summary_ja))
        agreement_texts[meeting_id].append(plain_text(summary))
    for meeting_id, values in agreement_texts.items():
        texts[meeting_id].extend(values)
    # A document may report several meetings (Document.meetings): its text counts for each.
    for meeting_id, body in Document.meetings.through.objects.filter(
        meeting_id__in=ids
    ).values_list("meeting_id", "document__body"):
        texts[meeting_id].append(plain_text(body))
    return {pk: [text for text in values if text] for pk, values in texts.items()}


def _stem(word: str) -> str:
    """A word's stem, as far as a snippet needs it: 'chains' and 'chain' mark each other."""
    word = word.lower()
    for suffix, keep in (("ies", 4), ("es", 4), ("s", 3), ("ing", 5), ("ed", 4)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep - 1:
            return word[: -len(suffix)]
    return word


def _patterns(parsed: ParsedQuery) -> list[re.Pattern]:
    """One pattern per positive atom: a word (any ending), a phrase, or a substring."""
    patterns = []
    for atom in parsed.positive_atoms:
        if isinstance(atom, Substring):
            patterns.append(re.compile(re.escape(atom.text)))
        else:
            words = [rf"{re.escape(_stem(word))}\w*" for word in atom.words]
            patterns.append(re.compile(r"(?<!\w)" + r"\W+".join(words), re.IGNORECASE))
    return patterns


def _best_extract(texts: list[str], patterns: list[re.Pattern]) -> str:
    """The stretch of the best-matching text around its first match, matches marked; else the
    summary's (or first text's) beginning."""
    best, best_score = None, (0, 0)
    for text in texts:
        found = [len(pattern.findall(text)) for pattern in patterns]
        score = (sum(1 for n in found if n), sum(found))
        if score > best_score:  # ties keep the earlier text: the summary first
            best, best_score = text, score
    if best is not None:
        first = min(m.start() for p in patterns if (m := p.search(best)))
        start = 0 if first <= SNIPPET_CONTEXT else best.rfind(" ", 0, first - SNIPPET_CONTEXT) + 1
        end = start + SNIPPET_LENGTH
        if end < len(best):
            end = best.rfind(" ", first, end) if best.rfind(" ", first, end) > first else end
        window = _mark(best[start:end], patterns)
        return ("… " if start else "") + window + (" …" if end < len(best) else "")
    if not texts:
        return ""
    words = texts[0].split()
    extract = " ".join(words[:SNIPPET_FALLBACK_WORDS])
    return extract + (" …" if len(words) > SNIPPET_FALLBACK_WORDS else "")


def _mark(text: str, patterns: list[re.Pattern]) -> str:
    spans = sorted({m.span() for pattern in patterns for m in pattern.finditer(text)})
    marked, position = [], 0
    for start, end in spans:
        if start < position:
            continue  # overlaps a span marked already
        marked += [text[position:start], MARK_START, text[start:end], MARK_END]
        position = end
    marked.append(text[position:])
    return "".join(marked)


def _to_html(text: str) -> SafeString:
    # Escape first: the text is the archive's (editors', releases'); only the markers become HTML.
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    # A marker cut off by the extract's edge would leave an unclosed element.
    if html.count("<mark>") != html.count("</mark>"):
        html = html.replace("<mark>", "").replace("</mark>", "")
    return mark_safe(html)
