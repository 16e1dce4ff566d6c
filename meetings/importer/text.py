"""Release bytes → checked, decoded, normalised text with the site's navigation, banners and footers cut.

What real releases carry around the text is described in `shared/data/releases/FORMATS.md`; each
pattern below names the issuer whose pages show it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

# A release is a few pages of text; even a full HTML page with its navigation is well under 1 MB.
# Anything bigger is not a press release and would only tie up a worker.
MAX_RELEASE_BYTES = 2 * 1024 * 1024
MAX_RELEASE_LABEL = "2 MB"


class ReleaseError(ValueError):
    """The input cannot be read as a release; the message is written for the editor."""


@dataclass
class Release:
    """One release as read: the text the extractor parses and the body stored as the document."""

    text: str  # normalised plain text, one paragraph or heading per line
    body_html: str  # what the Document stores (sanitised again by Document.save)
    is_html: bool
    lines: list[str] = field(default_factory=list)
    division: str | None = None  # from the "Division in Charge" / 担当 footer, cut from `text`


# --- Reading bytes --------------------------------------------------------------------------------


def decode_release(data: bytes, filename: str = "") -> tuple[str, bool]:
    """Bytes → (str, is_html). Raises ReleaseError for empty, oversized or binary input."""
    if data is None or not data.strip():
        raise ReleaseError("The release is empty: paste its text or choose a non-empty file.")
    if len(data) > MAX_RELEASE_BYTES:
        raise ReleaseError(
            f"The release is {len(data) / 1024 / 1024:.1f} MB; the limit is {MAX_RELEASE_LABEL}. "
            "Paste only the release's text, or save the page as HTML without images."
        )
    if b"\x00" in data[:8192]:
        raise ReleaseError(
            "This looks like a binary file (a PDF, image or Word document?). Upload the release "
            "as .txt or .html, or paste its text."
        )
    text = None
    for encoding in (
        ("utf-8-sig", "utf-16")
        if data[:2] in (b"\xff\xfe", b"\xfe\xff")
        else (
            "utf-8-sig",
            "cp932",
        )
    ):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise ReleaseError(
            "The file is not readable text (expected UTF-8 or Shift_JIS). Save it as UTF-8 text "
            "or HTML and try again."
        )
    controls = sum(
        1 for ch in text[:8192] if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f"
    )
    if controls > 8:
        raise ReleaseError(
            "This looks like a binary file rather than text. Upload the release as .txt or .html."
        )
    return text, looks_like_html(text, filename)


def looks_like_html(text: str, filename: str = "") -> bool:
    name = filename.lower()
    if name.endswith((".html", ".htm", ".xhtml")):
        return True
    if name.endswith(".txt"):
        return False
    head = text.lstrip()[:2000].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(body|p|div|h1|h2|article|br)\b[^>]*>", head)
    )


# --- HTML → text ----------------------------------------------------------------------------------

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul", "caption",
}  # fmt: skip
# Never text of the release: code, styling, embedded objects and forms.
DROP_TAGS = "script, style, noscript, template, iframe, object, embed, svg, canvas, form, button"
# Site chrome by role or landmark: the .gov banner, menus, breadcrumbs, share bars.
CHROME_SELECTORS = (
    "nav, [role=navigation], [role=banner], [aria-label*=breadcrumb i], .breadcrumb, "
    ".breadcrumbs, #breadcrumb, .usa-banner, .skip-link, .share, .social-share"
)


# Nesting the parser and the walk below handle in well under a second. Real releases nest a few dozen
# levels; lexbor's tree building slows down sharply beyond some thousands, so deeper markup is refused
# before it is parsed.
MAX_HTML_DEPTH = 2000
# Elements without content, and elements the parser closes by itself when a sibling opens: neither
# makes the tree deeper, so neither counts towards the budget.
VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "option",
        "optgroup",
        "rb",
        "rt",
        "rp",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "caption",
        "html",
        "head",
        "body",
    ]
)
TAG = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|textarea|title)\b[^>]*>.*?(?:</\1\s*>|$)"
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>",
    re.DOTALL | re.IGNORECASE,
)


def nesting_depth(markup: str, limit: int = MAX_HTML_DEPTH) -> int:
    """An upper estimate of how deep the markup nests (start tags not yet closed), in one pass
    that stops as soon as `limit` is passed."""
    depth = deepest = 0
    for match in TAG.finditer(markup):
        name = match.group(3)
        if not name or name.lower() in VOID_TAGS or match.group(4):
            continue
        if match.group(2):
            depth = max(depth - 1, 0)
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


def html_to_text(markup: str) -> str:
    """The readable text of an HTML page, one block element per line, by walking the parsed tree.

    The walk keeps its own stack (no recursion), so any nesting the budget admits is read."""
    if nesting_depth(markup) > MAX_HTML_DEPTH:
        raise ReleaseError(
            f"This HTML is nested more than {MAX_HTML_DEPTH:,} elements deep, which no press "
            "release needs. Paste the release's text instead, or save the page again as HTML."
        )
    tree = LexborHTMLParser(markup)
    for node in tree.css(DROP_TAGS):
        node.decompose()
    for node in tree.css(CHROME_SELECTORS):
        node.decompose()
    root = tree.css_first("main") or tree.css_first("article") or tree.body or tree.root
    if root is None:
        return ""
    parts: list[str] = []
    # Each entry: an iterator over one element's children, and what to append when it is done.
    stack = [(root.iter(include_text=True), None)]
    while stack:
        children, closing = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if closing:
                parts.append(closing)
            continue
        if child.tag == "h1" and not any(p == H1_MARK for p in parts):
            parts.append(H1_MARK)
        if child.tag == "-text":
            parts.append(child.text_content or "")
        elif child.tag in BLOCK_TAGS:
            parts.append("\n")
            stack.append((child.iter(include_text=True), "\n"))
        elif child.tag in ("-comment",):
            continue
        else:
            stack.append((child.iter(include_text=True), None))
    text = "".join(parts)
    if H1_MARK in text:
        # Site chrome stands before the page's headline; keep only a date line from it.
        before, _, after = text.partition(H1_MARK)
        from meetings.importer.dates import parse_date_line

        kept = [line for line in before.split("\n") if parse_date_line(line.strip())]
        text = "\n".join([*kept, after])
    return text


H1_MARK = "\x00headline\x00"


def text_to_html(text: str) -> str:
    """Plain text → paragraphs of escaped HTML for the stored document body."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    return "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


