"""What the public may see, and the QuerySet vocabulary of every model (`public()`, `involving()`,
`between()`, `about()`, …).

The querysets name the models they reach by app registry, so this module imports no model.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q


def _model(queryset, name):
    return queryset.model._meta.apps.get_model("meetings", name)


# --- What the public may see ---------------------------------------------------------------------
# One rule, used by every page, list, count, facet, feed, export, sitemap, search result and the API:
# published meetings, and the people, series, organizations, agreements and documents that a
# published meeting reaches and that do not need review. Everything else is 404 and absent.
# The related models are named by string so this block can stand before them.

PUBLISHED = "published"


def public_meeting(relation: str = "") -> Q:
    """The rule for meetings as a condition, for rows that reach a meeting through `relation`:
    `Participant.objects.filter(public_meeting("meeting"))`, `Country.objects.annotate(n=Count(
    "meetings", filter=public_meeting("meetings")))`. A join on the meeting, as fast as a status
    test; `Meeting.objects.public()` is `filter(public_meeting())`."""
    return Q(**{f"{relation}__status" if relation else "status": PUBLISHED})


def reviewed(relation: str = "") -> Q:
    """For records reached *from a public meeting's own rows* (its series, a participant's person
    or organization, a document's issuer, a signatory of its agreement): under the rule such a
    record is public exactly when it needs no review, so this test spares the full `public()`
    subquery. Anything else asks `is_public`."""
    return Q(**{f"{relation}__needs_review" if relation else "needs_review": False})


def is_public(model, field: str):
    """Boolean expression for `annotate()`: the row's `field` (a foreign key's column, e.g.
    "organization_id") names a public `model` record (an office's organization, an
    organization's parent). `field IN (subquery)` in the page's own query: never a query per row,
    and SQLite evaluates the subquery once rather than per row."""
    return ExpressionWrapper(
        Q(**{f"{field}__in": model.objects.public().values("pk")}), output_field=BooleanField()
    )


class PersonQuerySet(models.QuerySet):
    def public(self):
        """Reviewed people who took part in, or signed an agreement of, a published meeting."""
        Participant = self.model._meta.apps.get_model("meetings", "Participant")
        Agreement = self.model._meta.apps.get_model("meetings", "Agreement")
        # IN (subquery), not a correlated EXISTS: SQLite plans the EXISTS as a scan per person.
        took_part = Participant.objects.filter(public_meeting("meeting")).values("person_id")
        signed = Agreement.signatories.through.objects.filter(
            public_meeting("agreement__meeting")
        ).values("person_id")
        return self.filter(needs_review=False).filter(Q(pk__in=took_part) | Q(pk__in=signed))


class MeetingSeriesQuerySet(models.QuerySet):
    def public(self):
        """Reviewed series with at least one published meeting."""
        Meeting = self.model._meta.apps.get_model("meetings", "Meeting")
        with_published = Meeting.objects.filter(public_meeting()).values("series_id")
        return self.filter(needs_review=False, pk__in=with_published)


class OrganizationQuerySet(models.QuerySet):
    def reached(self):
        """Organizations a published meeting reaches directly: a participant's, a document's
        issuer, an office of someone who took part."""
        get = self.model._meta.apps.get_model
        Participant, Document, Membership = (
            get("meetings", "Participant"),
            get("meetings", "Document"),
            get("meetings", "Membership"),
        )
        took_part = Participant.objects.filter(public_meeting("meeting"))
        return self.filter(
            Q(pk__in=took_part.values("organization_id"))
            | Q(pk__in=Document.objects.filter(public_meeting("meetings")).values("issuer_id"))
            | Q(
                pk__in=Membership.objects.filter(
                    person_id__in=took_part.values("person_id")
                ).values("organization_id")
            )
        )

    def public(self):
        """Reviewed organizations a published meeting reaches, and the bodies they belong to
        (a division's bureau and ministry), up to three levels up."""
        reached = self.model.objects.reached().values("pk")
        return self.filter(needs_review=False).filter(
            Q(pk__in=reached)
            | Q(pk__in=self.model.objects.filter(pk__in=reached).values("parent_id"))
            | Q(pk__in=self.model.objects.filter(pk__in=reached).values("parent__parent_id"))
            | Q(
                pk__in=self.model.objects.filter(pk__in=reached).values("parent__parent__parent_id")
            )
        )


class AgreementQuerySet(models.QuerySet):
    def public(self):
        """Reviewed agreements recorded with a published meeting."""
        return self.filter(public_meeting("meeting"), needs_review=False)


class DocumentQuerySet(models.QuerySet):
    def public(self):
        """Documents about at least one published meeting."""
        links = self.model.meetings.through.objects.filter(public_meeting("meeting"))
        return self.filter(pk__in=links.values("document_id"))


class MembershipQuerySet(models.QuerySet):
    def held_on(self, date: datetime.date):
        """Offices held on `date` (inclusive at both ends; an open end means still held)."""
        return (
            self.filter(Q(start_date__isnull=True) | Q(start_date__lte=date))
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=date))
            .order_by("-start_date")
        )


class MeetingQuerySet(models.QuerySet):
    def public(self):
        """What the public may see: published meetings (the one visibility rule, see above)."""
        return self.filter(public_meeting())

    def published(self):
        """The same as `public()` (DESIGN.md names it): prefer `public()` in new code."""
        return self.public()

    def involving(self, *codes: str):
        """Meetings in which every one of the given countries took part."""
        queryset = self
        for code in codes:
            # One join per country: each must match, and since a country appears once per meeting
            # the joins add no duplicate rows.
            queryset = queryset.filter(countries__code=code.upper())
        return queryset

    def between(self, after: datetime.date | None = None, before: datetime.date | None = None):
        """Meetings starting within [after, before], both inclusive."""
        queryset = self
        if after:
            queryset = queryset.filter(start_date__gte=after)
        if before:
            queryset = queryset.filter(start_date__lte=before)
        return queryset

    def about(self, *topic_slugs: str):
        """Meetings on any of the given topics."""
        through = self.model.topics.through
        return self.filter(
            Exists(through.objects.filter(meeting=OuterRef("pk"), topic__slug__in=topic_slugs))
        )

    def naming(self, *mineral_slugs: str):
        """Meetings that discussed any of the given critical minerals."""
        through = self.model.minerals.through
        return self.filter(
            Exists(
                through.objects.filter(
                    meeting=OuterRef("pk"), criticalmineral__slug__in=mineral_slugs
                )
            )
        )

    def attended_by(self, person_slug: str):
        return self.filter(
            Exists(
                _model(self, "Participant").objects.filter(
                    meeting=OuterRef("pk"), person__slug=person_slug
                )
            )
        )

    def newest_first(self):
        return self.order_by(models.F("start_date").desc(nulls_last=True), "-pk")
