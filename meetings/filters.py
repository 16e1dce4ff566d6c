"""The one FilterSet behind every meeting list: HTML, JSON API, Atom feed, iCalendar and CSV.

It implements DESIGN.md's query parameters exactly:

- `country` (repeatable, ISO alpha-2, any case): meetings in which *all* the countries took part;
- `date_after`, `date_before` (ISO dates, inclusive) and `year`;
- `topic`, `mineral` (repeatable slugs): meetings with *any* of them;
- `person`, `series` (slugs), `kind`;
- `q`: full-text search through `meetings.search.search_meetings`;
- `sort`: `-date` (default), `date`, `relevance` (default when `q` is given).

Every caller uses it the same way::

    filterset = MeetingFilter(request.GET, queryset=Meeting.objects.public())
    if not filterset.is_valid():
        ...  # HTTP 400 with filterset.errors
    meetings = filterset.qs  # filtered *and* sorted

`page` and `page_size` are not fields of this FilterSet: it ignores them (as it ignores any
parameter it does not know), and pagination stays with each caller. An unknown *value* of a known
parameter (an unknown country code or slug, a malformed date, a bad sort) is a form error, never
silently ignored.

Each filter is declared once, in `MeetingFilter`, and says everything about itself (`Declared`):
its label and `help_text` (the form, the API's OpenAPI description), its chip, its words in a
feed's title and how it is written in a URL. The rest of the archive asks the FilterSet:

    filterset.chips()         # [Chip(name, label, text, remove_url)], the list's removable chips
    filterset.describe()      # "Meetings: Japan × United States, naming gallium, in 2024"
    filterset.query_params()  # {"country": ["JP", "US"], "sort": ["date"]}, cleaned
    filterset.query_string()  # the same, encoded: data links to the feed, calendar, CSV, API
    filterset.url_without("country", "JP")  # "?…" the current list without one value

Query strings are built by `meetings.querystring`, the one helper for them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from meetings import querystring
from meetings.facets_i18n import localize_facets
from meetings.models import (
    Country,
    CriticalMineral,
    Meeting,
    MeetingKind,
    MeetingMode,
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


class Declared:
    """What a filter says about itself besides filtering, so that every use of the filter reads
    it from here: the chip above the list (`chip_label`, `chip_text`), the feed's title
    (`phrase`), the URL (`url_value`), and, through `help_text`, the form and the API's OpenAPI
    description (drf-spectacular's django-filter support reads the filter's `help_text`).

    - `chip_label`: the chip's label ("Country"); the filter's `label` when not given;
    - `chip_text`: callable, one value → the chip's text; `str(value)` when not given;
    - `phrase`: how the feed and calendar titles say the filter: a format string whose `{}`
      receives the chip texts ("in {}", "naming {}"; several are joined with "or"), or a callable
      that receives the list of values;
    - `control`: how the list's form offers it: "search", "checkboxes" (options from its facet),
      "select" (options from its facet, else its choices), "date", "hidden" (kept while set),
      or None (not in the form); `legend`: the words beside the control (its label by default);
      `empty_label`: a select's "any" option; `group`: a fieldset legend shared by neighbours;
    - `many`: a repeatable parameter (one chip per value, each removable on its own);
    - `narrows`: False for a parameter that only orders the list (`sort`).
    """

    many = False
    narrows = True

    def __init__(
        self,
        *args,
        chip_label="",
        chip_text=None,
        phrase=None,
        control=None,
        legend="",
        empty_label="",
        group="",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.chip_label = chip_label or self.label
        self._chip_text = chip_text
        self._phrase = phrase
        self.control, self.legend, self.group = control, legend or self.label, group
        self.empty_label = empty_label

    def values(self, value) -> list:
        """A cleaned value as a list of items (one for single-valued filters)."""
        return list(value) if isinstance(value, list | tuple) else [value]

    def url_value(self, item) -> str:
        """One item as the query string writes it."""
        return item.isoformat() if hasattr(item, "isoformat") else str(item)

    def chip_text(self, item) -> str:
        if self._chip_text:
            return self._chip_text(item)
        # On /ja/ pages records name themselves in Japanese (local_name) when they can.
        if (get_language() or "").startswith("ja") and getattr(item, "local_name", ""):
            return str(item.local_name)
        return str(item)

    def phrase(self, value) -> str:
        items = self.values(value)
        if callable(self._phrase):
            return self._phrase(items)
        texts = [self.chip_text(item) for item in items]
        phrase = self._phrase or f"{str(self.chip_label).lower()}: {{}}"
        return str(phrase).format(either(texts, gettext("or")))


def kind_phrase(kind: str) -> str:
    """The feed title's words for a kind of meeting: 'ministerial meetings'; in Japanese the
    kind's name as it is (no plural)."""
    label = str(dict(MeetingKind.choices)[kind])
    if (get_language() or "").startswith("ja"):
        return label
    return label.lower() + "s"


