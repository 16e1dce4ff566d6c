"""The shared search table: a small archive and the exact meetings each query must find.

Run by tests/test_search.py on SQLite and PostgreSQL alike: the same expectations on both is the
search contract ("the same results on PostgreSQL and SQLite for plain English queries").

Meetings, by key (all published except `draft`):
- jucip:    title "Japan-U.S. Commercial and Industrial Partnership ministerial meeting"; summary on
            supply chains, semiconductors, export controls; Ken Saito (齋藤健) and "Gina Raimondo".
- minerals: "Japan-Australia critical minerals dialogue"; gallium and germanium (ガリウム is an
            alias of gallium); Ken Saito.
- two_plus_two: "Economic 2+2 vice-ministerial meeting"; summary on economic security and the
            supply chain; an agreement on energy security; a document on semiconductors, AI, quantum.
- korea:    "Japan-Korea dialogue on the digital economy"; topic Digital economy and AI; Nishimura.
- call:     "Bilateral trade ministers call"; a document on hydrogen, LNG and gallium prices.
- hydrogen: "Hydrogen partnership ministerial meeting" (Japan-Australia); clean fuels, energy security.
- draft:    a draft on gallium stockpiling: never found through published().
- japanese: "日米経済政策協議委員会"; a Japanese document on economic security (経済安全保障) with
            Minister 齋藤健.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from meetings.models import Meeting
from tests.factories import make_agreement, make_document, make_meeting, make_person


def build_archive() -> dict[str, Meeting]:
    saito = make_person(
        "Ken Saito",
        slug="ken-saito",
        native_name="齋藤健",
        alternative_names=["Saito Ken", "SAITO Ken"],
        country_id="JP",
    )
    nishimura = make_person("Yasutoshi Nishimura", native_name="西村康稔", country_id="JP")
    meetings = {
        "jucip": make_meeting(
            title="Japan-U.S. Commercial and Industrial Partnership ministerial meeting",
            summary="The ministers reviewed supply chains for semiconductors and agreed to "
            "coordinate export controls.",
            topics=["semiconductors", "export-controls"],
            participants=[saito, "Gina Raimondo"],
            start_date=datetime.date(2024, 1, 10),
        ),
        "minerals": make_meeting(
            countries=("JP", "AU"),
            title="Japan-Australia critical minerals dialogue",
            summary="Officials discussed investment in mining and the processing of rare earths.",
            topics=["critical-minerals"],
            minerals=["gallium", "germanium"],
            participants=[saito],
            start_date=datetime.date(2024, 2, 10),
        ),
        "two_plus_two": make_meeting(
            title="Economic 2+2 vice-ministerial meeting",
            summary="Economic security and the resilience of the supply chain for batteries.",
            start_date=datetime.date(2024, 3, 10),
        ),
        "korea": make_meeting(
            countries=("JP", "KR"),
            title="Japan-Korea dialogue on the digital economy",
            summary="Cooperation on artificial intelligence and semiconductors.",
            topics=["digital-and-ai"],
            participants=[nishimura],
            start_date=datetime.date(2024, 4, 10),
        ),
        "call": make_meeting(
            title="Bilateral trade ministers call",
            summary="A short call.",
            start_date=datetime.date(2024, 5, 10),
        ),
        "hydrogen": make_meeting(
            countries=("JP", "AU"),
            title="Hydrogen partnership ministerial meeting",
            summary="Clean fuels cooperation and energy security.",
            start_date=datetime.date(2024, 6, 10),
        ),
        "draft": make_meeting(
            title="Gallium stockpiling talks",
            summary="Stockpiles of gallium.",
            minerals=["gallium"],
            status=Meeting.Status.DRAFT,
            start_date=datetime.date(2024, 7, 10),
        ),
        "japanese": make_meeting(
            title="日米経済政策協議委員会",
            start_date=datetime.date(2024, 8, 10),
        ),
    }
    make_agreement(meetings["two_plus_two"], title="Joint statement on energy security")
    make_document(
        meetings["two_plus_two"],
        title="Readout",
        body="<p>Discussion covered semiconductors, artificial intelligence (AI) and quantum "
        "computing.</p>",
    )
    make_document(
        meetings["call"],
        title="Press release",
        body="<p>The ministers talked about hydrogen and LNG <em>projects</em> &amp; gallium "
        "prices.</p>",
    )
    make_document(
        meetings["japanese"],
        title="プレスリリース",
        language="ja",
        body="<p>経済安全保障について議論した。齋藤健経済産業大臣が出席した。</p>",
    )
    return meetings


@dataclass(frozen=True)
class SearchCase:
    query: str
    expected: frozenset[str]
    why: str
    # Narrowing applied before the search, as the meeting list's filters do.
    involving: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    attended_by: str = ""

    @property
    def id(self) -> str:
        narrowed = "+".join(
            filter(None, ["-".join(self.involving), "-".join(self.about), self.attended_by])
        )
        return f"{self.query!r}" + (f" [{narrowed}]" if narrowed else "")


def case(query, expected, why, **narrowing) -> SearchCase:
    return SearchCase(query, frozenset(expected.split()), why, **narrowing)


SEARCH_CASES = [
    case("supply chain", "jucip two_plus_two", "stemming: 'supply chain' finds 'supply chains'"),
    case("supply chains", "jucip two_plus_two", "stemming: the plural finds the singular"),
    case('"supply chain"', "jucip two_plus_two", "phrase, stemmed"),
    case('"chain supply"', "", "a phrase keeps its word order"),
    case('"economic security"', "two_plus_two", "phrase"),
    case('"energy security"', "two_plus_two hydrogen", "phrase in an agreement and a summary"),
    case("security economic", "two_plus_two", "unquoted words in any order"),
    case('"security economic"', "", "quoted words in this order only"),
    case("semiconductors", "jucip two_plus_two korea", "summary, topic and document body"),
    case("semiconductor", "jucip two_plus_two korea", "stemming: singular finds plural"),
    case("semiconductors -AI", "jucip", "-word excludes"),
    case('semiconductors -"artificial intelligence"', "jucip", '-"phrase" excludes'),
    case("semiconductors NOT AI", "jucip", "NOT word excludes"),
    case("artificial intelligence", "two_plus_two korea", "two words, both required"),
    case("quantum computing", "two_plus_two", "words found in a document body"),
    case("gallium", "minerals call", "mineral and document body; the draft is not published"),
    case("gallium OR hydrogen", "minerals call hydrogen", "OR"),
    case("gallium | hydrogen", "minerals call hydrogen", "| is OR"),
    case("gallium hydrogen OR korea", "call", "OR binds the words either side of it"),
    case("gallium -hydrogen", "minerals", "-word after a word"),
    case("germanium OR lithium", "minerals", "OR with a mineral nobody discussed"),
    case("-gallium", "jucip two_plus_two korea hydrogen japanese", "only an exclusion"),
    case("controls", "jucip", "summary and topic"),
    case("export control", "jucip", "stemming: 'control' finds 'controls'"),
    case("Ken Saito", "jucip minerals", "a person's display name"),
    case("Saito Ken", "jucip minerals", "family name first"),
    case("SAITO", "jucip minerals", "capitals"),
    case("saito ken", "jucip minerals", "lower case"),
    case("Raimondo", "jucip", "a participant's name as written, not linked to a person"),
    case("Nishimura", "korea", "a linked participant"),
    case("齋藤", "jucip minerals japanese", "Japanese: native name and a Japanese body, substring"),
    case("齋藤健", "jucip minerals japanese", "Japanese: the full native name"),
    case("ガリウム", "minerals", "Japanese: a mineral's alias"),
    case("経済安全保障", "japanese", "Japanese: a word inside a Japanese sentence"),
    case("齋藤 gallium", "minerals", "Japanese and English together"),
    case("Australia", "minerals hydrogen", "a country"),
    case("Korea", "korea", "a country in the title"),
    case("U.S.", "jucip two_plus_two call japanese", "an abbreviation with full stops"),
    case("2+2", "two_plus_two", "a name with punctuation"),
    case("Japan-Australia", "minerals", "hyphenated words are a phrase"),
    case("hydrogen", "call hydrogen", "title and body"),
    case("hydrogen", "hydrogen", "with a country-pair filter", involving=("JP", "AU")),
    case("semiconductors", "jucip two_plus_two", "with a country filter", involving=("JP", "US")),
    case("semiconductors", "korea", "with another pair", involving=("JP", "KR")),
    case("gallium", "minerals", "with a topic filter", about=("critical-minerals",)),
    case("齋藤", "minerals", "Japanese with a country filter", involving=("JP", "AU")),
    case("gallium", "minerals", "with a person filter", attended_by="ken-saito"),
    case("The supply of chains", "jucip two_plus_two", "stop words are ignored"),
    case("galium", "", "a misspelling finds nothing (suggest() offers 'gallium')"),
]
