"""The home page: latest meetings, counts, ways in by country, mineral and topic."""

from __future__ import annotations

from django.db.models import Count, F, Max
from django.shortcuts import render
from django.views.decorators.http import require_safe

from meetings.cards import render_cards
from meetings.models import (
    Country,
    CriticalMineral,
    Meeting,
    Person,
    Topic,
    public_meeting,
)
from meetings.views.helpers import (
    public_agreements,
    public_meeting_count,
    public_meetings,
)

# --- home and the meeting list --------------------------------------------------------------------


@require_safe
def home(request):
    meetings = public_meetings()
    latest = render_cards(meetings.newest_first().values_list("pk", flat=True)[:5])
    through = Meeting.countries.through
    pairs = list(
        through.objects.filter(
            public_meeting("meeting"),
            meeting__countries__code__gt=F("country_id"),
        )
        .values("country_id", "meeting__countries__code")
        .annotate(count=Count("meeting_id", distinct=True), last=Max("meeting__start_date"))
        .order_by("-count", "-last")[:8]
    )
    names = Country.objects.in_bulk(
        {row["country_id"] for row in pairs} | {row["meeting__countries__code"] for row in pairs}
    )
    country_pairs = [
        {
            "first": names[row["country_id"]],
            "second": names[row["meeting__countries__code"]],
            "count": row["count"],
            "last": row["last"],
        }
        for row in pairs
    ]
    minerals = (
        CriticalMineral.objects.annotate(
            meeting_count=public_meeting_count(Meeting.minerals.through, "criticalmineral")
        )
        .filter(meeting_count__gt=0)
        .order_by("-meeting_count", "name")[:12]
    )
    topics = (
        Topic.objects.annotate(meeting_count=public_meeting_count(Meeting.topics.through, "topic"))
        .filter(meeting_count__gt=0)
        .order_by("-meeting_count", "name")[:12]
    )
    totals = meetings.aggregate(
        meetings=Count("pk", distinct=True),
        countries=Count("countries", distinct=True),
    )
    totals["people"] = Person.objects.public().count()
    totals["agreements"] = public_agreements().count()
    return render(
        request,
        "meetings/home.html",
        {
            "latest": latest,
            "country_pairs": country_pairs,
            "minerals": minerals,
            "topics": topics,
            "totals": totals,
        },
    )
