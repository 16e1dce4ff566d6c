"""What the archive holds, counted from its public records: the figures of /about/ and /api/coverage/.

Every figure counts published meetings only (`Meeting.objects.public()`), each meeting once per
figure (docs/coverage.md defines each one):

- **counterparts** of a meeting: its countries other than the archive's home country
  (`settings.ARCHIVE_HOME_COUNTRY`, "JP"), the EU counting as one country; and the international
  organisations a participant speaks for (organisations of kind "international" with no country of
  their own; the European Commission belongs to the EU, so it is counted as the EU);
- **issuing governments** of a meeting: the countries of the publishers of its official sources and
  of the issuers of its documents (an issuer with no country, such as an international
  organisation, counts as itself);
- **official source**: at least one Source of an official kind (official release, joint statement,
  readout, transcript: `Source.OFFICIAL_KINDS`); **news or copies only**: sources, none official.

`coverage()` makes a fixed number of queries, however many meetings there are (tests/test_queries.py),
and is kept until the next write to the archive (meetings/computed.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from meetings.computed import until_next_write
from meetings.models import (
    Country,
    Document,
    Meeting,
    MeetingKind,
    Organization,
    Participant,
    Source,
    public_meeting,
)

INTERNATIONAL = Organization.Kind.INTERNATIONAL


def home_country_code() -> str:
    return str(getattr(settings, "ARCHIVE_HOME_COUNTRY", "JP") or "").upper()


@dataclass
class CounterpartRow:
    """One counterpart: a country (`country`) or an international organisation (`organization`)."""

    country: Country | None
    organization: Organization | None
    cells: list[int]  # meetings per year, in the order of `Coverage.years`
    total: int

    @property
    def name(self) -> str:
        return self.country.display_name if self.country else self.organization.local_name

    @property
    def url(self) -> str:
        return (self.country or self.organization).get_absolute_url()


@dataclass
class IssuerRow:
    country: Country | None
    organization: Organization | None
    meetings: int

    @property
    def name(self) -> str:
        return self.country.display_name if self.country else self.organization.local_name


@dataclass
class KindRow:
    kind: str
    meetings: int

    @property
    def label(self) -> str:
        return str(MeetingKind(self.kind).label) if self.kind in MeetingKind.values else self.kind


@dataclass
class Coverage:
    meetings: int = 0
    home: Country | None = None
    countries: list[CounterpartRow] = field(default_factory=list)  # counterpart governments
    organizations: list[CounterpartRow] = field(default_factory=list)  # international orgs
    years: list[int] = field(default_factory=list)  # years with at least one meeting
    year_totals: list[int] = field(default_factory=list)
    undated: int = 0
    issuers: list[IssuerRow] = field(default_factory=list)
    no_issuer: int = 0  # meetings whose sources and documents name no publisher
    with_official_source: int = 0
    news_or_copies_only: int = 0
    without_source: int = 0
    kinds: list[KindRow] = field(default_factory=list)

    @property
    def counterparts(self) -> list[CounterpartRow]:
        """Rows of the table: countries, then international organisations, each by total."""
        return self.countries + self.organizations

    @property
    def table_columns(self) -> int:
        """Columns of the year × counterpart table: name, years, undated (if any), total."""
        return len(self.years) + (3 if self.undated else 2)

    @property
    def official_share(self) -> float:
        return self.with_official_source / self.meetings if self.meetings else 0.0

    @property
    def official_percent(self) -> int:
        return round(100 * self.official_share)


def compute_coverage() -> Coverage:
    """The figures, from the database (six or seven queries: see the module's docstring)."""
    home_code = home_country_code()
    # 1. The published meetings: year and kind.
    rows = list(Meeting.objects.public().order_by().values_list("pk", "start_date", "kind"))
    year_of = {pk: (date.year if date else None) for pk, date, _kind in rows}
    result = Coverage(meetings=len(rows))
    result.kinds = sorted(
        (KindRow(kind, n) for kind, n in Counter(kind for _pk, _date, kind in rows).items()),
        key=lambda row: (-row.meetings, row.kind),
    )
    result.years = sorted({year for year in year_of.values() if year is not None})
    result.undated = sum(1 for year in year_of.values() if year is None)
    per_year = Counter(year_of.values())
    result.year_totals = [per_year[year] for year in result.years]

    # 2. Their countries; 3. the international organisations their participants speak for.
    counterparts: dict[tuple[str, object], set[int]] = defaultdict(set)
    for meeting_id, code in (
        Meeting.countries.through.objects.filter(public_meeting("meeting"))
        .exclude(country_id=home_code)
        .values_list("meeting_id", "country_id")
    ):
        counterparts[("country", code)].add(meeting_id)
    for meeting_id, organization_id in Participant.objects.filter(
        public_meeting("meeting"),
        organization__kind=INTERNATIONAL,
        organization__country__isnull=True,
    ).values_list("meeting_id", "organization_id"):
        counterparts[("organization", organization_id)].add(meeting_id)

    # 4. Official sources' publishers and every source's kind; 5. documents' issuers.
    issuers_of: dict[int, set[tuple[str, object]]] = defaultdict(set)
    official, unofficial = set(), set()
    for meeting_id, kind, publisher_id, country in Source.objects.filter(
        meeting__status=Meeting.Status.PUBLISHED
    ).values_list("object_id", "kind", "publisher_id", "publisher__country_id"):
        if kind in Source.OFFICIAL_KINDS:
            official.add(meeting_id)
            if publisher_id is not None:
                issuers_of[meeting_id].add(issuer_key(country, publisher_id))
        else:
            unofficial.add(meeting_id)
    for meeting_id, issuer_id, country in Document.meetings.through.objects.filter(
        public_meeting("meeting"), document__issuer__isnull=False
    ).values_list("meeting_id", "document__issuer_id", "document__issuer__country_id"):
        issuers_of[meeting_id].add(issuer_key(country, issuer_id))
    result.with_official_source = len(official)
    result.news_or_copies_only = len(unofficial - official)
    result.without_source = result.meetings - len(official | unofficial)
    result.no_issuer = result.meetings - len(issuers_of)
    per_issuer = Counter(key for keys in issuers_of.values() for key in keys)

    # 6. Names of the countries; 7. of the organisations (only when there are any).
    keys = set(counterparts) | set(per_issuer)
    codes = {value for kind, value in keys if kind == "country"} | {home_code}
    countries = Country.objects.in_bulk(codes)
    organization_ids = {value for kind, value in keys if kind == "organization"}
    organizations = Organization.objects.in_bulk(organization_ids) if organization_ids else {}
    result.home = countries.get(home_code)

    def named(key):
        kind, value = key
        if kind == "country":
            return countries.get(value), None
        return None, organizations.get(value)

    for key, meeting_ids in counterparts.items():
        country, organization = named(key)
        in_year = Counter(year_of[pk] for pk in meeting_ids)
        row = CounterpartRow(
            country=country,
            organization=organization,
            cells=[in_year[year] for year in result.years],
            total=len(meeting_ids),
        )
        (result.countries if country else result.organizations).append(row)
    for rows_ in (result.countries, result.organizations):
        rows_.sort(key=lambda row: (-row.total, sort_name(row.country or row.organization)))
    result.issuers = sorted(
        (IssuerRow(*named(key), meetings=n) for key, n in per_issuer.items()),
        key=lambda row: (-row.meetings, sort_name(row.country or row.organization)),
    )
    return result


def issuer_key(country_code, organization_id) -> tuple[str, object]:
    return ("country", country_code) if country_code else ("organization", organization_id)


def sort_name(record) -> str:
    return record.name.casefold() if record is not None else ""


def coverage() -> Coverage:
    """The figures, computed once per content version (meetings/computed.py)."""
    return until_next_write("coverage", compute_coverage)


def coverage_data(figures: Coverage) -> dict:
    """The figures as the API gives them (meetings/opendata/serializers.py describes the shape)."""

    def country(record):
        return {"code": record.code, "name": record.name} if record else None

    def organization(record):
        return {"slug": record.slug, "name": record.name} if record else None

    def counterpart(row: CounterpartRow) -> dict:
        return {
            "country": country(row.country),
            "organization": organization(row.organization),
            "meetings": row.total,
            "per_year": [
                {"year": year, "meetings": n}
                for year, n in zip(figures.years, row.cells, strict=True)
                if n
            ],
        }

    return {
        "home_country": country(figures.home),
        "meetings": figures.meetings,
        "counterpart_governments": len(figures.countries),
        "international_organizations": len(figures.organizations),
        "per_year": [
            {"year": year, "meetings": n}
            for year, n in zip(figures.years, figures.year_totals, strict=True)
        ],
        "undated": figures.undated,
        "counterparts": [counterpart(row) for row in figures.counterparts],
        "per_issuing_government": [
            {
                "country": country(row.country),
                "organization": organization(row.organization),
                "meetings": row.meetings,
            }
            for row in figures.issuers
        ],
        "no_issuing_government_recorded": figures.no_issuer,
        "with_official_source": figures.with_official_source,
        "with_official_source_share": round(figures.official_share, 4),
        "news_or_copies_only": figures.news_or_copies_only,
        "without_source": figures.without_source,
        "per_kind": [
            {"kind": row.kind, "label": row.label, "meetings": row.meetings}
            for row in figures.kinds
        ],
    }
