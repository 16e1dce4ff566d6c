"""Japanese rules: offices fused with names (齋藤経済産業大臣), katakana names, 第N回, 日米."""

from __future__ import annotations

import re

from meetings.importer.dates import kanji_number
from meetings.importer.extract.patterns import (
    FUTURE_CUE,
    JAPANESE_CHAR,
    MEETING_CUE,
    SIDE_EVENT,
    VIRTUAL_CUE,
)
from meetings.importer.extract.people import Participant
from meetings.importer.gazetteer import JAPANESE_CITIES, JAPANESE_DEMONYMS
from meetings.importer.wordlists import table, word_list

# The head of a Japanese office title; the ministry's field stands fused in front of it
# (経済産業大臣), and a Japanese surname is fused in front of that (齋藤経済産業大臣). 相 (外相,
# 経産相) and 部長 (商務部長) count only after a ministry's field.
JA_OFFICE_HEAD = re.compile(
    r"(?:副大臣|大臣政務官|政務官|大臣|副長官|長官|次官|通商代表|大使|事務局長|局長|審議官|"
    r"上級副委員長|副委員長|委員|部長|相)(?![会長互手当談応場違])"
)
NEEDS_A_FIELD = frozenset({"相", "部長"})
# Katakana words that begin an office, not end a name (エネルギー鉱物資源大臣).
KATAKANA_OFFICE_WORDS = frozenset(
    {"エネルギー", "デジタル", "インフラ", "ビジネス", "イノベーション", "エコノミー", "グリーン"}
)
# Words fused in front of an office that are not surnames (両大臣 "both ministers").
NOT_A_SURNAME = frozenset({"両", "各", "同", "本", "前", "元", "現", "新", "副", "担当", "関係"})
# Ministry fields (data/ja_office_fields.txt), longest first.
JA_FIELDS = sorted(word_list("ja_office_fields"), key=len, reverse=True)
# A rough Hepburn reading of katakana (data/katakana_romaji.json).
KATAKANA_ROMAJI: dict[str, str] = table("katakana_romaji")
# Leaders mentioned (a summit the same day) are not this meeting's participants; a deputy
# prime minister who is also a minister (副首相兼経済大臣) is.
LEADER = re.compile(r"(?<!副)(?:総理|首相|大統領|国王|議長|知事|市長)")
# An office held together with the one named (副首相兼…): "…兼" before the field.
COMBINED_OFFICE = re.compile(r"(?:副首相|首相|副大臣|大臣|長官|副大統領)兼$")
LIST_ITEM = re.compile(r"^(?:[・●○]|[（(]\d{1,2}[)）]|\d{1,2}[.．])")
LIST_LEAD_IN = re.compile(r"以下の[^。]*。$|[:：]$")
KATAKANA_NAME = re.compile(r"([ァ-ヴー・･=＝]+)$")
KANJI_RUN = re.compile(r"([一-龥々]+)$")


# Japanese place names, longest first (大阪・堺 before 大阪, ワシントンD.C. before ワシントン).
CITY_SCRIPTS = sorted(JAPANESE_CITIES, key=len, reverse=True)
# What follows the place where a meeting was: 「大阪・堺において」「ジャカルタ（インドネシア）で」.
# A trip's destination alone (「ビエンチャンを訪問し」) is not the meeting's venue, as in English.
AT_PLACE = r"(?:[（(][^）)]{1,20}[）)])?(?:で|において|にて)"


def japanese_city(ctx) -> tuple[str | None, str | None]:
    """「東京において」「訪問先のジャカルタで」; else the numbered city headings of a trip report."""
    for sentence in ctx.head_sentences:
        if not MEETING_CUE.search(sentence) or VIRTUAL_CUE.search(sentence):
            continue
        for script in CITY_SCRIPTS:
            if re.search(r"(?<![ァ-ヴー])" + re.escape(script) + AT_PLACE, sentence):
                city = JAPANESE_CITIES[script]
                return city, ctx.gazetteer.cities.get(city)
    if ctx.is_visit():
        for line in ctx.layout.body:
            heading = re.match(r"^\d+[.．]?\s*(\S+?)\s*$", line)
            if heading and heading.group(1) in JAPANESE_CITIES:
                city = JAPANESE_CITIES[heading.group(1)]
                return city, ctx.gazetteer.cities.get(city)
    return japanese_visited_place(ctx)


# 「ニューヨークを訪問中の」「ロシア連邦（モスクワ）を訪問しました。」: where the visitor is or went
# (a trip reported in a sentence of its own; not 「…を訪問し、…会議に出席しました」).
VISITED_JA = re.compile(r"([^、。，,はがをにで]{1,30}?)(?:を訪問中|に出張中|を訪問しました。?$)")


