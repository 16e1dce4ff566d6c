"""The archive's vocabulary: countries, offices, people, meetings and what they agreed.

Popolo / Open Civic Data in spirit: a Person holds offices (Membership) in an Organization; a Meeting
has Participants (the name as written is kept until it is linked to a Person); Documents are the
releases about a meeting; Agreements are its outcome instruments.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords


def sources_field():
    return models.JSONField(
        default=list,
        blank=True,
        help_text="Where this record's facts come from: a list of URLs, e.g. "
        '["https://www.meti.go.jp/english/press/2024/0627_001.html"].',
    )


# --- What the public may see ---------------------------------------------------------------------
# One rule, used by every page, list, count, facet, feed, export, sitemap, search result and the API:
# published meetings, and the people, series, organizations, agreements and documents that a
# published meeting reaches and that do not need review. Everything else is 404 and absent.
# The related models are named by string so this block can stand before them.

PUBLISHED = "published"


class PersonQuerySet(models.QuerySet):
    def public(self):
        """Reviewed people who took part in, or signed an agreement of, a published meeting."""
        Participant = self.model._meta.apps.get_model("meetings", "Participant")
        Agreement = self.model._meta.apps.get_model("meetings", "Agreement")
        # IN (subquery), not a correlated EXISTS: SQLite plans the EXISTS as a scan per person.
        took_part = Participant.objects.filter(meeting__status=PUBLISHED).values("person_id")
        signed = Agreement.signatories.through.objects.filter(
            agreement__meeting__status=PUBLISHED
        ).values("person_id")
        return self.filter(needs_review=False).filter(Q(pk__in=took_part) | Q(pk__in=signed))


class MeetingSeriesQuerySet(models.QuerySet):
    def public(self):
        """Reviewed series with at least one published meeting."""
        Meeting = self.model._meta.apps.get_model("meetings", "Meeting")
        with_published = Meeting.objects.filter(status=PUBLISHED).values("series_id")
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
        took_part = Participant.objects.filter(meeting__status=PUBLISHED)
        return self.filter(
            Q(pk__in=took_part.values("organization_id"))
            | Q(pk__in=Document.objects.filter(meeting__status=PUBLISHED).values("issuer_id"))
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
        """Agreements recorded with a published meeting."""
        return self.filter(meeting__status=PUBLISHED)


class DocumentQuerySet(models.QuerySet):
    def public(self):
        """Documents about a published meeting."""
        return self.filter(meeting__status=PUBLISHED)


class ReviewedModel(models.Model):
    """Records the importer may create before an editor has checked them."""

    needs_review = models.BooleanField(
        default=False,
        help_text="Created automatically by the release importer; untick once an editor has "
        "checked the record.",
    )

    class Meta:
        abstract = True


# --- Reference data -------------------------------------------------------------------------------


class Country(models.Model):
    """A government that takes part in meetings: ISO 3166-1 alpha-2 code, plus EU."""

    code = models.CharField(
        max_length=2,
        primary_key=True,
        help_text="ISO 3166-1 alpha-2 code in capitals (JP, US); EU for the European Union.",
    )
    name = models.CharField(max_length=100, unique=True)
    short_name = models.CharField(
        max_length=60, blank=True, help_text="How releases usually write it: 'U.S.', 'Korea'."
    )
    demonym = models.CharField(max_length=60, blank=True, help_text="'Japanese', 'Australian'.")
    capital = models.CharField(max_length=100, blank=True)
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text="Other names releases use: ['United States of America', 'USA', '米国'].",
    )
    sources = sources_field()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.code = self.code.upper()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:country", args=[self.code.lower()])

    @property
    def display_name(self):
        return self.short_name or self.name


class CriticalMineral(models.Model):
    """A mineral on at least one of the critical-mineral lists the archive tracks."""

    class EUStatus(models.TextChoices):
        STRATEGIC = "strategic", "Strategic (CRMA Annex I)"
        CRITICAL = "critical", "Critical (CRMA Annex II)"
        NO = "no", "Not listed"

    class JapanStatus(models.TextChoices):
        YES = "yes", "On Japan's rare-metal list"
        NO = "no", "Not on Japan's rare-metal list"
        UNKNOWN = "unknown", "Unknown"

    name = models.CharField(max_length=60, unique=True, help_text="English name, US spelling.")
    slug = models.SlugField(max_length=60, unique=True, help_text="Slugified English name.")
    symbol = models.CharField(max_length=20, blank=True, help_text="Element symbol or formula.")
    group = models.CharField(max_length=60, blank=True, help_text="Editorial category.")
    usgs_2022 = models.BooleanField("USGS 2022 list", default=False)
    usgs_2025 = models.BooleanField("USGS 2025 list", default=False)
    eu_crma_2023 = models.CharField(
        "EU CRMA 2023", max_length=10, choices=EUStatus.choices, default=EUStatus.NO
    )
    japan = models.CharField(
        "Japan rare metals", max_length=10, choices=JapanStatus.choices, default=JapanStatus.NO
    )
    note = models.TextField(blank=True)
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text="Other spellings the importer should recognise: ['aluminium', 'ガリウム'].",
    )
    sources = sources_field()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:mineral", args=[self.slug])

    @property
    def list_memberships(self):
        """Human-readable list memberships, for pages and exports."""
        lists = []
        if self.usgs_2022:
            lists.append("USGS 2022")
        if self.usgs_2025:
            lists.append("USGS 2025")
        if self.eu_crma_2023 == self.EUStatus.STRATEGIC:
            lists.append("EU strategic")
        if self.eu_crma_2023 in (self.EUStatus.STRATEGIC, self.EUStatus.CRITICAL):
            lists.append("EU critical")
        if self.japan == self.JapanStatus.YES:
            lists.append("Japan rare metal")
        return lists


class Topic(models.Model):
    """A subject of the curated taxonomy (economic security, export controls, …)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    definition = models.TextField(blank=True, help_text="One or two sentences for readers.")
    keywords = models.JSONField(
        default=list,
        blank=True,
        help_text="Phrases that signal this topic in a release, used by the importer: "
        "['export control', 'dual-use'].",
    )
    sources = sources_field()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:topic", args=[self.slug])


