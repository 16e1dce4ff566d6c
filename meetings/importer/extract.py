"""Release text → the fields of DESIGN.md's import contract.

Reading order: headline and date line (the issuer's own), then the sentences that describe the
meeting. Each rule names the format it comes from (see shared/data/releases/FORMATS.md).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from meetings.importer.dates import (
    find_dates,
    kanji_number,
    parse_date_line,
    parse_place_date_line,
)
from meetings.importer.gazetteer import (
    JAPANESE_FAMILY_NAMES,
    JAPANESE_GIVEN_NAMES,
    KOREAN_FAMILY_NAMES,
    US_STATES,
    Gazetteer,
    fold,
    strip_accents,
)
from meetings.importer.text import Release

CONTRACT_KEYS = [
    "title", "published_on", "meeting_date", "city", "venue_country", "countries",
    "participants", "series", "ordinal", "kind", "minerals", "topics", "agreements", "division",
    "language",
]  # fmt: skip

JAPANESE_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
MEETING_CUE = re.compile(
    r"\b(?:held|hold|holds|met|meet|meets|meeting|co-chaired|co-chair|hosted|dialogue|talks|"
    r"signed|sign|signing|visited|call|discussed|attended|attends|joined|consultations?|"
    r"committee|partnership)\b|会談|会合|対話|署名|開催|出席|協議|面会|電話",
    re.IGNORECASE,
)
SIDE_EVENT = re.compile(
    r"\b(?:seminar|symposium|reception|forum organi[sz]ed|business roundtable|luncheon|"
    r"keynote|lecture|quoted|said in a statement)\b|セミナー|シンポジウム|挨拶|講演|レセプション",
    re.IGNORECASE,
)
FUTURE_CUE = re.compile(
    r"\b(?:will|next|planned|plan to|upcoming|look(?:ed|s)? forward|to be held|later this year|"
    r"intend)\b",
    re.IGNORECASE,
)
VIRTUAL_CUE = re.compile(
    r"\b(?:video ?conference|videoconference|video call|virtual(?:ly)?|online|telephone|"
    r"phone call|by phone|teleconference|tele-conference)\b|電話会談|テレビ会議|オンライン",
    re.IGNORECASE,
)

HONORIFIC = (
    r"(?:(?:the\s+)?(?:Honou?rable|Hon\.?)|H\.\s?E\.|HE|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Prof\.?|"
    r"Senator|Sen\.|His Excellency|Her Excellency|Excellency|Madam|Minister|Secretary|Ambassador|"
    r"Commissioner)"
)
# Styles only (no office words): what may stand between an office and the name it belongs to.
STYLE = (
    r"(?:(?:the\s+)?(?:Honou?rable|Hon\.?)|H\.\s?E\.|HE|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Prof\.?|"
    r"Senator|Sen\.|His Excellency|Her Excellency|Excellency|Madam)"
)
OFFICE_HEAD = (
    r"(?:Minister|Secretary|Representative|Ambassador|Commissioner|Vice[- ]President|"
    r"Director[- ]General|Director|Administrator|Undersecretary|Chancellor|President|Premier|"
    r"Governor|Deputy|Chair|Chairman|Chairperson|Head|Counsellor|Envoy|Senator|Attorney General)"
)
OFFICIAL_OFFICE = re.compile(
    r"Minister|Secretary(?! General of (?:the )?(?:Keidanren|Association))|Trade Representative|"
    r"Ambassador|Commissioner|Director[- ]General|Vice[- ]President of the European Commission|"
    r"Executive Vice[- ]President|Undersecretary|Administrator|Envoy|Director General|"
    r"大臣|長官|次官|大使|通商代表|局長|審議官",
    re.IGNORECASE,
)
NOT_A_PARTICIPANT_OFFICE = re.compile(
    r"(?<!Vice )(?<!Vice-)\bPresident\b(?! of the European Commission)|Prime Minister|Premier\b|"
    r"\bKing\b|\bEmperor\b|\bMayor\b|\bGovernor\b|\bCEO\b|Chief Executive|\bChair(?:man|woman)?\b|"
    r"\bInc\b|Corporation|\bCorp\b|\bCo\.|\bLtd\b|Company|Holdings|\bGroup\b|University|"
    r"Institute|\bCSIS\b|Chamber of Commerce|Association|Federation|Keidanren|Congress|"
    r"^Representative$|^Senator$|Senior Vice President|Director of Research|首相|総理|大統領",
    re.IGNORECASE,
)
NAME_STOPWORDS = set(
    [
        "The",
        "A",
        "An",
        "And",
        "Of",
        "For",
        "On",
        "In",
        "At",
        "To",
        "By",
        "With",
        "From",
        "During",
        "Today",
        "Yesterday",
        "This",
        "These",
        "They",
        "Both",
        "He",
        "She",
        "It",
        "Its",
        "Their",
        "His",
        "Her",
        "We",
        "Our",
        "Following",
        "After",
        "Before",
        "Under",
        "Secretary",
        "Minister",
        "Ministers",
        "Ambassador",
        "Representative",
        "Commissioner",
        "Director",
        "General",
        "Deputy",
        "Vice",
        "President",
        "Senior",
        "Executive",
        "Chief",
        "Trade",
        "Commerce",
        "State",
        "Economy",
        "Industry",
        "Foreign",
        "Affairs",
        "Department",
        "Ministry",
        "Government",
        "Joint",
        "Statement",
        "Readout",
        "Press",
        "Release",
        "Meeting",
        "Dialogue",
        "Partnership",
        "Committee",
        "Economic",
        "Policy",
        "Consultative",
        "Commercial",
        "Industrial",
        "High",
        "Level",
        "Ministerial",
        "Summit",
        "Agreement",
        "Memorandum",
        "Cooperation",
        "Office",
        "Embassy",
        "Bureau",
        "Division",
        "Policy",
        "Affairs",
        "Relations",
        "Honorable",
        "Honourable",
        "Hon",
        "MP",
        "Mr",
        "Ms",
        "Mrs",
        "Dr",
        "HE",
        "Senator",
        "Excellency",
        "Madam",
        "Prime",
        "Chancellor",
        "Premier",
        "King",
        "Emperor",
        "Mayor",
        "Governor",
        "Energy",
        "Resources",
        "Mineral",
        "Minerals",
        "Critical",
        "Supply",
        "Chains",
        "Chain",
        "Security",
        "Export",
        "Controls",
        "Resilience",
        "Strategic",
        "National",
        "International",
        "Trade",
        "Tourism",
        "Investment",
        "Emissions",
        "Reduction",
        "Manufacturing",
        "Industries",
        "Growth",
        "Environment",
        "Research",
        "Technology",
        "Innovation",
        "Global",
        "South",
        "North",
        "East",
        "West",
        "Indo",
        "Pacific",
        "Asia",
        "Europe",
        "Americas",
        "Round",
        "Session",
        "Conference",
        "Council",
        "Commission",
        "Forum",
        "Consultation",
        "Consultations",
        "Talks",
        "Leaders",
        "Leader",
        "Group",
        "Initiative",
        "Framework",
        "Act",
        "Law",
        "Program",
        "Programme",
        "Plan",
        "Action",
        "Principles",
        "Photo",
        "Contact",
        "Japanese",
        "American",
        "Australian",
        "Korean",
        "European",
        "Chinese",
        "Chilean",
        "British",
        "Indian",
        "Canadian",
        "French",
        "German",
        "Italian",
        "Secretaries",
        "Officials",
        "Official",
        "Delegation",
        "Delegations",
        "Sides",
        "Side",
        "Parties",
        "Members",
        "Member",
        "Congress",
        "Senate",
        "House",
        "Parliament",
        "Diet",
        "Cabinet",
        "White",
        "Capitol",
        "Republic",
        "Kingdom",
        "Union",
        "Nations",
        "Federal",
        "Administration",
        "Ministerial",
        "Vice-Ministerial",
        "Deputy-Minister",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Tokyo",
        "Washington",
        "Paris",
        "Brussels",
        "Canberra",
        "Seoul",
        "Santiago",
        "London",
        "Detroit",
        "Michigan",
        "Vegas",
        "Las",
        "New",
        "York",
        "Division",
        "Bureau",
        "Minister's",
        "Secretary's",
        "Japan-U",
        "METI",
        "MOFA",
        "MOTIE",
        "USTR",
        "DFAT",
        "JUCIP",
        "EPCC",
        "HLED",
        "OECD",
        "IPEF",
        "APEC",
        "ASEAN",
        "WTO",
        "G7",
        "G20",
        "EU",
        "US",
        "UK",
        "IBM",
        "CSIS",
        "CES",
        "IRA",
        "EPA",
        "FTA",
        "MOC",
        "MOU",
        "USA",
        "ROK",
        "PDF",
        "FY",
        "Fiscal",
        "Year",
        "Quad",
        "Semiconductors",
        "Semiconductor",
        "AI",
        "Hydrogen",
        "United",
        "Earlier",
        "Later",
        "Also",
        "Furthermore",
        "Moreover",
        "However",
        "Meanwhile",
        "Additionally",
        "Finally",
        "First",
        "Second",
        "Third",
        "Next",
        "Then",
        "There",
        "Here",
        "Since",
        "While",
        "When",
        "Through",
        "Regarding",
        "Concerning",
        "Against",
        "Together",
        "Following",
        "Accordingly",
        "Other",
        "H.E.",
        "D.C.",
        "U.K.",
        "U.S.A.",
        "U.S.",
        "E.U.",
        "States",
        "America",
        "Kingdom",
        "European",
        "Commission",
        "Government",
        "Ministry",
        "Holds",
        "Hold",
        "Attends",
        "Attend",
        "Visits",
        "Visit",
        "Meets",
        "Meet",
        "Signs",
        "Sign",
        "Issues",
        "Issue",
        "Welcomes",
        "Announces",
        "Talks",
        "Hosts",
        "Host",
        "Co-Chair",
        "Co-Chairs",
        "Launch",
        "Launches",
        "Joins",
    ]
)
NAME_TOKEN = r"(?:[A-ZÀ-Þ][a-zß-ÿ]+(?:[A-Z][a-z]+)?(?:[-’'][A-Za-zß-ÿ]+)*|[A-Z]{2,}(?:-[A-Z]+)?|(?:[A-Z]\.)+)"
NAME_RUN = re.compile(rf"{NAME_TOKEN}(?:\s+{NAME_TOKEN})+")
SURNAME_AFTER_OFFICE = re.compile(
    r"\b(?:Minister|Secretary|Ambassador|Commissioner|Representative|Vice[- ]President|"
    r"Director[- ]General|Vice[- ]Minister|Mr\.?|Ms\.?|Mrs\.?)\s+"
    r"(?P<surname>[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?|[A-Z]{3,})\b(?!\.\w)(?P<next>\s+[\w.’'-]+)?"
)
DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*(?:,\s*[A-Z][A-Za-z.]+(?:\s+\d{1,2})?)*)\s*"
    r"(?:\([A-Za-z]+\)\s*)?"
    r"(?:--|[-–—])\s*"
)

ORDINAL_WORDS = {
    "first": 1, "inaugural": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}  # fmt: skip
ORDINAL = re.compile(
    r"\b(?:(?P<num>\d{1,2})(?:st|nd|rd|th)|(?P<word>" + "|".join(ORDINAL_WORDS) + r"))\b"
    r"(?P<after>(?:\s+[\w.+\"“”'’-]+){1,3})",
    re.IGNORECASE,
)
ORDINAL_NEXT_OK = re.compile(
    r"^(?:[A-Z]|meeting|ministerial|vice-ministerial|vice|round|session|dialogue|consultation|"
    r"committee|summit|talks|high|economic|annual|senior|strategic|director|working|joint|"
    r"trade|policy|bilateral)",
)
ORDINAL_NEXT_BAD = re.compile(
    r"^(?:anniversary|countries|country|parties|party|time|times|century|year|quarter|place|"
    r"largest|biggest|phase|step|half|day|term|generation|tier|person|of|floor|and|or|to)\b",
    re.IGNORECASE,
)
MONTH_NAMES = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s*$"
)
# Lower-case words EU titles use ("Commissioner for trade"): matched as part of an office.
OFFICE_LOWER_WORDS = (
    r"trade|economy|industry|energy|commerce|foreign|affairs|economic|security|international|"
    r"digital|people|works|an|that|resources|investment|tourism|climate|action|relations|"
    r"competition|internal|market|industrial|strategy|innovation|research|budget|finance"
)
SERIES_HEADS = r"(?:Dialogue|Partnership|Committee|Consultations?|Council|Commission|Forum)"
SERIES_CONNECT = r"(?:\s*[-–]\s*|\s+and\s+)"


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


def empty_proposal(language: str = "en") -> dict:
    return {
        "title": None, "published_on": None, "meeting_date": None, "city": None,
        "venue_country": None, "countries": [], "participants": [], "series": None,
        "ordinal": None, "kind": None, "minerals": [], "topics": [], "agreements": [],
        "division": None, "language": language,
    }  # fmt: skip


# --- Sentences and structure ----------------------------------------------------------------------

ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Ms|Mrs|Dr|Prof|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Gov|Sen|"
    r"Rep|Amb|Hon|vs|etc|approx|Thu|Mon|Tue|Wed|Fri|Sat|Sun|Inc|Co|Ltd|Corp)|\b[A-Z]|U\.S|D\.C|"
    r"U\.K|H\.E|p\.m|a\.m)\.$"
)


def split_sentences(text: str) -> list[str]:
    sentences = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        for piece in re.split(r"(?<=[。！？])", paragraph):
            start = 0
            for match in re.finditer(r"[.!?][\"”’)]?\s+(?=[A-Z\"“(])", piece):
                head = piece[start : match.start() + 1]
                if ABBREVIATIONS.search(head):
                    continue
                sentences.append(piece[start : match.end()].strip())
                start = match.end()
            if piece[start:].strip():
                sentences.append(piece[start:].strip())
    return sentences


def is_japanese(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    japanese = sum(1 for ch in letters if JAPANESE_CHAR.match(ch))
    return japanese / len(letters) > 0.2


HEADLINE_WORDS = re.compile(
    r"\b(?:Meeting|Dialogue|Statement|Readout|Agreement|Visits?|Holds?|Attends?|Signs?|Talks|"
    r"Call|Minister|Secretary|Conference|Committee|Partnership|Consultations?|Summit|Joint|"
    r"Meets?|Release|Memorandum|Trip)\b|会談|会合|対話|署名|訪問|共同声明",
    re.IGNORECASE,
)


def is_label(line: str) -> bool:
    """Section and category labels (`Japan-EU Relations`, `External Economic Policy`)."""
    if JAPANESE_CHAR.search(line):
        return len(line) < 16 and "。" not in line and not HEADLINE_WORDS.search(line)
    words = line.split()
    if re.search(r"\bRelations$", line) or len(words) <= 2:
        return not HEADLINE_WORDS.search(line) or len(words) <= 1
    return len(words) <= 4 and not HEADLINE_WORDS.search(line)


def is_prose(line: str) -> bool:
    return bool(re.search(r"[.。]$", line)) and (len(line) > 60 or DATELINE.match(line) is not None)


@dataclass
class Layout:
    title: str | None
    published_on: datetime.date | None
    body: list[str]
    bylines: list[tuple[str, str]] = field(default_factory=list)


BYLINE = re.compile(
    r"^(?:Senator\s+)?(?:the\s+)?(?:Hon\.?|Honou?rable)\s+"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]+){1,3}?)(?:\s+MP)?$",
    re.IGNORECASE,
)
RELEASE_LABEL = re.compile(
    r"^(?:joint\s+)?(?:media|press)\s+(?:release|statement)$|^transcript$|^speech$", re.I
)


def read_bylines(lines: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """Australian ministers' releases open with who issues them: name (with styles), offices,
    'Media release'. Returns [(name, first office)] and the remaining lines."""
    bylines: list[tuple[str, str]] = []
    index = 0
    while index < min(len(lines), 12):
        line = lines[index]
        byline = BYLINE.match(line)
        if byline:
            bylines.append((byline["name"], ""))
        elif (
            bylines
            and re.search(r"\b(?:Minister|Treasurer|Secretary|Attorney)", line)
            and len(line) < 120
        ):
            if not bylines[-1][1]:
                bylines[-1] = (bylines[-1][0], line)
        elif bylines and RELEASE_LABEL.match(line):
            index += 1
            break
        else:
            break
        index += 1
    if not bylines:
        return [], lines
    return bylines, lines[index:]


def read_layout(lines: list[str]) -> Layout:
    """Headline, the issuer's date line, and the body lines after them."""
    bylines, lines = read_bylines(lines)
    layout = read_layout_lines(lines)
    layout.bylines = bylines
    return layout


