"""Organizations, people and the offices they held."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models.base import (
    ReviewedModel,
    in_reader_language,
    reader_is_japanese,
    sources_field,
)
from meetings.models.reference import Country
from meetings.models.visibility import MembershipQuerySet, OrganizationQuerySet, PersonQuerySet

# --- Organizations, people and offices ------------------------------------------------------------


class Organization(ReviewedModel):
    """A ministry, department, bureau or division (parent: the body it belongs to)."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry or department")
        AGENCY = "agency", _("Agency or office")
        BUREAU = "bureau", _("Bureau")
        DIVISION = "division", _("Division")
        EMBASSY = "embassy", _("Embassy")
        INTERNATIONAL = "international", _("International organization")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200)
    name_ja = models.CharField("name in Japanese", max_length=200, blank=True)
    slug = models.SlugField(max_length=200, unique=True)
    acronym = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MINISTRY)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="organizations"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    url = models.URLField(blank=True)
    sources = sources_field()
    objects = OrganizationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="organization_not_own_parent"
            ),
        ]

    @property
    def local_name(self):
        return in_reader_language(self, "name")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("meetings:organization", args=[self.slug])


class Person(ReviewedModel):
    """An official who took part in meetings."""

    name = models.CharField(max_length=200, help_text="Display name, given name first: Ken Saito.")
    slug = models.SlugField(max_length=200, unique=True)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    sort_name = models.CharField(
        max_length=200, blank=True, help_text="Family name first, for sorting: 'Saito, Ken'."
    )
    native_name = models.CharField(
        max_length=200, blank=True, help_text="Name in the native script, e.g. 齋藤健."
    )
    alternative_names = models.JSONField(
        default=list,
        blank=True,
        help_text="Other spellings and name orders: ['Saito Ken', 'SAITO Ken', 'Ken SAITO'].",
    )
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    biography = models.TextField(blank=True, help_text="A few sentences in your own words.")
    sources = sources_field()
    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["family_name"], name="person_family_name_idx")]

    @property
    def local_name(self):
        """On /ja/ pages a Japanese official's name as written in Japanese (native_name: 齋藤健);
        everyone else keeps the Latin name readers know."""
        if reader_is_japanese() and self.native_name and self.country_id == "JP":
            return self.native_name
        return self.name

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.sort_name:
            self.sort_name = (
                f"{self.family_name}, {self.given_name}".strip(", ")
                if self.family_name
                else self.name
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:person", args=[self.slug])

    @property
    def all_names(self):
        """Every spelling the archive knows, display name first, without repeats."""
        names = [self.name, *self.alternative_names]
        if self.native_name:
            names.append(self.native_name)
        if self.given_name and self.family_name:
            names += [
                f"{self.family_name} {self.given_name}",
                f"{self.family_name.upper()} {self.given_name}",
            ]
        seen, unique = set(), []
        for name in names:
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                unique.append(name)
        return unique

    def title_on(self, date: datetime.date | None):
        """The title of the office this person held on `date` ('' when none is recorded)."""
        membership = self.membership_on(date)
        return membership.title if membership else ""

    def membership_on(self, date: datetime.date | None):
        if date is None:
            return None
        return self.memberships.held_on(date).select_related("organization").first()


class Membership(models.Model):
    """An office a person held in an organization between two dates."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="memberships"
    )
    title = models.CharField(
        max_length=200,
        help_text="As the office is styled: 'Minister of Economy, Trade and Industry'.",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, help_text="Empty while still in office.")
    sources = sources_field()
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.title}"
