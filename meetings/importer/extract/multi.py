"""Every bilateral meeting a release reports: the contract's `meetings` list.

A trip report, a round-up of telephone talks or a readout of side-meetings at a G20 or APEC gathering
reports several bilateral meetings. The release is read as units: each sentence of the body, each
sub-heading ("(2) Meeting with Minister of Trade of Indonesia (September 21)") and each item of a list
that a lead-in introduces ("held bilateral meetings with the following ministers:"). A unit reports a
bilateral meeting when it says so ("met with", "a meeting with", "telephone talk with", "bilateral",
"hosted", 会談) and names at least one official of another government or of an international
organisation. Multilateral sessions and summits a minister merely attended, co-chaired or joined carry
no such cue, so they give no meeting; nor do meetings recalled from the past ("recalled", "had met",
前回, a date weeks before the release) or announced for the future.

The counterparts of one unit are grouped by government (or organisation): one meeting each. A later
unit naming the same counterpart again adds to that meeting instead of starting another. The
release's own side (the government of its first participant) is added to every meeting.

Fewer than two meetings found: the list holds one element, the top-level meeting's own fields.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import re

from meetings.importer.dates import find_dates
from meetings.importer.extract.english import english_city, english_participants
from meetings.importer.extract.japanese import japanese_city, japanese_participants
from meetings.importer.extract.layout import split_sentences
from meetings.importer.extract.patterns import VIRTUAL_CUE
from meetings.importer.extract.people import Participant
from meetings.importer.gazetteer import fold, strip_accents
from meetings.importer.wordlists import table

# The per-meeting keys of DESIGN.md's contract, plus the organisations counterpart (docs/importer.md).
MEETING_KEYS = [
    "meeting_date",
    "city",
    "venue_country",
    "countries",
    "participants",
    "kind",
    "series",
    "ordinal",
    "topics",
    "minerals",
    "agreements",
    "organizations",
]
# International organisations whose heads are counterparts in their own right: acronym → names.
INTERNATIONAL_ORGANIZATIONS: dict[str, list[str]] = table("international_organizations")
# Their heads by family name, recognised without the office ("DG Okonjo-Iweala").
ORGANIZATION_HEADS: dict[str, str] = {
    fold(family): acronym for family, acronym in table("organization_heads").items()
}

BILATERAL_CUE = re.compile(
    r"\b(?:met|meets|meet|meeting|meetings|talks?|call|calls|conversation|spoke|speaks)\s+"
    r"(?:(?:separately|individually|also|bilaterally|virtually|online|by (?:tele)?phone)\s+)?"
    r"(?:with|to)\b"
    r"|\bbilateral(?:ly)?\b|\bcourtesy call\b|\bpaid a call on\b|\bmet\b"
    r"|\bmeets?\s+(?:(?:the|his|her)\s+)?(?:[A-Z]|counterparts?\b)"
    r"|\bheld\s+(?:an?\s+)?(?:\w+\s+){0,2}(?:meeting|talks?|call|conversation)\b"
    r"|\b(?:hosted|received|welcomed)\s+(?:(?:the\s+)?(?:Hon|Honou?rable|H\.\s?E\.|HE|Mr|Ms|Dr|his|"
    r"her)\b|[A-Z][a-z]+(?:'s|’s)?\s+(?:[A-Z]|Minister|Secretary))"
    r"|(?<!首脳)会談|面会|電話会談|テレビ会議|表敬|会見",
)
# A session the minister co-chaired or a summit beside the leaders is not a bilateral meeting even
# when it is "with" someone ("co-chaired the meeting with …", 首脳会談に同席).
MULTILATERAL_ROLE = re.compile(
    r"\bco-?chair(?:s|ed|ing)?\b|\baccompan(?:ied|ying|ies)\b|\bsat in on\b|\btrilateral\b|"
    r"\bquadrilateral\b|\bplurilateral\b|同席|陪席|共同議長|三か国|3か国|日米韓|日米豪|日米比",
    re.IGNORECASE,
)
# A heading naming a pair's meeting ("(1) Japan-Chile Ministerial Meeting", 日・チリ経済大臣会談) is
# the cue for the paragraph under it; a leaders' summit is not the minister's meeting.
PAIR_MEETING = re.compile(
    r"\b(?:Meeting|Talks|Dialogue|Consultations?|Telephone Talk|Video Conference)\b|会談|対話",
    re.IGNORECASE,
)
# An office of a government, not of an organisation (a former head now a minister).
OFFICE_GOVERNMENT = re.compile(r"\bMinister\b|\bSecretary of\b|大臣", re.IGNORECASE)
SUMMIT = re.compile(r"\bSummit\b|\bLeaders\b|首脳", re.IGNORECASE)
SEPARATELY = re.compile(
    r"\bseparate(?:ly)?\b|\bindividual(?:ly)?\b|\brespectively\b|それぞれ|個別", re.I
)
NEXT_DAY = re.compile(r"\b(?:the )?(?:following|next) day\b|翌日", re.IGNORECASE)
PAST_CUE = re.compile(
    r"\b(?:recalled|recalling|last met|had (?:already |previously )?(?:met|held|spoken|talked)|"
    r"previously (?:met|held|spoke)|in the previous|when (?:they|the two) last)\b|前回|先般の|以前|"
    r"昨年\d*月?[^。]{0,10}(?:会談|訪問|会合|電話)",
    re.IGNORECASE,
)
PLANNED_CUE = re.compile(
    r"\b(?:will|is to|are to|plans? to|planned|is scheduled to|are scheduled to|is expected to|"
    r"intends? to)\s+(?:\w+\s+)?(?:meet|hold|visit|travel|have|speak|call)\b|予定",
    re.IGNORECASE,
)
LIST_ITEM = re.compile(r"^(?:[-•・*●○◆■]\s*|[(（]?\d{1,2}[)）.．]\s*|[a-z][).]\s+)")
SECTION_HEADING = re.compile(r"^\d{1,2}[.．]\s*(?P<text>.+?)\s*$")
LEAD_IN_END = re.compile(r"(?::|：|as follows\.?|the following\.?|以下の[^。]*。)\s*$")
PAST_DAYS = 20  # a unit dated this many days or more before the release reports a past meeting


@dataclasses.dataclass
class Unit:
    text: str
    date: datetime.date | None  # its own date, else the one in force where it stands
    explicit_date: bool
    city: tuple[str | None, str | None]
    context: str  # the heading or lead-in it stands under
    block: int  # units of one paragraph, or under one sub-heading, share it


@dataclasses.dataclass
class Meeting:
    side: str
    date: datetime.date | None
    city: tuple[str | None, str | None]
    people: list[Participant]
    texts: list[str]

    def families(self) -> set[str]:
        return {family_key(p) for p in self.people}


def family_key(person: Participant) -> str:
    return strip_accents(person.family_name).casefold()


# --- Reading the release as units -----------------------------------------------------------------


def resolve(ctx, text: str, fallback_year: int | None) -> datetime.date | None:
    published = ctx.layout.published_on
    for found in find_dates(text):
        if re.search(r"\b(?:since|until|by|before|after|through)\s*$", text[: found.start], re.I):
            continue
        year = found.year
        if year is None and fallback_year is not None:
            year = fallback_year
            if published and found.month > published.month + 1:
                year -= 1
        if year is None:
            return None
        return found.resolve(year)
    return None


def read_units(ctx) -> list[Unit]:
    published = ctx.layout.published_on
    fallback_year = published.year if published else None
    if fallback_year is None:
        fallback_year = next((d.year for d in find_dates(ctx.body_text) if d.year), None)
    units: list[Unit] = []
    section_city: tuple[str | None, str | None] = (None, None)
    opening_city: tuple[str | None, str | None] = (None, None)
    heading, heading_date = "", None
    lead_in, lead_in_date = "", None
    block = heading_block = 0
    for index, line in enumerate(ctx.body_text.split("\n")):
        line = line.strip()
        if not line:
            continue
        section = SECTION_HEADING.match(line)
        if section and not re.search(r"[.。]$", line):
            city = city_named(ctx, section["text"])
            if city[0]:
                section_city, heading, heading_date, lead_in = city, "", None, ""
                heading_block = 0
                continue
        block += 1
        is_item = bool(LIST_ITEM.match(line)) and not re.search(r"[.。]$", line)
        line_date = resolve(ctx, line, fallback_year)
        if is_item and not lead_in:
            heading, heading_date, heading_block = line, line_date, block
        elif not is_item:
            lead_in = ""
        context = " ".join(filter(None, [lead_in, heading if not lead_in else ""]))
        date_in_force = heading_date or lead_in_date
        city_in_force = section_city if section_city[0] else opening_city
        paragraph_date = None
        for sentence in split_sentences(line):
            own = resolve(ctx, sentence, fallback_year)
            paragraph_date = own or paragraph_date
            units.append(
                Unit(
                    text=sentence,
                    date=own or paragraph_date or date_in_force,
                    explicit_date=own is not None,
                    city=city_in_force,
                    context=context,
                    block=block if is_item or not heading_block else heading_block,
                )
            )
        if not is_item and LEAD_IN_END.search(line) and BILATERAL_CUE.search(line):
            lead_in, lead_in_date = line, line_date
        if index == 0 or (not units[:-1] and not is_item):
            found = place_of(ctx, line)
            if found[0] and not section_city[0]:
                opening_city = found
    return units


def city_named(ctx, text: str) -> tuple[str | None, str | None]:
    """A section heading that is a city ("1. Washington D.C.", "2．ジャカルタ")."""
    from meetings.importer.gazetteer import JAPANESE_CITIES

    text = re.sub(r"\s*[(（].*$", "", text).strip()
    if text in ctx.gazetteer.cities:
        return text, ctx.gazetteer.cities[text]
    if text in JAPANESE_CITIES:
        city = JAPANESE_CITIES[text]
        return city, ctx.gazetteer.cities.get(city)
    return None, None


def place_of(ctx, text: str) -> tuple[str | None, str | None]:
    sub = sub_context(ctx, split_sentences(text))
    return japanese_city(sub) if ctx.language == "ja" else english_city(sub)


def sub_context(ctx, texts: list[str]):
    """The release context narrowed to some sentences: the field extractors read only them."""
    sub = copy.copy(ctx)
    for key in ("series_match", "participants", "place"):
        sub.__dict__.pop(key, None)
    sub.title = None
    sub.sentences = list(texts)
    sub.head_sentences = list(texts)
    sub.body_text = "\n".join(texts)
    sub.layout = dataclasses.replace(ctx.layout, title=None, body=list(texts))
    sub.is_visit = lambda: False
    return sub


# --- Who met whom ---------------------------------------------------------------------------------


def organization_of(ctx, person: Participant) -> str | None:
    """The international organisation a participant's office names (WTO, OECD, IEA …)."""
    texts = [*person.offices, person.title]
    if fold(person.family_name) in ORGANIZATION_HEADS and not any(
        OFFICE_GOVERNMENT.search(text or "") for text in texts
    ):
        return ORGANIZATION_HEADS[fold(person.family_name)]
    for acronym, names in INTERNATIONAL_ORGANIZATIONS.items():
        for text in texts:
            if not text:
                continue
            if re.search(rf"(?<![\w]){re.escape(acronym)}(?![\w])", text):
                return acronym
            if any(fold(name) in fold(text) for name in names):
                return acronym
    return None


