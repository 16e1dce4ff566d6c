"""Documents about meetings, and the agreements they produced."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from meetings.models.base import sources_field
from meetings.models.meetings import Meeting
from meetings.models.people import Organization, Person
from meetings.models.reference import Country, CriticalMineral, Topic
from meetings.models.visibility import AgreementQuerySet, DocumentQuerySet

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
    source_records = GenericRelation("meetings.Source", related_query_name="agreement")
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

    @property
    def sources(self) -> list[str]:
        """The URLs of the agreement's sources (its Source records, in order)."""
        return [source.url for source in self.source_records.all()]