def read_layout_lines(lines: list[str]) -> Layout:
    title = None
    title_index = None
    published = None
    body_start = 0
    for index, line in enumerate(lines[:14]):
        date = parse_date_line(line) or parse_place_date_line(line)
        if date:
            # A republishing site's header date comes before a breadcrumb, which text.py cuts
            # together with it; a date line left here is the issuer's own.
            published = date
            body_start = index + 1
            break
        if is_prose(line):
            body_start = index
            break
        if title is None and not is_label(line) and len(line) < 300:
            title = line
            title_index = index
            body_start = index + 1
            continue
        body_start = index + 1
    else:
        body_start = min(body_start, len(lines))
    if (
        title is None
        and published is not None
        and body_start == 1
        and len(lines) > 2
        and not is_prose(lines[1])
        and not is_label(lines[1])
        and not JAPANESE_CHAR.search(lines[1])
        and not re.search(r"[.。]$", lines[1])
    ):
        # A date line first, then the headline (Australian ministers' media releases).
        title, title_index, body_start = lines[1], 1, 2
    if title is not None and title_index is not None and body_start <= title_index:
        body_start = title_index + 1
    body = lines[body_start:]
    # Drop labels and photo captions directly under the date line.
    while body and (is_label(body[0]) or re.match(r"^(?:\(?Photo\)?|写真)", body[0], re.I)):
        body = body[1:]
    if published is None:
        for index, line in enumerate(body[:3]):
            date = parse_date_line(line)
            if date:
                published = date
                body = body[index + 1 :]
                break
    return Layout(title=title, published_on=published, body=body)


