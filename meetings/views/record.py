"""The meeting record, its related meetings and its schema.org description."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_safe

from meetings import querystring
from meetings.models import (
    Agreement,
    Document,
    Meeting,
    Membership,
    Participant,
    Source,
)
from meetings.views.helpers import (
    office_held_on,
    public_meetings,
    with_card_data,
)

# --- the meeting record ---------------------------------------------------------------------------


@require_safe
def meeting_detail(request, slug):
    participants = Participant.objects.select_related(
        "person", "country", "organization"
    ).prefetch_related(
        Prefetch("person__memberships", queryset=Membership.objects.select_related("organization"))
    )
    # Staff who may view meetings preview a draft (or withdrawn) record in the public layout:
    # marked as a draft, noindex, never cached. Everyone else sees only public meetings.
    preview = draft_preview_allowed(request)
    meeting = get_object_or_404(
        (Meeting.objects.all() if preview else public_meetings())
        .select_related("series", "venue_country", "parent")
        .prefetch_related(
            "countries",
            "topics",
            "minerals",
            Prefetch("participants", queryset=participants),
            Prefetch("documents", queryset=Document.objects.select_related("issuer")),
            Prefetch(
                "agreements",
                queryset=Agreement.objects.filter(needs_review=False).prefetch_related("parties"),
            ),
            Prefetch("side_meetings", queryset=public_meetings().order_by("start_date", "pk")),
            Prefetch("source_records", queryset=Source.objects.select_related("publisher")),
        ),
        slug=slug,
    )
    # Records reached from this published meeting are public once reviewed (models.visibility
    # .reviewed): an unreviewed person, organization or series is named as text, never linked.
    delegations = {}
    for participant in meeting.participants.all():
        participant.person_is_public = bool(participant.person_id) and not (
            participant.person.needs_review
        )
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
        same_series = public_meetings().filter(series_id=meeting.series_id, kind=meeting.kind)
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

    for document in meeting.documents.all():
        document.issuer_is_public = bool(document.issuer_id) and not document.issuer.needs_review
    series_is_public = bool(meeting.series_id) and not meeting.series.needs_review

    codes = [country.code for country in meeting.countries.all()]
    topic_ids = [topic.pk for topic in meeting.topics.all()]
    related = related_meetings(meeting, codes, topic_ids)

    ordered_delegations = sorted(
        delegations.items(), key=lambda item: (item[0] is None, item[0].name if item[0] else "")
    )
    canonical_url = request.build_absolute_uri(meeting.get_absolute_url())
    is_draft_preview = not meeting.is_published
    response = render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "jsonld": meeting_jsonld(meeting, ordered_delegations, canonical_url),
            "delegations": ordered_delegations,
            "previous_in_series": previous_in_series,
            "next_in_series": next_in_series,
            "related": related,
            "series_is_public": series_is_public,
            "pair": meeting.countries.all() if len(codes) == 2 else None,
            "data_query": querystring.encode({"country": codes}) if len(codes) >= 2 else "",
            "canonical_url": canonical_url,
            "is_draft_preview": is_draft_preview,
        },
    )
    if is_draft_preview:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def draft_preview_allowed(request) -> bool:
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_staff
        and user.has_perm("meetings.view_meeting")
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
    others = public_meetings().exclude(pk=meeting.pk).newest_first()
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
    return with_card_data(public_meetings().filter(kinship).newest_first())[:RELATED_MEETINGS]


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
