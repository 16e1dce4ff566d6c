"""Snippets: a highlighted extract of each meeting shown on a page, from its best-matching field."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meetings.search.backends import get_backend
from meetings.search.backends.base import MARK_END, MARK_START, WEIGHTS
from meetings.search.models import MeetingSearchDocument
from meetings.search.query import ParsedQuery, SearchQueryError, parse_query

__all__ = ["snippets"]

SNIPPET_CONTEXT = 80  # characters each side of a substring match shown in a snippet
SNIPPET_FALLBACK_WORDS = 30


def snippets(meetings, q: str) -> dict[int, SafeString]:
    """A highlighted extract for each of `meetings`, from the field that matches best."""
    meetings = list(meetings)
    ids = [meeting.pk for meeting in meetings]
    if not ids:
        return {}
    try:
        parsed = parse_query(q)
    except SearchQueryError:
        parsed = ParsedQuery()
    highlighted = get_backend().highlighted_fields(ids, parsed) if parsed.positive_words else {}
    documents = {
        document.pk: document for document in MeetingSearchDocument.objects.filter(pk__in=ids)
    }
    substrings = [atom.text for atom in parsed.positive_substrings]
    result = {}
    for pk in ids:
        text = _best_extract(highlighted.get(pk, {}), documents.get(pk), substrings)
        result[pk] = _to_html(text)
    return result


def _best_extract(fields: dict, document, substrings: list[str]) -> str:
    scored = []
    for name, text in fields.items():
        if text:
            text = _mark_substrings(text, substrings)
            scored.append((text.count(MARK_START) * WEIGHTS[name], text))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    if scored and scored[0][0] > 0:
        return scored[0][1]
    if document is not None:
        for name in ("subject", "context", "body"):
            window = _substring_window(getattr(document, name), substrings)
            if window:
                return window
    if scored:
        return scored[0][1]  # no field matches (the title did): the summary's beginning
    if document is not None:
        words = document.subject.split()
        extract = " ".join(words[:SNIPPET_FALLBACK_WORDS])
        return extract + (" …" if len(words) > SNIPPET_FALLBACK_WORDS else "")
    return ""


def _mark_substrings(text: str, substrings: list[str]) -> str:
    for substring in substrings:
        text = text.replace(substring, f"{MARK_START}{substring}{MARK_END}")
    return text


def _substring_window(text: str, substrings: list[str]) -> str:
    """A stretch of `text` around the first of `substrings` it contains, marked."""
    positions = [text.find(s) for s in substrings if s and s in text]
    if not positions:
        return ""
    first = min(positions)
    start = max(0, first - SNIPPET_CONTEXT)
    end = min(len(text), first + SNIPPET_CONTEXT * 2)
    window = _mark_substrings(text[start:end], substrings)
    return ("… " if start else "") + window + (" …" if end < len(text) else "")


def _to_html(text: str) -> SafeString:
    # Escape first: the text is the archive's (editors', releases'); only the markers become HTML.
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    # A marker cut off by the extract's edge would leave an unclosed element.
    if html.count("<mark>") != html.count("</mark>"):
        html = html.replace("<mark>", "").replace("</mark>", "")
    return mark_safe(html)
