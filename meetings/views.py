"""Public HTML pages: the meeting list with its filters, meeting records and entity pages.

Every page reads only published meetings, and fetches exactly what its template shows with
`select_related` / `prefetch_related`, so its number of queries does not grow with its rows
(tests/test_queries.py pins the counts).
"""

from __future__ import annotations

import datetime
from collections import Counter
from functools import wraps
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from meetings import search
from meetings.facets import MatchingMeetings, facet_counts
from meetings.filters import MeetingFilter
from meetings.models import (
    Agreement,
    Country,
    CriticalMineral,
    Document,
    Meeting,
    MeetingSeries,
    Membership,
    Organization,
    Participant,
    Person,
    Topic,
)

PAGE_SIZE = 20


# --- helpers --------------------------------------------------------------------------------------


class PageNotFoundInList(Exception):
    """`page` is not a number, or past the end of the list: the reader gets a 400 that says so."""


def paginate(request, queryset, per_page=PAGE_SIZE, count=None):
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # known already: spares the COUNT query
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except ValueError:
        raise PageNotFoundInList(
            f"“{raw[:40]}” is not a page number: use a whole number such as 1 or 2."
        ) from None
    if number < 1 or number > paginator.num_pages:
        pages = paginator.num_pages
        raise PageNotFoundInList(
            f"There is no page {number}: this list has {pages} page{'s' if pages != 1 else ''}."
        )
    return paginator.page(number)


