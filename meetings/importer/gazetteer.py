"""What the importer knows about names: the archive's own records, plus a small built-in base list.

The base list lets an import work on an empty database; every person, series, organization, country
alias and mineral alias an editor enters is read here too, so each record makes the next import
better.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from meetings.importer.wordlists import table, word_list

# --- Built-in base lists (data files in meetings/importer/data/, see wordlists.py) ----------------

# Mixed-case "Nishimura Yasutoshi" is read family-first thanks to these.
JAPANESE_FAMILY_NAMES = frozenset(word_list("japanese_family_names"))
JAPANESE_GIVEN_NAMES = frozenset(word_list("japanese_given_names"))
KOREAN_FAMILY_NAMES = frozenset(word_list("korean_family_names"))
# Surnames written in Japanese script → as English releases write them (the archive's people extend it).
JAPANESE_SCRIPT_NAMES: dict[str, str] = table("japanese_script_names")
# Offices that settle a participant's government when the text does not say it: (pattern, code).
OFFICE_COUNTRIES = [tuple(pair) for pair in table("office_countries")]
# Cities where bilateral meetings are held (the archive's capitals extend it): name → country.
CITIES: dict[str, str] = table("cities")
JAPANESE_CITIES: dict[str, str] = table("japanese_cities")
# One-character country abbreviations before an office (独外相): character → code.
JAPANESE_DEMONYMS: dict[str, str] = table("japanese_demonyms")
US_STATES = list(word_list("us_states"))
# Countries releases name in ways django-countries does not: name or demonym → code.
COUNTRY_WORDS: dict[str, str] = table("country_words")
# Ministries by acronym or name, which tell a participant's government.
ORGANIZATION_COUNTRIES: dict[str, str] = table("organization_countries")
# Minerals as Japanese releases write them (the archive's mineral aliases extend this).
MINERAL_ALIASES: dict[str, list[str]] = table("mineral_aliases")
# Recurring formats, so an acronym alone ("JUCIP", "Economic 2+2") is recognised on an empty archive.
SERIES = [tuple(entry) for entry in table("series")]
# Officials of the archive's main partners (2009–2025): (given, family, country, other scripts).
BASE_PEOPLE = [tuple(entry) for entry in table("base_people")]


# --- Normalisation shared by matching and scoring ------------------------------------------------

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
QUOTES = "\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u300c\u300d\u300e\u300f"


def fold(text: str | None) -> str:
    """Compare names: NFKC, case, dashes, quotes, 'U.S.'/'United States', spacing."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = "".join("-" if ch in DASHES else ch for ch in text)
    text = "".join(ch for ch in text if ch not in QUOTES)
    text = text.casefold()
    text = re.sub(
        r"\bunited states of america\b|\bunited states\b|\bu\.s\.a\.?|\bu\.s\.(?=\W|$)|\busa\b",
        "us",
        text,
    )
    text = re.sub(r"\beuropean union\b", "eu", text)
    text = re.sub(r"\s*-\s*", " ", text)
    text = re.sub(r"[^\w+]+", " ", text)
    return " ".join(text.split())