# --- The extractor ----------------------------------------------------------------------------------


class Extractor:
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

    # Dates --------------------------------------------------------------------------------------

    def meeting_date(self) -> datetime.date | None:
        published = self.layout.published_on
        fallback_year = published.year if published else None
        if fallback_year is None:
            for found in find_dates(self.body_text):
                if found.year:
                    fallback_year = found.year
                    break
        candidates = []
        for sentence in self.head_sentences:
            for found in find_dates(sentence):
                before = sentence[: found.start]
                if re.search(r"\b(?:since|until|by|before|after|through)\s*$", before, re.I):
                    continue
                candidates.append((bool(MEETING_CUE.search(sentence)), found))
        chosen = next((f for cue, f in candidates if cue), None) or (
            candidates[0][1] if candidates else None
        )
        if chosen is not None:
            year = chosen.year
            if year is None and fallback_year is not None:
                year = fallback_year
                if published and chosen.month > published.month + 1:
                    year -= 1  # a December meeting announced in January
            return chosen.resolve(year)
        if published:
            if re.search(r"\btoday\b|本日", self.body_text, re.I):
                return published
            if re.search(r"\byesterday\b|昨日", self.body_text, re.I):
                return published - datetime.timedelta(days=1)
        return None

    # Place --------------------------------------------------------------------------------------

    def city(self) -> tuple[str | None, str | None]:
        cities = sorted(self.gazetteer.cities, key=len, reverse=True)
        if not cities:
            return None, None
        alternation = "|".join(re.escape(c) for c in cities)
        states = "|".join(US_STATES)
        pattern = re.compile(
            rf"\b(?:in|at)\s+(?P<city>{alternation})(?P<state>,\s+(?:{states}))?(?!\w)"
        )
        if self.language == "ja":
            from meetings.importer.gazetteer import JAPANESE_CITIES

            for sentence in self.head_sentences:
                if not MEETING_CUE.search(sentence) or VIRTUAL_CUE.search(sentence):
                    continue
                for script, city in JAPANESE_CITIES.items():
                    if re.search(re.escape(script) + r"(?:で|において|にて)", sentence):
                        return city, self.gazetteer.cities.get(city)
            if self.is_visit():
                for line in self.layout.body:
                    heading = re.match(r"^\d+[.．]?\s*(\S+?)\s*$", line)
                    if heading and heading.group(1) in JAPANESE_CITIES:
                        city = JAPANESE_CITIES[heading.group(1)]
                        return city, self.gazetteer.cities.get(city)
            return None, None
        for sentence in self.head_sentences:
            if not MEETING_CUE.search(sentence) or VIRTUAL_CUE.search(sentence):
                continue
            if SIDE_EVENT.search(sentence):
                continue
            for match in pattern.finditer(sentence):
                before = sentence[: match.start()]
                if re.search(
                    r"\b(?:Embassy|Consulate|based|visit(?:ing|ed|s)?|stay(?:ing)?)\b[^.]{0,30}$",
                    before,
                ):
                    continue
                city = match["city"] + (match["state"] or "")
                return city, self.gazetteer.cities.get(match["city"])
            # A city the gazetteer lacks, placed by its country: "in Arequipa, Peru".
            for match in re.finditer(
                rf"\b(?:in|at)\s+(?P<city>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?),\s+"
                rf"(?P<country>{self.country_alternation()})(?![\w])",
                sentence,
            ):
                code = self.gazetteer.country_words.get(match["country"])
                if code and match["city"] not in self.gazetteer.country_words:
                    return match["city"], code
        if self.is_visit():
            for line in self.layout.body:
                heading = re.match(r"^\d+\.\s*(.+?)\s*$", line)
                if heading and heading.group(1) in self.gazetteer.cities:
                    return heading.group(1), self.gazetteer.cities[heading.group(1)]
        return None, None

    def is_visit(self) -> bool:
        title = self.title or ""
        if re.search(r"\bVisits?\b|\bTrip\b|訪問|出張", title):
            return True
        # 「…は、1月5日から9日まで、米国を訪問しました。」: a trip report without a headline.
        opening = self.sentences[0] if self.sentences else ""
        return self.language == "ja" and bool(re.search(r"を訪問し|に出張し", opening))

    # People -------------------------------------------------------------------------------------

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

    def english_mentions(self) -> list[PersonMention]:
        mentions: list[PersonMention] = []
        offset = 0
        for sentence in self.head_sentences:
            offset += 1
            # Matched on an accent-free copy of the same length, so "Maroš Šefčovič" is a name.
            shadow = ascii_shadow(sentence)
            for run in NAME_RUN.finditer(shadow):
                for tokens, start, end in self.split_run(sentence, run):
                    mention = self.person_in_context(sentence, tokens, start, end)
                    if mention:
                        mention.position = offset * 1000 + start
                        mentions.append(mention)
            for match in SURNAME_AFTER_OFFICE.finditer(shadow):
                surname = sentence[match.start("surname") : match.end("surname")]
                following = (match["next"] or "").strip()
                if (
                    following
                    and re.match(r"^(?:[A-Z][a-z]|[A-Z]{2,}$|[A-Z]\.)", following)
                    and following.rstrip("’'s.,") not in NAME_STOPWORDS
                ):
                    continue  # "Minister Ken Saito": Ken is not a surname
                if surname in NAME_STOPWORDS or surname.title() in NAME_STOPWORDS:
                    continue
                if self.gazetteer.country_words.get(surname) or surname in self.gazetteer.cities:
                    continue
                office = self.office_before(sentence, match.start("surname"))
                mentions.append(
                    PersonMention(
                        name_tokens=[surname],
                        office=office,
                        country=None,
                        position=offset * 1000 + match.start("surname"),
                        sentence=sentence,
                        surname_only=True,
                    )
                )
        return mentions

    def split_run(self, sentence: str, run: re.Match):
        """A run of capitalised words → the parts that can be names (stopwords cut it)."""
        tokens = []
        for token in re.finditer(r"\S+", sentence[run.start() : run.end()]):
            tokens.append((token.group(0), run.start() + token.start(), run.start() + token.end()))
        parts, current = [], []
        for token in tokens:
            word = token[0]
            possessive = word.endswith(("’s", "'s"))
            bare = word[:-2] if possessive else word
            if possessive and bare not in NAME_STOPWORDS:
                # "Secretary Raimondo's Call": the name ends at the possessive.
                current.append((bare, token[1], token[2] - 2))
                parts.append(current)
                current = []
                continue
            if (
                bare in NAME_STOPWORDS
                or bare.title() in NAME_STOPWORDS
                and not bare.isupper()
                or bare in self.gazetteer.country_words
                or bare in self.gazetteer.organizations
                or bare in self.gazetteer.cities
                or (bare.isupper() and len(bare) > 2 and bare in NAME_STOPWORDS)
            ):
                if current:
                    parts.append(current)
                current = []
                continue
            current.append(token)
        if current:
            parts.append(current)
        for part in parts:
            while part and re.fullmatch(r"(?:[A-Z]\.)+", part[-1][0]):
                part = part[:-1]
            words = [p[0] for p in part]
            real_words = [w for w in words if not re.fullmatch(r"(?:[A-Z]\.)+", w)]
            # "R.K. Singh": initials and a surname are a name; a lone initial before one word is
            # not ("U. Saito" is rarer than "U.S. Secretary").
            if len(words) < 2 or len(words) > 4 or not real_words:
                continue
            if len(real_words) < 2 and not re.fullmatch(r"(?:[A-Z]\.){2,}", words[0]):
                continue
            if all(w.isupper() for w in words):
                continue  # acronyms, shouting headlines
            if len(real_words) >= 3:
                # "Minister for Economic Revitalization Akazawa Ryosei": office words run into the
                # name. A known person's spelling decides; otherwise the name is the last two words.
                part = self.name_suffix(part)
                words = [p[0] for p in part]
            yield words, part[0][1], part[-1][2]

    def name_suffix(self, part: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        for start in range(len(part) - 1):
            if self.known_person([p[0] for p in part[start:]]):
                return part[start:]
        kept, real = [], 0
        for token in reversed(part):
            is_initial = re.fullmatch(r"(?:[A-Z]\.)+", token[0]) is not None
            if not is_initial:
                if real == 2:
                    break
                real += 1
            kept.insert(0, token)
        while kept and re.fullmatch(r"(?:[A-Z]\.)+", kept[0][0]) and len(kept) > 2:
            kept = kept[1:]
        return kept

    def office_before(self, sentence: str, start: int) -> str:
        """The office written right before a name: 'Japanese Minister of Economy, Trade, and Industry'."""
        left = sentence[max(0, start - 160) : start]
        # "…, Minister for Trade, Senator the Hon Don Farrell": the office stands before the styles.
        left = re.sub(rf"(?:(?<![\w.]){STYLE}\.?\s*)+$", "", left)
        if re.search(r"\band\s*$|;\s*$", left):
            return ""
        heads = list(re.finditer(rf"\b{OFFICE_HEAD}\b", left))
        if not heads:
            return ""
        head = heads[-1]
        tail = left[head.end() :]
        if not re.fullmatch(
            rf"(?:\s+(?:of|for|on|to|the|and|in|{OFFICE_LOWER_WORDS})|\s*,|\s+[A-Z][\w.’'-]*|\s+General)*\s*,?\s*",
            tail,
        ) or re.search(rf"(?<![\w.]){STYLE}(?![\w])", tail):
            return ""
        before = left[: head.start()]
        modifiers = re.search(r"((?:(?:[A-Z][\w.’'-]*|of|for|the)\s+)*)$", before)
        office = (modifiers.group(1) if modifiers else "") + left[head.start() :]
        office = office.strip(" ,")
        office = re.sub(
            r"^.*?\b(?:Readout|Statement|Release|Meeting|Call|Visit|Remarks|Talks)\s+"
            r"(?:of|with|between|by|from)\s+",
            "",
            office,
        )
        office = re.sub(r"^(?:(?:the|of|for)\s+)+", "", office)
        return office

    def office_after(self, sentence: str, end: int) -> str:
        right = sentence[end : end + 220]
        match = re.match(
            rf"^\s*(?:MP\b)?\s*,\s*(?:the\s+)?((?:[A-Z][\w.’'-]*\s+|(?:of|for)\s+)*?{OFFICE_HEAD}\b.*)$",
            right,
        )
        if not match:
            return ""
        office = match.group(1)
        office = re.split(
            r";|\(|\.\s|\.$|,\s+(?:and\s+)?(?:the\s+Hon|Mr|Ms|Mrs|Dr|H\.E|HE\b|Senator)|"
            r"\s+and\s+(?:the\s+Hon|Mr|Ms|Mrs|Dr|H\.E|HE\b|Senator)|,\s+(?=[a-z])|"
            r"\s+(?=(?:held|met|co-chaired|signed|hosted|attended|visited|were|was|have|has|"
            r"discussed|agreed|said)\b)",
            office,
        )[0]
        return office.strip(" ,")

    def person_in_context(self, sentence, tokens, start, end) -> PersonMention | None:
        left = sentence[:start]
        known = self.known_person(tokens)
        office = self.office_before(sentence, start)
        after = self.office_after(sentence, end)
        honorific = re.search(rf"(?:^|\s|\(){HONORIFIC}\s*(?:Mr\.?\s*|Ms\.?\s*)?$", left)
        if not (office or after or known or honorific):
            return None
        office_text = after if after and (not office or len(after) > len(office)) else office
        country = None
        if known and known.country:
            country = known.country
        if country is None and office:
            country = self.country_in(office)
            if country is None:
                words_before = left[: len(left) - len(office)].rstrip()
                tail = re.search(
                    r"([A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})(?:’s|'s)?\s*$", words_before
                )
                if tail:
                    country = self.country_in(tail.group(1))
        if country is None and after:
            country = self.country_in(after)
        if country is None and office_text:
            country = self.office_country(office_text)
        return PersonMention(
            name_tokens=tokens,
            office=office_text,
            country=country,
            position=start,
            sentence=sentence,
            known=known,
        )

    def order_name(self, tokens: list[str], surnames: set[str], known=None) -> tuple[str, str]:
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

    def guess_country_from_name(self, family: str, name: str) -> str | None:
        if family.lower() in JAPANESE_FAMILY_NAMES:
            return "JP"
        if re.search(r"\b[A-Z][a-z]+-[a-z]+\b", name) and family.lower() in KOREAN_FAMILY_NAMES:
            return "KR"
        return None

    def participants(self) -> list[Participant]:
        if self.language == "ja":
            return self.japanese_participants()
        mentions = self.english_mentions()
        if self.layout.bylines and re.search(
            r"\b(?:I|We)\s+(?:\w+\s+)?(?:met|meet|held|hosted|welcomed|co-chaired|spoke|joined|signed)\b",
            self.body_text,
        ):
            # "Today I met …": the minister who issues the release took part.
            for name, office in self.layout.bylines:
                mentions.append(
                    PersonMention(
                        name_tokens=name.split(),
                        office=office,
                        country=self.country_in(office) or self.office_country(office),
                        position=0,
                        sentence=office,
                    )
                )
        surnames = {m.name_tokens[0].casefold() for m in mentions if m.surname_only}
        people: dict[str, Participant] = {}
        for mention in sorted(mentions, key=lambda m: m.position):
            if mention.surname_only:
                continue
            name, family = self.order_name(mention.name_tokens, surnames, mention.known)
            key = strip_accents(family).casefold()
            person = people.get(key)
            if person is None:
                person = people[key] = Participant(
                    name=name,
                    family_name=family,
                    title="",
                    country=mention.country,
                    position=mention.position,
                    person_pk=getattr(mention.known, "pk", None),
                    known=mention.known is not None,
                )
            elif len(name) > len(person.name):
                person.name = name
            if mention.office:
                person.offices.append(mention.office)
            person.country = person.country or mention.country
            person.mentions.append(mention.sentence)
        for mention in mentions:
            if not mention.surname_only:
                continue
            surname = mention.name_tokens[0]
            family = surname.title() if surname.isupper() else surname
            key = strip_accents(family).casefold()
            person = people.get(key)
            if person is None:
                if not mention.office:
                    continue
                person = people[key] = Participant(
                    name=family, family_name=family, title="", country=None,
                    position=mention.position,
                )  # fmt: skip
            person.position = min(person.position, mention.position)
            if mention.office:
                person.offices.append(mention.office)
            person.country = person.country or self.country_in(mention.office or "") or None
            person.mentions.append(mention.sentence)
        for person in people.values():
            person.offices = [o for o in person.offices if o]
            if person.country is None:
                for office in person.offices:
                    person.country = self.office_country(office)
                    if person.country:
                        break
            if person.country is None:
                known = next(
                    (
                        p
                        for p in self.gazetteer.people
                        if fold(p.family_name) == fold(person.family_name)
                    ),
                    None,
                )
                person.country = (known.country if known else None) or self.guess_country_from_name(
                    person.family_name, person.name
                )
            person.title = self.best_title(person.offices)
        chosen = [p for p in people.values() if self.takes_part(p)]
        return sorted(chosen, key=lambda p: p.position)

    def best_title(self, offices: list[str]) -> str:
        """The fullest form of the office, without the nationality in front ('U.S. Secretary …')."""
        cleaned = []
        for office in offices:
            office = re.sub(r"^(?:the\s+)?", "", office)
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

    def takes_part(self, person: Participant) -> bool:
        offices = person.offices
        if any(NOT_A_PARTICIPANT_OFFICE.search(o) for o in offices) and not any(
            OFFICIAL_OFFICE.search(o) and not NOT_A_PARTICIPANT_OFFICE.search(o) for o in offices
        ):
            return False
        if not any(OFFICIAL_OFFICE.search(o) for o in offices) and not (
            person.person_pk
            or (person.known and any(MEETING_CUE.search(m) for m in person.mentions))
        ):
            return False
        sentences = person.mentions
        return not (sentences and all(SIDE_EVENT.search(s) for s in sentences))

    # Japanese people ------------------------------------------------------------------------------

    # The head of a Japanese office title; the ministry's field stands fused in front of it
    # (経済産業大臣), and a Japanese surname is fused in front of that (齋藤経済産業大臣).
    JA_OFFICE_HEAD = re.compile(
        r"(?:副大臣|大臣政務官|政務官|大臣|長官|次官|通商代表|大使|局長|審議官|委員)(?![会長])"
    )
    JA_FIELDS = sorted(
        [
            "経済産業",
            "外務",
            "財務",
            "防衛",
            "鉱業",
            "鉱業・エネルギー",
            "エネルギー",
            "商務",
            "国務",
            "通商",
            "貿易",
            "貿易・観光",
            "貿易・観光・投資",
            "産業",
            "資源",
            "経済",
            "農林水産",
            "国土交通",
            "環境",
            "総務",
            "内閣総理",
            "デジタル",
            "経済安全保障担当",
            "産業通商資源部",
            "産業通商資源",
            "通商交渉本部",
            "外国貿易",
            "商工",
            "工業",
            "産業・貿易",
            "経済財政",
            "欧州",
            "通商担当",
            "貿易担当",
            "経済安全保障",
            "特命全権",
            "駐日",
            "鉱物資源",
            "外交",
            "国際貿易",
            "資源・エネルギー",
            "産業通商",
        ],
        key=len,
        reverse=True,
    )

    def split_japanese_office(self, run: str) -> tuple[str, str]:
        """A kanji run before the office head → (name part, ministry field)."""
        for field_name in self.JA_FIELDS:
            if run.endswith(field_name):
                return run[: -len(field_name)], field_name
        for length in (3, 2):
            if run[:length] in self.gazetteer.script_names:
                return run[:length], run[length:]
        return (run[:2], run[2:]) if len(run) > 2 else (run, "")

    def japanese_participants(self) -> list[Participant]:
        people: dict[str, Participant] = {}
        ja_countries = sorted(
            ((w, c) for w, c in self.gazetteer.country_words.items() if JAPANESE_CHAR.search(w)),
            key=lambda kv: -len(kv[0]),
        )
        for index, sentence in enumerate(self.head_sentences):
            if not MEETING_CUE.search(sentence) and index > 0:
                continue
            if SIDE_EVENT.search(sentence):
                continue  # a seminar or reception after the meeting: its speakers did not meet
            for match in self.JA_OFFICE_HEAD.finditer(sentence):
                before = sentence[: match.start()]
                fused = re.search(r"([一-龥々・]*)$", before).group(1).lstrip("・")
                name_part, field_name = self.split_japanese_office(fused) if fused else ("", "")
                office = field_name + match.group(0)
                if re.search(r"総理|首相|大統領|国王|議長|知事|市長", office + match.group(0)):
                    continue  # leaders mentioned (a summit the same day) are not this meeting's
                country = None
                for word, code in ja_countries:
                    # マルコ・ルビオ米国国務長官: the government stands between name and office.
                    if name_part.endswith(word):
                        country = code
                        name_part = name_part[: -len(word)]
                        break
                if name_part:
                    # 上川陽子: the surname the archive or the base list knows, else two characters.
                    script = next(
                        (
                            name_part[:n]
                            for n in (3, 2)
                            if name_part[:n] in self.gazetteer.script_names
                        ),
                        name_part[:2],
                    )
                    if script in self.gazetteer.country_words or re.search(
                        r"[国省庁部局課]$", script
                    ):
                        continue
                    family = self.gazetteer.script_names.get(script, script)
                    head = before[: len(before) - len(fused)]
                    country = country or "JP"
                else:
                    katakana = re.search(r"([ァ-ヴー・=＝]+)$", before[: len(before) - len(fused)])
                    if not katakana:
                        continue
                    parts = [p for p in re.split(r"[・=＝]", katakana.group(1)) if p]
                    for part in list(parts):
                        if part in self.gazetteer.country_words:
                            country = self.gazetteer.country_words[part]
                            parts.remove(part)
                    if not parts:
                        continue
                    script = parts[-1]  # foreign names in katakana run given name first
                    family = (
                        self.gazetteer.script_names.get(script)
                        or self.gazetteer.script_names.get("".join(parts))
                        or romanise_katakana(script)
                        or script
                    )
                    head = before[: katakana.start()]
                if country is None or not name_part:
                    trimmed = head.rstrip("のと、 ")
                    for word, code in ja_countries:
                        if trimmed.endswith(word):
                            country = code
                            break
                if country is None:
                    country = self.office_country(office)
                key = family.casefold()
                if key not in people:
                    people[key] = Participant(
                        name=family, family_name=family, title=office, country=country,
                        position=index * 1000 + match.start(), offices=[office],
                    )  # fmt: skip
        return sorted(people.values(), key=lambda p: p.position)

    # Series, ordinal, kind -------------------------------------------------------------------------

    def country_alternation(self) -> str:
        words = [
            w
            for w in self.gazetteer.country_words
            if re.match(r"^[A-Z][\w.]*(?: [A-Z][\w.]*)*$", w)
        ]
        words = sorted(set(words), key=len, reverse=True)
        return "|".join(re.escape(w) for w in words)

    def series(self) -> tuple[str | None, object]:
        countries = self.country_alternation()
        pattern = re.compile(
            rf"(?P<series>(?:{countries}){SERIES_CONNECT}(?:{countries})"
            rf"(?:\s+(?:[A-Z][\w-]*|and|on|for|of))*?\s+{SERIES_HEADS})\b"
        )
        written = None
        for index, sentence in enumerate(self.head_sentences):
            is_headline = index == 0 and self.title is not None
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
        haystack = fold(" ".join(self.head_sentences[:12]))
        best = None
        for series in self.gazetteer.series:
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
        if written is None and known is not None:
            if self.launch_only(known):
                return None, None
            written = known.name
        if written:
            written = re.sub(r"\s+(?:Ministerial\s+)?Meeting$", "", written).strip()
        return written, known

    def launch_only(self, known) -> bool:
        spellings = [fold(s) for s in [*known.spellings, known.acronym] if s]
        relevant = [s for s in self.head_sentences if any(sp and sp in fold(s) for sp in spellings)]
        return bool(relevant) and all(
            re.search(r"\b(?:launch\w*|establish\w*|set up|creat\w*)\b", s, re.I) for s in relevant
        )

    def ordinal(self) -> int | None:
        if self.language == "ja":
            for sentence in self.head_sentences:
                match = re.search(r"第\s*(\d+|[一二三四五六七八九十]+)\s*回", sentence)
                if match and not FUTURE_CUE.search(sentence):
                    return kanji_number(match.group(1))
            return None
        for index, sentence in enumerate(self.head_sentences):
            is_headline = index == 0 and self.title is not None
            for match in ORDINAL.finditer(sentence):
                after = match["after"].strip()
                before = sentence[: match.start()]
                if MONTH_NAMES.search(before) or re.search(r"\d\s*$", before):
                    continue  # January 5th; "to 9th"
                if re.match(r"^\(", after) or ORDINAL_NEXT_BAD.match(after):
                    continue
                if not ORDINAL_NEXT_OK.match(after):
                    continue
                if not is_headline and FUTURE_CUE.search(sentence):
                    continue
                rest = sentence[match.end() - len(match["after"]) :][:160]
                if not re.search(
                    r"meeting|dialogue|committee|partnership|consultation|session|round|talks|"
                    r"council|commission|forum|summit",
                    rest,
                    re.I,
                ):
                    continue
                if match["num"]:
                    return int(match["num"])
                return ORDINAL_WORDS[match["word"].lower()]
        return None

    def kind(self, series: str | None, participants: list[Participant]) -> str:
        head = " ".join(self.head_sentences[:3])
        if VIRTUAL_CUE.search(head) and re.search(r"call|video|telephone|電話|テレビ", head, re.I):
            return "call"
        if re.search(r"vice[- ]ministerial|次官級", head, re.I):
            return "vice-ministerial meeting"
        if self.is_visit():
            return "visit"
        title = self.title or ""
        if re.search(r"\bSign(?:s|ed|ing)?\b|署名", title) and not re.search(
            r"Meeting|Talks|Dialogue|会談|会合", title
        ):
            return "signing"
        if (series and re.search(r"Dialogue$", series)) or re.search(r"\bDialogue\b|対話", title):
            return "dialogue"
        offices = " ".join(o for p in participants for o in p.offices)
        if participants and not re.search(
            r"Minister|Secretary|Representative|Commissioner|大臣|長官|代表", offices
        ):
            return "other"
        return "ministerial meeting"

    # Minerals, topics, agreements ------------------------------------------------------------------

    AMBIGUOUS_MINERALS = {"lead", "tin", "silver", "copper", "zinc", "potash", "boron", "helium"}

    def minerals(self) -> list[str]:
        text = (self.title or "") + "\n" + self.body_text
        found = set()
        sentences = split_sentences(text)
        for name, spellings in self.gazetteer.minerals.items():
            for spelling in spellings:
                if JAPANESE_CHAR.search(spelling):
                    if spelling in text:
                        found.add(name)
                        break
                    continue
                pattern = re.compile(rf"\b{re.escape(spelling)}s?\b", re.IGNORECASE)
                for sentence in sentences:
                    if not pattern.search(sentence):
                        continue
                    if name in self.AMBIGUOUS_MINERALS and not re.search(
                        r"\bminerals?\b|\bmetals?\b|\bores?\b", sentence, re.I
                    ):
                        continue
                    found.add(name)
                    break
                if name in found:
                    break
        return sorted(found)

    def topics(self) -> list[str]:
        haystack = " " + fold(self.release.text) + " "
        found = []
        for slug, keywords in self.gazetteer.topics.items():
            if any(fold(k) and f" {fold(k)}" in haystack for k in keywords):
                found.append(slug)
        return sorted(found)

    AGREEMENT_KINDS = [
        (r"joint press statement|joint statement|共同声明", "joint statement"),
        (r"joint press release|共同プレスリリース", "joint press release"),
        (r"joint readout", "joint readout"),
        (r"memorandum of cooperation|\bMOC\b|協力覚書", "memorandum of cooperation"),
        (r"memorandum of understanding|\bMOU\b|了解覚書", "memorandum of understanding"),
        (r"action plan|行動計画", "action plan"),
    ]

    def series_acronym(self, series: str | None) -> str | None:
        """`(JUCIP)` written right after the series name."""
        if not series:
            return None
        match = re.search(re.escape(series) + r"\s*\(([A-Z][A-Z0-9+&-]{1,11})\)", self.release.text)
        return match.group(1) if match else None

    def untitled_document(self, label: str) -> str:
        """'Joint press release issued after the 4th JUCIP ministerial meeting (untitled in this body)'."""
        from meetings.models import ordinal_label

        series, _ = self.series()
        name = self.series_acronym(series) or series
        ordinal = self.ordinal() if series else None
        kind = self.kind(series, []) if series else "meeting"
        if not kind.endswith("meeting"):
            kind = f"{kind} meeting" if kind in ("ministerial", "vice-ministerial") else kind
        parts = [ordinal_label(ordinal) if ordinal else "", name or "", kind]
        occasion = " ".join(p for p in parts if p)
        return f"{label} issued after the {occasion} (untitled in this body)"

    def agreements(self) -> list[dict]:
        found: list[dict] = []

        def add(title, kind):
            if not any(a["kind"] == kind for a in found):
                found.append({"title": title.strip(), "kind": kind})

        title = self.title or ""
        for pattern, kind in self.AGREEMENT_KINDS[:3]:
            if re.match(rf"^(?:{pattern})\b", title, re.I):
                add(title, kind)
        for sentence in self.head_sentences:
            if FUTURE_CUE.search(sentence) and not re.search(
                r"issued|signed|released|adopted", sentence
            ):
                continue
            for pattern, kind in self.AGREEMENT_KINDS:
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
                if kind == "memorandum of cooperation" and self.language == "ja":
                    ja = re.search(r"「?([^\s、。「」]{0,40}協力覚書)」?(の改訂)?", sentence)
                    add((ja.group(1) + (ja.group(2) or "")) if ja else "協力覚書", kind)
                    continue
                written = match.group(0)
                if kind == "joint press release" and not re.search(r"Joint Press Release", written):
                    add(self.untitled_document("Joint press release"), kind)
                else:
                    add(written[:1].upper() + written[1:], kind)
            quoted = re.search(
                r"[“\"]((?:[A-Z][^”\"]{0,200}?)?Agreement\b[^”\"]{0,200})[”\"]", sentence
            )
            if quoted and re.search(r"\bsign(?:ed|ing|s)?\b", sentence, re.I):
                add(quoted.group(1), "agreement")
        return found

    # All of it -----------------------------------------------------------------------------------

    def run(self) -> dict:
        proposal = empty_proposal(self.language)
        if not self.release.text.strip():
            return proposal
        participants = self.participants()
        series, _known = self.series()
        self.fill_in_countries(participants, series)
        ordinal = self.ordinal() if series else None
        city, venue_country = self.city()
        countries = {p.country for p in participants if p.country}
        for text in filter(None, [series, self.title]):
            countries |= self.pair_countries(text)
        if len(countries) < 2:
            for sentence in self.sentences[:3]:
                countries |= self.pair_countries(sentence)
        meeting_date = self.meeting_date()
        proposal.update(
            {
                "title": self.title,
                "published_on": self.layout.published_on.isoformat()
                if self.layout.published_on
                else None,
                "meeting_date": meeting_date.isoformat() if meeting_date else None,
                "city": city,
                "venue_country": venue_country,
                "countries": sorted(countries),
                "participants": [
                    {
                        "name": p.name,
                        "family_name": p.family_name,
                        "title": p.title,
                        "country": p.country,
                    }
                    for p in participants
                ],
                "series": series,
                "ordinal": ordinal,
                "kind": self.kind(series, participants) if (participants or series) else None,
                "minerals": self.minerals(),
                "topics": self.topics(),
                "agreements": self.agreements(),
                "division": self.release.division,
            }
        )
        return proposal

    def fill_in_countries(self, participants: list[Participant], series: str | None) -> None:
        """In a bilateral text, a participant of unknown government belongs to the other side."""
        unknown = [p for p in participants if not p.country]
        if not unknown:
            return
        known = {p.country for p in participants if p.country}
        pair = set()
        for text in filter(None, [series, self.title, *self.sentences[:3]]):
            pair |= self.pair_countries(text)
        others = pair - known
        if len(others) == 1:
            for participant in unknown:
                participant.country = next(iter(others))

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
            for match in re.finditer(r"日(米|EU|豪|韓|チリ|印|英|加|独|仏)", text):
                code = {
                    "米": "US",
                    "EU": "EU",
                    "豪": "AU",
                    "韓": "KR",
                    "チリ": "CL",
                    "印": "IN",
                    "英": "GB",
                    "加": "CA",
                    "独": "DE",
                    "仏": "FR",
                }[match.group(1)]
                found |= {"JP", code}
        return found


def ascii_shadow(text: str) -> str:
    """The same text with accents dropped character by character (the length is kept)."""
    return "".join(
        (unicodedata.normalize("NFKD", ch)[0] if ord(ch) > 127 and ch.isalpha() else ch)
        for ch in text
    )


def series_overlap(a: str, b: str) -> bool:
    stop = {"the", "of", "and", "meeting", "us", "japan", "eu"}
    ta = set(fold(a).split()) - stop
    tb = set(fold(b).split()) - stop
    return bool(ta) and len(ta & tb) / max(len(ta), len(tb)) >= 0.6


KATAKANA_ROMAJI = {
    "ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o", "カ": "ka", "キ": "ki", "ク": "ku",
    "ケ": "ke", "コ": "ko", "サ": "sa", "シ": "shi", "ス": "su", "セ": "se", "ソ": "so",
    "タ": "ta", "チ": "chi", "ツ": "tsu", "テ": "te", "ト": "to", "ナ": "na", "ニ": "ni",
    "ヌ": "nu", "ネ": "ne", "ノ": "no", "ハ": "ha", "ヒ": "hi", "フ": "fu", "ヘ": "he",
    "ホ": "ho", "マ": "ma", "ミ": "mi", "ム": "mu", "メ": "me", "モ": "mo", "ヤ": "ya",
    "ユ": "yu", "ヨ": "yo", "ラ": "ra", "リ": "ri", "ル": "ru", "レ": "re", "ロ": "ro",
    "ワ": "wa", "ヲ": "o", "ン": "n", "ガ": "ga", "ギ": "gi", "グ": "gu", "ゲ": "ge", "ゴ": "go",
    "ザ": "za", "ジ": "ji", "ズ": "zu", "ゼ": "ze", "ゾ": "zo", "ダ": "da", "ヂ": "ji",
    "ヅ": "zu", "デ": "de", "ド": "do", "バ": "ba", "ビ": "bi", "ブ": "bu", "ベ": "be",
    "ボ": "bo", "パ": "pa", "ピ": "pi", "プ": "pu", "ペ": "pe", "ポ": "po", "ヴ": "v",
    "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o", "ャ": "ya", "ュ": "yu", "ョ": "yo",
    "ッ": "", "ー": "", "・": " ",
}  # fmt: skip


def romanise_katakana(text: str) -> str | None:
    """A rough Hepburn reading of a foreign name in katakana, for names the gazetteer lacks."""
    if not text or not re.fullmatch(r"[ァ-ヴー・]+", text):
        return None
    return "".join(KATAKANA_ROMAJI.get(ch, "") for ch in text).title() or None


def extract_fields(release: Release, gazetteer: Gazetteer) -> dict:
    """The contract's JSON object for one release (an empty proposal when nothing is found)."""
    return Extractor(release, gazetteer).run()