def japanese_visited_place(ctx) -> tuple[str | None, str | None]:
    """The destination of the release's visitor when the lead names one place: its city when
    named, else the country (not a planned visit, not a trip to several countries)."""
    for sentence in ctx.head_sentences[:4]:
        if VIRTUAL_CUE.search(sentence) or re.search(r"訪問予定|訪問する予定|訪問する際", sentence):
            continue
        for match in VISITED_JA.finditer(sentence):
            place = match.group(1)
            if re.search(r"[・及と]|及び", re.sub(r"[（(][^）)]*[）)]", "", place)):
                continue  # 「フィリピン・タイ・ベトナム」: several destinations
            for script in CITY_SCRIPTS:
                if place.endswith(script) or re.search(re.escape(script) + r"[）)]$", place):
                    city = JAPANESE_CITIES[script]
                    return city, ctx.gazetteer.cities.get(city)
            code = ctx.country_in(place)
            if code:
                return None, code
    return None, None


def japanese_ordinal(ctx) -> int | None:
    """第4回, 第四回; not a planned round."""
    for sentence in ctx.head_sentences:
        match = re.search(r"第\s*(\d+|[一二三四五六七八九十]+)\s*回", sentence)
        if match and not FUTURE_CUE.search(sentence):
            return kanji_number(match.group(1))
    return None


def japanese_pair_countries(text: str) -> set[str]:
    """日米, 日EU, 日豪…: Japan and the partner the one-character abbreviation names."""
    found = set()
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


def split_japanese_office(ctx, run: str) -> tuple[str, str]:
    """A kanji run before the office head → (name part, ministry field)."""
    for field_name in JA_FIELDS:
        if run.endswith(field_name):
            return run[: -len(field_name)], field_name
    for length in (3, 2):
        if run[:length] in ctx.gazetteer.script_names:
            return run[:length], run[length:]
    return (run[:2], run[2:]) if len(run) > 2 else (run, "")


def japanese_participants(ctx) -> list[Participant]:
    people: dict[str, Participant] = {}
    listed = False  # under 「以下のとおり電話会談を行いました。」: the items name the counterparts
    for index, sentence in enumerate(ctx.head_sentences):
        item = bool(LIST_ITEM.match(sentence)) and not sentence.endswith("。")
        listed = listed and item
        if LIST_LEAD_IN.search(sentence) and MEETING_CUE.search(sentence):
            listed = True
        if not MEETING_CUE.search(sentence) and index > 0 and not listed:
            continue
        if SIDE_EVENT.search(sentence):
            continue  # a seminar or reception after the meeting: its speakers did not meet
        # Readings after a name in kanji: 王文濤（おう・ぶんとう）, 趙兌烈（チョ・テヨル）.
        sentence = re.sub(r"(?<=[一-龥々])[（(][ぁ-ゖァ-ヴー・\s]+[）)]", "", sentence)
        for match in JA_OFFICE_HEAD.finditer(sentence):
            official = read_official(ctx, sentence, match)
            if official is None:
                continue
            key = official.family_name.casefold()
            if key not in people:
                official.position = index * 1000 + match.start()
                people[key] = official
            elif len(official.native_name) > len(people[key].native_name):
                # ベーデノック in the headline, ケミ・ベーデノック in the text: the fuller form.
                people[key].native_name = official.native_name
    return sorted((p for p in people.values() if not portfolio_word(p)), key=lambda p: p.position)


def portfolio_word(person: Participant) -> bool:
    """「経済発展大臣」「輸出振興副大臣」 read as a Japanese minister named 経済: a name in kanji for
    Japan (or no country) with no reading in Latin letters (a Japanese official's name has one: the
    archive's people, the romanised family names), and nobody the archive knows."""
    if person.person_pk or person.country not in (None, "JP"):
        return False
    return bool(re.fullmatch(r"[一-龥々]+", person.name))


def japanese_country_words(ctx) -> list[tuple[str, str]]:
    """The gazetteer's country names in Japanese script, longest first (worked out once)."""
    cached = ctx.__dict__.get("_ja_country_words")
    if cached is None:
        cached = sorted(
            ((w, c) for w, c in ctx.gazetteer.country_words.items() if JAPANESE_CHAR.search(w)),
            key=lambda kv: -len(kv[0]),
        )
        ctx.__dict__["_ja_country_words"] = cached
    return cached


def country_at_end(ctx, text: str) -> tuple[str, str] | None:
    """(word, code) when `text` ends with a country's Japanese name or a one-character
    abbreviation before an office (独 in 独外相); an abbreviation only where it cannot be the
    last character of a kanji surname (田中: 中 is no country)."""
    for word, code in japanese_country_words(ctx):
        if text.endswith(word):
            return word, code
    if text and text[-1] in JAPANESE_DEMONYMS:
        head = text[:-1]
        if (
            not head
            or not re.search(r"[一-龥々]$", head)
            or KANJI_RUN.search(head).group(1) in (ctx.gazetteer.script_names)
        ):
            return text[-1], JAPANESE_DEMONYMS[text[-1]]
    return None