def strip_accents(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


# --- The gazetteer ------------------------------------------------------------------------------


@dataclass
class KnownPerson:
    pk: int | None
    name: str
    family_name: str
    given_name: str
    country: str | None
    spellings: list[str]
    title: str = ""


@dataclass
class KnownSeries:
    pk: int | None
    name: str
    acronym: str
    spellings: list[str]


@dataclass
class Gazetteer:
    people: list[KnownPerson] = field(default_factory=list)
    series: list[KnownSeries] = field(default_factory=list)
    country_words: dict[str, str] = field(default_factory=dict)
    cities: dict[str, str] = field(default_factory=dict)
    minerals: dict[str, list[str]] = field(default_factory=dict)  # name → spellings
    topics: dict[str, list[str]] = field(default_factory=dict)  # slug → keywords
    organizations: dict[str, str] = field(default_factory=dict)  # name/acronym → country
    office_countries: list[tuple[str, str]] = field(default_factory=list)
    script_names: dict[str, str] = field(default_factory=dict)
    # A name in Japanese script (full, or its family part) → the person it names.
    script_people: dict[str, KnownPerson] = field(default_factory=dict)

    def add_script_name(self, script: str, person: KnownPerson) -> None:
        """Index a person's name as Japanese releases write it: katakana given-first
        (ケミ・ベーデノック, its last part the family name), kanji family-first (上川陽子)."""
        script = (script or "").strip()
        if not script or not JAPANESE_SCRIPT.search(script):
            return
        family = person.family_name
        compact = re.sub(r"[\s・･=＝]", "", script)
        for key in dict.fromkeys([script, compact]):
            self.script_names.setdefault(key, family)
            self.script_people.setdefault(key, person)
        parts = [p for p in re.split(r"[\s・･=＝]", script) if p]
        if len(parts) > 1 and re.fullmatch(r"[ァ-ヴー]+", parts[-1]):
            self.script_names.setdefault(parts[-1], family)
            self.script_people.setdefault(parts[-1], person)
        elif re.fullmatch(r"[一-龥々]{3,}", compact):
            # 上川陽子: the surname is the first two (or three) characters.
            for length in (2, 3):
                if length < len(compact):
                    self.script_names.setdefault(compact[:length], family)

    def family_names(self) -> set[str]:
        return {p.family_name.casefold() for p in self.people if p.family_name}


JAPANESE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# Formal names around a country's short name (チリ共和国, ドイツ連邦共和国, タイ王国).
JAPANESE_STATE_SUFFIXES = ("共和国", "連邦共和国", "王国", "連邦")


def japanese_country_words() -> dict[str, str]:
    """Japanese country names from the reference data's maintained catalogue (CLDR names, via
    django-countries): 'アメリカ合衆国', 'ドイツ', '韓国' and '大韓民国' from '韓国(大韓民国)', and
    their formal forms (ドイツ連邦共和国)."""
    from meetings.models.reference import _cldr_japanese_names

    words: dict[str, str] = {}
    for code, name in _cldr_japanese_names().items():
        for part in re.split(r"[()（）]", name):
            part = part.strip()
            if len(part) < 2 or not JAPANESE_SCRIPT.search(part):
                continue
            words.setdefault(part, code)
            if not part.endswith(("国", "連邦")):
                for suffix in JAPANESE_STATE_SUFFIXES:
                    words.setdefault(part + suffix, code)
    return words


def base_gazetteer() -> Gazetteer:
    gazetteer = Gazetteer(
        country_words=dict(COUNTRY_WORDS),
        cities=dict(CITIES),
        minerals={name: [name, *aliases] for name, aliases in MINERAL_ALIASES.items()},
        organizations=dict(ORGANIZATION_COUNTRIES),
        office_countries=list(OFFICE_COUNTRIES),
        script_names=dict(JAPANESE_SCRIPT_NAMES),
    )
    gazetteer.minerals.pop("rare earth", None)
    for word, code in japanese_country_words().items():
        gazetteer.country_words.setdefault(word, code)
    for given, family, country, scripts in BASE_PEOPLE:
        person = KnownPerson(
            pk=None,
            name=f"{given} {family}",
            family_name=family,
            given_name=given,
            country=country,
            spellings=[f"{given} {family}", f"{family} {given}", f"{family.upper()} {given}"],
        )
        gazetteer.people.append(person)
        for script in scripts:
            gazetteer.add_script_name(script, person)
    for name, acronym, alternatives in SERIES:
        gazetteer.series.append(KnownSeries(None, name, acronym, [name, *alternatives]))
    return gazetteer


def load_gazetteer() -> Gazetteer:
    """The base list merged with everything the archive holds (a handful of queries)."""
    from meetings.models import (
        Country,
        CriticalMineral,
        MeetingSeries,
        Membership,
        Organization,
        Person,
        Topic,
    )

    gazetteer = base_gazetteer()
    for country in Country.objects.all():
        for word in [country.name, country.short_name, country.demonym, *country.aliases]:
            if word and len(word) > 1:
                gazetteer.country_words.setdefault(word, country.code)
        if country.capital:
            gazetteer.cities.setdefault(country.capital, country.code)
    minerals = {}
    for mineral in CriticalMineral.objects.all():
        spellings = [mineral.name, *gazetteer.minerals.get(mineral.name, []), *mineral.aliases]
        minerals[mineral.name] = [s for s in spellings if s]
    if minerals:
        gazetteer.minerals = minerals
    gazetteer.topics = {
        topic.slug: [k for k in [topic.name, *topic.keywords] if k] for topic in Topic.objects.all()
    }
    for organization in Organization.objects.exclude(country=None):
        gazetteer.organizations.setdefault(organization.name, organization.country_id)
        if organization.acronym:
            gazetteer.organizations.setdefault(organization.acronym, organization.country_id)
    titles = {}
    for membership in Membership.objects.select_related("organization").order_by(
        "person_id", "-start_date"
    ):
        titles.setdefault(membership.person_id, membership.title)
        if membership.organization.country_id and membership.title:
            gazetteer.office_countries.append(
                (re.escape(membership.title), membership.organization.country_id)
            )
    known_names = set()
    for person in Person.objects.all():
        spellings = person.all_names
        known_names.update(fold(spelling) for spelling in spellings)
        known = KnownPerson(
            pk=person.pk,
            name=person.name,
            family_name=person.family_name or person.name.split()[-1],
            given_name=person.given_name,
            country=person.country_id,
            spellings=spellings,
            title=titles.get(person.pk, ""),
        )
        gazetteer.people.append(known)
        # The native name and any alternative name in Japanese script (齋藤健, ジーナ・レモンド):
        # the archive's own records win over the base list's for the same script.
        for script in [person.native_name, *(person.alternative_names or [])]:
            if isinstance(script, str) and JAPANESE_SCRIPT.search(script):
                gazetteer.script_names.pop(re.sub(r"[\s・･=＝]", "", script), None)
                gazetteer.script_people.pop(re.sub(r"[\s・･=＝]", "", script), None)
                gazetteer.add_script_name(script, known)
    # The archive's own records win over the base list's for the same person.
    gazetteer.people = [
        p for p in gazetteer.people if p.pk is not None or fold(p.name) not in known_names
    ]
    known = {fold(s.name) for s in gazetteer.series}
    for series in MeetingSeries.objects.all():
        spellings = [series.name, *series.alternative_names]
        if series.name_ja:
            spellings.append(series.name_ja)
        entry = KnownSeries(series.pk, series.name, series.acronym, spellings)
        if fold(series.name) in known:
            gazetteer.series = [s for s in gazetteer.series if fold(s.name) != fold(series.name)]
        gazetteer.series.append(entry)
    return gazetteer


HONORIFICS = {
    "sheikh",
    "shaikh",
    "prince",
    "princess",
    "dr",
    "he",
    "mr",
    "ms",
    "mrs",
    "sir",
    "dame",
}


def same_person_name(known: str, written: str) -> bool:
    """Two spellings of one person's name: 'Robert E. Lighthizer' and 'Robert Lighthizer', 'S.
    Jaishankar' and 'Subrahmanyam Jaishankar', 'Teodoro L. Locsin Jr.' and 'Teodoro Locsin Jr.'
    (initials), 'Sheikh Mohammed bin Abdulrahman Al-Thani' (a title), 'Marcelo Luis Ebrard
    Casaubón' and 'Marcelo Ebrard Casaubón' (a middle name one side leaves out): the same first
    and last word, and every other word of the shorter spelling in the longer, in order."""

    def words(name: str) -> list[str]:
        tokens = fold(name).split()
        while len(tokens) > 2 and tokens[0] in HONORIFICS:
            tokens = tokens[1:]
        return tokens

    ours, theirs = words(known), words(written)
    if not ours or not theirs or ours[-1] != theirs[-1]:
        return False

    def fits(a: list[str], b: list[str]) -> bool:
        if not a or not b:
            return all(len(word) == 1 for word in a + b)
        x, y = a[0], b[0]
        if x == y and fits(a[1:], b[1:]):
            return True
        initial = (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))
        if initial and fits(a[1:], b[1:]):
            return True
        return (len(x) == 1 and fits(a[1:], b)) or (len(y) == 1 and fits(a, b[1:]))

    if fits(ours, theirs):
        return True
    short, long = sorted((ours, theirs), key=len)
    if len(short) < 2 or short[0] != long[0]:
        return False
    rest = iter(long[1:])
    return all(word in rest for word in short[1:])