def read_people(ctx, texts: list[str]) -> list[Participant]:
    sub = sub_context(ctx, texts)
    reader = japanese_participants if ctx.language == "ja" else english_participants
    people = reader(sub)
    for person in people:
        person.organization = organization_of(ctx, person)
        if person.organization:
            person.country = None
        elif person.country is None:
            known = next(
                (
                    p
                    for p in ctx.gazetteer.people
                    if p.country and fold(p.family_name) == fold(person.family_name)
                ),
                None,
            )
            if known:
                person.country = known.country
    return people


def side_of(person: Participant) -> str | None:
    return person.organization or person.country


def home_side(ctx) -> str | None:
    """The release's own government: its first participant's (an organisation's for its own)."""
    for person in ctx.participants:
        org = organization_of(ctx, person)
        if org or person.country:
            return org or person.country
    return None


def is_past(ctx, unit: Unit) -> bool:
    if PAST_CUE.search(unit.text):
        return True
    published = ctx.layout.published_on
    if unit.explicit_date and unit.date and published:
        return (published - unit.date).days >= PAST_DAYS
    if published and re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", unit.text):
        years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", unit.text)]
        return all(year < published.year for year in years)
    return False


def find_meetings_in(ctx) -> list[Meeting]:
    home = home_side(ctx)
    known = {family_key(p): p for p in ctx.participants}
    principal = [p for p in ctx.participants if side_of(p) == home][:1]
    meetings: list[Meeting] = []
    planned_units: list[Unit] = []
    last_date = None
    current: tuple[int, list[Meeting]] = (-1, [])  # the block and the meetings it reported
    # The other government, when the release as a whole names exactly two.
    others = set((getattr(ctx, "proposal", None) or {}).get("countries") or []) - {home}
    release_partner = next(iter(others)) if len(others) == 1 else None

    def take(unit: Unit) -> None:
        nonlocal current
        people = read_people(ctx, [unit.text])
        pair = pair_partner(ctx, unit.context, home)
        for person in people:
            if side_of(person) is None:
                # "Minister Champagne" under "(3) Japan-Canada Trade Ministers' Meeting"; the
                # Secretary of Energy in a report of a visit to the United States.
                person.country = pair or partner_in(ctx, unit.text, home) or release_partner
        own_side = [fuller(p, known) for p in people if side_of(p) == home]
        counterparts = [fuller(p, known) for p in people if side_of(p) and side_of(p) != home]
        cue = BILATERAL_CUE.search(unit.text) or BILATERAL_CUE.search(unit.context)
        if not cue and pair and PAIR_MEETING.search(unit.context):
            cue = not SUMMIT.search(unit.context)
        if MULTILATERAL_ROLE.search(unit.text) and not re.search(r"\bbilateral", unit.text, re.I):
            cue = None
        if not cue or not counterparts:
            # "The two ministers discussed …": more about the meeting(s) just reported.
            if current[0] == unit.block and current[1]:
                named = {family_key(p) for p in counterparts}
                for meeting in current[1]:
                    if not named or named & meeting.families():
                        meeting.texts.append(unit.text)
            return
        groups: dict[str, list[Participant]] = {}
        one_each = (home or "") in INTERNATIONAL_ORGANIZATIONS or SEPARATELY.search(unit.text)
        for person in counterparts:
            # An organisation's head visiting a country, or "met separately with": one meeting
            # per counterpart; otherwise one per government ("met A and B of Indonesia").
            key = f"{side_of(person)} {family_key(person)}" if one_each else side_of(person)
            groups.setdefault(key, []).append(person)
        reported = []
        for group in groups.values():
            reported.append(add_to_meetings(meetings, unit, group, own_side or principal))
        current = (unit.block, reported)

    for unit in read_units(ctx):
        if is_past(ctx, unit):
            continue
        if unit.date is None and last_date is not None:
            unit.date = last_date
            if NEXT_DAY.search(unit.text):
                unit.date = last_date + datetime.timedelta(days=1)
        if PLANNED_CUE.search(unit.text):
            planned_units.append(unit)
            continue
        last_date = unit.date or last_date
        take(unit)
    if not meetings and len(planned_units) >= 2:
        # A release only announcing a visit ("will meet A, B and C") reports those meetings.
        current = (-1, [])
        for unit in planned_units:
            take(unit)
    return meetings


