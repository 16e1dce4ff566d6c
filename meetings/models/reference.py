"""Reference data: countries, critical minerals, topics."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from meetings.models.base import sources_field

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
