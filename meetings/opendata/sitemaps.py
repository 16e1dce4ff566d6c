"""For crawlers: `/sitemap.xml` (an index of one sitemap per kind of record) and `/robots.txt`.

Every public record is listed with its last modification: a meeting's or agreement's `updated_at`,
for records with an audit trail the later of their last change and their latest published meeting's,
for reference data (countries, minerals, topics) their latest published meeting's. Each section's
"latest" date is one aggregate query, never a scan of its items.

Every page is listed once, at its English address, with its Japanese version (/ja/…) and the
English one as `hreflang` alternates (en, ja, x-default): worked out from the address, so the
Japanese pages cost no query and no second pass over the items.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import F, Max, OuterRef, Q, Subquery
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from archive.language import JAPANESE, path_in_language
from meetings.models import Country, CriticalMineral, Meeting, Topic
from meetings.opendata.api import (
    PUBLISHED,
    public_agreements,
    public_organizations,
    public_people,
    public_series,
    published_meetings,
)

# Small pages keep each sitemap response light at 100,000 meetings (the protocol allows 50,000).
URLS_PER_SITEMAP = 5000


def latest(*dates):
    present = [date for date in dates if date is not None]
    return max(present) if present else None


def last_history_change(model):
    """Subquery: when the record's audit trail last recorded a change."""
    return Subquery(
        model.history.model.objects.filter(id=OuterRef("pk"))
        .order_by("-history_date")
        .values("history_date")[:1]
    )


def latest_history_change(queryset):
    history = queryset.model.history.model.objects.filter(id__in=queryset.values("pk"))
    return history.aggregate(latest=Max("history_date"))["latest"]


def latest_meeting_change(**conditions):
    return published_meetings().filter(**conditions).aggregate(latest=Max("updated_at"))["latest"]


class BilingualSitemap(Sitemap):
    """Each URL with its English and Japanese versions as hreflang alternates."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        base = f"{protocol}://{domain}"
        for url in urls:
            english = path_in_language(url["location"].removeprefix(base), "en")
            url["location"] = base + english
            url["alternates"] = [
                {"location": base + english, "lang_code": "en"},
                {"location": base + path_in_language(english, JAPANESE), "lang_code": "ja"},
                {"location": base + english, "lang_code": "x-default"},
            ]
        return urls


class ArchiveSitemap(BilingualSitemap):
    limit = URLS_PER_SITEMAP

    def lastmod(self, item):
        return item.lastmod

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("lastmod"))["latest"]


class PageSitemap(BilingualSitemap):
    """The lists and pages that are not records."""

    changefreq = "daily"
    names = [
        "meetings:home",
        "meetings:about",
        "meetings:list",
        "meetings:people",
        "meetings:countries",
        "meetings:minerals",
        "meetings:topics",
        "meetings:series_list",
        "meetings:agreements",
        "data:reuse",
        "data:api-docs",
    ]

    def items(self):
        return self.names

    def location(self, name):
        return reverse(name)


class MeetingSitemap(ArchiveSitemap):
    def items(self):
        return published_meetings().annotate(lastmod=F("updated_at")).order_by("pk")


class AgreementSitemap(ArchiveSitemap):
    def items(self):
        return public_agreements().annotate(lastmod=F("updated_at")).order_by("pk")


class AuditedRecordSitemap(ArchiveSitemap):
    """Records with an audit trail and meetings of their own: people, series."""

    meetings_relation = ""  # from the record to its meetings
    meetings_link = ""  # from a meeting to the record

    def queryset(self):
        raise NotImplementedError

    def items(self):
        model = self.queryset().model
        return (
            self.queryset()
            .annotate(
                changed=last_history_change(model),
                meetings_changed=Max(
                    f"{self.meetings_relation}__updated_at",
                    filter=Q(**{f"{self.meetings_relation}__status": PUBLISHED}),
                ),
            )
            .order_by("pk")
        )

    def lastmod(self, item):
        return latest(item.changed, item.meetings_changed)

    def get_latest_lastmod(self):
        return latest(
            latest_history_change(self.queryset()),
            latest_meeting_change(**{f"{self.meetings_link}__isnull": False}),
        )


class PersonSitemap(AuditedRecordSitemap):
    meetings_relation = "participations__meeting"
    meetings_link = "participants__person"

    def queryset(self):
        return public_people()


class SeriesSitemap(AuditedRecordSitemap):
    meetings_relation = "meetings"
    meetings_link = "series"

    def queryset(self):
        return public_series()


class OrganizationSitemap(ArchiveSitemap):
    def items(self):
        return (
            public_organizations()
            .annotate(lastmod=last_history_change(public_organizations().model))
            .order_by("pk")
        )

    def get_latest_lastmod(self):
        return latest_history_change(public_organizations())


class ReferenceSitemap(ArchiveSitemap):
    """Countries, minerals and topics: their pages change when their meetings do."""

    model = None
    only_with_meetings = False

    def items(self):
        queryset = self.model.objects.annotate(
            lastmod=Max("meetings__updated_at", filter=Q(meetings__status=PUBLISHED))
        )
        if self.only_with_meetings:
            queryset = queryset.filter(lastmod__isnull=False)
        return queryset.order_by("pk")

    def get_latest_lastmod(self):
        return latest_meeting_change(**{f"{self.meetings_link}__isnull": False})


class CountrySitemap(ReferenceSitemap):
    # Of some 250 countries, only those with meetings have anything to show.
    model = Country
    meetings_link = "countries"
    only_with_meetings = True


class MineralSitemap(ReferenceSitemap):
    model = CriticalMineral
    meetings_link = "minerals"


class TopicSitemap(ReferenceSitemap):
    model = Topic
    meetings_link = "topics"


class CountryPairSitemap(ArchiveSitemap):
    """Country-pair pages (/countries/jp/us/) for every pair that has met."""

    def items(self):
        through = Meeting.countries.through
        return (
            through.objects.filter(
                meeting__status=PUBLISHED,
                meeting__countries__code__gt=F("country_id"),
            )
            .values("country_id", "meeting__countries__code")
            .annotate(lastmod=Max("meeting__updated_at"))
            .order_by("country_id", "meeting__countries__code")
        )

    def lastmod(self, pair):
        return pair["lastmod"]

    def location(self, pair):
        return reverse(
            "meetings:country_pair",
            args=[pair["country_id"].lower(), pair["meeting__countries__code"].lower()],
        )

    def get_latest_lastmod(self):
        return (
            published_meetings()
            .filter(countries__isnull=False)
            .aggregate(latest=Max("updated_at"))["latest"]
        )


SITEMAPS = {
    "pages": PageSitemap,
    "meetings": MeetingSitemap,
    "people": PersonSitemap,
    "countries": CountrySitemap,
    "country-pairs": CountryPairSitemap,
    "minerals": MineralSitemap,
    "topics": TopicSitemap,
    "series": SeriesSitemap,
    "agreements": AgreementSitemap,
    "organizations": OrganizationSitemap,
}


def sitemap_index(request):
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="data:sitemap-section")


def sitemap_section(request, section):
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


# Filter combinations multiply without end and repeat what the sitemap already lists, so crawlers
# are kept out of query strings on the list and its feed, and out of the bulk downloads and the
# API; records (and the unfiltered feed) stay open.
DISALLOWED = [
    "/admin/",
    "/api/",
    "/meetings/?",
    "/meetings/feed/?",
    "/meetings/calendar.ics",
    "/meetings/export.csv",
]


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('data:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