def bad_page_is_400(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PageNotFoundInList as error:
            return render(
                request,
                "400.html",
                {"message": str(error), "first_page_url": request.path},
                status=400,
            )

    return wrapper


def published_meetings():
    return Meeting.objects.public()


def with_card_data(meetings):
    """What includes/meeting_card.html shows: series, venue, who took part, countries, minerals."""
    return meetings.select_related("series", "venue_country").prefetch_related(
        "countries",
        "minerals",
        Prefetch("participants", queryset=Participant.objects.select_related("person")),
    )


def published_meeting_count(through, target: str):
    """Subquery: how many published meetings name the outer row (a topic or a mineral).

    A correlated count over the through table's index is much cheaper at scale than joining
    every meeting and grouping by all the outer model's columns.
    """
    return Subquery(
        through.objects.filter(
            **{f"{target}_id": OuterRef("pk")}, meeting__status=Meeting.Status.PUBLISHED
        )
        .order_by()
        .values(f"{target}_id")
        .annotate(count=Count("meeting_id"))
        .values("count"),
        output_field=IntegerField(),
    )


def published_agreements():
    """Agreements the public may see (models: the one visibility rule)."""
    return Agreement.objects.public()


def data_query(params) -> str:
    """The query string that asks the feed, calendar, CSV and API for the same meetings."""
    return urlencode(params, doseq=True)


def count_by_year(meetings):
    """[{"year": 2024, "count": 3, "percent": 60}, …] oldest first, every year in the range shown
    (empty years too, so the timeline reads as time)."""
    rows = (
        meetings.filter(start_date__isnull=False)
        .order_by()
        .annotate(year=ExtractYear("start_date"))
        .values("year")
        .annotate(count=Count("pk"))
    )
    return timeline({row["year"]: row["count"] for row in rows})


def timeline(counts: dict[int, int]) -> list[dict]:
    """count_by_year's bars from {year: number of meetings}."""
    if not counts:
        return []
    most = max(counts.values())
    years = range(min(counts), max(counts) + 1)
    # Bar widths in steps of 5 % (CSS classes w-0 … w-100): the CSP forbids inline styles.
    return [
        {
            "year": year,
            "count": counts.get(year, 0),
            "percent": 5 * round(20 * counts.get(year, 0) / most),
        }
        for year in years
    ]


def office_held_on(memberships, date):
    """The office held on `date` among prefetched memberships (as MembershipQuerySet.held_on)."""
    if date is None:
        return None
    held = [
        m
        for m in memberships
        if (m.start_date is None or m.start_date <= date)
        and (m.end_date is None or m.end_date >= date)
    ]
    held.sort(key=lambda m: m.start_date or datetime.date.min, reverse=True)
    return held[0] if held else None


def entity_page(request, template, context, meetings, params, count=None):
    """Render an entity page with its meetings (paginated, newest first) and data links.

    `count`: the number of meetings, when the view knows it already (spares the COUNT)."""
    page = paginate(request, with_card_data(meetings.newest_first()), count=count)
    context |= {"page_obj": page, "meetings": page.object_list}
    if params:  # a page whose meetings the list's filters can express links to the same query
        query = data_query(params)
        context |= {"data_query": query, "list_url": f"{reverse('meetings:list')}?{query}"}
    return render(request, template, context)


# --- home and the meeting list --------------------------------------------------------------------


@require_safe
def home(request):
    meetings = published_meetings()
    latest = with_card_data(meetings.newest_first())[:5]
    through = Meeting.countries.through
    pairs = list(
        through.objects.filter(
            meeting__status=Meeting.Status.PUBLISHED,
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
            meeting_count=published_meeting_count(Meeting.minerals.through, "criticalmineral")
        )
        .filter(meeting_count__gt=0)
        .order_by("-meeting_count", "name")[:12]
    )
    topics = (
        Topic.objects.annotate(
            meeting_count=published_meeting_count(Meeting.topics.through, "topic")
        )
        .filter(meeting_count__gt=0)
        .order_by("-meeting_count", "name")[:12]
    )
    totals = meetings.aggregate(
        meetings=Count("pk", distinct=True),
        countries=Count("countries", distinct=True),
    )
    totals["people"] = (
        Participant.objects.filter(meeting__status=Meeting.Status.PUBLISHED, person__isnull=False)
        .values("person_id")
        .distinct()
        .count()
    )
    totals["agreements"] = published_agreements().count()
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


CHIP_LABELS = {
    "country": "Country",
    "date_after": "From",
    "date_before": "To",
    "year": "Year",
    "topic": "Topic",
    "mineral": "Mineral",
    "person": "Person",
    "series": "Series",
    "kind": "Kind",
    "q": "Search",
}


def _query_without(request, name, value=None) -> str:
    """The current query string without one filter value (or all of `name`), and without page."""
    query = request.GET.copy()
    query.pop("page", None)
    if value is None:
        query.pop(name, None)
    else:
        remaining = [v for v in query.getlist(name) if v.strip().lower() != value.lower()]
        query.setlist(name, remaining)
    return f"?{query.urlencode()}" if query else "?"


def active_filter_chips(request, filterset):
    """One removable chip per value in use: label, text and the URL without it."""
    chips = []
    for name, value in filterset.active_filters.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if name == "country":
                text, raw = item.display_name, item.code
            elif name in ("topic", "mineral", "series", "person"):
                text, raw = str(item), item.slug
            elif name == "kind":
                text, raw = dict(Meeting.Kind.choices).get(item, item), item
            else:
                text, raw = str(item), str(item)
            many = name in ("country", "topic", "mineral")
            chips.append(
                {
                    "name": name,
                    "label": CHIP_LABELS[name],
                    "text": text,
                    "remove_url": _query_without(request, name, raw if many else None),
                }
            )
    return chips


def filter_query(filterset) -> dict:
    """The valid filters and the sort asked for, as query parameters (for data links): the same
    query the reader sees, without the page."""
    params = {}
    for name, value in filterset.active_filters.items():
        values = value if isinstance(value, list) else [value]
        params[name] = [
            v.code
            if isinstance(v, Country)
            else getattr(v, "slug", None) or (v.isoformat() if hasattr(v, "isoformat") else v)
            for v in values
        ]
    sort = (
        filterset.form.cleaned_data.get("sort") if hasattr(filterset.form, "cleaned_data") else ""
    )
    if sort:
        params["sort"] = [sort]
    return params


@require_safe
@bad_page_is_400
def meeting_list(request):
    filterset = MeetingFilter(request.GET, queryset=published_meetings())
    valid = filterset.is_valid()
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "kinds": Meeting.Kind.choices,
        "total": None,  # unknown while a filter is invalid
    }
    context["chips"] = active_filter_chips(request, filterset)
    context["data_query"] = data_query(filter_query(filterset))
    context["sort_order"] = filterset.sort_order
    q = filterset.form.cleaned_data.get("q", "") if hasattr(filterset.form, "cleaned_data") else ""
    context["q"] = q
    if not valid:
        context["facets"] = facet_counts(filterset, total=0)
        return render(request, "meetings/meeting_list.html", context, status=400)

    matching = MatchingMeetings(filterset)
    ids = matching.ids()
    meetings = filterset.qs
    if ids is not None:
        # The matching meetings are known by id: the page need not filter (nor search) again.
        known = matching.filter(published_meetings(), "pk")
        if filterset.sort_order == filterset.RELEVANCE:
            known = search.rank_matches(known, q)
        if known is not None:
            meetings = filterset.sort_queryset(known)
    # The number of matches is known once the ids are: no COUNT over the list.
    page = paginate(request, with_card_data(meetings), count=None if ids is None else len(ids))
    total = page.paginator.count
    context |= {
        "page_obj": page,
        "meetings": page.object_list,
        "total": total,
        "facets": facet_counts(filterset, total, matching),
    }
    if q and page.object_list:
        context["snippets"] = search.snippets(page.object_list, q)
    if total == 0:
        context["drop_suggestions"] = [
            {
                "label": CHIP_LABELS[name],
                "count": filterset.queryset_without(name).count(),
                "url": _query_without(request, name),
            }
            for name in filterset.active_filters
        ]
        context["spelling"] = search.suggest(q) if q else None
    return render(request, "meetings/meeting_list.html", context)