def read_official(ctx, sentence: str, match: re.Match) -> Participant | None:
    """The official an office head ends, read backwards: fields and the government, then the name.

    齋藤経済産業大臣; 上川陽子外務大臣; ベアボック独外相; ケミ・ベーデノック英国ビジネス貿易大臣;
    ハーベック・ドイツ副首相兼経済・気候保護大臣; グリア米国通商代表; 王文濤中国商務部長.
    """
    head = match.group(0)
    rest = sentence[: match.start()]
    office, country = head, None
    while True:
        trimmed = rest.rstrip("・･ ")
        field_name = next((f for f in JA_FIELDS if trimmed.endswith(f)), None)
        if field_name and not (len(field_name) == 1 and ends_with_a_name(ctx, trimmed)):
            joint = "・" if trimmed != rest and office != head else ""
            office = field_name + joint + office
            rest = trimmed[: -len(field_name)]
            continue
        found = country_at_end(ctx, trimmed)
        if found and not (
            # キャサリン・タイ米国通商代表: a known name that is also a country's is the name.
            country is not None
            and KATAKANA_NAME.search(trimmed)
            and KATAKANA_NAME.search(trimmed).group(1).strip("・") in ctx.gazetteer.script_names
        ):
            country = country or found[1]
            rest = trimmed[: -len(found[0])]
            continue
        combined = COMBINED_OFFICE.search(trimmed)
        if combined:
            rest = trimmed[: combined.start()]
            continue
        rest = trimmed
        break
    if head in NEEDS_A_FIELD and office == head:
        return None
    if LEADER.search(office):
        return None
    known = None
    katakana = KATAKANA_NAME.search(rest)
    kanji = KANJI_RUN.search(rest)
    if katakana:
        native = katakana.group(1).strip("・･=＝")
        parts = [p for p in re.split(r"[・･=＝]", native) if p]
        whole = "".join(parts)
        if whole not in ctx.gazetteer.script_names and "・".join(parts) not in (
            ctx.gazetteer.script_names
        ):
            # ブリンケン・米国: a country written in katakana between name and office.
            while len(parts) > 1 and parts[-1] in ctx.gazetteer.country_words:
                country = country or ctx.gazetteer.country_words[parts.pop()]
        if not parts or (
            len(parts) == 1
            and parts[0] in ctx.gazetteer.country_words
            and not (country and parts[0] in ctx.gazetteer.script_names)
        ):
            return None
        native = "・".join(parts)
        script = parts[-1]
        family = (
            ctx.gazetteer.script_names.get(script)
            or ctx.gazetteer.script_names.get("".join(parts))
            or romanise_katakana(script)
            or script
        )
        known = ctx.gazetteer.script_people.get("".join(parts)) or ctx.gazetteer.script_people.get(
            script
        )
        before_name = rest[: katakana.start()]
    elif kanji:
        run = kanji.group(1)
        found = known_kanji_name(ctx, run)
        if found is None:
            if (
                not 2 <= len(run) <= 4
                or run in NOT_A_SURNAME
                or is_a_pair(ctx, run)
                or run[:1] in NOT_A_SURNAME
                or re.search(r"[国省庁部局課会府県市]$", run)
                or any(word in run for word, _ in japanese_country_words(ctx) if len(word) > 1)
            ):
                return None
            found = (run[:2], run)  # a surname the archive does not know yet: as written
        script, native = found
        if LEADER.search(run[run.index(script) :]):
            return None  # 石破総理大臣: 総理 was not read as a field
        family = ctx.gazetteer.script_names.get(script, script)
        known = ctx.gazetteer.script_people.get(native) or ctx.gazetteer.script_people.get(script)
        before_name = rest[: kanji.start() + run.index(native)]
    else:
        return None
    if country is None:
        found = country_at_end(ctx, before_name.rstrip("のと、・･ ：:"))
        if found:
            country = found[1]
    if country is None:
        country = ctx.office_country(office)
    if country is None and known is not None:
        country = known.country
    if country is None and kanji and not katakana:
        country = "JP"
    name = known.name if known is not None and known.family_name == family else family
    return Participant(
        name=name, family_name=family, title=office, country=country, position=0,
        offices=[office], native_name=native,
    )  # fmt: skip


