"""The meeting record, its related meetings and its schema.org description."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import (
    Aggregate,
    BigIntegerField,
    CharField,
    Count,
    Exists,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Subquery,
    prefetch_related_objects,
)
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from meetings import querystring
from meetings.cards import render_cards
from meetings.citations import FORMATS, Citation, last_substantive_change
from meetings.computed import until_next_write
from meetings.models import (
    Agreement,
    Country,
    Document,
    Meeting,
    Membership,
    Participant,
    Source,
)
from meetings.models.base import reader_is_japanese
from meetings.models.visibility import PUBLISHED
from meetings.reference_objects import reference_objects
from meetings.views.helpers import (
    office_held_on,
    public_meetings,
)

# --- the meeting record ---------------------------------------------------------------------------


@require_safe
def meeting_detail(request, slug):
    # Staff who may view meetings preview a draft (or withdrawn) record in the public layout:
    # marked as a draft, noindex, never cached. Everyone else sees only public meetings.
    preview = draft_preview_allowed(request)
    meeting = load_record(Meeting.objects.all() if preview else public_meetings(), slug)
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
        # A side is a country, or the international organisation its head speaks for.
        side = participant.country
        organization = participant.organization if participant.organization_id else None
        if side is None and organization and organization.kind == organization.Kind.INTERNATIONAL:
            side = organization
        delegations.setdefault(side, []).append(participant)

    # The series' neighbours and the date of the last substantive change depend only on the
    # archive's content: kept until the next write, like the related meetings.
    previous_in_series, next_in_series = until_next_write(
        f"series-neighbours:{meeting.pk}", lambda: series_neighbours(meeting)
    )

    for document in meeting.documents.all():
        document.issuer_is_public = bool(document.issuer_id) and not document.issuer.needs_review
    series_is_public = bool(meeting.series_id) and not meeting.series.needs_review

    codes = [country.code for country in meeting.countries.all()]
    topic_ids = [topic.pk for topic in meeting.topics.all()]
    related = related_meetings(meeting, codes, topic_ids)
    related_cards = render_cards([pk for pk, _why in related], why=dict(related))

    ordered_delegations = sorted(
        delegations.items(),
        key=lambda item: (
            item[0] is None,
            not isinstance(item[0], Country),
            item[0].name if item[0] else "",
        ),
    )
    canonical_url = request.build_absolute_uri(meeting.get_absolute_url())
    is_draft_preview = not meeting.is_published
    changed = until_next_write(f"changed:{meeting.pk}", lambda: last_substantive_change(meeting))
    response = render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "jsonld": meeting_jsonld(meeting, ordered_delegations, canonical_url),
            "delegations": ordered_delegations,
            "previous_in_series": previous_in_series,
            "next_in_series": next_in_series,
            "related": related_cards,
            "series_is_public": series_is_public,
            "pair": meeting.countries.all() if len(codes) == 2 else None,
            "data_query": querystring.encode({"country": codes}) if len(codes) >= 2 else "",
            "canonical_url": canonical_url,
            "is_draft_preview": is_draft_preview,
            "changed": changed,
            "citation": Citation.for_meeting(meeting, canonical_url, changed),
            "report_url": report_url(meeting, canonical_url),
        },
    )
    if is_draft_preview:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def load_record(meetings, slug) -> Meeting:
    """The meeting `slug` among `meetings` (else 404), with everything its record shows.

    Like `select_related` and `prefetch_related` on every relation the record shows, in fewer
    queries (5 for a typical record instead of 10): the meeting's own row, then one *outline*
    query listing what it names (its countries, topics and minerals, and the ids of its
    agreements, documents, side meetings and sources), then only the relations that hold
    something. Countries, topics, minerals and series come from the reference records each
    process holds (meetings/reference_objects.py); `meeting.countries.all()` and the other
    relations then read what was loaded, with no query."""
    meeting = get_object_or_404(meetings, slug=slug)
    reference = reference_objects()
    outline = record_outline(meeting)
    if meeting.series_id:
        meeting.series = reference.get("series", meeting.series_id)
    if meeting.venue_country_id:
        meeting.venue_country = reference.get("countries", meeting.venue_country_id)
    if meeting.parent_id:
        meeting.parent = Meeting.objects.get(pk=meeting.parent_id)
    for name in ("countries", "topics", "minerals"):
        keys = outline[name] if name == "countries" else {int(key) for key in outline[name]}
        hold(meeting, name, reference.in_order(name, keys))
    participants = list(meeting.participants.select_related("person", "organization"))
    for participant in participants:
        if participant.country_id:
            participant.country = reference.get("countries", participant.country_id)
    # A participant recorded without a title is given the office they held that day.
    if any(p.person_id and not p.title for p in participants):
        prefetch_related_objects(
            participants,
            Prefetch(
                "person__memberships", queryset=Membership.objects.select_related("organization")
            ),
        )
    hold(meeting, "participants", participants)
    # The other relations by the ids the outline gave: no query for an empty one.
    for name, queryset in (
        ("documents", Document.objects.select_related("issuer")),
        ("agreements", Agreement.objects.prefetch_related("parties")),
        ("side_meetings", Meeting.objects.order_by("start_date", "pk")),
        ("source_records", Source.objects.select_related("publisher")),
    ):
        ids = outline[name]
        hold(meeting, name, queryset.filter(pk__in=ids) if ids else ())
    return meeting


OUTLINE = (
    "countries",
    "topics",
    "minerals",
    "agreements",
    "documents",
    "side_meetings",
    "source_records",
)


def record_outline(meeting) -> dict[str, list[str]]:
    """What `meeting` names, in one query: {"countries": [codes], "topics": [ids], "minerals":
    [ids], "agreements": [ids of reviewed agreements], "documents": [ids], "side_meetings":
    [ids of public side meetings], "source_records": [ids]} (ids as text).

    Read from the database the meeting was read from (the replica for anonymous readers:
    archive/replica.py), so that the ids and the rows they name come from the same one."""
    database = connections[meeting._state.db or "default"]
    quote = database.ops.quote_name

    def ids(name, model, column, conditions):
        where = " AND ".join(f"{quote(field)} = %s" for field in conditions)
        return (
            f"SELECT %s, CAST({quote(column)} AS VARCHAR(20)) "
            f"FROM {quote(model._meta.db_table)} WHERE {where}",
            [name, *conditions.values()],
        )

    def through(name, relation):
        """The ids a many-to-many relation of the meeting names, from its through table."""
        field = relation.field
        if field.model is Meeting:  # Meeting.countries: the meeting's column, then the target's
            own, target = field.m2m_column_name(), field.m2m_reverse_name()
        else:  # Document.meetings, seen from the meeting
            own, target = field.m2m_reverse_name(), field.m2m_column_name()
        return ids(name, relation.through, target, {own: meeting.pk})

    parts = [
        through("countries", Meeting.countries),
        through("topics", Meeting.topics),
        through("minerals", Meeting.minerals),
        ids("agreements", Agreement, "id", {"meeting_id": meeting.pk, "needs_review": False}),
        through("documents", Document.meetings),
        ids("side_meetings", Meeting, "id", {"parent_id": meeting.pk, "status": PUBLISHED}),
        ids(
            "source_records",
            Source,
            "id",
            {
                "content_type_id": ContentType.objects.get_for_model(Meeting).pk,
                "object_id": meeting.pk,
            },
        ),
    ]
    outline: dict[str, list[str]] = {name: [] for name in OUTLINE}
    with database.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(sql for sql, _params in parts),
            [param for _sql, params in parts for param in params],
        )
        for name, key in cursor.fetchall():
            outline[name].append(key)
    return outline


def hold(instance, name: str, objects) -> None:
    """Make `instance.<name>.all()` return `objects` without a query, as `prefetch_related`
    does: Django keeps prefetched rows in the instance's `_prefetched_objects_cache`, by the
    relation's name (django.db.models.query.prefetch_one_level)."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def series_neighbours(meeting) -> tuple[Meeting | None, Meeting | None]:
    """The published meetings before and after `meeting` in its series (same kind): by round
    number when it has one, else by date."""
    if not meeting.series_id:
        return None, None
    same_series = public_meetings().filter(series_id=meeting.series_id, kind=meeting.kind)
    if meeting.ordinal:
        return (
            same_series.filter(ordinal__lt=meeting.ordinal).order_by("-ordinal").first(),
            same_series.filter(ordinal__gt=meeting.ordinal).order_by("ordinal").first(),
        )
    if meeting.start_date:
        return (
            same_series.filter(start_date__lt=meeting.start_date).newest_first().first(),
            same_series.filter(start_date__gt=meeting.start_date)
            .order_by("start_date", "pk")
            .first(),
        )
    return None, None