# --- Normalising the text -------------------------------------------------------------------------


def normalise_characters(text: str) -> str:
    """NFKC folds full-width digits and brackets (２０２４年, （金）) to ASCII; spaces collapse."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u200b", "")
    text = re.sub(r"[ \t\f\v]+", " ", text)
    return text


# Lines that are never the release: site banners, share bars, feed-site labels, comment widgets.
BOILERPLATE_LINE = re.compile(
    r"""^(?:
        an\ official\ website\ of\ the\ united\ states\ government.*
      | here'?s\ how\ you\ know.*
      | official\ websites\ use\ \.gov.* | a\ \.gov\ website\ belongs.* | \.gov
      | secure\ \.gov\ websites\ use\ https.* | a\ lock\b.* | https | lock | locked\ padlock.*
      | u\.s\.\ flag | dot\ gov | official\ website
      | was\ this\ page\ helpful\?? | yes | no | share | print | tweet | email | facebook | twitter
      | x | linkedin | page\ top | back\ to\ top | top\ of\ page | back\ issues | news\ releases
      | skip\ to\ (?:main\ )?content | main\ menu | menu | search | close
      | for\ immediate\ release | media\ contact.* | press\ office.*
      | photo | photos? | \(?photo\)? | open\ a\ new\ window | japanese | english | 日本語
      | 経産省・新着情報 | 発信元サイトへ.* | 留言 | 張貼留言 | 張貼意見 | 發佈留言 | 訂閱.* | 分享.*
      | date\ \d{4}-\d{2}-\d{2}
      | -?\d{1,3}(?:\.\d)?\s*°\s*[cf]
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Link residue MOFA leaves after document links.
LINK_RESIDUE = re.compile(
    r"\s*\((?:PDF|Word|Excel)\)\s*(?:Open a New Window)?|Open a New Window", re.I
)

DIVISION_HEAD = re.compile(
    r"^[【\[(]?(?:division\s+in\s+charge|担当|(?:本件に関する)?お問(?:い)?合(?:わ)?せ先)[】\])]?"
    r"\s*[:：]?\s*(.*)$",
    re.I,
)
FOOTER_STOP = re.compile(
    r"^(?:related\s+(?:links|information|documents?)|back\s+to\s+index|関連リンク|関連資料)$", re.I
)


def clean_lines(text: str) -> tuple[list[str], str | None]:
    """Cut navigation before the release and footers after it; return (lines, division)."""
    lines = [line.strip() for line in text.split("\n")]
    lines = [LINK_RESIDUE.sub("", line).strip() for line in lines]
    lines = [line for line in lines if line]

    lines = drop_numbered_breadcrumb(lines)
    lines = drop_site_header(lines)
    lines = [line for line in lines if not BOILERPLATE_LINE.match(line)]

    division = None
    for index, line in enumerate(lines):
        match = DIVISION_HEAD.match(line)
        if not match or index < 2:
            continue
        rest = match.group(1).strip()
        following = rest or (lines[index + 1] if index + 1 < len(lines) else "")
        division = clean_division(following)
        lines = lines[:index]
        break
    else:
        for index, line in enumerate(lines):
            if FOOTER_STOP.match(line) and index > 2:
                lines = lines[:index]
                break
    return lines, division


def drop_numbered_breadcrumb(lines: list[str]) -> list[str]:
    """METI: `1. Home / 2. News Releases / … / 5. <headline>`, then the headline again."""
    if not lines or not re.match(r"^1\.\s*(?:Home|Top|ホーム)\b", lines[0], re.I):
        return lines
    end = 0
    expected = 1
    while end < len(lines):
        match = re.match(r"^(\d+)\.\s*(.+)$", lines[end])
        if not match or int(match.group(1)) != expected:
            break
        expected += 1
        end += 1
    last = re.sub(r"^\d+\.\s*", "", lines[end - 1]).strip()
    rest = lines[end:]
    if rest and rest[0] != last:
        # The headline is not repeated: keep the breadcrumb's last item as the headline.
        rest = [last, *rest]
    return rest


def drop_site_header(lines: list[str]) -> list[str]:
    """Cut a site header ending in a breadcrumb (`Home / News / …`, `HomeBusinessJoint …`)."""
    for index, line in enumerate(lines[:20]):
        if re.match(r"^Home\s*(?:[/>»›|]|\s{2,})", line) or re.match(r"^Home(?=[A-Z][a-z])", line):
            return lines[index + 1 :]
        if line.lower() in {"home", "news", "press releases", "ホーム"} and index < 15:
            continue
    # A bare `Home` / `News` / `Press Releases` column left by a stripped menu.
    start = 0
    while start < len(lines) and lines[start].lower() in {
        "home", "news", "press releases", "ホーム", "news & events", "newsroom", "briefing room",
    }:  # fmt: skip
        start += 1
    return lines[start:]


def clean_division(line: str) -> str | None:
    """`資源エネルギー庁 資源・燃料部 鉱物資源課長 有馬` → `資源エネルギー庁 資源・燃料部 鉱物資源課`."""
    line = line.strip()
    if not line:
        return None
    match = re.match(r"^(.*?(?:課|室|部|局|庁|センター))(?:長|参事官|企画官|補佐)\s*\S*$", line)
    if match:
        line = match.group(1)
    line = re.sub(r"\s*(?:担当者|電話|TEL|Tel|Phone|E-?mail)\s*[:：].*$", "", line)
    line = re.sub(r",?\s*(?:Director|Deputy Director)\b.*$", "", line)
    return line.strip(" ,;") or None


def read_release(data: bytes | str, filename: str = "") -> Release:
    """Check and read one release. Raises ReleaseError with a message for the editor."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    raw, is_html = decode_release(data, filename)
    text = html_to_text(raw) if is_html else raw
    text = html.unescape(text) if not is_html else text
    text = normalise_characters(text)
    lines, division = clean_lines(text)
    if lines and len(lines[-1]) > 80 and not re.search(r"[.。!?！？)\]\"”’:;]$", lines[-1]):
        # A copy cut mid-word ("… with Ms. Gina Rai"): drop the last, partial word so it is not
        # read as a name, a mineral or a date.
        lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1]
    body_html = raw if is_html else text_to_html(raw)
    return Release(
        text="\n".join(lines), body_html=body_html, is_html=is_html, lines=lines, division=division
    )