# --- the meeting record ---------------------------------------------------------------------------


@require_safe
def meeting_detail(request, slug):
    participants = Participant.objects.select_related(
        "person", "country", "organization"
    ).prefetch_related(
        Prefetch("person__memberships", queryset=Membership.objects.select_related("organization"))
    )
    meeting = get_object_or_404(
        published_meetings()
        .select_related("series", "venue_country", "parent")
        .prefetch_related(
            "countries",
            "topics",
            "minerals",
            Prefetch("participants", queryset=participants),
            Prefetch("documents", queryset=Document.objects.select_related("issuer")),
            Prefetch(
                "agreements",
                queryset=Agreement.objects.prefetch_related("parties"),
            ),
            Prefetch("side_meetings", queryset=published_meetings().order_by("start_date", "pk")),
        ),
        slug=slug,
    )
    delegations = {}
    for participant in meeting.participants.all():
        if not participant.title and participant.person_id:
            office = office_held_on(participant.person.memberships.all(), meeting.start_date)
            participant.title_on_date = office.title if office else ""
            participant.organization_on_date = participant.organization or (
                office.organization if office else None
            )
        else:
            participant.title_on_date = participant.title
            participant.organization_on_date = participant.organization
        delegations.setdefault(participant.country, []).append(participant)

    previous_in_series = next_in_series = None
    if meeting.series_id:
        same_series = published_meetings().filter(series_id=meeting.series_id, kind=meeting.kind)
        if meeting.ordinal:
            previous_in_series = (
                same_series.filter(ordinal__lt=meeting.ordinal).order_by("-ordinal").first()
            )
            next_in_series = (
                same_series.filter(ordinal__gt=meeting.ordinal).order_by("ordinal").first()
            )
        elif meeting.start_date:
            previous_in_series = (
                same_series.filter(start_date__lt=meeting.start_date).newest_first().first()
            )
            next_in_series = (
                same_series.filter(start_date__gt=meeting.start_date)
                .order_by("start_date", "pk")
                .first()
            )

    codes = [country.code for country in meeting.countries.all()]
    topic_ids = [topic.pk for topic in meeting.topics.all()]
    related = related_meetings(meeting, codes, topic_ids)

    ordered_delegations = sorted(
        delegations.items(), key=lambda item: (item[0] is None, item[0].name if item[0] else "")
    )
    canonical_url = request.build_absolute_uri(meeting.get_absolute_url())
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "jsonld": meeting_jsonld(meeting, ordered_delegations, canonical_url),
            "delegations": ordered_delegations,
            "previous_in_series": previous_in_series,
            "next_in_series": next_in_series,
            "related": related,
            "pair": meeting.countries.all() if len(codes) == 2 else None,
            "data_query": data_query({"country": codes}) if len(codes) >= 2 else "",
            "canonical_url": canonical_url,
        },
    )


RELATED_MEETINGS = 5


def related_meetings(meeting, codes, topic_ids):
    """The newest few published meetings sharing a topic with `meeting` or its first two
    countries.

    Each kind of kinship is a small subquery that walks the published meetings newest first and
    stops after a handful; the page takes the newest of their union. A single condition with an OR
    instead makes the database collect every meeting on those topics or between those countries
    (tens of thousands at scale) before keeping five.
    """
    others = published_meetings().exclude(pk=meeting.pk).newest_first()
    kinship = Q(pk__in=[])
    if topic_ids:
        through = Meeting.topics.through
        kinship |= Q(
            pk__in=others.filter(
                Exists(through.objects.filter(meeting=OuterRef("pk"), topic_id__in=topic_ids))
            ).values("pk")[:RELATED_MEETINGS]
        )
    if len(codes) >= 2:
        kinship |= Q(pk__in=others.involving(*codes[:2]).values("pk")[:RELATED_MEETINGS])
    return with_card_data(published_meetings().filter(kinship).newest_first())[:RELATED_MEETINGS]


