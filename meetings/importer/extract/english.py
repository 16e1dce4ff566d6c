"""English rules: names and offices as English releases write them, the venue, the round."""

from __future__ import annotations

import re
import unicodedata

from meetings.importer.extract.patterns import (
    FUTURE_CUE,
    HONORIFIC,
    MEETING_CUE,
    NAME_RUN,
    NAME_STOPWORDS,
    OFFICE_HEAD,
    OFFICE_LOWER_WORDS,
    SIDE_EVENT,
    STYLE,
    SURNAME_AFTER_OFFICE,
    VIRTUAL_CUE,
)
from meetings.importer.extract.people import (
    Participant,
    PersonMention,
    best_title,
    guess_country_from_name,
    order_name,
    takes_part,
)
from meetings.importer.gazetteer import US_STATES, fold, strip_accents
from meetings.importer.wordlists import word_list

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
# Governments whose officials' names English releases write family name first.
FAMILY_FIRST_COUNTRIES = {"CN", "VN", "TW", "HK", "MO", "SG"}
FAMILY_FIRST_NAMES = frozenset(n.casefold() for n in word_list("family_first_names"))
FUTURE_VISIT = re.compile(
    r"\b(?:will|plans? to|to be|would|upcoming|next|forthcoming)\b[^.]{0,20}visit"
)
MONTH_NAMES = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s*$"
)


# --- Place and round ------------------------------------------------------------------------------


def english_city(ctx) -> tuple[str | None, str | None]:
    """'held in Tokyo', 'in Detroit, Michigan', 'in Arequipa, Peru'; else a trip's city headings."""
    cities = sorted(ctx.gazetteer.cities, key=len, reverse=True)
    alternation = "|".join(re.escape(c) for c in cities)
    states = "|".join(US_STATES)
    pattern = re.compile(
        rf"\b(?:[Ii]n|at)\s+(?P<city>{alternation})(?P<state>,\s+(?:{states}))?(?!\w)"
    )
    for sentence in ctx.head_sentences:
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
            return CITY_SPELLINGS.get(city, city), ctx.gazetteer.cities.get(match["city"])
        # A city the gazetteer lacks, placed by its country: "in Arequipa, Peru".
        for match in re.finditer(
            rf"\b(?:in|at)\s+(?P<city>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?),\s+"
            rf"(?P<country>{ctx.country_alternation()})(?![\w])",
            sentence,
        ):
            code = ctx.gazetteer.country_words.get(match["country"])
            if code and match["city"] not in ctx.gazetteer.country_words:
                return match["city"], code
    if ctx.is_visit():
        for line in ctx.layout.body:
            heading = re.match(r"^\d+\.\s*(.+?)\s*$", line)
            if heading and heading.group(1) in ctx.gazetteer.cities:
                return heading.group(1), ctx.gazetteer.cities[heading.group(1)]
    return visited_place(ctx, pattern)


# "Washington D.C." and "Washington, DC" are one city: the archive writes it one way.
CITY_SPELLINGS = {
    "Washington D.C.": "Washington, D.C.",
    "Washington, DC": "Washington, D.C.",
    "Washington DC": "Washington, D.C.",
}
# Where the visitor is: "…, who is visiting Hanoi, held…", "visited Riyadh", "is on a working
# visit to Japan".
VISITED = re.compile(
    r"(?:\bwho\s+(?:is|was|were|are)\s+(?:currently\s+)?visiting|\bvisited|"
    r"\bon an? (?:\w+ )?visit to)\s+(?:the\s+)?"
)


