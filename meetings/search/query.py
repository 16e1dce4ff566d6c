"""What a reader typed in the search box, parsed once into a small tree every backend compiles.

The grammar is the one readers know from web search engines (PostgreSQL's `websearch_to_tsquery`
follows it too): words are all required, `"a quoted phrase"` keeps words together and in order,
`OR` (or `|`) between two words accepts either, `-word` or `NOT word` excludes. Anything else a reader
might type (`*`, `^`, `NEAR(`, brackets, SQL) is punctuation and only separates words, so no input can
reach a database as syntax.

Parsing here, rather than in each database, is what makes PostgreSQL and SQLite agree: both receive
the same words, already split, lower-cased and stripped of stop words, and only stem them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


class SearchQueryError(ValueError):
    """The query cannot be searched (the message is shown to the reader)."""


MAX_QUERY_LENGTH = 500
MAX_ATOMS = 24

# PostgreSQL's `english` configuration drops these words from documents and queries (they are its
# Snowball stop list). SQLite's FTS5 indexes every word, so the parser drops them from queries on
# both: a word PostgreSQL cannot find must not be required on SQLite either. A test on PostgreSQL
# checks each of these is indeed a stop word there.
_STOP_WORD_LIST = """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can did do does doing don down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such t than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with you your yours yourself yourselves s
"""
STOP_WORDS = frozenset(_STOP_WORD_LIST.split())

# Scripts written without spaces between words: a term in them is looked for as a substring, since
# neither database's English tokenizer splits Japanese, Chinese or Korean into words.
_CJK = (
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
    "\u3005\u3006\u30fc"  # 々 〆 ー
    "\uff66-\uff9f"  # half-width katakana
    "\uac00-\ud7af\u1100-\u11ff"  # hangul
)
_CJK_RUN = re.compile(f"[{_CJK}]+")


def is_unspaced(text: str) -> bool:
    """True for text with Japanese (or Chinese, Korean) in it: searched as substrings."""
    return bool(_CJK_RUN.search(text or ""))


_WORD = re.compile(r"[^\W_]+")
# A chunk of the raw query: an optionally negated quoted phrase (a missing closing quote runs to the
# end), or a run of anything that is neither space nor quote.
_CHUNK = re.compile(r'(?P<neg>-)?"(?P<phrase>[^"]*)(?:"|$)|(?P<bare>[^\s"]+)')
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Words:
    """One word, or several that must appear together and in this order (a phrase)."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class Substring:
    """Text in a script without spaces (Japanese), found wherever it occurs."""

    text: str


Atom = Words | Substring


@dataclass
class ParsedQuery:
    """Every group must match (AND); a group matches when any of its atoms does (OR); no excluded
    atom may match."""

    groups: list[list[Atom]] = field(default_factory=list)
    excluded: list[Atom] = field(default_factory=list)

    @property
    def positive_atoms(self) -> list[Atom]:
        return [atom for group in self.groups for atom in group]

    @property
    def positive_words(self) -> list[Words]:
        return [atom for atom in self.positive_atoms if isinstance(atom, Words)]

    @property
    def positive_substrings(self) -> list[Substring]:
        return [atom for atom in self.positive_atoms if isinstance(atom, Substring)]

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded


def normalise(text: str) -> str:
    """Full-width letters and spaces to their ordinary forms (NFKC), control characters out."""
    return _CONTROL.sub(" ", unicodedata.normalize("NFKC", text))


def _atoms(text: str, *, quoted: bool) -> list[Atom]:
    """The atoms of one chunk: a phrase when quoted or joined by punctuation ('supply-chain')."""
    if _CJK_RUN.search(text):
        if quoted:
            # A quoted Japanese phrase is looked for as it stands (spaces and all).
            stripped = " ".join(text.split())
            return [Substring(stripped)] if stripped else []
        atoms: list[Atom] = []
        for piece in _CJK_RUN.split(text):
            atoms += _atoms(piece, quoted=False)
        atoms += [Substring(run) for run in _CJK_RUN.findall(text)]
        return atoms
    words = [word.lower() for word in _WORD.findall(text)]
    # Stop words at either end of a phrase are dropped (PostgreSQL ignores them there too); inside
    # a phrase they stay, keeping its shape.
    while words and words[0] in STOP_WORDS:
        words.pop(0)
    while words and words[-1] in STOP_WORDS:
        words.pop()
    if not words:
        return []
    if len(words) == 1 or quoted or not _WORD.fullmatch(text):
        return [Words(tuple(words))]
    return [Words((word,)) for word in words]


def parse_query(q: str) -> ParsedQuery:
    """Parse what the reader typed; raises SearchQueryError with a message meant for them."""
    text = normalise(q or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchQueryError(
            f"Search words are limited to {MAX_QUERY_LENGTH} characters; "
            f"this search has {len(text)}. Try fewer, more specific words."
        )
    parsed = ParsedQuery()
    saw_text = False  # anything but operators
    saw_words = False  # letters or digits, even if only stop words
    join_with_previous = False  # the last token was OR
    negate_next = False  # the last token was NOT
    for match in _CHUNK.finditer(text):
        bare = match.group("bare")
        if bare is not None:
            if bare in {"OR", "|", "||"}:
                join_with_previous = bool(parsed.groups)
                continue
            if bare in {"AND", "&", "&&", "+"}:
                continue
            if bare == "NOT":
                negate_next = True
                continue
            negated = negate_next or (bare.startswith("-") and len(bare) > 1)
            atoms = _atoms(bare.lstrip("-") if bare.startswith("-") else bare, quoted=False)
        else:
            negated = negate_next or bool(match.group("neg"))
            atoms = _atoms(match.group("phrase"), quoted=True)
        chunk_text = bare if bare is not None else match.group("phrase")
        saw_text = True
        saw_words = saw_words or bool(_WORD.search(chunk_text))
        negate_next = False
        if not atoms:
            join_with_previous = False
            continue
        if negated:
            parsed.excluded += atoms
        elif join_with_previous and parsed.groups:
            # `a OR b c`: the OR takes the word on either side of it; words split out of one
            # chunk ('U.S.') stay together as a phrase, so a chunk joins as one atom.
            parsed.groups[-1].append(atoms[0])
            parsed.groups += [[atom] for atom in atoms[1:]]
        else:
            parsed.groups += [[atom] for atom in atoms]
        join_with_previous = False
    atom_count = len(parsed.positive_atoms) + len(parsed.excluded)
    if atom_count > MAX_ATOMS:
        raise SearchQueryError(
            f"Search with at most {MAX_ATOMS} words or phrases; this search has {atom_count}."
        )
    if parsed.is_empty:
        if saw_text and not saw_words:
            raise SearchQueryError(
                "Search with words: letters or numbers. Punctuation, symbols and emoji are "
                "ignored, and this search has nothing else."
            )
        if saw_text:
            raise SearchQueryError(
                "Your search has only very common words (such as 'the', 'of', 'and'), which "
                "the archive does not index. Add a more specific word, or put a phrase in quotes "
                'with a specific word in it: "minister of economy".'
            )
        raise SearchQueryError("Type a word to search for.")
    return parsed