ONLINE_KINDS = {Meeting.Kind.CALL, Meeting.Kind.VIDEO}


def meeting_jsonld(meeting, delegations, url) -> dict:
    """schema.org Event for a meeting record."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "url": url,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
        if meeting.kind in ONLINE_KINDS
        else "https://schema.org/OfflineEventAttendanceMode",
    }
    if meeting.start_date:
        data["startDate"] = meeting.start_date.isoformat()
        data["endDate"] = (meeting.end_date or meeting.start_date).isoformat()
    if meeting.summary:
        data["description"] = meeting.summary
    if meeting.city or meeting.venue_country:
        place = {"@type": "Place", "name": meeting.venue or meeting.city or ""}
        address = {"@type": "PostalAddress"}
        if meeting.city:
            address["addressLocality"] = meeting.city
        if meeting.venue_country:
            address["addressCountry"] = meeting.venue_country.code
        place["address"] = address
        data["location"] = place
    attendees = []
    for _country, participants in delegations:
        for participant in participants:
            attendee = {"@type": "Person", "name": participant.display_name}
            if participant.title_on_date:
                attendee["jobTitle"] = participant.title_on_date
            if participant.country:
                attendee["nationality"] = {
                    "@type": "Country",
                    "name": participant.country.name,
                }
            attendees.append(attendee)
    if attendees:
        data["attendee"] = attendees
    if meeting.series:
        data["superEvent"] = {"@type": "EventSeries", "name": meeting.series.name}
    return data


def person_jsonld(person, current_office, url) -> dict:
    """schema.org Person for a person's page."""
    data = {"@context": "https://schema.org", "@type": "Person", "name": person.name, "url": url}
    other_names = [name for name in person.all_names if name != person.name]
    if other_names:
        data["alternateName"] = other_names
    if person.given_name:
        data["givenName"] = person.given_name
    if person.family_name:
        data["familyName"] = person.family_name
    if person.country:
        data["nationality"] = {"@type": "Country", "name": person.country.name}
    if current_office:
        data["jobTitle"] = current_office.title
        data["worksFor"] = {
            "@type": "GovernmentOrganization",
            "name": current_office.organization.name,
        }
    return data


# --- people ---------------------------------------------------------------------------------------


@require_safe
@bad_page_is_400
def person_list(request):
    published_participations = Participant.objects.filter(meeting__status=Meeting.Status.PUBLISHED)
    people = (
        # IN (subquery), not a correlated EXISTS: SQLite plans the EXISTS as a scan per person.
        Person.objects.public()
        .select_related("country")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(end_date__isnull=True).select_related(
                    "organization"
                ),
                to_attr="current_offices",
            )
        )
        .order_by("sort_name", "name")
    )
    page = paginate(request, people, per_page=50)
    # Counted for the rows shown only: one GROUP BY instead of a count per person in the archive.
    counts = dict(
        published_participations.filter(person__in=[person.pk for person in page.object_list])
        .values_list("person")
        .annotate(count=Count("meeting_id", distinct=True))
        .order_by()
    )
    for person in page.object_list:
        person.meeting_count = counts.get(person.pk, 0)
    return render(
        request, "meetings/person_list.html", {"page_obj": page, "people": page.object_list}
    )


@require_safe
@bad_page_is_400
def person_detail(request, slug):
    person = get_object_or_404(Person.objects.public().select_related("country"), slug=slug)
    offices = person.memberships.select_related("organization").order_by(
        F("start_date").desc(nulls_last=True)
    )
    attended = published_meetings().attended_by(person.slug)
    counterparts = (
        Participant.objects.filter(meeting__in=attended.values("pk"), person__isnull=False)
        .exclude(person=person)
        # Counterparts sit across the table: colleagues from the same government are not.
        .exclude(person__country_id=person.country_id or "")
        .values("person__slug", "person__name", "person__country__name")
        .annotate(count=Count("meeting_id", distinct=True), last=Max("meeting__start_date"))
        .order_by("-count", "-last", "person__name")[:10]
    )
    offices = list(offices)
    current = next((office for office in offices if office.end_date is None), None)
    canonical_url = request.build_absolute_uri(person.get_absolute_url())
    return entity_page(
        request,
        "meetings/person_detail.html",
        {
            "person": person,
            "offices": offices,
            "current_office": current,
            "counterparts": counterparts,
            "jsonld": person_jsonld(person, current, canonical_url),
        },
        attended,
        {"person": [person.slug]},
    )


