"""Where a fact comes from, as a record: URL, publisher, kind, language, date, archived copy.

A Source is attached to any record through a generic relation (meetings, agreements and documents
have `source_records`). The rule for what may be an *official* source (docs/editors.md):

- kinds "official release", "joint statement", "readout" and "transcript" are official;
  "copy elsewhere" and "news" are not;
- an official source must be on the publisher's own site (the host of the publisher's `url`, or a
  sub-domain of it) or, when the publisher's site is not recorded, on a government host
  (`*.gov`, `*.go.jp`, `*.gov.au`, `*.go.kr`, `europa.eu`, …);
- a known copy site (blogs, press-release wires, aggregators: `KNOWN_COPY_HOSTS`) can never be an
  official source, whatever the publisher.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from simple_history.models import HistoricalRecords

from meetings.models.people import Organization

WEB_URL = URLValidator(schemes=["http", "https"])

# Hosts that republish others' releases: never an official source.
KNOWN_COPY_HOSTS = (
    "blogspot.com",
    "wordpress.com",
    "medium.com",
    "substack.com",
    "einpresswire.com",
    "prnewswire.com",
    "businesswire.com",
    "globenewswire.com",
    "miragenews.com",
    "thefederalnewswire.com",
    "licht-journal.com",
    "gov-base.info",
    "ieu-monitoring.com",
    "news.mixi.jp",
    "archive.org",
    "archive.ph",
    "archive.today",
)
GOVERNMENT_HOST = re.compile(
    r"(^|\.)(gov|go\.jp|gov\.[a-z]{2}|go\.[a-z]{2}|gouv\.[a-z]{2}|gob\.[a-z]{2}|gc\.ca|"
    r"europa\.eu|korea\.net|admin\.ch|bund\.de|canada\.ca)$"
)


def host_of(url: str) -> str:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")


def on_host(host: str, domain: str) -> bool:
    domain = domain.lower().removeprefix("www.")
    return bool(domain) and (host == domain or host.endswith("." + domain))


def is_known_copy_host(host: str) -> bool:
    return any(on_host(host, copy) for copy in KNOWN_COPY_HOSTS)


def is_government_host(host: str) -> bool:
    return bool(GOVERNMENT_HOST.search(host))


class SourceKind(models.TextChoices):
    OFFICIAL_RELEASE = "official release", "Official release"
    JOINT_STATEMENT = "joint statement", "Joint statement"
    READOUT = "readout", "Readout"
    TRANSCRIPT = "transcript", "Transcript"
    COPY = "copy elsewhere", "Copy elsewhere"
    NEWS = "news", "News"


def guess_kind(url: str) -> str:
    """For converting a bare URL: official on a government host, a copy on a known copy site,
    news otherwise."""
    host = host_of(url)
    if is_known_copy_host(host):
        return SourceKind.COPY
    if is_government_host(host):
        return SourceKind.OFFICIAL_RELEASE
    return SourceKind.NEWS


def publisher_for_url(url: str, organizations=None):
    """The organization whose own site `url` is on (the longest matching host wins), or None."""
    host = host_of(url)
    if organizations is None:
        organizations = Organization.objects.exclude(url="")
    best, best_len = None, 0
    for organization in organizations:
        own = host_of(organization.url or "")
        if own and on_host(host, own) and len(own) > best_len:
            best, best_len = organization, len(own)
    return best


class Source(models.Model):
    """A web page a record's facts come from."""

    Kind = SourceKind
    OFFICIAL_KINDS = frozenset(
        {
            SourceKind.OFFICIAL_RELEASE,
            SourceKind.JOINT_STATEMENT,
            SourceKind.READOUT,
            SourceKind.TRANSCRIPT,
        }
    )

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    url = models.URLField("URL", max_length=500, validators=[WEB_URL])
    publisher = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sources_published",
        help_text="Who published the page (the ministry, not the site that copied it).",
    )
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.NEWS)
    language = models.CharField(max_length=10, blank=True, help_text="BCP 47: en, ja, ko.")
    published_on = models.DateField(null=True, blank=True)
    archived_url = models.URLField(
        "archived copy",
        max_length=500,
        blank=True,
        validators=[WEB_URL],
        help_text="A copy in a web archive (web.archive.org, archive.today), if any.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="source_record_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.url}"

    @property
    def is_official(self) -> bool:
        return self.kind in self.OFFICIAL_KINDS

    @property
    def host(self) -> str:
        return host_of(self.url)

    def clean(self):
        super().clean()
        if self.kind in self.OFFICIAL_KINDS and self.url:
            problem = official_source_problem(self.url, self.publisher)
            if problem:
                raise ValidationError({"kind": problem})


def official_source_problem(url: str, publisher: Organization | None) -> str:
    """Why `url` cannot be an official source of `publisher` ('' when it can)."""
    host = host_of(url)
    if is_known_copy_host(host):
        return (
            f"{host} republishes others' releases: record it as a copy elsewhere, and the "
            "government's own page as the official source."
        )
    own = host_of(publisher.url) if publisher is not None and publisher.url else ""
    if own:
        # A ministry's own site, or its government's (a METI release on www.meti.go.jp, a joint
        # statement on the partner ministry's site is recorded with that ministry as publisher).
        if on_host(host, own) or on_host(own, host):
            return ""
        if is_government_host(host):
            return ""
        return (
            f"An official source is on the publisher's own site ({own}), not {host}: record "
            "this page as a copy elsewhere or news."
        )
    if is_government_host(host):
        return ""
    return (
        f"{host} is not a government site: an official source is on the publisher's own site. "
        "Choose the publisher, or record this page as a copy elsewhere or news."
    )


def source_urls(value) -> list[str]:
    """The URLs of a JSON `sources` value, whatever an editor or a dump stored there: a list
    of strings is kept; a single string becomes a list; anything else (5, true, null, a dict)
    gives no URLs rather than an error."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list | tuple):
        return [item for item in value if isinstance(item, str) and item.strip()]
    return []
