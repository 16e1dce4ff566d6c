"""Meeting series, meetings and who took part."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models.base import (
    ReviewedModel,
    TitledSourcedRecord,
    in_reader_language,
    sources_field,
)
from meetings.models.people import Organization, Person
from meetings.models.reference import Country, CriticalMineral, Topic
from meetings.models.visibility import MeetingQuerySet, MeetingSeriesQuerySet

# --- Series and meetings --------------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    MINISTERIAL = "ministerial meeting", _("Ministerial meeting")
    VICE_MINISTERIAL = "vice-ministerial meeting", _("Vice-ministerial meeting")
    SUMMIT = "summit", _("Summit")
    DIALOGUE = "dialogue", _("Dialogue")
    CALL = "call", _("Telephone call")
    VIDEO = "video conference", _("Video conference")
    SIGNING = "signing", _("Signing")
    VISIT = "visit", _("Visit")


class MeetingMode(models.TextChoices):
    """How the ministers met, apart from the meeting's kind: a dialogue round or a vice-ministerial
    meeting may be held by video conference. A telephone call and a video conference (the kinds)
    are always held so."""

    IN_PERSON = "in person", _("In person")
    VIDEO = "video conference", _("By video conference")
    TELEPHONE = "telephone", _("By telephone")


MODE_OF_KIND = {MeetingKind.CALL: MeetingMode.TELEPHONE, MeetingKind.VIDEO: MeetingMode.VIDEO}


class DatePrecision(models.TextChoices):
    """How much the release says about the day (real releases of a minister's trip often list the
    bilateral meetings of the trip without their days)."""

    DAY = "day", _("On the day given")
    BETWEEN = "between", _("On one day between the two dates given (the day is not known)")


class MeetingSeries(ReviewedModel):
    """A recurring meeting format, e.g. the Japan-U.S. Commercial and Industrial Partnership."""

    name = models.CharField(max_length=200, unique=True)
    name_ja = models.CharField(
        "name in Japanese", max_length=200, blank=True, help_text="日米商務・産業パートナーシップ"
    )
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
    description_ja = models.TextField("description in Japanese", blank=True)
    sources = sources_field()
    objects = MeetingSeriesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "meeting series"

    @property
    def local_name(self):
        return in_reader_language(self, "name")

    @property
    def local_description(self):
        return in_reader_language(self, "description")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("meetings:series", args=[self.slug])


class Meeting(TitledSourcedRecord, models.Model):
    """A bilateral meeting between governments, at ministerial level or close to it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    Kind = MeetingKind

    title = models.CharField(max_length=300)
    title_ja = models.CharField(
        "title in Japanese",
        max_length=300,
        blank=True,
        help_text="Shown on the Japanese pages (/ja/); the English title when empty.",
    )
    slug = models.SlugField(max_length=200, unique=True, help_text="Part of the record's URL.")
    kind = models.CharField(
        max_length=30, choices=MeetingKind.choices, default=MeetingKind.MINISTERIAL
    )
    mode = models.CharField(
        max_length=20,
        choices=MeetingMode.choices,
        default=MeetingMode.IN_PERSON,
        help_text="In person, or at a distance (a telephone call or video conference is so by its "
        "kind). Distant meetings have no city or venue.",
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
    date_precision = models.CharField(
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=(
            "'Between': the release gives only a span (a trip's dates) — start and end date are its "
            "first and last day, not a meeting over several days."
        ),
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
    summary_ja = models.TextField(
        "summary in Japanese", blank=True, help_text="In the editor's words, in Japanese."
    )
    official_source_unavailable = models.BooleanField(
        "no official source found",
        default=False,
        help_text=(
            "Tick only after searching the governments' own sites without finding the release: "
            "the record may then be published on copies or news reports, and its page says so."
        ),
    )
    topics = models.ManyToManyField(Topic, related_name="meetings", blank=True)
    minerals = models.ManyToManyField(CriticalMineral, related_name="meetings", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    source_records = GenericRelation("meetings.Source", related_query_name="meeting")
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
            # A record's side meetings (parent_id = ?, by date): equality on the parent gives the
            # order for free, so SQLite's planner takes this index instead of walking every
            # published meeting through the status/date index (158 ms → < 1 ms at 100,000).
            # Partial: most meetings have no parent.
            models.Index(
                fields=["parent", "start_date", "id"],
                name="meeting_side_meetings_idx",
                condition=Q(parent__isnull=False),
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
        distant = MODE_OF_KIND.get(self.kind, self.mode) != MeetingMode.IN_PERSON
        if distant and (self.city or self.venue or self.venue_country_id):
            raise ValidationError(
                {
                    "venue": "A meeting held by telephone or video conference has no place: leave "
                    "city, venue and venue country empty (the mode says how it was held)."
                }
            )
        if self.date_precision == DatePrecision.BETWEEN and not (
            self.start_date and self.end_date and self.end_date > self.start_date
        ):
            raise ValidationError(
                {
                    "date_precision": "'Between' needs the first and the last day of the span as "
                    "start and end date."
                }
            )

    @property
    def sourced_only_by_news(self) -> bool:
        records = list(self.source_records.all())
        return bool(records) and not any(source.is_official for source in records)

    def publication_problems(self, country_codes=None):
        """Why this meeting cannot be published yet (an empty list when it can): see
        meetings/models/publishing.py. `country_codes` lets a form check the countries it is about to
        save."""
        from meetings.models.publishing import facts_from_database, publication_problems

        return publication_problems(facts_from_database(self, country_codes=country_codes))

    @property
    def mode_note(self) -> str:
        """The mode, where the kind does not already say it ('By video conference' for a dialogue
        round held online); empty otherwise."""
        if self.mode == MeetingMode.IN_PERSON or self.kind in MODE_OF_KIND:
            return ""
        return self.get_mode_display()

    def save(self, *args, **kwargs):
        self.mode = MODE_OF_KIND.get(self.kind, self.mode)
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
        HOST = "host", _("Host")
        GUEST = "guest", _("Guest")
        HEAD = "head", _("Head of delegation")
        DELEGATE = "delegate", _("Delegate")
        REPRESENTED_BY = "represented by", _("Represented by")

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
        return self.person.local_name if self.person_id else self.name

    def get_absolute_url(self):
        return self.person.get_absolute_url() if self.person_id else self.meeting.get_absolute_url()