def either(names: list[str], conjunction: str) -> str:
    """ "a", "a or b", "a, b or c"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {conjunction} " + names[-1]


class ModelMultipleSlugFilter(Declared, django_filters.ModelMultipleChoiceFilter):
    """Repeatable code or slug (`?topic=a&topic=b`), any case."""

    field_class = NormalisedMultipleChoiceField
    many = True

    def url_value(self, item) -> str:
        return getattr(item, self.extra["to_field_name"])


class ModelSlugFilter(Declared, django_filters.ModelChoiceFilter):
    """One slug (`?person=ken-saito`)."""

    field_class = NormalisedChoiceField

    def url_value(self, item) -> str:
        return getattr(item, self.extra["to_field_name"])


class YearFilter(Declared, django_filters.Filter):
    field_class = forms.IntegerField


class DateFilter(Declared, django_filters.DateFilter):
    pass


class ChoiceFilter(Declared, django_filters.ChoiceFilter):
    def chip_text(self, item) -> str:
        if self._chip_text:
            return self._chip_text(item)
        return str(dict(self.extra["choices"]).get(item, item))


class CharFilter(Declared, django_filters.CharFilter):
    pass


@dataclass(frozen=True)
class Chip:
    """A filter value in use, shown above the list with a link that removes it."""

    name: str
    label: str
    text: str
    remove_url: str


class MeetingFilterForm(forms.Form):
    """Checks that need several fields at once."""

    def clean(self):
        cleaned_data = super().clean()
        after, before = cleaned_data.get("date_after"), cleaned_data.get("date_before")
        if after and before and before < after:
            self.add_error("date_before", _("The end date must be on or after the start date."))
        return cleaned_data


class MeetingFilter(django_filters.FilterSet):
    """Filters and sorts published meetings by DESIGN.md's query parameters (see module docs)."""

    NEWEST_FIRST = "-date"
    OLDEST_FIRST = "date"
    RELEVANCE = "relevance"
    SORT_CHOICES = [
        (NEWEST_FIRST, _("Newest first")),
        (OLDEST_FIRST, _("Oldest first")),
        (RELEVANCE, _("Best match")),
    ]
    # The order of the list's form (filters not named here follow, in declaration order).
    FORM_ORDER = (
        "q",
        "country",
        "year",
        "date_after",
        "date_before",
        "mineral",
        "topic",
        "series",
        "kind",
        "mode",
    )
    # The order in which a title says the filters ("Japan × U.S., ministerial meetings, with …").
    DESCRIBE_ORDER = ("country", "kind", "mode", "series", "person", "topic", "mineral", "year")

    # Each filter is declared once, here: what it selects (its method, or the QuerySet method
    # it calls), its label and help, its chip, its words in the feed's title and its URL form.
    # Declaration order is the order of the chips, of the data links' parameters and of the API's
    # parameters; the feed's title says them in `DESCRIBE_ORDER` (the others after, in this order). A new filter needs only a declaration here and, if it selects in a new way,
    # a QuerySet method (meetings/models/visibility.py).
    country = ModelMultipleSlugFilter(
        control="checkboxes",
        legend=_("Countries (meetings with all of them)"),
        label=_("Countries (all of)"),
        help_text=_(
            "Repeatable ISO 3166-1 alpha-2 code, any case (EU for the European Union). "
            "Meetings in which ALL the given countries took part: ?country=JP&country=US."
        ),
        chip_label=_("Country"),
        chip_text=lambda country: country.display_name,
        phrase=lambda countries: " × ".join(country.local_name for country in countries),
        queryset=Country.objects.all(),
        to_field_name="code",
        upper=True,
        method="filter_country",
        error_messages={
            "invalid_choice": _(
                "Unknown country code “%(value)s”: use ISO 3166-1 alpha-2 codes such as JP or US."
            ),
        },
    )
    date_after = DateFilter(
        control="date",
        group=_("Between dates (inclusive)"),
        label=_("From"),
        help_text=_("Meetings starting on or after this date (YYYY-MM-DD)."),
        phrase=_("from {}"),
        field_name="start_date",
        lookup_expr="gte",
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD, e.g. 2024-06-26.")},
    )
    date_before = DateFilter(
        control="date",
        group=_("Between dates (inclusive)"),
        label=_("To"),
        help_text=_("Meetings starting on or before this date (YYYY-MM-DD)."),
        phrase=_("to {}"),
        field_name="start_date",
        lookup_expr="lte",
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD, e.g. 2024-06-26.")},
    )
    year = YearFilter(
        control="select",
        empty_label=_("Any year"),
        label=_("Year"),
        help_text=format_lazy(
            _("Meetings starting in this year ({first}–{last})."), first=FIRST_YEAR, last=LAST_YEAR
        ),
        phrase=_("in {}"),
        method="filter_year",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "invalid": _("Enter a year as four digits, e.g. 2024."),
            "min_value": format_lazy(
                _("Enter a year between {first} and {last}."), first=FIRST_YEAR, last=LAST_YEAR
            ),
            "max_value": format_lazy(
                _("Enter a year between {first} and {last}."), first=FIRST_YEAR, last=LAST_YEAR
            ),
        },
    )
    topic = ModelMultipleSlugFilter(
        control="checkboxes",
        legend=_("Topics (any of them)"),
        label=_("Topics (any of)"),
        help_text=_("Repeatable topic slug; meetings on ANY of them (see /api/topics/)."),
        chip_label=_("Topic"),
        phrase=_("on {}"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topic",
        error_messages={"invalid_choice": _("Unknown topic “%(value)s”.")},
    )
    mineral = ModelMultipleSlugFilter(
        control="checkboxes",
        legend=_("Critical minerals (any of them)"),
        label=_("Critical minerals (any of)"),
        help_text=_(
            "Repeatable critical-mineral slug (gallium, rare-earth-elements); meetings "
            "naming ANY of them (see /api/minerals/)."
        ),
        chip_label=_("Mineral"),
        phrase=_("naming {}"),
        queryset=CriticalMineral.objects.all(),
        to_field_name="slug",
        method="filter_mineral",
        error_messages={
            "invalid_choice": _(
                "Unknown mineral “%(value)s”: use the slug of its English name, "
                "e.g. gallium or metallurgical-coal."
            ),
        },
    )
    person = ModelSlugFilter(
        control="hidden",
        label=_("Person"),
        help_text=_("Person slug: the meetings they took part in (see /api/people/)."),
        phrase=_("with {}"),
        queryset=Person.objects.public(),
        to_field_name="slug",
        method="filter_person",
        error_messages={"invalid_choice": _("Unknown person “%(value)s”.")},
    )
    series = ModelSlugFilter(
        control="select",
        empty_label=_("Any series"),
        label=_("Series"),
        help_text=_("Meeting-series slug: the meetings of that series (see /api/series/)."),
        phrase=_("series: {}"),
        queryset=MeetingSeries.objects.public(),
        to_field_name="slug",
        field_name="series",
        error_messages={"invalid_choice": _("Unknown meeting series “%(value)s”.")},
    )
    kind = ChoiceFilter(
        control="select",
        empty_label=_("Any kind"),
        label=_("Kind of meeting"),
        help_text=format_lazy(
            _("Kind of meeting: {kinds}."), kinds=", ".join(value for value in MeetingKind.values)
        ),
        chip_label=_("Kind"),
        phrase=lambda kinds: kind_phrase(kinds[0]),
        choices=MeetingKind.choices,
        error_messages={
            "invalid_choice": format_lazy(
                _("Unknown kind of meeting “%(value)s”: use one of {kinds}."),
                kinds=", ".join(MeetingKind.values),
            )
        },
    )
    mode = ChoiceFilter(
        control="select",
        empty_label=_("In person or at a distance"),
        label=_("How they met"),
        help_text=format_lazy(
            _("How the ministers met: {modes}."), modes=", ".join(MeetingMode.values)
        ),
        chip_label=_("How"),
        phrase=lambda modes: str(dict(MeetingMode.choices)[modes[0]]).lower(),
        choices=MeetingMode.choices,
        error_messages={
            "invalid_choice": format_lazy(
                _("Unknown way of meeting “%(value)s”: use one of {modes}."),
                modes=", ".join(MeetingMode.values),
            )
        },
    )
    q = CharFilter(
        control="search",
        legend=_("Search words"),
        label=_("Search"),
        help_text=_('Full-text search: words, "a phrase", OR, -word.'),
        phrase=_("matching “{}”"),
        method="filter_search",
        max_length=500,
    )
    sort = ChoiceFilter(
        label=_("Sort by"),
        help_text=_(
            "-date (newest first, the default), date (oldest first) or relevance "
            "(the default when q is given; needs q)."
        ),
        choices=SORT_CHOICES,
        method="keep_order_for_later",
        error_messages={
            "invalid_choice": _("Unknown sort “%(value)s”: use -date, date or relevance."),
        },
    )
    sort.narrows = False  # it orders the list: no chip, no words in a title

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

    # --- what the filters in use say: chips, words, URL -----------------------------------------

    def chips(self) -> list[Chip]:
        """One removable chip per filter value in use, in declaration order."""
        chips = []
        for name, value in self.active_filters.items():
            declared = self.filters[name]
            for item in declared.values(value):
                remove = declared.url_value(item) if declared.many else None
                chips.append(
                    Chip(
                        name=name,
                        label=declared.chip_label,
                        text=declared.chip_text(item),
                        remove_url=self.url_without(name, remove),
                    )
                )
        return chips

    def describe(self) -> str:
        """The query in words: "Meetings: Japan × United States, naming gallium, in 2024"."""
        active = self.active_filters
        first = [name for name in self.DESCRIBE_ORDER if name in active]
        names = first + [name for name in active if name not in first]
        parts = [self.filters[name].phrase(active[name]) for name in names]
        return gettext("Meetings:") + " " + ", ".join(parts) if parts else gettext("All meetings")

    def query_params(self) -> dict[str, list[str]]:
        """The valid filters and the sort asked for, as query parameters: the query the reader
        sees, cleaned (codes in capitals, slugs in lower case), without the page."""
        params = {
            name: [self.filters[name].url_value(item) for item in self.filters[name].values(value)]
            for name, value in self.active_filters.items()
        }
        sort = getattr(self.form, "cleaned_data", {}).get("sort")
        if sort:
            params["sort"] = [sort]
        return params

    def query_string(self) -> str:
        """`query_params` encoded, without the leading "?": for the feed, calendar, CSV, API."""
        return querystring.encode(self.query_params())

    def url_without(self, name: str, value: str | None = None) -> str:
        """The current list's URL query ("?…") without one value of `name`, or all of it."""
        return querystring.without(self.data, name, value)

    def form_groups(self, facets: dict) -> list[dict]:
        """The list's form, from the declarations: groups of controls (a group with a legend is
        a fieldset), each control a dict the template renders (includes/filter_form.html).

        `facets` holds the options with counts of the filters that have a facet."""
        facets = localize_facets(facets)  # Japanese labels on /ja/ pages
        names = [name for name in self.FORM_ORDER if name in self.filters]
        names += [name for name in self.filters if name not in names]
        groups: list[dict] = []
        for name in names:
            declared = self.filters[name]
            if not declared.control:
                continue
            bound = self.form[name]
            control = {
                "name": name,
                "control": declared.control,
                "id": "filter-" + name.replace("_", "-"),
                "legend": declared.legend,
                "value": bound.value(),
                "errors": bound.errors,
                "empty_label": declared.empty_label,
                "maxlength": declared.extra.get("max_length"),
                "options": facets.get(name),
            }
            if control["options"] is None and "choices" in declared.extra:
                chosen = str(bound.value() or "")
                control["options"] = [
                    {"value": value, "label": label, "count": None, "selected": chosen == value}
                    for value, label in declared.extra["choices"]
                ]
            if groups and declared.group and groups[-1]["legend"] == declared.group:
                groups[-1]["controls"].append(control)
            else:
                groups.append({"legend": declared.group, "controls": [control]})
        return groups


# Parameters that narrow the list: every declared filter but those that only order it.
MeetingFilter.FILTER_NAMES = tuple(
    name for name, declared in MeetingFilter.base_filters.items() if declared.narrows
)