# --- Organizations, people and offices ------------------------------------------------------------


class Organization(ReviewedModel):
    """A ministry, department, bureau or division (parent: the body it belongs to)."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", "Ministry or department"
        AGENCY = "agency", "Agency or office"
        BUREAU = "bureau", "Bureau"
        DIVISION = "division", "Division"
        EMBASSY = "embassy", "Embassy"
        INTERNATIONAL = "international", "International organization"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
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


class MembershipQuerySet(models.QuerySet):
    def held_on(self, date: datetime.date):
        """Offices held on `date` (inclusive at both ends; an open end means still held)."""
        return (
            self.filter(Q(start_date__isnull=True) | Q(start_date__lte=date))
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=date))
            .order_by("-start_date")
        )


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


# --- Series and meetings --------------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    MINISTERIAL = "ministerial meeting", "Ministerial meeting"
    VICE_MINISTERIAL = "vice-ministerial meeting", "Vice-ministerial meeting"
    SUMMIT = "summit", "Summit"
    DIALOGUE = "dialogue", "Dialogue"
    CALL = "call", "Telephone call"
    VIDEO = "video conference", "Video conference"
    SIGNING = "signing", "Signing"
    VISIT = "visit", "Visit"


class MeetingSeries(ReviewedModel):
    """A recurring meeting format, e.g. the Japan-U.S. Commercial and Industrial Partnership."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    acronym = models.CharField(max_length=30, blank=True, help_text="JUCIP, EPCC, …")
    alternative_names = models.JSONField(
        default=list,
        blank=True,
        help_text="Other names releases use: ['U.S.-Japan Commercial and Industrial Partnership', "
        "'Economic 2+2'].",
    )
    countries = models.ManyToManyField(Country, related_name="series", blank=True)
    established_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True, help_text="In your own words.")
    sources = sources_field()
    objects = MeetingSeriesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "meeting series"

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("meetings:series", args=[self.slug])


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Meeting.Status.PUBLISHED)

    def public(self):
        """What the public may see: published meetings (the one visibility rule, see above)."""
        return self.published()

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
        through = Meeting.topics.through
        return self.filter(
            Exists(through.objects.filter(meeting=OuterRef("pk"), topic__slug__in=topic_slugs))
        )

    def naming(self, *mineral_slugs: str):
        """Meetings that discussed any of the given critical minerals."""
        through = Meeting.minerals.through
        return self.filter(
            Exists(
                through.objects.filter(
                    meeting=OuterRef("pk"), criticalmineral__slug__in=mineral_slugs
                )
            )
        )

    def attended_by(self, person_slug: str):
        return self.filter(
            Exists(Participant.objects.filter(meeting=OuterRef("pk"), person__slug=person_slug))
        )

    def newest_first(self):
        return self.order_by(models.F("start_date").desc(nulls_last=True), "-pk")


