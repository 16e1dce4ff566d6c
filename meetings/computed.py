"""Figures computed once per content version: facet counts and list totals.

The archive changes only when an editor or an import writes, and every committed write bumps the
page cache's *content version* (archive/content_version.py). Figures that depend only on the archive's
content and the request's filters (the five facets beside the meeting list, the number of meetings
a list or an API page holds) are therefore kept in Django's cache under that version: the first
request after a write computes them, every later one reads them, and a write makes the next request
compute them afresh (the key changes), so they are never stale. With REDIS_URL the cache and the
version are shared by every worker and server; otherwise each worker keeps its own copy and reads
the version from the stamp file every process of the machine sees.

`DJANGO_COMPUTED_CACHE_SECONDS` (setting `ARCHIVE_COMPUTED_CACHE_SECONDS`; default 3600, 0 in
development and tests) bounds how long an entry lives; 0 computes every time. It is independent of
the page cache: with the page cache off (DJANGO_PAGE_CACHE_SECONDS=0) facets are still cached.
"""

from __future__ import annotations

import hashlib
import threading

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from archive.content_version import cached_until_next_write, computed_key, content_version


def computed_seconds() -> int:
    return int(getattr(settings, "ARCHIVE_COMPUTED_CACHE_SECONDS", 0))


def params_key(params: dict[str, list[str]]) -> str:
    """A short stable key for query parameters (order of names and values does not matter)."""
    text = "&".join(f"{name}={','.join(sorted(values))}" for name, values in sorted(params.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def until_next_write(key: str, compute):
    """`compute()`, cached until the next write to the archive (see the module's docstring)."""
    seconds = computed_seconds()
    if seconds <= 0:
        return compute()
    # Per language too: some entries are rendered text (the list's filter form), and /ja/ pages
    # read theirs in Japanese (archive/language.py).
    return cached_until_next_write(f"{key}:{get_language() or ''}", compute, seconds)


def many_until_next_write(prefix: str, ids: list, compute_missing) -> dict:
    """{id: value} for `ids`, each cached until the next write under `prefix` and the id (one
    cache round trip for all of them); `compute_missing(ids)` returns {id: value} for the ids the
    cache lacks (an id it leaves out has no value: not cached, not returned)."""
    ids = list(dict.fromkeys(ids))
    seconds = computed_seconds()
    if not ids:
        return {}
    if seconds <= 0:
        return compute_missing(ids)
    version, language = content_version(), get_language() or ""  # read once, not per id
    keys = {pk: computed_key(f"{prefix}:{language}:{pk}", version) for pk in ids}
    found = cache.get_many(list(keys.values()))
    values = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in ids if pk not in values]
    if missing:
        computed = compute_missing(missing)
        cache.set_many({keys[pk]: value for pk, value in computed.items()}, seconds)
        values |= computed
    return values


_held: dict[tuple[str, str], tuple[int, object]] = {}
_held_locks: dict[str, threading.Lock] = {}
_locks_lock = threading.Lock()


def held_until_next_write(name: str, build):
    """`build()`, kept in this process until the next write to the archive (per database).

    For what every request of a kind needs and is cheaper to keep as Python objects than to
    read from the shared cache: the facet index (meetings/facet_index.py), the reference records
    (meetings/reference_objects.py). Each worker builds its own copy on first use after a write;
    the content version is read once per call (a stat of the stamp file, or one cache read with
    REDIS_URL). With the computed cache off (development, tests) it is built afresh every time.
    Each name has its own lock: a thread waits only for a build of what it asked for.

    With a read replica (archive/replica.py) a build may read a replica that lags behind the
    write which bumped the version; what it read then stays until the next write, as a page
    cached in that moment does (docs/operations.md, "Read replica").
    """
    if computed_seconds() <= 0:
        return build()
    from django.db import connection

    version = content_version()
    key = (name, connection.settings_dict.get("NAME", ""))
    with _locks_lock:
        lock = _held_locks.setdefault(name, threading.Lock())
    with lock:
        held = _held.get(key)
        if held is None or held[0] != version:
            _held[key] = held = (version, build())
    return held[1]


def forget_held() -> None:
    """Drop everything `held_until_next_write` keeps (tests: each starts with nothing held)."""
    _held.clear()