def draft_preview_allowed(request) -> bool:
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_staff
        and user.has_perm("meetings.view_meeting")
    )


@require_safe
def meeting_citation(request, slug, format_name):
    """/meetings/<slug>/cite.bib, cite.ris, cite.json (CSL-JSON)."""
    if format_name not in FORMATS:
        raise Http404("No such citation format: use cite.bib, cite.ris or cite.json.")
    meeting = get_object_or_404(public_meetings().select_related("venue_country"), slug=slug)
    url = request.build_absolute_uri(meeting.get_absolute_url())
    citation = Citation.for_meeting(meeting, url, last_substantive_change(meeting))
    response = HttpResponse(citation.render(format_name), content_type=FORMATS[format_name])
    response["Content-Disposition"] = f'inline; filename="{meeting.slug}.{format_name}"'
    return response


def report_url(meeting, canonical_url: str) -> str:
    """A mailto: link to the editors (ARCHIVE_CONTACT_EMAIL, /about/#report) that starts the
    message with the record's address."""
    from urllib.parse import quote

    from meetings.views.about import contact_email

    subject = quote(f"Correction: {meeting.title}"[:200])
    body = quote(f"{canonical_url}\n\n")
    return f"mailto:{contact_email()}?subject={subject}&body={body}"


RELATED_MEETINGS = 5
CANDIDATES = 8  # meetings each kind of kinship proposes before they are ranked