class Meeting(models.Model):
    """A bilateral meeting between governments, at ministerial level or close to it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    Kind = MeetingKind

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True, help_text="Part of the record's URL.")
    kind = models.CharField(
        max_length=30, choices=MeetingKind.choices, default=MeetingKind.MINISTERIAL
    )
    series = models.ForeignKey(
        MeetingSeries, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    ordinal = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="4 for 'the 4th' meeting of its series at this level."
    )
    start_date = models.DateField(null=True, blank=True, help_text="Local date the meeting began.")
    end_date = models.DateField(
        null=True, blank=True, help_text="Last day, for meetings over several days."
    )
    city = models.CharField(max_length=100, blank=True, help_text="'Washington, D.C.', 'Tokyo'.")
    venue = models.CharField(
        max_length=200, blank=True, help_text="Building or occasion, if known."
    )
    venue_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="hosted_meetings"
    )
    countries = models.ManyToManyField(
        Country,
        related_name="meetings",
        blank=True,
        help_text="Every government represented (at least two to publish).",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="side_meetings",
        help_text="The larger event this meeting was held on the margins of.",
    )
    summary = models.TextField(blank=True, help_text="What was discussed, in the editor's words.")
    topics = models.ManyToManyField(Topic, related_name="meetings", blank=True)
    minerals = models.ManyToManyField(CriticalMineral, related_name="meetings", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    sources = sources_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[countries, topics, minerals])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        get_latest_by = "start_date"
        permissions = [("publish_meeting", "Can publish or withdraw meetings")]
        indexes = [
            models.Index(fields=["status", "-start_date"], name="meeting_status_date_idx"),
            models.Index(fields=["start_date"], name="meeting_start_date_idx"),
            models.Index(fields=["kind"], name="meeting_kind_idx"),
            models.Index(fields=["updated_at"], name="meeting_updated_idx"),
            # Published meetings in list order, newest first, is a PostgreSQL-only index created
            # by migration 0004 (SQLite cannot declare NULLS LAST in an index).
            # The series navigation of a meeting record (same series and kind, by date):
            models.Index(
                fields=["series", "kind", "start_date"],
                name="meeting_published_series_idx",
                condition=Q(status="published"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="meeting_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ordinal__isnull=True) | Q(ordinal__gte=1),
                name="meeting_ordinal_positive",
            ),
            models.CheckConstraint(
                condition=Q(ordinal__isnull=True) | Q(series__isnull=False),
                name="meeting_ordinal_needs_series",
            ),
            # Ordinals count rounds at one level: the Economic 2+2 has a 2nd ministerial and a 4th
            # vice-ministerial meeting, so the kind is part of the key.
            models.UniqueConstraint(
                fields=["series", "kind", "ordinal"],
                condition=Q(ordinal__isnull=False),
                name="meeting_ordinal_unique_in_series",
            ),
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="meeting_slug_not_empty",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.slug])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def ordinal_label(self):
        return ordinal_label(self.ordinal) if self.ordinal else ""

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The meeting cannot end before it starts."})
        if self.ordinal and not self.series_id:
            raise ValidationError({"ordinal": "An ordinal needs the series it counts within."})

    def publication_problems(self, country_codes=None):
        """Why this meeting cannot be published yet (an empty list when it can).

        `country_codes` lets a form check the countries it is about to save.
        """
        problems = []
        if not self.start_date:
            problems.append("A published meeting needs the date it was held.")
        if country_codes is None:
            country_codes = list(self.countries.values_list("code", flat=True)) if self.pk else []
        if len(set(country_codes)) < 2:
            problems.append("A published meeting needs at least two participating countries.")
        return problems

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Meeting, meeting_slug_base(self))
        if self.status == self.Status.PUBLISHED and not self.published_at:
            from django.utils import timezone

            self.published_at = timezone.now()
        super().save(*args, **kwargs)


def meeting_slug_base(meeting: Meeting) -> str:
    date = meeting.start_date.isoformat() if meeting.start_date else "undated"
    return slugify(f"{date} {meeting.title}")[:150].rstrip("-")


def unique_slug(model, base: str, field: str = "slug") -> str:
    """`base`, or `base-2`, `base-3`, … whichever is free in `model`."""
    base = base or "record"
    candidate, n = base, 2
    while model._default_manager.filter(**{field: candidate}).exists():
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def ordinal_label(n: int) -> str:
    """1 → '1st', 2 → '2nd', 11 → '11th', 23 → '23rd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class Participant(models.Model):
    """Someone who took part in a meeting, with the title held on that day."""

    class Role(models.TextChoices):
        HOST = "host", "Host"
        GUEST = "guest", "Guest"
        HEAD = "head", "Head of delegation"
        DELEGATE = "delegate", "Delegate"
        REPRESENTED_BY = "represented by", "Represented by"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
        help_text="Leave empty until the name is linked to a person in the archive.",
    )
    name = models.CharField(
        max_length=200, blank=True, help_text="The name as the release writes it."
    )
    title = models.CharField(
        max_length=200, blank=True, help_text="Title held on the meeting date."
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="participants"
    )
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="participants"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.HEAD)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""),
                name="participant_has_person_or_name",
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="participant_once_per_meeting",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.person.name if self.person_id else self.name

    def get_absolute_url(self):
        return self.person.get_absolute_url() if self.person_id else self.meeting.get_absolute_url()


