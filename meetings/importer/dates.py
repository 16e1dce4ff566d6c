"""Dates as releases write them: June 27, 2024 · 27 June 2024 · May 26th, 2023 · 2024年6月14日 · 令和6年6月14日."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?"
ORDINAL_SUFFIX = r"(?:st|nd|rd|th)?"
MONTH_ANY = MONTH.replace("(?P<month>", "(?:")

# Month-first (US) and day-first (Australia, EU) forms; the year is optional in both.
# A span of days ("March 7-8", "7 and 8 March") dates the meeting by its first day.
DAY_SPAN = rf"(?:\s*(?:-|–|—|and|to)\s*\d{{1,2}}{ORDINAL_SUFFIX}\b(?:\s*\((?:{WEEKDAY})\))?)?"
MONTH_DAY = re.compile(
    rf"\b{MONTH}\s+(?P<day>\d{{1,2}}){ORDINAL_SUFFIX}\b(?:\s*\((?:{WEEKDAY})\))?{DAY_SPAN}"
    rf"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
DAY_MONTH = re.compile(
    rf"\b(?P<day>\d{{1,2}}){ORDINAL_SUFFIX}{DAY_SPAN}\s+(?:of\s+)?{MONTH}\b"
    rf"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
KANJI_DIGITS = {
    "〇": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
ERA_START = {"令和": 2018, "平成": 1988}  # 令和N年 = 2018 + N (令和元年 = 2019)
JAPANESE_DATE = re.compile(
    r"(?:(?P<era>令和|平成)(?P<era_year>\d{1,2}|元)年|(?P<year>(?:19|20)\d\d)年)?\s*"
    r"(?P<month>\d{1,2})月\s*(?P<day>\d{1,2})日"
)
ISO_DATE = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b")


@dataclass
class FoundDate:
    year: int | None
    month: int
    day: int
    start: int
    end: int

    def resolve(self, year: int | None) -> datetime.date | None:
        try:
            return (
                datetime.date(self.year or year, self.month, self.day)
                if (self.year or year)
                else None
            )
        except ValueError:
            return None


def kanji_number(text: str) -> int | None:
    """三 → 3, 十二 → 12, 二十 → 20 (enough for meeting ordinals and era years)."""
    if text.isdigit():
        return int(text)
    if text == "元":
        return 1
    total, current = 0, 0
    for ch in text:
        if ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch in KANJI_DIGITS:
            current = KANJI_DIGITS[ch]
        else:
            return None
    return total + current or None


def find_dates(text: str) -> list[FoundDate]:
    """Every day-precise date in `text`, in order of appearance (month-year alone is skipped)."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []

    def add(year, month, day, start, end):
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(FoundDate(year, month, day, start, end))

    for match in JAPANESE_DATE.finditer(text):
        year = int(match["year"]) if match["year"] else None
        if match["era"]:
            year = ERA_START[match["era"]] + (kanji_number(match["era_year"]) or 0)
        add(year, int(match["month"]), int(match["day"]), match.start(), match.end())
    for pattern in (MONTH_DAY, DAY_MONTH):
        for match in pattern.finditer(text):
            month = MONTHS[match["month"].rstrip(".").lower()]
            year = int(match["year"]) if match["year"] else None
            add(year, month, int(match["day"]), match.start(), match.end())
    # "From January 5th (Thu.) to 9th (Mon.)": the second day borrows the month.
    found.sort(key=lambda d: d.start)
    return found


DATE_LINE = re.compile(
    rf"^(?:(?:Updated|Posted|Published|Released|Release\s+Date|Date(?:\s+of\s+issue)?)\s*(?:on\s*)?:?\s*)?(?:{WEEKDAY},?\s+)?"
    rf"(?:{MONTH_ANY}\s+\d{{1,2}}{ORDINAL_SUFFIX},?\s+(?:19|20)\d\d"
    rf"|\d{{1,2}}\s+{MONTH_ANY},?\s+(?:19|20)\d\d)\.?$"
    r"|^(?:令和\d{1,2}|令和元|平成\d{1,2}|(?:19|20)\d\d)年\s*\d{1,2}月\s*\d{1,2}日(?:\s*\(.{1,4}\))?$"
    r"|^(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}$",
    re.IGNORECASE,
)


def parse_date_line(line: str) -> datetime.date | None:
    """The date a date-only line holds ('June 27, 2024', 'Thursday, September 26, 2024', '2024年6月14日')."""
    line = line.strip()
    if not DATE_LINE.match(line):
        return None
    match = re.match(r"^((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})$", line)
    if match:
        try:
            return datetime.date(*map(int, match.groups()))
        except ValueError:
            return None
    dates = find_dates(line)
    return dates[0].resolve(None) if dates else None


PLACE_DATE_LINE = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z .'-]{{2,40}}),\s+(?P<date>\d{{1,2}}\s+{MONTH_ANY}\s+(?:19|20)\d\d|{MONTH_ANY}\s+\d{{1,2}},\s+(?:19|20)\d\d)\.?$"
)


def parse_place_date_line(line: str) -> datetime.date | None:
    """`Canberra, 3 May 2024`: a statement's place and date of issue."""
    match = PLACE_DATE_LINE.match(line.strip())
    if not match:
        return None
    dates = find_dates(match["date"])
    return dates[0].resolve(None) if dates else None
