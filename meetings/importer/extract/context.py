"""One release as the field extractors see it: its layout, sentences and language, the gazetteer,
and what several fields share (participants, series, place), each worked out once."""

from __future__ import annotations

import functools
import re

from meetings.importer.extract.english import english_city, english_participants
from meetings.importer.extract.japanese import (
    japanese_city,
    japanese_pair_countries,
    japanese_participants,
)
from meetings.importer.extract.layout import is_japanese, read_layout, split_sentences
from meetings.importer.extract.patterns import DATELINE
from meetings.importer.extract.people import fill_in_countries
from meetings.importer.extract.series import find_series
from meetings.importer.gazetteer import Gazetteer, fold, strip_accents
from meetings.importer.text import Release


class ReleaseContext:
    """What every field extractor receives (`ctx`)."""

    def __init__(self, release: Release, gazetteer: Gazetteer):
        self.release = release
        self.gazetteer = gazetteer
        self.language = "ja" if is_japanese(release.text) else "en"
        self.layout = read_layout(release.lines)
        body_lines = [DATELINE.sub("", line, count=1) for line in self.layout.body]
        self.body_text = "\n".join(body_lines)
        self.sentences = split_sentences(self.body_text)
        self.title = self.layout.title
        self.head_sentences = ([self.title] if self.title else []) + self.sentences

    # Shared by several fields, worked out once ----------------------------------------------------

    @functools.cached_property
    def series_match(self) -> tuple[str | None, object]:
        """(the series as written, the gazetteer's KnownSeries or None)."""
        return find_series(self)

    @functools.cached_property
    def participants(self) -> list:
        """The officials who took part, a participant of unknown government given the other side."""
        read = japanese_participants if self.language == "ja" else english_participants
        found = read(self)
        fill_in_countries(self, found, self.series_match[0])
        return found

    @functools.cached_property
    def place(self) -> tuple[str | None, str | None]:
        """(city, venue country code)."""
        if not self.gazetteer.cities:
            return None, None
        return japanese_city(self) if self.language == "ja" else english_city(self)

    # Helpers the rules of both languages use ------------------------------------------------------

    def is_visit(self) -> bool:
        title = self.title or ""
        if re.search(r"\bVisits?\b|\bTrip\b|訪問|出張", title):
            return True
        # 「…は、1月5日から9日まで、米国を訪問しました。」: a trip report without a headline.
        opening = self.sentences[0] if self.sentences else ""
        return self.language == "ja" and bool(re.search(r"を訪問し|に出張し", opening))

    def country_in(self, text: str) -> str | None:
        """The first government named in `text` (not after 'to the', as in 'Ambassador to the U.S.')."""
        best = None
        words = sorted(
            {**self.gazetteer.country_words, **self.gazetteer.organizations}.items(),
            key=lambda kv: len(kv[0]),
            reverse=True,
        )
        for word, code in words:
            if len(word) < 2:
                continue
            for match in re.finditer(rf"(?<![\w.]){re.escape(word)}(?![\w])", text):
                if re.search(r"\bto(?: the)?\s*$", text[: match.start()]):
                    continue
                if best is None or match.start() < best[0]:
                    best = (match.start(), code)
                break
        return best[1] if best else None

    def office_country(self, office: str) -> str | None:
        for pattern, code in self.gazetteer.office_countries:
            if re.search(pattern, office, re.IGNORECASE):
                return code
        return None

    def known_person(self, tokens: list[str]):
        folded = strip_accents(fold(" ".join(t for t in tokens if not re.fullmatch(r"[A-Z]\.", t))))
        for person in self.gazetteer.people:
            for spelling in person.spellings:
                if strip_accents(fold(spelling)) == folded:
                    return person
        return None

    def country_alternation(self) -> str:
        words = [
            w
            for w in self.gazetteer.country_words
            if re.match(r"^[A-Z][\w.]*(?: [A-Z][\w.]*)*$", w)
        ]
        words = sorted(set(words), key=len, reverse=True)
        return "|".join(re.escape(w) for w in words)

    def pair_countries(self, text: str) -> set[str]:
        countries = self.country_alternation()
        found = set()
        for match in re.finditer(
            rf"(?<![\w.])(?P<a>{countries})(?:\s*[-–]\s*|\s+and\s+)(?P<b>{countries})(?![\w])", text
        ):
            for word in (match["a"], match["b"]):
                code = self.gazetteer.country_words.get(word)
                if code:
                    found.add(code)
        if self.language == "ja":
            found |= japanese_pair_countries(text)
        return found
