"""The one FilterSet behind every meeting list: HTML, JSON API, Atom feed, iCalendar and CSV.

It implements DESIGN.md's query parameters exactly:

- `country` (repeatable, ISO alpha-2, any case): meetings in which *all* the countries took part;
- `date_after`, `date_before` (ISO dates, inclusive) and `year`;
- `topic`, `mineral` (repeatable slugs): meetings with *any* of them;
- `person`, `series` (slugs), `kind`;
- `q`: full-text search through `meetings.search.search_meetings`;
- `sort`: `-date` (default), `date`, `relevance` (default when `q` is given).

Every caller uses it the same way::

    filterset = MeetingFilter(request.GET, queryset=Meeting.objects.published())
    if not filterset.is_valid():
        ...  # HTTP 400 with filterset.errors
    meetings = filterset.qs  # filtered *and* sorted

`page` and `page_size` are not fields of this FilterSet: it ignores them (as it ignores any
parameter it does not know), and pagination stays with each caller. An unknown *value* of a known
parameter (an unknown country code or slug, a malformed date, a bad sort) is a form error, never
silently ignored.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F

from meetings.models import (
    Country,
    CriticalMineral,
    Meeting,
    MeetingKind,
    MeetingSeries,
    Person,
    Topic,
)
from meetings.search import SearchQueryError, search_meetings

FIRST_YEAR = 1900
LAST_YEAR = 2100


def _reject_null_characters(values):
    # PostgreSQL refuses NUL in text parameters with a database error; refuse it here instead.
    for value in values:
        if "\x00" in str(value):
            raise ValidationError("Null characters are not allowed.", code="null_characters")


class NormalisedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several codes or slugs, normalised (case, spaces, repeats) before they are looked up."""

    def __init__(self, *args, upper=False, **kwargs):
        self.upper = upper
        super().__init__(*args, **kwargs)

    def clean(self, value):
        if value:
            if isinstance(value, str):
                value = [value]
            _reject_null_characters(value)
            normalised = []
            for item in value:
                item = str(item).strip()
                item = item.upper() if self.upper else item.lower()
                if item and item not in normalised:
                    normalised.append(item)
            value = normalised
        # A list (not a queryset) so that "no value" is falsy and filters skip it without a query.
        return list(super().clean(value))


class NormalisedChoiceField(forms.ModelChoiceField):
    """One slug, lower-cased before it is looked up."""

    def to_python(self, value):
        if value not in self.empty_values:
            _reject_null_characters([value])
            value = str(value).strip().lower()
        return super().to_python(value)


class ModelMultipleSlugFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = NormalisedMultipleChoiceField


class ModelSlugFilter(django_filters.ModelChoiceFilter):
    field_class = NormalisedChoiceField


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField


class MeetingFilterForm(forms.Form):
    """Checks that need several fields at once."""

    def clean(self):
        cleaned_data = super().clean()
        after, before = cleaned_data.get("date_after"), cleaned_data.get("date_before")
        if after and before and before < after:
            self.add_error("date_before", "The end date must be on or after the start date.")
        return cleaned_data