def visited_place(ctx, pattern) -> tuple[str | None, str | None]:
    """Where the release's visitor went, when the lead says so and names one destination: the city
    when it is named ("who is visiting Hanoi, Viet Nam"), else only the country ("who is visiting
    Japan"). A trip to several places names no single venue."""
    countries = ctx.country_alternation()
    for sentence in ctx.head_sentences[:4]:
        if VIRTUAL_CUE.search(sentence) or FUTURE_VISIT.search(sentence):
            continue
        for cue in VISITED.finditer(sentence):
            rest = sentence[cue.end() :]
            destination = re.split(
                r"\s+(?:to|for|on|from|where)\s+|\s+and\s+(?:met|held|had|attended|took)\b|"
                r",\s+(?:held|met|had)\b|[;:(]",
                rest,
            )[0]
            named = re.findall(rf"(?<![\w])(?:{countries})(?![\w])", destination)
            if len({ctx.gazetteer.country_words.get(w) for w in named}) > 1:
                continue  # several destinations
            city = pattern.match("in " + rest)
            if city:
                name = city["city"] + (city["state"] or "")
                return CITY_SPELLINGS.get(name, name), ctx.gazetteer.cities.get(city["city"])
            country = re.match(rf"(?:{countries})(?![\w])", rest)
            if country:
                return None, ctx.gazetteer.country_words.get(country.group(0))
    return None, None


def english_ordinal(ctx) -> int | None:
    """'4th', 'fourth', 'inaugural' before a meeting word; not dates, anniversaries or plans."""
    for index, sentence in enumerate(ctx.head_sentences):
        is_headline = index == 0 and ctx.title is not None
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


# --- People ---------------------------------------------------------------------------------------


def english_participants(ctx) -> list[Participant]:
    """Officials named with an office, a style or as people the archive knows; who took part."""
    mentions = english_mentions(ctx)
    if ctx.layout.bylines and re.search(
        r"\b(?:I|We)\s+(?:\w+\s+)?(?:met|meet|held|hosted|welcomed|co-chaired|spoke|joined|signed)\b",
        ctx.body_text,
    ):
        # "Today I met …": the minister who issues the release took part.
        for name, office in ctx.layout.bylines:
            mentions.append(
                PersonMention(
                    name_tokens=name.split(),
                    office=office,
                    country=ctx.country_in(office) or ctx.office_country(office),
                    position=0,
                    sentence=office,
                )
            )
    surnames = {m.name_tokens[0].casefold() for m in mentions if m.surname_only}
    people: dict[str, Participant] = {}
    for mention in sorted(mentions, key=lambda m: m.position):
        if mention.surname_only:
            continue
        if mention.known is None and re.search(r"\b(?:of|for|on)$", (mention.office or "").strip()):
            continue  # "Minister for Digital Transformation": the words after the office are its field
        name, family = order_name(mention.name_tokens, surnames, mention.known)
        words = [t for t in mention.name_tokens if not re.fullmatch(r"(?:[A-Z]\.)+", t)]
        if (
            mention.known is None
            and mention.country in FAMILY_FIRST_COUNTRIES
            and len(words) >= 2
            and words[0].casefold() in FAMILY_FIRST_NAMES
            and words[-1].casefold() not in FAMILY_FIRST_NAMES
        ):
            # "Tran Tuan Anh", "Zhong Shan": Vietnamese and Chinese names are written family first.
            name, family = " ".join([*words[1:], words[0]]), words[0]
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
        person.country = person.country or ctx.country_in(mention.office or "") or None
        person.mentions.append(mention.sentence)
    for person in people.values():
        person.offices = [o for o in person.offices if o]
        if person.country is None:
            for office in person.offices:
                person.country = ctx.office_country(office)
                if person.country:
                    break
        if person.country is None:
            known = next(
                (
                    p
                    for p in ctx.gazetteer.people
                    if fold(p.family_name) == fold(person.family_name)
                ),
                None,
            )
            person.country = (known.country if known else None) or guess_country_from_name(
                person.family_name, person.name
            )
        person.title = best_title(person.offices)
    chosen = [p for p in people.values() if takes_part(p)]
    return sorted(chosen, key=lambda p: p.position)


def english_mentions(ctx) -> list[PersonMention]:
    mentions: list[PersonMention] = []
    offset = 0
    for sentence in ctx.head_sentences:
        offset += 1
        # Matched on an accent-free copy of the same length, so "Maroš Šefčovič" is a name.
        shadow = ascii_shadow(sentence)
        for run in NAME_RUN.finditer(shadow):
            for tokens, start, end in split_run(ctx, sentence, run):
                joined = " ".join(tokens)
                if joined in ctx.gazetteer.country_words or joined in ctx.gazetteer.cities:
                    continue  # "Viet Nam", "Da Nang": a place, not a person
                mention = person_in_context(ctx, sentence, tokens, start, end)
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
            if ctx.gazetteer.country_words.get(surname) or surname in ctx.gazetteer.cities:
                continue
            office = office_before(ctx, sentence, match.start("surname"))
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


