"""Spelling suggestions: when a search finds nothing, a nearby spelling that finds something."""

from __future__ import annotations

import difflib
import re

from meetings.search.models import MeetingSearchDocument
from meetings.search.query import _WORD, STOP_WORDS, SearchQueryError, Words, normalise, parse_query
from meetings.search.service import search_meetings

__all__ = ["suggest", "vocabulary"]


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