# --- Documents and agreements ---------------------------------------------------------------------


class Document(models.Model):
    """A press release, readout, joint statement or fact sheet about a meeting."""

    class Kind(models.TextChoices):
        PRESS_RELEASE = "press release", "Press release"
        READOUT = "readout", "Readout"
        JOINT_STATEMENT = "joint statement", "Joint statement"
        JOINT_PRESS_RELEASE = "joint press release", "Joint press release"
        FACT_SHEET = "fact sheet", "Fact sheet"
        OTHER = "other", "Other"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.PRESS_RELEASE)
    title = models.CharField(max_length=400)
    issuer = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    division = models.CharField(
        max_length=200,
        blank=True,
        help_text="Issuing division as the release names it: 'Americas Division, Trade Policy Bureau'.",
    )
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=10, default="en", help_text="BCP 47: en, ja, ko.")
    source_url = models.URLField(max_length=500, blank=True)
    body = models.TextField(blank=True, help_text="The release text; HTML is sanitised on save.")
    attachments = models.JSONField(
        default=list,
        blank=True,
        help_text='[{"title": "Joint statement (PDF)", "url": "https://…"}]',
    )
    sources = sources_field()
    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["published_on", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#document-{self.pk}"

    def save(self, *args, **kwargs):
        from meetings.sanitize import sanitize_html

        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)


class Agreement(models.Model):
    """An outcome instrument: joint statement, memorandum of cooperation, MoU, agreement, plan."""

    class Kind(models.TextChoices):
        JOINT_STATEMENT = "joint statement", "Joint statement"
        JOINT_PRESS_RELEASE = "joint press release", "Joint press release"
        JOINT_READOUT = "joint readout", "Joint readout"
        MOC = "memorandum of cooperation", "Memorandum of cooperation"
        MOU = "memorandum of understanding", "Memorandum of understanding"
        AGREEMENT = "agreement", "Agreement"
        ACTION_PLAN = "action plan", "Action plan"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        SIGNED = "signed", "Signed"
        IN_FORCE = "in force", "In force"
        ENDED = "ended", "Ended"
        SUPERSEDED = "superseded", "Superseded"
        ISSUED = "issued", "Issued"

    title = models.CharField(max_length=400)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.JOINT_STATEMENT)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="agreements"
    )
    signed_on = models.DateField(null=True, blank=True)
    parties = models.ManyToManyField(Country, related_name="agreements", blank=True)
    signatories = models.ManyToManyField(Person, related_name="agreements_signed", blank=True)
    binding = models.BooleanField(
        default=False, help_text="Legally binding under international law."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SIGNED)
    registry_ids = models.JSONField(
        default=list, blank=True, help_text="Treaty registry identifiers, if any."
    )
    summary = models.TextField(blank=True, help_text="In your own words.")
    source_url = models.URLField(max_length=500, blank=True)
    topics = models.ManyToManyField(Topic, related_name="agreements", blank=True)
    minerals = models.ManyToManyField(CriticalMineral, related_name="agreements", blank=True)
    sources = sources_field()
    updated_at = models.DateTimeField(auto_now=True)
    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = [models.F("signed_on").desc(nulls_last=True), "title"]
        indexes = [models.Index(fields=["signed_on"], name="agreement_signed_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:agreement", args=[self.slug])