def split_run(ctx, sentence: str, run: re.Match):
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
            or bare in ctx.gazetteer.country_words
            or bare in ctx.gazetteer.organizations
            or bare in ctx.gazetteer.cities
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
        if len(real_words) == 3 and real_words[0].casefold() in FAMILY_FIRST_NAMES:
            pass  # "Tran Tuan Anh", "Gan Kim Yong": a whole name written family first
        elif len(real_words) >= 3:
            # "Minister for Economic Revitalization Akazawa Ryosei": office words run into the
            # name. A known person's spelling decides; otherwise the name is the last two words.
            part = name_suffix(ctx, part)
            words = [p[0] for p in part]
        yield words, part[0][1], part[-1][2]


def name_suffix(ctx, part: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    for start in range(len(part) - 1):
        if ctx.known_person([p[0] for p in part[start:]]):
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


def office_before(ctx, sentence: str, start: int) -> str:
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


def office_after(ctx, sentence: str, end: int) -> str:
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
    return cut_at_next_name(ctx, office).strip(" ,")


def cut_at_next_name(ctx, office: str) -> str:
    """'State Minister of Economy, Trade and Industry Suzuki Takeshi and …' after another person's
    name: the office ends where the next person's name (two name-like words) begins."""
    words = list(re.finditer(r"[^\s,]+", office))
    for first, second in zip(words, words[1:], strict=False):
        pair = (first.group(0), second.group(0))
        if (
            all(
                re.fullmatch(r"[A-Z][a-z]+(?:-[A-Za-z]+)?", w)
                and w not in NAME_STOPWORDS
                and w not in ctx.gazetteer.country_words
                and w not in ctx.gazetteer.cities
                for w in pair
            )
            and office[first.end() : second.start()] == " "
        ):
            if (
                " ".join(pair) in ctx.gazetteer.country_words
                or " ".join(pair) in ctx.gazetteer.cities
            ):
                continue  # "of Viet Nam", "of Saudi Arabia"
            if any(w.startswith(" ".join(pair) + " ") for w in ctx.gazetteer.country_words):
                continue  # "of Papua New Guinea", "of the United Arab Emirates"
            return office[: first.start()]
    return office


def person_in_context(ctx, sentence, tokens, start, end) -> PersonMention | None:
    left = sentence[:start]
    known = ctx.known_person(tokens)
    office = office_before(ctx, sentence, start)
    after = office_after(ctx, sentence, end)
    honorific = re.search(rf"(?:^|\s|\(){HONORIFIC}\s*(?:Mr\.?\s*|Ms\.?\s*)?$", left)
    if not (office or after or known or honorific):
        return None
    if after and re.match(
        rf"^{OFFICE_HEAD}\s+[A-Z][\w’'-]+\s+(?!(?:of|for|and|to|on|in|at|the)\b)[a-z]", after
    ):
        after = ""  # "…Todd McClay, Ambassador Tai reviewed …": the next clause, not an office
    office_text = after if after and (not office or len(after) > len(office)) else office
    country = None
    if known and known.country:
        country = known.country
    if country is None and office:
        country = ctx.country_in(office)
        if country is None:
            words_before = left[: len(left) - len(office)].rstrip()
            tail = re.search(r"([A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})(?:’s|'s)?\s*$", words_before)
            if tail:
                country = ctx.country_in(tail.group(1))
    if country is None and after:
        country = ctx.country_in(after)
    if country is None and office_text:
        country = ctx.office_country(office_text)
    return PersonMention(
        name_tokens=tokens,
        office=office_text,
        country=country,
        position=start,
        sentence=sentence,
        known=known,
    )


def ascii_shadow(text: str) -> str:
    """The same text with accents dropped character by character (the length is kept)."""
    return "".join(
        (unicodedata.normalize("NFKD", ch)[0] if ord(ch) > 127 and ch.isalpha() else ch)
        for ch in text
    )
