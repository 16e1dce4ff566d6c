"""Atom feed of any meeting list: `/meetings/feed/?country=JP&country=US&mineral=gallium`.

The query string is the HTML list's (the same `MeetingFilter`), so any filtered view can be followed.
The feed holds the first `MeetingFeed.limit` meetings in the list's order (newest first unless `sort`
says otherwise); its title says in words what the query asks for.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from meetings import querystring
from meetings.filters import MeetingFilter
from meetings.models import Meeting

ARCHIVE_NAME = "Ministerial Meetings Archive"


def meeting_filter(request: HttpRequest) -> MeetingFilter:
    return MeetingFilter(request.GET, queryset=Meeting.objects.published())


def invalid_query_response(filterset: MeetingFilter, what: str) -> HttpResponse:
    """HTTP 400 in plain words, one line per problem, for feed readers and download tools."""
    lines = [f"This {what} cannot be made: the query has invalid values.", ""]
    for field, messages in filterset.errors.items():
        for message in messages:
            lines.append(f"{field}: {message}" if field != "__all__" else str(message))
    lines += ["", "The parameters are described at /data/."]
    return HttpResponse(
        "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


def describe_query(filterset: MeetingFilter) -> str:
    """The query in words: "Meetings: Japan × United States, naming gallium, in 2024"."""
    return filterset.describe()  # each filter declares its words (meetings/filters.py)


def list_query_string(request: HttpRequest) -> str:
    """The request's filters without pagination, to link the matching HTML list."""
    return querystring.list_query(request.GET)


@dataclass
class FeedQuery:
    request: HttpRequest
    filterset: MeetingFilter


class MeetingFeed(Feed):
    """Atom 1.0 feed of a filtered meeting list."""

    feed_type = Atom1Feed
    limit = 100
    author_name = ARCHIVE_NAME

    def __call__(self, request, *args, **kwargs):
        filterset = meeting_filter(request)
        if not filterset.is_valid():
            return invalid_query_response(filterset, "feed")
        request.meeting_filter = filterset
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return FeedQuery(request=request, filterset=request.meeting_filter)

    def title(self, query: FeedQuery) -> str:
        return f"{describe_query(query.filterset)} — {ARCHIVE_NAME}"

    def subtitle(self, query: FeedQuery) -> str:
        return (
            f"Bilateral ministerial meetings recorded by the {ARCHIVE_NAME}, "
            f"up to {self.limit} at a time in the order of the list."
        )

    description = subtitle

    def link(self, query: FeedQuery) -> str:
        return reverse("meetings:list") + list_query_string(query.request)

    def feed_url(self, query: FeedQuery) -> str:
        return query.request.get_full_path()

    def feed_guid(self, query: FeedQuery) -> str:
        return query.request.build_absolute_uri(query.request.get_full_path())

    def feed_copyright(self, query: FeedQuery) -> str:
        return "Data: CC BY 4.0, " + ARCHIVE_NAME

    def items(self, query: FeedQuery):
        return query.filterset.qs.select_related("series", "venue_country").prefetch_related(
            "countries", "topics", "minerals"
        )[: self.limit]

    def item_title(self, meeting: Meeting) -> str:
        # Atom titles are plain text: the feed generator escapes them once, which is enough.
        return meeting.title

    def item_description(self, meeting: Meeting) -> str:
        facts = [meeting.start_date.isoformat() if meeting.start_date else "Date unknown"]
        place = ", ".join(
            part
            for part in (meeting.city, meeting.venue_country.name if meeting.venue_country else "")
            if part
        )
        if place:
            facts.append(place)
        facts.append(" × ".join(country.name for country in meeting.countries.all()))
        html = f"<p>{escape(' · '.join(facts))}</p>"
        if meeting.summary:
            html += f"<p>{escape(meeting.summary)}</p>"
        return html

    def item_pubdate(self, meeting: Meeting):
        return meeting.published_at or meeting.created_at

    def item_updateddate(self, meeting: Meeting):
        return meeting.updated_at

    def item_categories(self, meeting: Meeting) -> list[str]:
        return [topic.name for topic in meeting.topics.all()] + [
            mineral.name for mineral in meeting.minerals.all()
        ]