@dataclass
class Related:
    """A related meeting and why: `reasons` reads as a list ("same series, 3rd meeting")."""

    meeting: Meeting
    tier: int  # 0 same series, 1 same countries, 2 shared minerals, 3 shared topics or people
    closeness: tuple
    reasons: list[str] = field(default_factory=list)

    @property
    def why(self) -> str:
        return "; ".join(self.reasons)


def related_meetings(meeting, codes, topic_ids) -> list[tuple[int, str]]:
    """The meetings most related to `meeting`, ranked, as (id, why) (see `related_candidates`).

    The candidates (~50) are ranked from one light query (their series, ordinal, date, and the
    ids of the minerals, topics and people they share with `meeting`, aggregated in the
    database); only the few shown are then looked at again, for the countries a tier-1 reason
    names. Like the facets, the answer depends only on the archive's content: it is kept until
    the next write (meetings/computed.py), and the cards are meetings/cards.py's."""
    return until_next_write(
        f"related:{meeting.pk}", lambda: _related_meetings(meeting, codes, topic_ids)
    )


def _related_meetings(meeting, codes, topic_ids) -> list[tuple[int, str]]:
    rows = related_candidates(meeting, codes, topic_ids).values(
        "pk", "series_id", "ordinal", "start_date", **kinship_annotations(meeting, codes, topic_ids)
    )
    ranked = [rank_kinship(meeting, row, codes) for row in rows]
    ranked = [item for item in ranked if item is not None]
    ranked.sort(key=lambda item: (item.tier, *item.closeness, item.meeting["pk"]))
    ranked = ranked[:RELATED_MEETINGS]
    pairs = (
        public_meetings()
        .prefetch_related("countries")
        .in_bulk([item.meeting["pk"] for item in ranked if item.tier == 1])
    )
    shown = []
    for item in ranked:
        pk = item.meeting["pk"]
        if item.tier == 1 and pk in pairs:
            pair = " × ".join(c.display_name for c in pairs[pk].countries.all())
            item.reasons.insert(0, gettext("also %(pair)s") % {"pair": pair})
        shown.append((pk, item.why))
    return shown


