"""The page's language comes from its address alone: `/ja/...` is Japanese, every other path is
English. No Accept-Language negotiation, no cookie and no redirect (unlike Django's
LocaleMiddleware), so the English URLs answer exactly as before and a page's language never
depends on who asks: the page cache can share it.

`language_links` gives templates the same page's address in each language (the switch and the
hreflang alternates).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

JAPANESE = "ja"
JA_PREFIX = "/ja/"


def language_for_path(path: str) -> str:
    if path == "/ja" or path.startswith(JA_PREFIX):
        return JAPANESE
    return settings.LANGUAGE_CODE


def path_in_language(path: str, language: str) -> str:
    """The same page's path in `language`: '/meetings/' <-> '/ja/meetings/'."""
    english = path[len(JA_PREFIX) - 1 :] if path.startswith(JA_PREFIX) else path
    if path == "/ja":
        english = "/"
    if language == JAPANESE:
        return "/ja" + english
    return english


class PathLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_for_path(request.path_info)
        previous = translation.get_language()
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        try:
            response = self.get_response(request)
        finally:
            translation.activate(previous) if previous else translation.deactivate()
        if getattr(response, "streaming", False) and not getattr(response, "is_async", False):
            # A streamed body (calendar, CSV) is made after this returns: in the page's language too.
            response.streaming_content = _in_language(response.streaming_content, language)
        if not response.has_header("Content-Language"):
            response["Content-Language"] = "ja" if language == JAPANESE else "en"
        return response


def _in_language(chunks, language: str):
    with translation.override(language):
        yield from chunks


def language_links(request) -> dict:
    """Context processor: the page's language and its address in each language."""
    if request is None:
        return {}
    language = translation.get_language() or settings.LANGUAGE_CODE
    is_ja = language == JAPANESE
    path = request.get_full_path()
    try:
        origin = f"{request.scheme}://{request.get_host()}"
    except Exception:  # DisallowedHost: error pages render without the absolute links
        origin = ""
    english, japanese = path_in_language(path, "en"), path_in_language(path, JAPANESE)
    return {
        "page_language": "ja" if is_ja else "en",
        "is_japanese": is_ja,
        "english_url": english,
        "japanese_url": japanese,
        "english_abs_url": origin + english if origin else "",
        "japanese_abs_url": origin + japanese if origin else "",
    }
