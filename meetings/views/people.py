"""People: the list and a person's page."""

from __future__ import annotations

from django.db.models import Count, F, Max, Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from meetings.models import (
    Membership,
    Organization,
    Participant,
    Person,
    is_public,
    public_meeting,
    reviewed,
)
from meetings.views.helpers import (
    bad_page_is_400,
    entity_page,
    paginate,
    public_meetings,
)


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
    published_participations = Participant.objects.filter(public_meeting("meeting"))
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
    offices = (
        person.memberships.select_related("organization")
        # The office's organization is linked only when public (in the same query).
        .annotate(organization_is_public=is_public(Organization, "organization_id"))
        .order_by(F("start_date").desc(nulls_last=True))
    )
    attended = public_meetings().attended_by(person.slug)
    counterparts = (
        Participant.objects.filter(meeting__in=attended.values("pk"), person__isnull=False)
        .exclude(person=person)
        .filter(reviewed("person"))  # reached from a published meeting: public once reviewed
        # Counterparts sit across the table: colleagues from the same government are not.
        .exclude(person__country_id=person.country_id or "")
        .values("person__slug", "person__name", "person__country__name", "person__country")
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