class IdList(Aggregate):
    """The ids of a group as one text, "3,7,12" (string_agg on PostgreSQL, group_concat on
    SQLite)."""

    function = "STRING_AGG"
    template = "%(function)s((%(expressions)s)::text, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, function="GROUP_CONCAT", template="%(function)s(%(expressions)s)"
        )


def shared_ids(through, column: str, ids: list[int]):
    """Subquery: the ids among `ids` the outer meeting has in `through` ("3,7" or NULL)."""
    return Subquery(
        through.objects.filter(meeting_id=OuterRef("pk"), **{f"{column}__in": ids})
        .order_by()
        .values("meeting_id")
        .annotate(ids=IdList(column))
        .values("ids"),
        output_field=CharField(),
    )


def kinship_annotations(meeting, codes, topic_ids) -> dict:
    """What `rank_kinship` needs of each candidate besides its own columns, as subqueries over
    the through tables' (meeting, …) indexes."""
    annotations = {}
    mineral_ids = [mineral.pk for mineral in meeting.minerals.all()]
    person_ids = [p.person_id for p in meeting.participants.all() if p.person_id]
    if mineral_ids:
        annotations["shared_minerals"] = shared_ids(
            Meeting.minerals.through, "criticalmineral_id", mineral_ids
        )
    if topic_ids:
        annotations["shared_topics"] = shared_ids(Meeting.topics.through, "topic_id", topic_ids)
    if person_ids:
        annotations["shared_people"] = shared_ids(Participant, "person_id", person_ids)
    if len(codes) >= 2:
        annotations["pair_countries"] = Subquery(
            Meeting.countries.through.objects.filter(
                meeting_id=OuterRef("pk"), country_id__in=codes
            )
            .order_by()
            .values("meeting_id")
            .annotate(count=Count("country_id"))
            .values("count"),
            output_field=IntegerField(),
        )
    return annotations


# Orders the published-meetings index (start_date DESC NULLS LAST, pk DESC) serves either way.
NEWEST = (F("start_date").desc(nulls_last=True), "-pk")
OLDEST = (F("start_date").asc(nulls_first=True), "pk")


class UnionOf(Expression):
    """`(SELECT * FROM (q1) UNION SELECT * FROM (q2) …)`: the ids several small subqueries
    propose, each compiled for the database at hand, for `pk__in`.

    An `OR` of `pk IN (subquery)` conditions makes both databases walk every published meeting
    and test each subquery's result per row (~94,000 rows at 100,000 meetings: 30–130 ms); the
    union is computed first and the meetings are then fetched by primary key (~2 ms)."""

    def __init__(self, querysets):
        super().__init__(output_field=BigIntegerField())
        self.queries = [queryset.query for queryset in querysets]

    def as_sql(self, compiler, connection):
        parts, params = [], []
        for number, query in enumerate(self.queries):
            sql, query_params = query.get_compiler(connection=connection).as_sql()
            parts.append(f"SELECT * FROM ({sql}) AS kin{number}")
            params += query_params
        return "(" + " UNION ".join(parts) + ")", params


