"""Template helpers for the public pages: JSON-LD, dates, bar widths."""

import json

from django import template
from django.utils import translation
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from meetings.models import ordinal_label

register = template.Library()


@register.filter
def jsonld(data) -> str:
    """JSON for a <script type="application/ld+json"> element, with <, > and & escaped the way
    Django's json_script does, so text from the archive can never close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return mark_safe(text.translate(_json_script_escapes))  # noqa: S308 - escaped above


@register.filter
def ordinal(number):
    """'5th'; on /ja/ pages '第5回'."""
    if not number:
        return ""
    if (translation.get_language() or "").startswith("ja"):
        return f"第{int(number)}回"
    return ordinal_label(int(number))


@register.simple_tag
def date_range(start, end=None, precision="day"):
    """'26 June 2024', or '26–27 June 2024' for a meeting over several days; on /ja/ pages
    '2024年6月26日' and '2024年6月26日～27日'. A meeting whose day the release does not give
    (precision "between"): 'One day between 7 and 13 November 2017' / '2017年11月7日～13日のいずれかの日'."""
    if not start:
        return gettext("Date not recorded")
    if precision == "between" and end and end != start:
        return gettext("One day in %(span)s (the day is not known)") % {
            "span": date_range(start, end)
        }
    if (translation.get_language() or "").startswith("ja"):
        return _japanese_date_range(start, end)
    if not end or end == start:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"


def _japanese_date_range(start, end=None) -> str:
    first = f"{start.year}年{start.month}月{start.day}日"
    if not end or end == start:
        return first
    if (start.year, start.month) == (end.year, end.month):
        return f"{first}～{end.day}日"
    if start.year == end.year:
        return f"{first}～{end.month}月{end.day}日"
    return f"{first}～{end.year}年{end.month}月{end.day}日"


def _is_english_on_a_japanese_page(text) -> bool:
    import re

    from meetings.models.base import reader_is_japanese

    return (
        bool(text)
        and reader_is_japanese()
        and not re.search(r"[\u3040-\u30ff\u3400-\u9fff]", str(text))
    )


@register.filter
def as_stored(text):
    """Text the archive keeps in English only (a city, an office title), shown as stored; on /ja/
    pages marked lang="en" so that a screen reader reads it as English."""
    from django.utils.html import conditional_escape, format_html

    if _is_english_on_a_japanese_page(text):
        return format_html('<span lang="en">{}</span>', text)
    return conditional_escape(text or "")


@register.filter
def lang_attr(text):
    """` lang="en"` for an element whose text is English on a /ja/ page (a summary or snippet with
    no Japanese version), else nothing."""
    return mark_safe(' lang="en"') if _is_english_on_a_japanese_page(text) else ""


@register.filter
def brief(text, words=30):
    """The first `words` words of English text; of Japanese text (no spaces between words) about
    three characters a word, cut with an ellipsis."""
    from django.utils.text import Truncator

    text = str(text or "")
    if (translation.get_language() or "").startswith("ja") and " " not in text.strip():
        return Truncator(text).chars(int(words) * 3)
    return Truncator(text).words(int(words), truncate=" …")


@register.filter
def country_local(name, code=None):
    """A country's name from a values() row: on /ja/ pages the Japanese name for its code."""
    if code and (translation.get_language() or "").startswith("ja"):
        from meetings.models import Country
        from meetings.models.reference import japanese_country_name

        name_ja = japanese_country_name(str(code))
        if not name_ja:  # EU: its Japanese name is among its aliases
            aliases = Country.objects.filter(code=str(code).upper()).values_list(
                "aliases", flat=True
            )
            name_ja = japanese_country_name(str(code), next(iter(aliases), []))
        return name_ja or name
    return name


@register.filter
def get_item(mapping, key):
    """mapping[key], or '' when the mapping or the key is missing."""
    if not mapping:
        return ""
    return mapping.get(key, "")


@register.filter
def is_web_url(value) -> bool:
    """True for http(s) URLs only: autoescaping does not stop a `javascript:` or `data:` URL in an
    href from running when a reader clicks it, so anything else is shown as text, not linked."""
    from urllib.parse import urlsplit

    try:
        scheme = urlsplit(str(value).strip()).scheme.lower()
    except ValueError:
        return False
    return scheme in ("http", "https")
