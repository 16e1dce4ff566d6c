"""The search index: one denormalised text document per meeting, kept in step with the archive.

`MeetingSearchDocument` (meetings/search/models.py) holds a meeting's searchable text in four columns, one per weight:

- `title` (weight A): the meeting's title;
- `subject` (B): the editor's summary, every spelling and name order of every participant's name,
  topics, minerals (with their aliases, some in Japanese);
- `context` (C): agreements, document titles and issuing divisions, the series, countries, city,
  venue, participants' titles;
- `body` (D): the text of the documents (releases, statements), HTML removed.

The databases index these columns themselves (migration 0003): PostgreSQL through a generated
`tsvector` column with a GIN index, SQLite through an FTS5 table kept by triggers. So writing a row
here is all it takes to index a meeting, on either database.

`reindex_meetings(ids)` rebuilds the rows of the given meetings (all of them when `ids` is None) in
a constant number of queries per batch; the signal handlers in `meetings.search.signals` call it on
every save and delete, and bulk loaders call it once at the end (or wrap themselves in
`search_indexing_deferred()`).
"""

from __future__ import annotations

import html
import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from functools import partial

from django.db import transaction

from meetings.search.models import MeetingSearchDocument

BATCH_SIZE = 500
SEPARATOR = "; "


# --- Building documents ---------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
# Control characters are removed from indexed text: snippets use two of them as highlight markers.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\r\f\v]+")


def plain_text(value: str) -> str:
    """Text without HTML tags, entities decoded, control characters and runs of spaces removed."""
    text = html.unescape(_TAG.sub(" ", value or ""))
    return _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()


def _join(values: Iterable[str]) -> str:
    seen, unique = set(), []
    for value in values:
        value = plain_text(value)
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            unique.append(value)
    return SEPARATOR.join(unique)