def add_to_meetings(meetings, unit: Unit, group: list[Participant], own_side) -> Meeting:
    """The meeting a unit reports with these counterparts: one already listed, or a new one."""
    side = side_of(group[0])
    families = {family_key(p) for p in group}
    meeting = next(
        (
            m
            for m in meetings
            if m.side == side
            and families & m.families()
            and (m.date is None or unit.date is None or m.date == unit.date)
        ),
        None,
    )
    if meeting is None:
        meeting = Meeting(side, unit.date, unit.city, [], [])
        meetings.append(meeting)
    meeting.date = meeting.date or unit.date
    for person in [*own_side, *group]:
        if family_key(person) not in meeting.families():
            meeting.people.append(person)
    if unit.context and unit.context not in meeting.texts:
        meeting.texts.append(unit.context)
    meeting.texts.append(unit.text)
    return meeting


def pair_partner(ctx, text: str, home: str | None) -> str | None:
    """The other government of a pair a heading names ("Japan-Chile …", 日・チリ…), if one."""
    if not text or home is None:
        return None
    found = set(ctx.pair_countries(text))
    if ctx.language == "ja":
        for word, code in sorted(ctx.gazetteer.country_words.items(), key=lambda kv: -len(kv[0])):
            pattern = rf"日[・･]?{re.escape(word)}"
            if re.search(pattern, text):  # the longest name first: インドネシア, not インド
                found |= {"JP", code}
                text = re.sub(pattern, " ", text)
    others = found - {home}
    return next(iter(others)) if len(others) == 1 and home in found else None


