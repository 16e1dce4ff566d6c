"""Downloads of any meeting list: iCalendar (`/meetings/calendar.ics`) and CSV (`/meetings/export.csv`).

Both take the HTML list's query string (the same `MeetingFilter`), keep its order, and hold every
matching meeting, not a page of them. Both are streamed: rows are read from the database in chunks
(`.iterator(chunk_size=…)`, with each chunk's related rows prefetched), written out, and forgotten, so
an export of 100,000 meetings never holds them all in memory (`scripts/csv_memory.py` measures it).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice

from django.http import HttpRequest, StreamingHttpResponse
from django.http.request import split_domain_port
from django.shortcuts import render
from django.utils.translation import gettext
from icalendar import Calendar, Event, vText

from meetings.models import Country, CriticalMineral, Meeting, Participant, Topic
from meetings.models.base import reader_is_japanese
from meetings.opendata.feeds import (
    ARCHIVE_NAME,
    describe_query,
    invalid_query_response,
    meeting_filter,
)

# Meetings read per database round trip; each batch's countries, topics, minerals and participants
# come in one query each. Memory grows with this number, not with the size of the export.
CHUNK_SIZE = 2000


@dataclass(slots=True)
class ExportedMeeting:
    """What the CSV and the calendar write about a meeting, read as plain values.

    Plain rows rather than model instances: building instances (and their related managers) for
    100,000 meetings and their links took most of an export's time.
    """

    pk: int
    slug: str
    title: str
    kind: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    city: str
    venue: str
    ordinal: int | None
    summary: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    series_name: str | None
    venue_country_id: str | None
    venue_country_name: str | None
    title_ja: str = ""
    summary_ja: str = ""
    date_precision: str = "day"
    mode: str = "in person"  # "between": held on one unknown day of start_date..end_date
    countries: list = field(default_factory=list)  # (code, name), by code
    topics: list = field(default_factory=list)  # names, alphabetical
    minerals: list = field(default_factory=list)  # names, alphabetical
    participants: list = field(default_factory=list)  # names as shown, in their order


MEETING_COLUMNS = (
    "pk",
    "slug",
    "title",
    "kind",
    "start_date",
    "end_date",
    "city",
    "venue",
    "ordinal",
    "summary",
    "created_at",
    "updated_at",
    "series__name",
    "venue_country_id",
    "venue_country__name",
    "title_ja",
    "summary_ja",
    "date_precision",
    "mode",
)


@dataclass
class ReferenceNames:
    """Names of countries, topics and minerals, read once per export (a few hundred rows), so the
    per-batch queries read link tables alone, by index, without joins or sorting."""

    countries: dict = field(default_factory=dict)
    topics: dict = field(default_factory=dict)
    minerals: dict = field(default_factory=dict)

    @classmethod
    def load(cls):
        return cls(
            countries=dict(Country.objects.values_list("code", "name")),
            topics=dict(Topic.objects.values_list("pk", "name")),
            minerals=dict(CriticalMineral.objects.values_list("pk", "name")),
        )


def _attach_related(batch: dict[int, ExportedMeeting], names: ReferenceNames) -> None:
    """Fill the batch's lists with one query per relation, sorted here (the same on every
    database, whatever its collation)."""
    pks = list(batch)
    links = Meeting.countries.through.objects.filter(meeting_id__in=pks)
    for meeting_id, code in links.values_list("meeting_id", "country_id"):
        batch[meeting_id].countries.append((code, names.countries[code]))
    links = Meeting.topics.through.objects.filter(meeting_id__in=pks)
    for meeting_id, topic_id in links.values_list("meeting_id", "topic_id"):
        batch[meeting_id].topics.append(names.topics[topic_id])
    links = Meeting.minerals.through.objects.filter(meeting_id__in=pks)
    for meeting_id, mineral_id in links.values_list("meeting_id", "criticalmineral_id"):
        batch[meeting_id].minerals.append(names.minerals[mineral_id])
    participants = Participant.objects.filter(meeting_id__in=pks).values_list(
        "meeting_id", "order", "pk", "name", "person__name"
    )
    for meeting_id, order, pk, name, person_name in participants:
        batch[meeting_id].participants.append((order, pk, person_name or name))
    for meeting in batch.values():
        meeting.countries.sort()
        meeting.topics.sort()
        meeting.minerals.sort()
        meeting.participants = [name for _, _, name in sorted(meeting.participants)]


def meetings_in_chunks(queryset) -> Iterator[ExportedMeeting]:
    """The meetings of `queryset`, in its order, read and completed a batch at a time."""
    names = ReferenceNames.load()
    columns = MEETING_COLUMNS
    if "rank" in queryset.query.annotations:
        # A searched list is sorted by its rank: select it, as the list page and the API do, so
        # the database sorts by the column. Left out, the rank is written into ORDER BY as it is,
        # and a search with nothing to rank (only excluded words: "-japan") ranks every meeting
        # 0.0, which PostgreSQL refuses in ORDER BY ("non-integer constant").
        columns = (*MEETING_COLUMNS, "rank")
    rows = queryset.values_list(*columns).iterator(chunk_size=CHUNK_SIZE)
    width = len(MEETING_COLUMNS)
    while True:
        batch = {row[0]: ExportedMeeting(*row[:width]) for row in islice(rows, CHUNK_SIZE)}
        if not batch:
            return
        _attach_related(batch, names)
        yield from batch.values()  # dicts keep insertion order: the queryset's


def read_ahead(meetings: Iterator[ExportedMeeting]) -> Iterator[ExportedMeeting]:
    """`meetings` with its first batch read now, while the view can still choose the status.

    A streamed response sends its status and first bytes before the rest is made, so a database
    that cannot be reached (or refuses the query) must be met here: the error then reaches the
    middleware like any view's, and the reader gets the friendly 503 page (or a 500) rather than
    a 200 cut off after the calendar's header or the CSV's column names.
    """
    first = next(meetings, None)
    return iter(()) if first is None else chain([first], meetings)


def record_url_maker(request: HttpRequest):
    """meeting -> absolute URL of its record, resolving the URL pattern once, not per row."""
    placeholder = "record-slug-placeholder"
    template = request.build_absolute_uri(Meeting(slug=placeholder).get_absolute_url())
    prefix, suffix = template.split(placeholder)
    return lambda meeting: f"{prefix}{meeting.slug}{suffix}"


def place_of(meeting: ExportedMeeting) -> str:
    parts = [meeting.venue, meeting.city, meeting.venue_country_name]
    return ", ".join(part for part in parts if part)


# --- iCalendar -------------------------------------------------------------------------------------

PRODUCT_ID = "-//Ministerial Meetings Archive//Meetings calendar//EN"


def calendar_event(meeting: ExportedMeeting, record_url, host: str) -> Event:
    """One all-day event per meeting (RFC 5545 3.6.1: DTEND is the day after the last day)."""
    url = record_url(meeting)
    last_day = meeting.end_date or meeting.start_date
    event = Event()
    # The slug is the record's public, stable name (its URL): the UID survives a dump and restore,
    # which new primary keys would not.
    event.add("uid", f"meeting-{meeting.slug}@{host}")
    # Without a METHOD, DTSTAMP is the time the information last changed (RFC 5545 3.8.7.2); using
    # the record's own timestamp keeps the calendar byte-identical until something changes.
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("created", meeting.created_at)
    japanese = reader_is_japanese()  # the /ja/ calendar: records' Japanese texts when written
    event.add("summary", (japanese and meeting.title_ja) or meeting.title)
    event.add("dtstart", meeting.start_date)
    event.add("dtend", last_day + datetime.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    place = place_of(meeting)
    if place:
        event.add("location", place)
    event.add("url", url, parameters={"VALUE": "URI"})
    countries = " × ".join(name for _, name in meeting.countries)
    summary = (japanese and meeting.summary_ja) or meeting.summary
    when = ""
    if meeting.date_precision == "between":
        when = gettext("The day is not known: one day between %(start)s and %(end)s.") % {
            "start": meeting.start_date.isoformat(),
            "end": last_day.isoformat(),
        }
    description = "\n\n".join(part for part in (countries, when, summary, url) if part)
    event.add("description", description)
    categories = meeting.topics + meeting.minerals
    if categories:
        event.add("categories", categories)
    return event


def calendar_lines(
    meetings: Iterable[ExportedMeeting], request: HttpRequest, title: str
) -> Iterator[bytes]:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", vText(title))
    # How often subscribed calendars should look again (RFC 7986 and its common predecessor).
    calendar.add("refresh-interval", datetime.timedelta(days=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vText("P1D"))
    header = calendar.to_ical()
    footer = b"END:VCALENDAR\r\n"
    assert header.endswith(footer)
    yield header[: -len(footer)]
    host = split_domain_port(request.get_host())[0] or "localhost"
    record_url = record_url_maker(request)
    buffer = []
    for meeting in meetings:
        if meeting.start_date is None:
            continue  # an undated meeting cannot be placed in a calendar
        buffer.append(calendar_event(meeting, record_url, host).to_ical())
        if len(buffer) >= CHUNK_SIZE // 4:
            yield b"".join(buffer)
            buffer = []
    yield b"".join(buffer) + footer


def meetings_calendar(request: HttpRequest):
    """All-day events for every meeting of the list (meetings without a date are left out)."""
    filterset = meeting_filter(request)
    if not filterset.is_valid():
        return invalid_query_response(filterset, "calendar")
    title = f"{describe_query(filterset)} — {gettext(ARCHIVE_NAME)}"
    response = StreamingHttpResponse(
        calendar_lines(read_ahead(meetings_in_chunks(filterset.qs)), request, title),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="meetings.ics"'
    return response


# --- CSV -------------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "slug",
    "title",
    "kind",
    "mode",
    "start_date",
    "end_date",
    "date_precision",
    "city",
    "venue",
    "venue_country",
    "countries",
    "series",
    "ordinal",
    "participants",
    "topics",
    "minerals",
    "summary",
    "url",
    "updated_at",
]
JOIN = "; "
# A cell starting with one of these is read as a formula by spreadsheet programs (OWASP, "CSV
# Injection"); a leading apostrophe makes them show it as text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def csv_row(meeting: ExportedMeeting, record_url) -> list:
    row = {
        "slug": meeting.slug,
        "title": meeting.title,
        "kind": meeting.kind,
        "mode": meeting.mode,
        "start_date": meeting.start_date.isoformat() if meeting.start_date else "",
        "end_date": meeting.end_date.isoformat() if meeting.end_date else "",
        "date_precision": meeting.date_precision,
        "city": meeting.city,
        "venue": meeting.venue,
        "venue_country": meeting.venue_country_id or "",
        "countries": JOIN.join(code for code, _ in meeting.countries),
        "series": meeting.series_name or "",
        "ordinal": meeting.ordinal or "",
        "participants": JOIN.join(meeting.participants),
        "topics": JOIN.join(meeting.topics),
        "minerals": JOIN.join(meeting.minerals),
        "summary": meeting.summary,
        "url": record_url(meeting),
        "updated_at": meeting.updated_at.isoformat(),
    }
    return [
        spreadsheet_safe(value) if isinstance(value, str) else value
        for value in (row[name] for name in CSV_COLUMNS)
    ]


def csv_lines(meetings: Iterable[ExportedMeeting], request: HttpRequest) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    record_url = record_url_maker(request)
    for count, meeting in enumerate(meetings, start=1):
        writer.writerow(csv_row(meeting, record_url))
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def meetings_csv(request: HttpRequest):
    """One row per meeting; countries (ISO codes), participants, topics and minerals joined by "; "."""
    filterset = meeting_filter(request)
    if not filterset.is_valid():
        return invalid_query_response(filterset, "CSV export")
    response = StreamingHttpResponse(
        csv_lines(read_ahead(meetings_in_chunks(filterset.qs)), request),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="meetings.csv"'
    return response


# --- The "Data and reuse" page ---------------------------------------------------------------------


def reuse_page(request: HttpRequest):
    """Licence, how to cite, and every format with an example."""
    example = (
        Meeting.objects.published()
        .filter(start_date__isnull=False)
        .newest_first()
        .only("slug", "title", "title_ja", "start_date")
        .first()
    )
    return render(
        request,
        # The page is prose: its Japanese version is a template of its own (data/reuse_ja.html).
        "data/reuse_ja.html" if reader_is_japanese() else "data/reuse.html",
        {
            "example_meeting": example,
            "example_url": request.build_absolute_uri(example.get_absolute_url())
            if example
            else None,
            "accessed_on": datetime.date.today(),
            "csv_columns": CSV_COLUMNS,
        },
    )
