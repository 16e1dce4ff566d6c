"""Full-text search over meetings: ranked, stemmed, with phrases, OR, -word and snippets.

Interface the rest of the archive relies on:
- `search_meetings(queryset, q)` -> the queryset narrowed to matches, annotated with `rank`
  (higher is better; the caller orders); raises `SearchQueryError` for a query it refuses, with a
  message for the reader.
- `suggest(q)` -> a nearby spelling that would find something (str), or None; used when a search
  finds nothing.
- `snippets(meetings, q)` -> {meeting.pk: safe HTML with <mark> around matched words}, computed only
  for the meetings given (the rows shown on a page): two queries whatever their number.

Keeping the index in step: `meetings.search_index.reindex_meetings(ids=None)` and
`search_indexing_deferred()`; signals cover ordinary saves and deletes. How it works and why it is
built this way rather than on `modelsearch`: docs/search.md.
"""

from __future__ import annotations

import difflib
import re

from django.db.models import FloatField, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meetings.search_backends import get_backend
from meetings.search_backends.base import MARK_END, MARK_START, WEIGHTS
from meetings.search_index import MeetingSearchDocument
from meetings.search_query import (
    _WORD,
    STOP_WORDS,
    ParsedQuery,
    SearchQueryError,
    Substring,
    Words,
    normalise,
    parse_query,
)

__all__ = ["SearchQueryError", "parse_query", "search_meetings", "snippets", "suggest"]

SNIPPET_CONTEXT = 80  # characters each side of a substring match shown in a snippet
SNIPPET_FALLBACK_WORDS = 30


def search_meetings(queryset, q: str):
    """Meetings of `queryset` matching `q`, annotated with `rank` (higher is better)."""
    if not (q or "").strip():
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    parsed = parse_query(q)
    return get_backend().search(queryset, parsed)


def rank_matches(queryset, q: str):
    """`queryset`, meetings already known to match `q`, annotated with its `rank` but not
    narrowed again; None when the backend ranks only while it searches.

    Lets a list whose matches were fetched once (by id) rank the page without running the
    full-text match a second time."""
    backend = get_backend()
    if not (q or "").strip() or not hasattr(backend, "rank"):
        return None
    return queryset.annotate(rank=backend.rank(parse_query(q)))


# --- Snippets -------------------------------------------------------------------------------------


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


# --- Suggestions ----------------------------------------------------------------------------------


def vocabulary() -> set[str]:
    """Words of published meetings' titles, names, topics and minerals (not summaries' prose)."""
    from meetings.models import CriticalMineral, Meeting, Topic

    texts = list(
        MeetingSearchDocument.objects.filter(meeting__status=Meeting.Status.PUBLISHED).values_list(
            "title", "subject"
        )
    )
    texts += [(name, "") for name in Topic.objects.values_list("name", flat=True)]
    texts += [(name, "") for name in CriticalMineral.objects.values_list("name", flat=True)]
    words = set()
    for title, subject in texts:
        for word in _WORD.findall(f"{title} {subject}".lower()):
            if len(word) >= 3 and word.isalpha() and word not in STOP_WORDS:
                words.add(word)
    return words


def suggest(q: str) -> str | None:
    """The query with its unknown words respelt as the nearest words of the archive, when that
    finds published meetings; None otherwise."""
    from meetings.models import Meeting

    try:
        parsed = parse_query(q)
    except SearchQueryError:
        return None
    words = {
        word
        for atom in parsed.positive_atoms
        if isinstance(atom, Words)
        for word in atom.words
        if word not in STOP_WORDS
    }
    if not words:
        return None
    known = vocabulary()
    suggestion = normalise(q)
    changed = False
    for word in sorted(words):
        if word in known or not word.isalpha():
            continue
        matches = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
        if matches:
            suggestion = re.sub(
                rf"(?<![^\W_]){re.escape(word)}(?![^\W_])",
                matches[0],
                suggestion,
                flags=re.IGNORECASE,
            )
            changed = True
    if not changed:
        return None
    suggestion = " ".join(suggestion.split())
    try:
        finds_something = search_meetings(Meeting.objects.published(), suggestion).exists()
    except SearchQueryError:
        return None
    return suggestion if finds_something else None


# Kept importable from here for callers that parse without searching.
__all__ += ["ParsedQuery", "Substring", "Words"]
