"""Entity pages: countries and country pairs, minerals, topics, series, agreements, organizations."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from meetings.computed import until_next_write
from meetings.models import (
    Country,
    CriticalMineral,
    Document,
    Meeting,
    MeetingSeries,
    Organization,
    Participant,
    Person,
    Topic,
    is_public,
    public_meeting,
    reviewed,
)
from meetings.views.helpers import (
    bad_page_is_400,
    count_by_year,
    entity_page,
    paginate,
    public_agreements,
    public_meeting_count,
    public_meetings,
    timeline,
)

# --- countries and country pairs ------------------------------------------------------------------


def with_public_meeting_stats(queryset):
    """Each row annotated with how many published meetings it has and the date of the last."""
    published = public_meeting("meetings")
    return queryset.annotate(
        meeting_count=Count("meetings", filter=published),
        last=Max("meetings__start_date", filter=published),
    )


@require_safe
def country_list(request):
    countries = (
        with_public_meeting_stats(Country.objects.all())
        .filter(meeting_count__gt=0)
        .order_by("name")
    )
    return render(request, "meetings/country_list.html", {"countries": countries})


def get_country(code):
    return get_object_or_404(Country, code=code.upper())


@require_safe
@bad_page_is_400
def country_detail(request, code):
    if code != code.lower():
        return redirect("meetings:country", code.lower(), permanent=True)
    country = get_country(code)
    meetings = public_meetings().involving(country.code)
    through = Meeting.countries.through
    counterparts = (
        through.objects.filter(meeting_id__in=meetings.values("pk"))
        .exclude(country_id=country.code)
        .values("country_id", "country__name", "country__short_name")
        .annotate(count=Count("meeting_id"), last=Max("meeting__start_date"))
        .order_by("-count", "-last")
    )
    return entity_page(
        request,
        "meetings/country_detail.html",
        {"country": country, "counterparts": counterparts},
        meetings,
        {"country": [country.code]},
    )


@require_safe
@bad_page_is_400
def country_pair(request, code, other):
    if code != code.lower() or other != other.lower():
        return redirect("meetings:country_pair", code.lower(), other.lower(), permanent=True)
    if code == other:
        return redirect("meetings:country", code)
    countries = Country.objects.in_bulk([code.upper(), other.upper()])
    if len(countries) != 2:
        raise Http404("No such country code.")
    first, second = countries[code.upper()], countries[other.upper()]
    meetings = public_meetings().involving(first.code, second.code)
    # One pass over the pair's meetings (a few thousand rows at most) gives the count, the
    # timeline, the series between them and the last meeting, where four aggregate queries
    # would each intersect the two countries' meetings again.
    # The pass is done once per content version (meetings/computed.py): a pair's figures change
    # only when the archive does, and the pair of the two busiest countries has ~7,000 meetings
    # (21-28 ms to read at 100,000).
    count, years, in_series, newest = until_next_write(
        f"pair:{first.code}:{second.code}", lambda: pair_figures(meetings)
    )
    # Series of these published meetings: public once reviewed (models.visibility.reviewed), so
    # no `public()` subquery over every published meeting (133 ms on SQLite at 100,000).
    series = list(MeetingSeries.objects.filter(reviewed(), pk__in=in_series))
    for one in series:
        one.meeting_count, one.last = in_series[one.pk]
    # Most recent first; a series with no dated meeting first, as PostgreSQL sorts NULLs.
    series.sort(key=lambda one: (one.last is not None, one.last or datetime.date.min), reverse=True)
    series.sort(key=lambda one: one.last is not None)
    last_meeting = public_meetings().get(pk=newest) if newest else None
    return entity_page(
        request,
        "meetings/country_pair.html",
        {
            "first": first,
            "second": second,
            "timeline": timeline(dict(years)),
            "series_between": series,
            "last_meeting": last_meeting,
        },
        meetings,
        {"country": [first.code, second.code]},
        count=count,
    )


def pair_figures(meetings) -> tuple[int, dict, dict, int | None]:
    """One pass over a pair's meetings: their number, {year: meetings}, {series id: [meetings,
    last date]} and the id of the newest meeting (None when there is none)."""
    rows = list(meetings.order_by().values_list("pk", "series_id", "start_date"))
    years = Counter(start.year for _, _, start in rows if start)
    in_series: dict[int, list] = {}
    for _, series_id, start in rows:
        if series_id is not None:
            entry = in_series.setdefault(series_id, [0, None])
            entry[0] += 1
            if start and (entry[1] is None or start > entry[1]):
                entry[1] = start
    newest = max(
        rows,
        key=lambda row: (row[2] is not None, row[2] or datetime.date.min, row[0]),
        default=None,
    )
    return len(rows), dict(years), in_series, newest[0] if newest else None


# --- minerals and topics --------------------------------------------------------------------------


@require_safe
def mineral_list(request):
    minerals = CriticalMineral.objects.annotate(
        meeting_count=Coalesce(public_meeting_count(Meeting.minerals.through, "criticalmineral"), 0)
    ).order_by("name")
    return render(request, "meetings/mineral_list.html", {"minerals": minerals})


@require_safe
@bad_page_is_400
def mineral_detail(request, slug):
    mineral = get_object_or_404(CriticalMineral, slug=slug)
    meetings = public_meetings().naming(mineral.slug)
    agreements = (
        public_agreements()
        .filter(minerals=mineral)
        .prefetch_related("parties")
        .order_by(F("signed_on").desc(nulls_last=True), "title")
    )
    return entity_page(
        request,
        "meetings/mineral_detail.html",
        {
            "mineral": mineral,
            "timeline": count_by_year(meetings),
            "agreements": agreements,
        },
        meetings,
        {"mineral": [mineral.slug]},
    )


@require_safe
def topic_list(request):
    topics = (
        Topic.objects.annotate(
            meeting_count=Coalesce(public_meeting_count(Meeting.topics.through, "topic"), 0)
        )
        .select_related("parent")
        .order_by("name")
    )
    return render(request, "meetings/topic_list.html", {"topics": topics})


@require_safe
@bad_page_is_400
def topic_detail(request, slug):
    topic = get_object_or_404(Topic.objects.select_related("parent"), slug=slug)
    meetings = public_meetings().about(topic.slug)
    return entity_page(
        request,
        "meetings/topic_detail.html",
        {
            "topic": topic,
            "children": topic.children.all(),
            "timeline": count_by_year(meetings),
        },
        meetings,
        {"topic": [topic.slug]},
    )


# --- series, agreements, organizations ------------------------------------------------------------


@require_safe
def series_list(request):
    series = (
        with_public_meeting_stats(MeetingSeries.objects.public())
        .prefetch_related("countries")
        .order_by("name")
    )
    return render(request, "meetings/series_list.html", {"series_list": series})


@require_safe
@bad_page_is_400
def series_detail(request, slug):
    series = get_object_or_404(
        MeetingSeries.objects.public().prefetch_related("countries"), slug=slug
    )
    meetings = public_meetings().filter(series=series)
    return entity_page(
        request,
        "meetings/series_detail.html",
        {"series": series, "timeline": count_by_year(meetings)},
        meetings,
        {"series": [series.slug]},
    )


@require_safe
@bad_page_is_400
def agreement_list(request):
    agreements = (
        public_agreements()
        .select_related("meeting")
        .prefetch_related("parties")
        .order_by(F("signed_on").desc(nulls_last=True), "title")
    )
    page = paginate(request, agreements, per_page=50)
    return render(
        request,
        "meetings/agreement_list.html",
        {"page_obj": page, "agreements": page.object_list},
    )


@require_safe
def agreement_detail(request, slug):
    agreement = get_object_or_404(
        public_agreements()
        .select_related("meeting")
        .prefetch_related(
            "parties",
            # Signatories of a published meeting's agreement: public once reviewed.
            Prefetch(
                "signatories",
                queryset=Person.objects.annotate(
                    is_public=ExpressionWrapper(reviewed(), output_field=BooleanField())
                ),
            ),
            "source_records",
            "topics",
            "minerals",
        ),
        slug=slug,
    )
    return render(request, "meetings/agreement_detail.html", {"agreement": agreement})


@require_safe
@bad_page_is_400
def organization_detail(request, slug):
    organization = get_object_or_404(
        Organization.objects.public()
        .select_related("country", "parent")
        .annotate(parent_is_public=is_public(Organization, "parent_id")),
        slug=slug,
    )
    offices = (
        organization.memberships.select_related("person")
        .annotate(person_is_public=is_public(Person, "person_id"))
        .order_by(F("start_date").desc(nulls_last=True))
        .all()
    )
    meetings = public_meetings().filter(
        Exists(Participant.objects.filter(meeting=OuterRef("pk"), organization=organization))
        | Exists(
            Document.meetings.through.objects.filter(
                meeting=OuterRef("pk"), document__issuer=organization
            )
        )
    )
    return entity_page(
        request,
        "meetings/organization_detail.html",
        {
            "organization": organization,
            "children": organization.children.public().order_by("name"),
            "offices": offices,
        },
        meetings,
        {},
    )
