"""The review queue: one admin page of everything that needs an editor's eye before the public sees
it — draft meetings, and the people, organizations, series and agreements the importer created
("needs review") — with approve (publish, for a meeting), edit and merge (a new person into one the
archive already knows).

Nothing in the queue is public: the visibility rule (models/visibility.py) hides drafts and every
record that needs review. Reached from the meeting change list (MeetingAdmin.get_urls).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods
from simple_history.utils import update_change_reason

from meetings.models import Agreement, Meeting, MeetingSeries, Organization, Participant, Person
from meetings.models.publishing import STATUS_REFUSED, may_change_status

REVIEWED_MODELS = {
    "person": Person,
    "organization": Organization,
    "series": MeetingSeries,
    "agreement": Agreement,
}


def admin_change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def merge_candidates(person: Person) -> list[Person]:
    """Reviewed people the new one may be: same family name, or the same name in another
    spelling."""
    words = {word for word in [person.family_name, *person.name.split()] if len(word) > 1}
    family = Q()
    for word in words:
        family |= Q(family_name__iexact=word)
    found = Person.objects.filter(needs_review=False).exclude(pk=person.pk)
    return list(found.filter(family).order_by("name")[:10]) if words else []


def queue_context(request) -> dict:
    drafts = list(
        Meeting.objects.filter(status=Meeting.Status.DRAFT)
        .prefetch_related("countries")
        .order_by("-created_at")
    )
    for meeting in drafts:
        meeting.problems = meeting.publication_problems()
        meeting.change_url = admin_change_url(meeting)
    people = list(Person.objects.filter(needs_review=True).select_related("country"))
    for person in people:
        person.change_url = admin_change_url(person)
        person.candidates = merge_candidates(person)
        person.meetings_count = person.participations.count()
    sections = [
        ("organization", "Organizations", Organization.objects.filter(needs_review=True)),
        ("series", "Meeting series", MeetingSeries.objects.filter(needs_review=True)),
        (
            "agreement",
            "Agreements",
            Agreement.objects.filter(needs_review=True).select_related("meeting"),
        ),
    ]
    others = []
    for key, label, queryset in sections:
        rows = list(queryset)
        for row in rows:
            row.change_url = admin_change_url(row)
        others.append((key, label, rows))
    return {
        "drafts": drafts,
        "people": people,
        "others": others,
        "total": len(drafts) + len(people) + sum(len(rows) for _, _, rows in others),
        "may_publish": may_change_status(request.user),
    }


def review_queue_view(request, model_admin):
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Review queue",
        **queue_context(request),
    }
    response = TemplateResponse(request, "admin/meetings/review.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["POST"])
def approve_view(request, model_admin, kind: str, pk: int):
    """Approve a record that needs review; for a draft meeting, publish it (with the checks)."""
    back = redirect(reverse("admin:meetings_review"))
    if kind == "meeting":
        meeting = get_object_or_404(Meeting, pk=pk)
        if not may_change_status(request.user):
            raise PermissionDenied(STATUS_REFUSED)
        problems = meeting.publication_problems()
        if problems:
            messages.error(request, f"Not published: {meeting}: {' '.join(problems)}")
            return back
        meeting.status = Meeting.Status.PUBLISHED
        meeting._history_user = request.user
        meeting.save()
        messages.success(request, f"Published: {meeting}.")
        return back
    model = REVIEWED_MODELS.get(kind)
    if model is None:
        raise Http404
    if not request.user.has_perm(f"meetings.change_{model._meta.model_name}"):
        raise PermissionDenied
    record = get_object_or_404(model, pk=pk)
    record.needs_review = False
    record._history_user = request.user
    record.save()
    messages.success(request, f"Approved: {record}.")
    return back


def merge_people(source: Person, target: Person) -> None:
    """Fold `source` (a new person) into `target`: its spellings become the target's alternative
    names; its offices, participations and signatures move to the target; its own history stays
    in the audit trail, and the target's history records the merge."""
    from meetings.search.index import reindex_meetings

    with transaction.atomic():
        names = [source.name, *source.alternative_names]
        if source.native_name and source.native_name != target.native_name:
            if target.native_name:
                names.append(source.native_name)
            else:
                target.native_name = source.native_name
        known = {name.casefold() for name in target.all_names}
        for name in names:
            if name and name.casefold() not in known:
                target.alternative_names = [*target.alternative_names, name]
                known.add(name.casefold())
        meeting_ids = set(source.participations.values_list("meeting_id", flat=True))
        # A meeting both took part in keeps the target's row.
        Participant.objects.filter(
            person=source, meeting_id__in=target.participations.values("meeting_id")
        ).delete()
        for participant in Participant.objects.filter(person=source):
            participant.person = target
            participant.save()
        for membership in source.memberships.all():
            membership.person = target
            membership.save()
        for agreement in source.agreements_signed.all():
            agreement.signatories.remove(source)
            agreement.signatories.add(target)
        if not target.country_id and source.country_id:
            target.country_id = source.country_id
        target.save()
        update_change_reason(target, f"Merged {source.name} (#{source.pk}) into this person")
        source.delete()
        reindex_meetings(meeting_ids)


@require_http_methods(["POST"])
def merge_view(request, model_admin, pk: int):
    if not request.user.has_perm("meetings.change_person"):
        raise PermissionDenied
    source = get_object_or_404(Person, pk=pk, needs_review=True)
    try:
        target_pk = int(request.POST.get("into") or "")
    except ValueError:
        messages.error(request, "Choose the person to merge into.")
        return redirect(reverse("admin:meetings_review"))
    target = get_object_or_404(Person.objects.exclude(pk=source.pk), pk=target_pk)
    name = source.name
    merge_people(source, target)
    messages.success(request, f"Merged {name} into {target}.")
    return redirect(reverse("admin:meetings_review"))


def review_urls(model_admin):
    site = model_admin.admin_site

    def queue(request):
        return review_queue_view(request, model_admin)

    def approve(request, kind, pk):
        return approve_view(request, model_admin, kind, pk)

    def merge(request, pk):
        return merge_view(request, model_admin, pk)

    return [
        path("review/", site.admin_view(queue), name="meetings_review"),
        path(
            "review/<str:kind>/<int:pk>/approve/",
            site.admin_view(approve),
            name="meetings_review_approve",
        ),
        path("review/person/<int:pk>/merge/", site.admin_view(merge), name="meetings_review_merge"),
    ]