def partner_in(ctx, text: str, home: str | None) -> str | None:
    """The one government other than the release's own that a unit names, if only one."""
    country = ctx.country_in(text)
    return country if country and country != home else None


def fuller(person: Participant, known: dict[str, Participant]) -> Participant:
    """The same person as the release's participants list has them (full name and office)."""
    other = known.get(family_key(person))
    if other is None or side_of(other) not in (None, side_of(person)):
        return person
    if len(other.name) >= len(person.name) and len(other.title) >= len(person.title):
        fuller_copy = copy.copy(other)
        fuller_copy.country = other.country or person.country
        fuller_copy.organization = other.organization or person.organization
        return fuller_copy
    return person


# --- The contract's list --------------------------------------------------------------------------


def participant_json(person: Participant) -> dict:
    row = {
        "name": person.name,
        "family_name": person.family_name,
        "title": person.title,
        "country": person.country,
    }
    if person.organization:
        row["organization"] = person.organization
    if person.native_name:
        row["native_name"] = person.native_name
    return row


def meeting_kind(texts: list[str], people: list[Participant]) -> str:
    joined = " ".join(texts)
    if VIRTUAL_CUE.search(joined) and re.search(
        r"call|video|telephone|phone|talk|電話|テレビ|ビデオ|オンライン", joined, re.I
    ):
        return "call"
    if re.search(r"vice[- ]ministerial|次官級", joined, re.I):
        return "vice-ministerial meeting"
    offices = " ".join(p.title for p in people)
    if re.search(r"Minister|Secretary|Representative|Commissioner|大臣|長官|代表", offices):
        return "ministerial meeting"
    return "other" if people else "ministerial meeting"