# --- countries and country pairs ------------------------------------------------------------------


def with_published_meeting_stats(queryset):
    """Each row annotated with how many published meetings it has and the date of the last."""
    published = Q(meetings__status=Meeting.Status.PUBLISHED)
    return queryset.annotate(
        meeting_count=Count("meetings", filter=published),
        last=Max("meetings__start_date", filter=published),
    )


@require_safe
def country_list(request):
    countries = (
        with_published_meeting_stats(Country.objects.all())
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
    meetings = published_meetings().involving(country.code)
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
    meetings = published_meetings().involving(first.code, second.code)
    # One pass over the pair's meetings (a few thousand rows at most) gives the count, the
    # timeline, the series between them and the last meeting, where four aggregate queries
    # would each intersect the two countries' meetings again.
    rows = list(meetings.order_by().values_list("pk", "series_id", "start_date"))
    years = Counter(start.year for _, _, start in rows if start)
    in_series: dict[int, list] = {}
    for _, series_id, start in rows:
        if series_id is not None:
            entry = in_series.setdefault(series_id, [0, None])
            entry[0] += 1
            if start and (entry[1] is None or start > entry[1]):
                entry[1] = start
    series = list(MeetingSeries.objects.filter(pk__in=in_series))
    for one in series:
        one.meeting_count, one.last = in_series[one.pk]
    # Most recent first; a series with no dated meeting first, as PostgreSQL sorts NULLs.
    series.sort(key=lambda one: (one.last is not None, one.last or datetime.date.min), reverse=True)
    series.sort(key=lambda one: one.last is not None)
    newest = max(
        rows,
        key=lambda row: (row[2] is not None, row[2] or datetime.date.min, row[0]),
        default=None,
    )
    last_meeting = published_meetings().get(pk=newest[0]) if newest else None
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
        count=len(rows),
    )


# --- minerals and topics --------------------------------------------------------------------------


@require_safe
def mineral_list(request):
    minerals = CriticalMineral.objects.annotate(
        meeting_count=Coalesce(
            published_meeting_count(Meeting.minerals.through, "criticalmineral"), 0
        )
    ).order_by("name")
    return render(request, "meetings/mineral_list.html", {"minerals": minerals})


@require_safe
@bad_page_is_400
def mineral_detail(request, slug):
    mineral = get_object_or_404(CriticalMineral, slug=slug)
    meetings = published_meetings().naming(mineral.slug)
    agreements = (
        published_agreements()
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
            meeting_count=Coalesce(published_meeting_count(Meeting.topics.through, "topic"), 0)
        )
        .select_related("parent")
        .order_by("name")
    )
    return render(request, "meetings/topic_list.html", {"topics": topics})


@require_safe
@bad_page_is_400
def topic_detail(request, slug):
    topic = get_object_or_404(Topic.objects.select_related("parent"), slug=slug)
    meetings = published_meetings().about(topic.slug)
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
        with_published_meeting_stats(MeetingSeries.objects.public())
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
    meetings = published_meetings().filter(series=series)
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
        published_agreements()
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
        published_agreements()
        .select_related("meeting")
        .prefetch_related("parties", "signatories", "topics", "minerals"),
        slug=slug,
    )
    return render(request, "meetings/agreement_detail.html", {"agreement": agreement})


@require_safe
@bad_page_is_400
def organization_detail(request, slug):
    organization = get_object_or_404(
        Organization.objects.public().select_related("country", "parent"), slug=slug
    )
    offices = (
        organization.memberships.select_related("person")
        .order_by(F("start_date").desc(nulls_last=True))
        .all()
    )
    meetings = published_meetings().filter(
        Exists(Participant.objects.filter(meeting=OuterRef("pk"), organization=organization))
        | Exists(Document.objects.filter(meeting=OuterRef("pk"), issuer=organization))
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
