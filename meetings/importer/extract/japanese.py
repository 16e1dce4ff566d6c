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
from meetings.importer.gazetteer import JAPANESE_CITIES
from meetings.importer.wordlists import table, word_list

# The head of a Japanese office title; the ministry's field stands fused in front of it
# (経済産業大臣), and a Japanese surname is fused in front of that (齋藤経済産業大臣).
JA_OFFICE_HEAD = re.compile(
    r"(?:副大臣|大臣政務官|政務官|大臣|長官|次官|通商代表|大使|局長|審議官|委員)(?![会長])"
)
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


def japanese_city(ctx) -> tuple[str | None, str | None]:
    """「東京において」; else the numbered city headings of a trip report."""
    for sentence in ctx.head_sentences:
        if not MEETING_CUE.search(sentence) or VIRTUAL_CUE.search(sentence):
            continue
        for script, city in JAPANESE_CITIES.items():
            if re.search(re.escape(script) + r"(?:で|において|にて)", sentence):
                return city, ctx.gazetteer.cities.get(city)
    if ctx.is_visit():
        for line in ctx.layout.body:
            heading = re.match(r"^\d+[.．]?\s*(\S+?)\s*$", line)
            if heading and heading.group(1) in JAPANESE_CITIES:
                city = JAPANESE_CITIES[heading.group(1)]
                return city, ctx.gazetteer.cities.get(city)
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
    ja_countries = sorted(
        ((w, c) for w, c in ctx.gazetteer.country_words.items() if JAPANESE_CHAR.search(w)),
        key=lambda kv: -len(kv[0]),
    )
    for index, sentence in enumerate(ctx.head_sentences):
        if not MEETING_CUE.search(sentence) and index > 0:
            continue
        if SIDE_EVENT.search(sentence):
            continue  # a seminar or reception after the meeting: its speakers did not meet
        for match in JA_OFFICE_HEAD.finditer(sentence):
            before = sentence[: match.start()]
            fused = re.search(r"([一-龥々・]*)$", before).group(1).lstrip("・")
            name_part, field_name = split_japanese_office(ctx, fused) if fused else ("", "")
            if (
                name_part
                and re.search(r"[ァ-ヴー]$", before[: len(before) - len(fused)])
                and name_part not in ctx.gazetteer.script_names
                and not any(name_part.endswith(word) for word, _ in ja_countries)
            ):
                # アイルランガ経済担当調整大臣: a katakana name, then the whole kanji run is the office.
                name_part, field_name = "", fused
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
                    (name_part[:n] for n in (3, 2) if name_part[:n] in ctx.gazetteer.script_names),
                    name_part[:2],
                )
                if script in ctx.gazetteer.country_words or re.search(r"[国省庁部局課]$", script):
                    continue
                if name_part in NOT_A_SURNAME:
                    continue  # 両大臣, 各大臣, 同大臣: "both", "each", "the said" minister
                family = ctx.gazetteer.script_names.get(script, script)
                head = before[: len(before) - len(fused)]
                country = country or "JP"
            else:
                katakana = re.search(r"([ァ-ヴー・=＝]+)$", before[: len(before) - len(fused)])
                if not katakana:
                    continue
                parts = [p for p in re.split(r"[・=＝]", katakana.group(1)) if p]
                while parts and parts[-1] in KATAKANA_OFFICE_WORDS:
                    # アリフィン・エネルギー鉱物資源大臣: エネルギー belongs to the office.
                    office = parts.pop() + ("・" if fused.startswith("・") else "") + office
                for part in list(parts):
                    if part in ctx.gazetteer.country_words:
                        country = ctx.gazetteer.country_words[part]
                        parts.remove(part)
                if not parts:
                    continue
                script = parts[-1]  # foreign names in katakana run given name first
                family = (
                    ctx.gazetteer.script_names.get(script)
                    or ctx.gazetteer.script_names.get("".join(parts))
                    or romanise_katakana(script)
                    or script
                )
                head = before[: katakana.start()]
            if country is None or not name_part:
                trimmed = head.rstrip("のと、 ：:")
                for word, code in ja_countries:
                    if trimmed.endswith(word):
                        country = code
                        break
            if country is None:
                country = ctx.office_country(office)
            key = family.casefold()
            if key not in people:
                people[key] = Participant(
                    name=family, family_name=family, title=office, country=country,
                    position=index * 1000 + match.start(), offices=[office],
                )  # fmt: skip
    return sorted(people.values(), key=lambda p: p.position)


def romanise_katakana(text: str) -> str | None:
    """A rough Hepburn reading of a foreign name in katakana, for names the gazetteer lacks."""
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
        if following in SMALL_KANA and reading and ch not in SMALL_KANA:
            # フィ → fi, ティ → ti, シェ → she, ウィ → wi, キャ → kya, チュ → chu.
            base = {"ウ": "w", "ヴ": "v"}.get(
                ch, reading[:-1] if reading[-1] in "aiueo" else reading
            )
            small = SMALL_KANA[following]
            if small.startswith("y") and base.endswith(("sh", "ch", "j")):
                small = small[1:]
            reading, index = base + small, index + 1
        if double and reading:
            reading, double = reading[0] + reading, False
        out.append(reading)
        index += 1
    return "".join(out).title() or None


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