def is_a_pair(ctx, run: str) -> bool:
    """日独, 日米韓, 日EU: the pair (or group) a headline names (日独外相電話会談), not a surname."""
    if not run.startswith("日") or len(run) < 2:
        return False
    rest = run[1:]
    while rest:
        found = next((w for w, _ in japanese_country_words(ctx) if rest.startswith(w)), None)
        found = found or (rest[0] if rest[0] in JAPANESE_DEMONYMS else None)
        if not found:
            return False
        rest = rest[len(found) :]
    return True


def ends_with_a_name(ctx, text: str) -> bool:
    """竹内相: a one-character field (内, 外) must not eat a known surname's last character."""
    run = KANJI_RUN.search(text)
    return bool(run) and any(run.group(1)[-n:] in ctx.gazetteer.script_names for n in (2, 3, 4))


def known_kanji_name(ctx, run: str) -> tuple[str, str] | None:
    """(the surname's script, the name as written) for a known name in a kanji run: 上川陽子外務…
    has been cut to 上川陽子; 日本の林 to 林. The earliest, then longest, known name wins."""
    names = ctx.gazetteer.script_names
    for start in range(len(run)):
        for length in (4, 3, 2, 1):
            piece = run[start : start + length]
            if len(piece) != length or piece not in names:
                continue
            if length == 1 and (start > 0 or len(run) > 3):
                continue  # 林 alone, or 林芳正; never a character inside another word
            full = run[start:]
            if len(full) - length > 2 and full not in names:
                full = piece  # more than a given name follows: keep the surname only
            return piece, full
    return None


# Kana whose vowel a foreign name in katakana adds where the original has none: before another
# consonant or at the end (グレイブス → Greibs, ハーベック → Habeck, クリス → Kris).
SILENT_VOWEL = {"ク": "k", "グ": "g", "ス": "s", "ズ": "z", "ブ": "b", "プ": "p", "フ": "f",
                "ド": "d", "ト": "t", "ム": "m", "ル": "l"}  # fmt: skip
VOWEL_KANA = frozenset("アイウエオァィゥェォャュョー")


def romanise_katakana(text: str) -> str | None:
    """A careful reading of a foreign name in katakana, for names the gazetteer lacks: Hepburn
    syllables (ティ ti, ディ di, ファ fa, ヴァ va, シェ she), ー dropped (ライモンド → Raimondo,
    not Raimondoo), ッ doubling the next consonant (ck before a final ク), and the vowels a
    katakana spelling adds to consonants dropped before another consonant or at the end."""
    if not text or not re.fullmatch(r"[ァ-ヴー・]+", text):
        return None
    out, double, index = [], False, 0
    while index < len(text):
        ch = text[index]
        following = text[index + 1] if index + 1 < len(text) else ""
        reading = KATAKANA_ROMAJI.get(ch, "")
        if ch == "ッ":
            double, index = True, index + 1
            continue
        if ch == "ー":
            index += 1
            continue
        if ch == "ヴ" and following not in SMALL_KANA:
            reading = "vu"
        if following in SMALL_KANA and reading and ch not in SMALL_KANA:
            # フィ → fi, ティ → ti, シェ → she, ウィ → wi, キャ → kya, チュ → chu.
            base = {"ウ": "w", "ヴ": "v", "テ": "t", "デ": "d", "フ": "f"}.get(
                ch, reading[:-1] if reading[-1] in "aiueo" else reading
            )
            small = SMALL_KANA[following]
            if small.startswith("y") and base.endswith(("sh", "ch", "j")):
                small = small[1:]
            reading, index = base + small, index + 1
            following = text[index + 1] if index + 1 < len(text) else ""
        elif ch in SILENT_VOWEL and silent_vowel(ch, following, first=not out):
            reading = SILENT_VOWEL[ch]
        if double and reading:
            reading = (
                ("ck" if reading == "k" else reading[0] + reading)
                if reading[0] not in "aiueo"
                else reading
            )
            double = False
        out.append(reading)
        index += 1
    word = "".join(out)
    word = re.sub(r"n(?=[bpm])", "m", word)
    return word[:1].upper() + word[1:] if word else None


def silent_vowel(ch: str, following: str, *, first: bool) -> bool:
    """Whether a katakana spelling added this kana's vowel: before a consonant (ブリ → br, スミ →
    sm; first in the name only before r or for ス) or at the end (ス, ク; not ド, ト: Raimondo)."""
    if not following:
        return ch not in "ドト"
    if following in VOWEL_KANA or following in "ンッ・":
        return False
    if first:
        return ch == "ス" or (ch in "クグブプフトド" and following in "ラリルレロ")
    return True


SMALL_KANA = {
    "ァ": "a",
    "ィ": "i",
    "ゥ": "u",
    "ェ": "e",
    "ォ": "o",
    "ャ": "ya",
    "ュ": "yu",
    "ョ": "yo",
}