class MeetingFilter(django_filters.FilterSet):
    """Filters and sorts published meetings by DESIGN.md's query parameters (see module docs)."""

    NEWEST_FIRST = "-date"
    OLDEST_FIRST = "date"
    RELEVANCE = "relevance"
    SORT_CHOICES = [
        (NEWEST_FIRST, "Newest first"),
        (OLDEST_FIRST, "Oldest first"),
        (RELEVANCE, "Best match"),
    ]

    country = ModelMultipleSlugFilter(
        label="Countries (all of)",
        queryset=Country.objects.all(),
        to_field_name="code",
        upper=True,
        method="filter_country",
        error_messages={
            "invalid_choice": "Unknown country code “%(value)s”: use ISO 3166-1 alpha-2 codes "
            "such as JP or US.",
        },
    )
    date_after = django_filters.DateFilter(
        label="From",
        field_name="start_date",
        lookup_expr="gte",
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter the date as YYYY-MM-DD, e.g. 2024-06-26."},
    )
    date_before = django_filters.DateFilter(
        label="To",
        field_name="start_date",
        lookup_expr="lte",
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter the date as YYYY-MM-DD, e.g. 2024-06-26."},
    )
    year = YearFilter(
        label="Year",
        method="filter_year",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "invalid": "Enter a year as four digits, e.g. 2024.",
            "min_value": f"Enter a year between {FIRST_YEAR} and {LAST_YEAR}.",
            "max_value": f"Enter a year between {FIRST_YEAR} and {LAST_YEAR}.",
        },
    )
    topic = ModelMultipleSlugFilter(
        label="Topics (any of)",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topic",
        error_messages={"invalid_choice": "Unknown topic “%(value)s”."},
    )
    mineral = ModelMultipleSlugFilter(
        label="Critical minerals (any of)",
        queryset=CriticalMineral.objects.all(),
        to_field_name="slug",
        method="filter_mineral",
        error_messages={
            "invalid_choice": "Unknown mineral “%(value)s”: use the slug of its English name, "
            "e.g. gallium or metallurgical-coal.",
        },
    )
    person = ModelSlugFilter(
        label="Person",
        queryset=Person.objects.public(),
        to_field_name="slug",
        method="filter_person",
        error_messages={"invalid_choice": "Unknown person “%(value)s”."},
    )
    series = ModelSlugFilter(
        label="Series",
        queryset=MeetingSeries.objects.public(),
        to_field_name="slug",
        field_name="series",
        error_messages={"invalid_choice": "Unknown meeting series “%(value)s”."},
    )
    kind = django_filters.ChoiceFilter(
        label="Kind of meeting",
        choices=MeetingKind.choices,
        error_messages={
            "invalid_choice": "Unknown kind of meeting “%(value)s”: use one of "
            + ", ".join(value for value, _ in MeetingKind.choices)
            + "."
        },
    )
    q = django_filters.CharFilter(label="Search", method="filter_search", max_length=500)
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=SORT_CHOICES,
        method="keep_order_for_later",
        error_messages={
            "invalid_choice": "Unknown sort “%(value)s”: use -date, date or relevance.",
        },
    )

    # Parameters that narrow the list; `sort` only orders it.
    FILTER_NAMES = (
        "country",
        "date_after",
        "date_before",
        "year",
        "topic",
        "mineral",
        "person",
        "series",
        "kind",
        "q",
    )

    class Meta:
        model = Meeting
        fields = []
        form = MeetingFilterForm

    # --- filter methods ---------------------------------------------------------------------

    def filter_country(self, queryset, name, countries):
        return queryset.involving(*[country.code for country in countries])

    def filter_year(self, queryset, name, year):
        # A range on start_date (rather than __year) lets the database use the date index.
        return queryset.between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def filter_topic(self, queryset, name, topics):
        return queryset.about(*[topic.slug for topic in topics])

    def filter_mineral(self, queryset, name, minerals):
        return queryset.naming(*[mineral.slug for mineral in minerals])

    def filter_person(self, queryset, name, person):
        return queryset.attended_by(person.slug)

    def filter_search(self, queryset, name, q):
        return search_meetings(queryset, q)

    def keep_order_for_later(self, queryset, name, value):
        return queryset  # ordering is applied once every filter has run: see filter_queryset

    # --- the filtered, sorted queryset -------------------------------------------------------

    def filter_queryset(self, queryset, without=()):
        """Apply every valid filter except those named in `without`, then sort.

        Facet counts use `without` to ask "what would this list be without the topic filter?".
        """
        for name, value in self.form.cleaned_data.items():
            if name in without or name == "sort":
                continue
            queryset = self.filters[name].filter(queryset, value)
        return self.sort_queryset(queryset)

    def sort_queryset(self, queryset):
        sort = self.sort_order
        if sort == self.RELEVANCE:
            return queryset.order_by(
                F("rank").desc(nulls_last=True), F("start_date").desc(nulls_last=True), "-pk"
            )
        if sort == self.OLDEST_FIRST:
            return queryset.order_by(F("start_date").asc(nulls_last=True), "pk")
        return queryset.newest_first()

    @property
    def sort_order(self) -> str:
        """The sort in force: the one asked for, else relevance for a search, else newest first.

        Relevance without search words has nothing to rank by, so it lists newest first: a reader
        who empties the search box of a list sorted by relevance still gets a list, not an error.
        """
        cleaned_data = getattr(self.form, "cleaned_data", {})
        sort = cleaned_data.get("sort")
        if sort == self.RELEVANCE and not cleaned_data.get("q"):
            return self.NEWEST_FIRST
        if sort:
            return sort
        return self.RELEVANCE if cleaned_data.get("q") else self.NEWEST_FIRST

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            try:
                return super().qs
            except SearchQueryError as error:
                # The search cannot parse the query: the reader sees why next to the search box.
                self.form.add_error("q", str(error))
                self._qs = self.queryset.none()
        return self._qs

    def is_valid(self):
        if not self.is_bound:
            return False
        # Building the queryset cleans the form and runs the search, which may reject the query;
        # done even when another field is invalid, so every error is reported at once and no
        # later use of the filters (facets, suggestions) meets an unchecked query.
        self.qs  # noqa: B018
        return self.form.is_valid()

    def queryset_without(self, *names):
        """The published meetings matching every filter but `names`, unordered (for facets)."""
        return self.filter_queryset(self.queryset.all(), without=names).order_by()

    @property
    def active_filters(self) -> dict:
        """Cleaned values of the filters in use, by parameter name (empty ones left out)."""
        cleaned_data = getattr(self.form, "cleaned_data", {})
        return {
            name: cleaned_data[name]
            for name in self.FILTER_NAMES
            if cleaned_data.get(name) not in (None, "", [])
        }
