"""Reference data: countries, critical minerals, topics."""

from __future__ import annotations

import functools
from pathlib import Path

from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from meetings.models.base import in_reader_language, reader_is_japanese, sources_field

# --- Reference data -------------------------------------------------------------------------------


@functools.cache
def _cldr_japanese_names() -> dict[str, str]:
    """Code -> Japanese name, from django-countries' maintained Japanese catalogue (its names are
    CLDR's, translated by its translators), read directly so the app need not be installed."""
    import gettext

    import django_countries
    from django_countries.data import COUNTRIES

    catalogue = gettext.translation(
        "django", localedir=Path(django_countries.__file__).parent / "locale", languages=["ja"]
    )
    with translation.override(None):
        return {code: catalogue.gettext(str(name)) for code, name in COUNTRIES.items()}


def japanese_country_name(code: str, aliases=()) -> str:
    """Japanese name of a country: django-countries' maintained translation, or the first alias in
    kana/kanji for codes it lacks (EU: 欧州連合, from meetings/data/countries_extra.json)."""
    name = _cldr_japanese_names().get((code or "").upper(), "")
    if name:
        return name
    for alias in aliases or ():
        if any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in str(alias)):
            return str(alias)
    return ""


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
        if reader_is_japanese():
            return self.local_name
        return self.short_name or self.name

    @property
    def local_name(self):
        """The name in the reader's language; on /ja/ pages the Japanese name from
        django-countries' translations (CLDR-based), else the first Japanese name among the
        aliases (EU: 欧州連合), else the English name."""
        if reader_is_japanese():
            return japanese_country_name(self.code, self.aliases) or self.name
        return self.name


# The editorial groups of meetings/data/critical_minerals.csv, for the Japanese catalogue (the
# mineral page translates its group: {% translate mineral.group %}).
MINERAL_GROUPS = (
    gettext_noop("alkali metal"),
    gettext_noop("base metal"),
    gettext_noop("battery material"),
    gettext_noop("energy mineral"),
    gettext_noop("ferroalloy/refractory metal"),
    gettext_noop("fertilizer mineral"),
    gettext_noop("industrial gas"),
    gettext_noop("industrial mineral"),
    gettext_noop("light metal"),
    gettext_noop("metalloid"),
    gettext_noop("minor metal"),
    gettext_noop("platinum group metal"),
    gettext_noop("precious metal"),
    gettext_noop("rare earth element"),
    gettext_noop("semiconductor/technology element"),
)


class CriticalMineral(models.Model):
    """A mineral on at least one of the critical-mineral lists the archive tracks."""

    class EUStatus(models.TextChoices):
        STRATEGIC = "strategic", _("Strategic (CRMA Annex I)")
        CRITICAL = "critical", _("Critical (CRMA Annex II)")
        NO = "no", _("Not listed")

    class JapanStatus(models.TextChoices):
        YES = "yes", _("On Japan's rare-metal list")
        NO = "no", _("Not on Japan's rare-metal list")
        UNKNOWN = "unknown", _("Unknown")

    name = models.CharField(max_length=60, unique=True, help_text="English name, US spelling.")
    name_ja = models.CharField("name in Japanese", max_length=60, blank=True)
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

    @property
    def local_name(self):
        return in_reader_language(self, "name")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:mineral", args=[self.slug])

    @property
    def list_memberships(self):
        """Human-readable list memberships, for pages and exports."""
        lists = []
        if self.usgs_2022:
            lists.append(gettext("USGS 2022"))
        if self.usgs_2025:
            lists.append(gettext("USGS 2025"))
        if self.eu_crma_2023 == self.EUStatus.STRATEGIC:
            lists.append(gettext("EU strategic"))
        if self.eu_crma_2023 in (self.EUStatus.STRATEGIC, self.EUStatus.CRITICAL):
            lists.append(gettext("EU critical"))
        if self.japan == self.JapanStatus.YES:
            lists.append(gettext("Japan rare metal"))
        return lists


class Topic(models.Model):
    """A subject of the curated taxonomy (economic security, export controls, …)."""

    name = models.CharField(max_length=100, unique=True)
    name_ja = models.CharField("name in Japanese", max_length=100, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    definition = models.TextField(blank=True, help_text="One or two sentences for readers.")
    definition_ja = models.TextField("definition in Japanese", blank=True)
    keywords = models.JSONField(
        default=list,
        blank=True,
        help_text="Phrases that signal this topic in a release, used by the importer: "
        "['export control', 'dual-use'].",
    )
    sources = sources_field()

    class Meta:
        ordering = ["name"]

    @property
    def local_name(self):
        return in_reader_language(self, "name")

    @property
    def local_definition(self):
        return in_reader_language(self, "definition")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:topic", args=[self.slug])