def related_candidates(meeting, codes, topic_ids):
    """The meetings that may be related to `meeting` (a queryset), which `related_meetings`
    ranks: the same series first (nearest rounds first), then the same countries (nearest in
    time first), then shared minerals, then shared topics and people (most shared first). Never
    a fill of the latest meetings: a meeting with no kin has no related meetings.

    Each kind of kinship is a small subquery that stops after a handful of candidates (indexed:
    series, the countries' and the through tables' meeting indexes); one query fetches their
    union (`UnionOf`) with the card data, and `related_meetings` ranks them. The number of
    queries is fixed.
    """
    others = public_meetings().exclude(pk=meeting.pk)
    proposals = []

    def propose(queryset, *order, at_most=CANDIDATES):
        proposals.append(queryset.order_by(*order).values("pk")[:at_most])

    date = meeting.start_date
    if meeting.series_id:
        same_series = others.filter(series_id=meeting.series_id)
        if meeting.ordinal:
            propose(same_series.filter(ordinal__lt=meeting.ordinal), "-ordinal")
            propose(same_series.filter(ordinal__gt=meeting.ordinal), "ordinal")
        propose(same_series.filter(ordinal__isnull=True), *NEWEST)
        if date and not meeting.ordinal:
            propose(same_series.filter(start_date__lt=date), *NEWEST)
            propose(same_series.filter(start_date__gte=date), *OLDEST)
    if len(codes) >= 2:
        pair = others.involving(*codes)
        if date:
            propose(pair.filter(start_date__lt=date), *NEWEST)
            propose(pair.filter(start_date__gte=date), *OLDEST)
        else:
            propose(pair, *NEWEST)
    mineral_ids = [mineral.pk for mineral in meeting.minerals.all()]
    if mineral_ids:
        through = Meeting.minerals.through
        propose(
            others.filter(
                Exists(
                    through.objects.filter(
                        meeting=OuterRef("pk"), criticalmineral_id__in=mineral_ids
                    )
                )
            ),
            *NEWEST,
        )
    if topic_ids:
        through = Meeting.topics.through
        propose(
            others.filter(
                Exists(through.objects.filter(meeting=OuterRef("pk"), topic_id__in=topic_ids))
            ),
            *NEWEST,
            at_most=CANDIDATES * 2,
        )
    person_ids = [p.person_id for p in meeting.participants.all() if p.person_id]
    if person_ids:
        propose(
            others.filter(
                Exists(Participant.objects.filter(meeting=OuterRef("pk"), person_id__in=person_ids))
            ),
            *NEWEST,
        )
    if not proposals:
        return public_meetings().none()
    return public_meetings().filter(pk__in=UnionOf(proposals))


def _days_apart(a, b) -> int:
    return abs((a - b).days) if a and b else 10**6


def _ordinal(number: int) -> str:
    if reader_is_japanese():
        return f"第{number}回"
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _names(items, at_most=3) -> str:
    names = [str(getattr(item, "local_name", "") or item) for item in items]
    shown = ", ".join(names[:at_most])
    more = len(names) - at_most
    return shown + (" " + gettext("and %(more)s more") % {"more": more} if more > 0 else "")


def _shared(text, objects) -> list:
    """The objects (the record's own, in their order) whose ids are in "3,7,12"."""
    ids = {int(value) for value in (text or "").split(",") if value}
    return [item for item in objects if item.pk in ids]


def rank_kinship(meeting, other, codes) -> Related | None:
    """How `other` (a row of `related_meetings`' light query) is related to `meeting`, for
    ranking and for its card; None if it is not. The tier-1 reason (the countries' names) is
    added once the card data is fetched."""
    days = _days_apart(meeting.start_date, other["start_date"])
    minerals = _shared(other.get("shared_minerals"), meeting.minerals.all())
    topics = _shared(other.get("shared_topics"), meeting.topics.all())
    people = _shared(
        other.get("shared_people"),
        [p.person for p in meeting.participants.all() if p.person_id],
    )
    same_pair = len(codes) >= 2 and (other.get("pair_countries") or 0) >= len(set(codes))
    reasons = []
    if meeting.series_id and other["series_id"] == meeting.series_id:
        if meeting.ordinal and other["ordinal"]:
            steps = abs(meeting.ordinal - other["ordinal"])
            reasons.append(
                gettext("same series, %(nth)s meeting") % {"nth": _ordinal(other["ordinal"])}
            )
            closeness = (steps, days)
        else:
            reasons.append(gettext("same series"))
            closeness = (10**6, days)
        tier = 0
    elif same_pair:
        tier, closeness = 1, (days,)
    elif minerals:
        tier, closeness = 2, (-len(minerals), days)
    elif topics or people:
        tier, closeness = 3, (-len(topics) - 2 * len(people), days)
    else:
        return None
    if minerals:
        reasons.append(gettext("also on %(names)s") % {"names": _names(minerals)})
    if people:
        reasons.append(gettext("also with %(names)s") % {"names": _names(people, 2)})
    if topics and tier >= 2:
        reasons.append(gettext("shares %(names)s") % {"names": _names(topics, 2)})
    return Related(meeting=other, tier=tier, closeness=closeness, reasons=reasons)


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
