"""The archive's *content version*: when its records last changed, for every cache that must be
dropped on a write. Domain code (importers, loaders, signal receivers) imports this module; it
imports no middleware and nothing from the meetings app.

Every cached page's key contains the content version, the time in nanoseconds of the last write
to the archive. Signals on every model of the meetings app bump it after the write commits
(archive/apps.py); writers that bypass signals (bulk_create in meetings/opendata/dump/) call
`bump_content_version_on_commit()` themselves. The next request then misses and renders the new
data; the old entries simply expire. The version has to be seen by every worker process: with a
shared cache (Redis) it lives in the cache; with the per-process local-memory cache it is the
modification time of a small stamp file, which every process on the machine can read with one
stat().
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

CONTENT_VERSION_KEY = "archive:content-version"


def cache_is_shared() -> bool:
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))


def content_stamp_path() -> str:
    """One stamp per database, so two archives on one machine do not invalidate each other."""
    configured = getattr(settings, "ARCHIVE_CONTENT_STAMP", "")
    if configured:
        return configured
    name = f"{connection.vendor}:{connection.settings_dict.get('HOST', '')}:"
    name += f"{connection.settings_dict.get('PORT', '')}:{connection.settings_dict.get('NAME', '')}"
    return _stamp_path(name)


@functools.lru_cache(maxsize=32)
def _stamp_path(name: str) -> str:
    # Read on every cached figure of every request: the digest is worked out once per database.
    digest = hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), f"archive-content-{digest}.stamp")


def content_version() -> int:
    """Nanoseconds since the epoch of the last recorded write (0: none recorded yet)."""
    if cache_is_shared():
        return int(cache.get(CONTENT_VERSION_KEY) or 0)
    try:
        return os.stat(content_stamp_path()).st_mtime_ns
    except FileNotFoundError:
        return 0


def bump_content_version() -> int:
    """Record a write now: every cached page becomes stale. Safe to call often."""
    new_version = max(time.time_ns(), content_version() + 1)
    if cache_is_shared():
        cache.set(CONTENT_VERSION_KEY, new_version, timeout=None)
    else:
        path = content_stamp_path()
        with open(path, "a"):
            pass
        os.utime(path, ns=(new_version, new_version))
    return new_version


def bump_content_version_on_commit(*args, **kwargs) -> None:
    """Signal receiver: bump once the write is committed (a bump before the commit could let a
    concurrent request cache the old data under the new version)."""
    transaction.on_commit(bump_content_version)


def computed_key(key: str, version: int | None = None) -> str:
    """The cache key of a figure computed under the current (or the given) content version."""
    return f"archive:computed:{content_version() if version is None else version}:{key}"


def cached_until_next_write(key: str, compute, timeout: int = 3600):
    """`compute()` once per content version: for expensive read-only figures (facet counts,
    totals) that only change when the archive does. The result must be picklable.

    Example: `cached_until_next_write(f"facets:{querystring}", lambda:
    list(queryset.values(...).annotate(...)))`.
    """
    full_key = computed_key(key)
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value
