"""Public reads on a PostgreSQL streaming replica (DATABASE_REPLICA_URL), everything else on the
primary.

When DATABASE_REPLICA_URL is set, settings add a second database alias, `replica`, this router
and this middleware. A request reads the replica only when all of these hold:

- it is an anonymous reader's GET or HEAD of a public page: no session cookie (a signed-in editor
  or admin always reads the primary, and sees their own writes), no Authorization header, not
  under an ARCHIVE_UNCACHED_PATHS prefix (/admin/, /healthz);
- the archive was not written in the last REPLICA_GRACE_SECONDS (default 5; setting
  `ARCHIVE_REPLICA_GRACE_SECONDS`): a replica replays the primary's writes a moment later, and a
  page or facet count computed from the replica in that moment would be cached under the new
  content version with the old data. The content version is the time of the last committed write
  (archive/content_version.py), so this costs one cache read or stat();
- nothing in the request has written yet: the first write (any `db_for_write`) sends every later
  read of the request to the primary.

Outside a request (management commands, the importer, tests) every query goes to the primary.
Migrations run on the primary only; the replica receives them by streaming replication.
"""

from __future__ import annotations

import contextvars
import time

from django.conf import settings
from django.db import connections

REPLICA = "replica"

_read_replica = contextvars.ContextVar("archive_read_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


class PrimaryReplicaRouter:
    """Reads go to the replica while the request allows it (see the module docstring)."""

    def db_for_read(self, model, **hints):
        if _read_replica.get():
            return REPLICA
        return None  # the primary ("default")

    def db_for_write(self, model, **hints):
        _read_replica.set(False)  # anything after a write reads the primary
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


def request_may_read_replica(request) -> bool:
    from archive.content_version import content_version
    from archive.page_cache import AnonymousPageCacheMiddleware

    if not AnonymousPageCacheMiddleware.request_is_cacheable(request):
        return False
    grace = float(getattr(settings, "ARCHIVE_REPLICA_GRACE_SECONDS", 5))
    last_write_ns = content_version()
    return not last_write_ns or time.time_ns() - last_write_ns > grace * 1e9


class ReplicaReadsMiddleware:
    """Marks the public reads of a request for the replica (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read_replica.set(request_may_read_replica(request))
        try:
            response = self.get_response(request)
        finally:
            _read_replica.reset(token)
        return response