def _strings(value) -> list[str]:
    """A JSON list of names (alternative names, aliases), tolerating what editors may store."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def build_documents(meeting_ids: list[int]) -> list[MeetingSearchDocument]:
    """The search documents of these meetings, from seven queries whatever their number."""
    from meetings.models import Agreement, Document, Meeting, Participant, Person
    from meetings.models.reference import japanese_country_name
    from meetings.search.query import is_unspaced

    meetings = Meeting.objects.filter(pk__in=meeting_ids).values(
        "pk",
        "title",
        "title_ja",
        "summary",
        "summary_ja",
        "series__name_ja",
        "city",
        "venue",
        "series__name",
        "series__acronym",
        "series__alternative_names",
    )
    subject: dict[int, list[str]] = defaultdict(list)
    context: dict[int, list[str]] = defaultdict(list)
    body: dict[int, list[str]] = defaultdict(list)

    for row in Participant.objects.filter(meeting_id__in=meeting_ids).values(
        "meeting_id",
        "name",
        "title",
        "person__name",
        "person__given_name",
        "person__family_name",
        "person__native_name",
        "person__alternative_names",
    ):
        if row["person__name"]:
            # Person.all_names knows every spelling and name order; an unsaved Person built from
            # the row's values gives it without a query per participant.
            person = Person(
                name=row["person__name"],
                given_name=row["person__given_name"],
                family_name=row["person__family_name"],
                native_name=row["person__native_name"],
                alternative_names=_strings(row["person__alternative_names"]),
            )
            subject[row["meeting_id"]] += person.all_names
        subject[row["meeting_id"]].append(row["name"])
        context[row["meeting_id"]].append(row["title"])

    topics = Meeting.topics.through.objects.filter(meeting_id__in=meeting_ids)
    for meeting_id, name, name_ja, keywords in topics.values_list(
        "meeting_id", "topic__name", "topic__name_ja", "topic__keywords"
    ):
        # A topic's Japanese name and Japanese keywords (経済安保) find it in Japanese.
        subject[meeting_id] += [name, name_ja, *filter(is_unspaced, _strings(keywords))]

    minerals = Meeting.minerals.through.objects.filter(meeting_id__in=meeting_ids)
    for meeting_id, name, name_ja, aliases in minerals.values_list(
        "meeting_id",
        "criticalmineral__name",
        "criticalmineral__name_ja",
        "criticalmineral__aliases",
    ):
        subject[meeting_id] += [name, name_ja, *_strings(aliases)]

    countries = Meeting.countries.through.objects.filter(meeting_id__in=meeting_ids)
    for meeting_id, code, name, short_name, demonym, aliases in countries.values_list(
        "meeting_id",
        "country_id",
        "country__name",
        "country__short_name",
        "country__demonym",
        "country__aliases",
    ):
        # In Japanese: the CLDR name (アメリカ合衆国) and the names releases use (米国).
        japanese = [japanese_country_name(code), *filter(is_unspaced, _strings(aliases))]
        context[meeting_id] += [name, short_name, demonym, *japanese]

    # An agreement the importer created is searchable once an editor has reviewed it.
    for meeting_id, title, summary, title_ja in Agreement.objects.filter(
        meeting_id__in=meeting_ids, needs_review=False
    ).values_list("meeting_id", "title", "summary", "title_ja"):
        context[meeting_id] += [title, summary, title_ja]

    for meeting_id, title, division, text in Document.meetings.through.objects.filter(
        meeting_id__in=meeting_ids
    ).values_list("meeting_id", "document__title", "document__division", "document__body"):
        context[meeting_id] += [title, division]
        body[meeting_id].append(text)

    documents = []
    for row in meetings:
        pk = row["pk"]
        series = [
            row["series__name"] or "",
            row["series__acronym"] or "",
            row["series__name_ja"] or "",
            *_strings(row["series__alternative_names"]),
        ]
        documents.append(
            MeetingSearchDocument(
                meeting_id=pk,
                # The Japanese title ranks as the title does, for Japanese queries (bilingual
                # records: the English first, so English snippets and ranks are unchanged).
                title=_join([row["title"], row["title_ja"]]),
                # The summary comes first: a snippet with no better match shows its beginning.
                subject=_join([row["summary"], row["summary_ja"], *subject[pk]]),
                context=_join([*context[pk], *series, row["city"], row["venue"]]),
                body="\n\n".join(plain_text(text) for text in body[pk] if text),
            )
        )
    return documents


# --- Keeping the index in step --------------------------------------------------------------------

_state = threading.local()


def _deferred() -> set[int] | None:
    return getattr(_state, "deferred", None)


def reindex_meetings(ids: Iterable[int] | None = None) -> int:
    """Rebuild the search documents of these meetings (every meeting when `ids` is None).

    Meetings that no longer exist lose their document. Returns the number of documents written.
    Inside `search_indexing_deferred()` the ids are only remembered, and indexed when it ends.
    """
    from meetings.models import Meeting
    from meetings.search.backends import get_backend
    from meetings.search.backends.database import compact_index

    if ids is not None:
        ids = {int(pk) for pk in ids if pk is not None}
        if not ids:
            return 0
        deferred = _deferred()
        if deferred is not None:
            deferred.update(ids)
            return 0
    backend = get_backend()
    written = 0
    with transaction.atomic():
        if ids is None:
            transaction.on_commit(backend.reset)
            MeetingSearchDocument.objects.all().delete()
            all_ids = list(Meeting.objects.order_by("pk").values_list("pk", flat=True))
            batches = [all_ids[i : i + BATCH_SIZE] for i in range(0, len(all_ids), BATCH_SIZE)]
        else:
            sorted_ids = sorted(ids)
            batches = [
                sorted_ids[i : i + BATCH_SIZE] for i in range(0, len(sorted_ids), BATCH_SIZE)
            ]
        for batch in batches:
            documents = build_documents(batch)
            if ids is not None:
                MeetingSearchDocument.objects.filter(meeting_id__in=batch).delete()
            MeetingSearchDocument.objects.bulk_create(documents)
            removed = set(batch) - {document.pk for document in documents}
            # A search engine beside the database hears of the change only once it is committed.
            transaction.on_commit(partial(backend.documents_changed, documents, removed))
            written += len(documents)
        if ids is None:
            compact_index()
    return written


@contextmanager
def search_indexing_deferred():
    """Index once at the end instead of on every save: for bulk loads and imports.

    Saves inside the block (and explicit `reindex_meetings(ids)` calls) only collect meeting ids;
    leaving the block reindexes them in one pass. Nested blocks index when the outermost ends.
    """
    if _deferred() is not None:
        yield
        return
    _state.deferred = set()
    try:
        yield
        pending = _state.deferred
    finally:
        _state.deferred = None
    if pending:
        reindex_meetings(pending)