def meeting_json(ctx, meeting: Meeting) -> dict:
    from meetings.importer.extract.agreements import find_agreements
    from meetings.importer.extract.fields import find_minerals, iso, topics_in
    from meetings.importer.extract.series import find_ordinal, find_series

    people = sorted(meeting.people, key=lambda p: p.position)
    sub = sub_context(ctx, meeting.texts)
    city, venue = meeting.city
    own = place_of(ctx, "\n".join(meeting.texts))
    if own[0]:
        city, venue = own
    if VIRTUAL_CUE.search(" ".join(meeting.texts)):
        city, venue = None, None
    series = find_series(sub)[0]
    if series and not re.search(
        re.escape(series) + r"\W*(?:\([^)]*\)\s*)?(?:Ministerial\s+)?(?:Meeting|Dialogue|"
        r"Consultations?|Talks|Session)|(?:round|meeting|session) of (?:the )?" + re.escape(series),
        " ".join(meeting.texts),
        re.I,
    ):
        series = None  # a partnership only mentioned ("reviewed the … Partnership")
    countries = sorted({p.country for p in people if p.country})
    organizations = sorted({p.organization for p in people if p.organization})
    topics = topics_in(ctx, " ".join(meeting.texts))
    return {
        "meeting_date": iso(meeting.date),
        "city": city,
        "venue_country": venue,
        "countries": countries,
        "participants": [participant_json(p) for p in people],
        "kind": meeting_kind(meeting.texts, people),
        "series": series,
        "ordinal": find_ordinal(sub) if series else None,
        "topics": topics,
        "minerals": find_minerals(sub),
        "agreements": find_agreements(sub),
        "organizations": organizations,
    }


def single_meeting(proposal: dict) -> dict:
    """The top-level meeting's own per-meeting fields, as the list's one element."""
    element = {key: copy.deepcopy(proposal.get(key)) for key in MEETING_KEYS[:-1]}
    element["organizations"] = sorted(
        {p["organization"] for p in element["participants"] or [] if p.get("organization")}
    )
    return element


def find_meetings(ctx) -> list[dict]:
    proposal = getattr(ctx, "proposal", None) or {}
    if not proposal.get("participants") and not proposal.get("countries"):
        return []
    meetings = find_meetings_in(ctx)
    if len(meetings) < 2:
        return [single_meeting(proposal)]
    return [meeting_json(ctx, meeting) for meeting in meetings]
