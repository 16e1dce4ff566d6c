"""The release's structure: headline, the issuer's date line, bylines, body lines and sentences."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from meetings.importer.dates import parse_date_line, parse_place_date_line
from meetings.importer.extract.patterns import DATELINE, JAPANESE_CHAR

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
