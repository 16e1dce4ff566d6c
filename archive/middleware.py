"""Compatibility re-exports: this module used to hold three middlewares and the content version.

They now live in their own modules; import from those:
- archive.request_ids: RequestIDMiddleware (request IDs and the access log)
- archive.outage: the 503 page (DatabaseUnavailableMiddleware, database_unavailable_response)
- archive.page_cache: AnonymousPageCacheMiddleware
- archive.content_version: content_version, bump_content_version, cached_until_next_write, ...
  (domain code imports this one; it imports no middleware)
"""

from archive.content_version import (  # noqa: F401
    CONTENT_VERSION_KEY,
    bump_content_version,
    bump_content_version_on_commit,
    cached_until_next_write,
    content_stamp_path,
    content_version,
)
from archive.outage import (  # noqa: F401
    DATABASE_UNAVAILABLE_ERRORS,
    DatabaseUnavailableMiddleware,
    database_unavailable_response,
)
from archive.page_cache import PAGE_KEY_PREFIX, AnonymousPageCacheMiddleware  # noqa: F401
from archive.request_ids import REQUEST_ID_HEADER, RequestIDMiddleware  # noqa: F401
