"""OpenSearch / Elasticsearch as the search engine, for archives that outgrow one database.

Chosen when the SEARCH_BACKEND_URL setting (from the environment, read in archive/settings.py) is
set, e.g. `https://archive:secret@search.internal:9200/meetings` (the path names the index;
`meetings` when it is empty). It speaks the small REST subset that OpenSearch 1-3 and Elasticsearch 7-9 share
(`PUT index`, `_bulk`, `_search`) over the standard library's HTTP client, so it needs no client
package.

The database's own search document table stays the source of truth: `reindex_meetings` writes it
as always and then sends the same documents here, and snippets still come from the database. If the
engine cannot be reached, searches fall back to the database's full-text search (logged), so an
outage degrades relevance at worst and never fails a page.
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.error
import urllib.request
from urllib.parse import unquote, urlsplit

from django.db import connection
from django.db.models import Case, FloatField, Value, When

from meetings.search.backends.base import SearchBackend
from meetings.search.query import ParsedQuery, Words

logger = logging.getLogger(__name__)

MAX_RESULTS = 1000  # ids fetched per search; the archive's filters then narrow in the database
TIMEOUT_SECONDS = 5
FIELDS = ["title^10", "subject^4", "context^2", "body"]
TEXT_FIELD = {"type": "text", "analyzer": "english"}
INDEX_BODY = {
    "settings": {"number_of_shards": 1},
    "mappings": {
        "properties": {
            "title": TEXT_FIELD,
            "subject": TEXT_FIELD,
            "context": TEXT_FIELD,
            "body": TEXT_FIELD,
        }
    },
}


class SearchEngineUnavailable(RuntimeError):
    pass


def atom_query(atom) -> dict:
    """One word, phrase or Japanese substring as a query over the four weighted fields."""
    if isinstance(atom, Words) and not atom.is_phrase:
        return {"multi_match": {"query": atom.text, "fields": FIELDS, "operator": "and"}}
    # Phrases, and Japanese text: the standard tokenizer inside the english analyzer splits
    # ideographs one by one, so a phrase of them is a substring of the original.
    return {"multi_match": {"query": atom.text, "fields": FIELDS, "type": "phrase"}}


def compile_query(parsed: ParsedQuery) -> dict:
    """The parsed query as an OpenSearch / Elasticsearch bool query, same semantics as the
    databases': every group must match one of its atoms, no excluded atom may match."""
    must = [
        {"bool": {"should": [atom_query(atom) for atom in group], "minimum_should_match": 1}}
        for group in parsed.groups
    ]
    return {
        "bool": {
            "must": must or [{"match_all": {}}],
            "must_not": [atom_query(atom) for atom in parsed.excluded],
        }
    }


class OpenSearchBackend(SearchBackend):
    name = "opensearch"

    def __init__(self, base_url: str, index: str, authorization: str | None = None):
        self.base_url, self.index, self.authorization = base_url.rstrip("/"), index, authorization

    @classmethod
    def for_url(cls, url: str) -> OpenSearchBackend:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError(
                "SEARCH_BACKEND_URL must be an http(s) URL such as "
                "https://user:password@search.internal:9200/meetings"
            )
        authorization = None
        if parts.username:
            credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
            authorization = "Basic " + base64.b64encode(credentials.encode()).decode()
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        index = parts.path.strip("/") or "meetings"
        return cls(f"{parts.scheme}://{netloc}", index, authorization)

    def database_backend(self) -> SearchBackend:
        from meetings.search.backends.database import PostgresSearchBackend, SQLiteSearchBackend

        if connection.vendor == "postgresql":
            return PostgresSearchBackend()
        return SQLiteSearchBackend()

    # --- HTTP -------------------------------------------------------------------------------------

    def request(self, method: str, path: str, body=None, *, ndjson: bool = False):
        data = None
        headers = {"Accept": "application/json"}
        if body is not None:
            if ndjson:
                data = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in body)
                headers["Content-Type"] = "application/x-ndjson"
            else:
                data = json.dumps(body, ensure_ascii=False)
                headers["Content-Type"] = "application/json"
        if self.authorization:
            headers["Authorization"] = self.authorization
        request = urllib.request.Request(
            f"{self.base_url}/{path.lstrip('/')}",
            data=data.encode() if data is not None else None,
            headers=headers,
            method=method,
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            if error.code == 404 and method in {"DELETE", "HEAD"}:
                return {}
            raise SearchEngineUnavailable(f"{method} {path}: HTTP {error.code}") from error
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            raise SearchEngineUnavailable(f"{method} {path}: {error}") from error

    # --- SearchBackend ----------------------------------------------------------------------------

    def search(self, queryset, parsed: ParsedQuery):
        body = {
            "query": compile_query(parsed),
            "size": MAX_RESULTS,
            "_source": False,
            "track_total_hits": False,
        }
        try:
            hits = self.request("POST", f"{self.index}/_search", body)["hits"]["hits"]
        except (SearchEngineUnavailable, KeyError, TypeError) as error:
            logger.error("Search engine unavailable, searching the database instead: %s", error)
            return self.database_backend().search(queryset, parsed)
        scores = {int(hit["_id"]): float(hit.get("_score") or 0.0) for hit in hits}
        if not scores:
            return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
        rank = Case(
            *[When(pk=pk, then=Value(score)) for pk, score in scores.items()],
            default=Value(0.0),
            output_field=FloatField(),
        )
        return queryset.filter(pk__in=list(scores)).annotate(rank=rank)

    def highlighted_fields(self, meeting_ids, parsed):
        return self.database_backend().highlighted_fields(meeting_ids, parsed)

    def reset(self) -> None:
        self.request("DELETE", self.index)
        self.request("PUT", self.index, INDEX_BODY)

    def documents_changed(self, documents, removed) -> None:
        lines = []
        for document in documents:
            lines.append({"index": {"_index": self.index, "_id": str(document.pk)}})
            lines.append(document.weighted_fields)
        for pk in sorted(removed):
            lines.append({"delete": {"_index": self.index, "_id": str(pk)}})
        if not lines:
            return
        try:
            self.request("POST", "_bulk", lines, ndjson=True)
        except SearchEngineUnavailable as error:
            # The editor's save stands; `manage.py rebuild_search_index` resends everything.
            logger.error("Search engine not updated (run rebuild_search_index): %s", error)
