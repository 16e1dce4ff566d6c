"""Documents about meetings, and the agreements they produced."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models.base import TitledSourcedRecord, sources_field
from meetings.models.meetings import Meeting
from meetings.models.people import Organization, Person
from meetings.models.reference import Country, CriticalMineral, Topic
from meetings.models.visibility import AgreementQuerySet, DocumentQuerySet

# --- Documents and agreements ---------------------------------------------------------------------


class Document(models.Model):
    """A press release, readout, joint statement or fact sheet about one meeting or several: a
    release reporting a minister's meetings with three counterparts is one document, linked to
    each of the three."""

    class Kind(models.TextChoices):
        PRESS_RELEASE = "press release", _("Press release")
        READOUT = "readout", _("Readout")
        JOINT_STATEMENT = "joint statement", _("Joint statement")
        JOINT_PRESS_RELEASE = "joint press release", _("Joint press release")
        FACT_SHEET = "fact sheet", _("Fact sheet")
        OTHER = "other", _("Other")

    meetings = models.ManyToManyField(
        Meeting,
        related_name="documents",
        blank=True,
        help_text="Every meeting this document reports.",
    )
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
        """On the record of the first published meeting it reports."""
        meeting = self.meetings.public().order_by("start_date", "pk").first()
        return f"{meeting.get_absolute_url()}#document-{self.pk}" if meeting else ""

    def save(self, *args, **kwargs):
        from meetings.sanitize import sanitize_html

        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)


@receiver(pre_delete, sender=Meeting, dispatch_uid="documents.meeting_deleting")
def _remember_documents(sender, instance, **kwargs):
    instance._document_ids = list(instance.documents.values_list("pk", flat=True))


@receiver(post_delete, sender=Meeting, dispatch_uid="documents.meeting_deleted")
def _delete_orphaned_documents(sender, instance, **kwargs):
    """A document goes with the last meeting it reports (as it went with its only meeting)."""
    ids = getattr(instance, "_document_ids", [])
    if ids:
        Document.objects.filter(pk__in=ids, meetings__isnull=True).delete()


class Agreement(TitledSourcedRecord, models.Model):
    """An outcome instrument: joint statement, memorandum of cooperation, MoU, agreement, plan."""

    class Kind(models.TextChoices):
        JOINT_STATEMENT = "joint statement", _("Joint statement")
        JOINT_PRESS_RELEASE = "joint press release", _("Joint press release")
        JOINT_READOUT = "joint readout", _("Joint readout")
        MOC = "memorandum of cooperation", _("Memorandum of cooperation")
        MOU = "memorandum of understanding", _("Memorandum of understanding")
        AGREEMENT = "agreement", _("Agreement")
        ACTION_PLAN = "action plan", _("Action plan")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        SIGNED = "signed", _("Signed")
        IN_FORCE = "in force", _("In force")
        ENDED = "ended", _("Ended")
        SUPERSEDED = "superseded", _("Superseded")
        ISSUED = "issued", _("Issued")

    title = models.CharField(max_length=400)
    title_ja = models.CharField("title in Japanese", max_length=400, blank=True)
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
    summary_ja = models.TextField("summary in Japanese", blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    topics = models.ManyToManyField(Topic, related_name="agreements", blank=True)
    minerals = models.ManyToManyField(CriticalMineral, related_name="agreements", blank=True)
    source_records = GenericRelation("meetings.Source", related_query_name="agreement")
    needs_review = models.BooleanField(
        default=False,
        help_text="Created automatically by the release importer; untick once an editor has "
        "checked the record.",
    )
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
