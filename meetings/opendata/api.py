"""The read-only JSON API (Django REST framework + drf-spectacular), mounted under /api/.

- `/api/meetings/` takes every query parameter of DESIGN.md through the same `MeetingFilter` as the
  HTML list, feed, calendar and CSV, plus `page` and `page_size` (default 20, capped at 100).
- `/api/meetings/<slug>/` nests participants, documents, agreements, topics and minerals.
- `/api/coverage/`: the figures of /about/ (meetings/coverage.py).
- `/api/people/`, `/api/countries/`, `/api/minerals/`, `/api/topics/`, `/api/series/`,
  `/api/agreements/`, each with a detail route by slug (by ISO code for countries, any case).

Bad input is a 400 with `{"errors": {parameter: [messages]}}` (the schema says so), an unknown record
a 404 with `{"detail": message}`; never a 500. Unknown query parameters are refused rather than
ignored, so a misspelt filter (`?contry=JP`) cannot silently return the whole archive.
"""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.core.paginator import Paginator as DjangoPaginator
from django.core.validators import RegexValidator
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, status, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from archive.outage import DATABASE_UNAVAILABLE_ERRORS
from meetings.cards import IdsOf
from meetings.computed import many_until_next_write, params_key, until_next_write
from meetings.coverage import coverage, coverage_data
from meetings.filters import MeetingFilter
from meetings.models import (
    Agreement,
    Country,
    CriticalMineral,
    Document,
    Meeting,
    MeetingSeries,
    Membership,
    Organization,
    Participant,
    Person,
    Source,
    Topic,
)
from meetings.opendata import serializers

PUBLISHED = Meeting.Status.PUBLISHED
database_log = logging.getLogger("archive.database")
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


# --- What the public may see -----------------------------------------------------------------------
# Meetings have a status; the records around them do not. A record the importer created for a draft
# (needs_review) stays out of public view until an editor reviews it or a published meeting uses it.


def published_meetings():
    return Meeting.objects.public()


def public_people():
    return Person.objects.public()


def public_series():
    return MeetingSeries.objects.public()


def public_organizations():
    return Organization.objects.public()


def public_agreements():
    return Agreement.objects.public()


def published_count(relation: str):
    """Count of published meetings through `relation` (e.g. "meetings", "participations__meeting")."""
    return Count(relation, filter=Q(**{f"{relation}__status": PUBLISHED}), distinct=True)


# --- Errors and pagination -------------------------------------------------------------------------


class InvalidQuery(exceptions.APIException):
    """HTTP 400 carrying messages by parameter name."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__()
        self.errors = errors


def form_errors(form_errors) -> dict[str, list[str]]:
    return {
        field: [str(message) for message in messages] for field, messages in form_errors.items()
    }


def api_exception_handler(exception, context):
    """Every API error as JSON of a documented shape: 400 {"errors": …}, others {"detail": …}."""
    if isinstance(exception, Http404):
        exception = exceptions.NotFound(str(exception) or "Not found.")
    if isinstance(exception, InvalidQuery):
        return Response({"errors": exception.errors}, status=exception.status_code)
    if isinstance(exception, exceptions.ValidationError):
        detail = exception.detail
        errors = (
            {
                key: [str(m) for m in (v if isinstance(v, list) else [v])]
                for key, v in detail.items()
            }
            if isinstance(detail, dict)
            else {"__all__": [str(m) for m in detail]}
        )
        return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exception, DATABASE_UNAVAILABLE_ERRORS):
        return database_unavailable(exception, context["request"])
    if isinstance(exception, exceptions.APIException):
        headers = {}
        if isinstance(exception, exceptions.MethodNotAllowed):
            headers["Allow"] = ", ".join(context["view"].allowed_methods)
        return Response(
            {"detail": str(exception.detail)}, status=exception.status_code, headers=headers
        )
    return None  # anything else is a bug: let Django report it


def database_unavailable(exception, request) -> Response:
    """The API's 503 while the database cannot be reached: JSON like its other errors, with the
    Retry-After of the pages' 503 (archive/outage.py), never the HTML page."""
    database_log.error(
        "database unavailable: %s",
        exception,
        extra={"path": request.path, "error": type(exception).__name__},
    )
    response = Response(
        {"detail": "The archive is temporarily unavailable. Please try again in a moment."},
        status=status.HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Retry-After": str(getattr(settings, "ARCHIVE_RETRY_AFTER_SECONDS", 30))},
    )
    patch_cache_control(response, no_store=True)
    return response


def positive_integer(request, name: str, default: int) -> int:
    value = request.query_params.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1 or not value.strip().isdigit():
        raise InvalidQuery(
            {name: [f"Enter a whole number of 1 or more for {name}, not “{value}”."]}
        )
    return number


class CountedOncePerWrite(DjangoPaginator):
    """A paginator whose total is counted once per content version: the first request of a
    list (with these filters) after a write counts, every later one reads the cached figure
    (meetings/computed.py). The count stays exact and is right immediately after a write, and a
    list of tens of thousands of meetings is not counted again on every page."""

    cache_key = ""

    @cached_property
    def count(self):
        if not self.cache_key:
            return super().count
        return until_next_write(self.cache_key, lambda: DjangoPaginator.count.func(self))


class ArchivePagination(PageNumberPagination):
    """`page` (from 1) and `page_size` (default 20, capped at 100); a bad value is a 400.

    `count` is exact; it is computed once per change to the archive and cached (with these
    filters), so paging through a large list does not count it again on every request."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return min(positive_integer(request, "page_size", self.page_size), self.max_page_size)

    def get_page_number(self, request, paginator):
        return positive_integer(request, "page", 1)

    def django_paginator_class(self, queryset, per_page):
        paginator = CountedOncePerWrite(queryset, per_page)
        request = getattr(self, "_counting_request", None)
        if request is not None:
            # The filters decide the count, the page does not.
            params = {
                name: request.query_params.getlist(name)
                for name in request.query_params
                if name not in ("page", "page_size", "format")
            }
            paginator.cache_key = f"api-count:{request.path}:{params_key(params)}"
        return paginator

    def paginate_queryset(self, queryset, request, view=None):
        self._counting_request = request
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound:
            last = self.django_paginator_class(queryset, self.get_page_size(request)).num_pages
            raise InvalidQuery(
                {
                    "page": [
                        f"There is no page {request.query_params.get('page')}: the last is {last}."
                    ]
                }
            ) from None

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["count", "next", "previous", "results"]
        response["properties"]["count"]["description"] = (
            "How many results the filters give, over every page (exact). Counted once after each "
            "change to the archive and cached for these filters, so requesting further pages "
            "costs no new count."
        )
        return response


PAGE_PARAMETERS = [
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1},
        description="Page number, from 1. A page past the last is a 400.",
    ),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1},
        description=f"Results per page: default {PAGE_SIZE}, at most {MAX_PAGE_SIZE} "
        "(larger values are capped).",
    ),
]

UNAVAILABLE_RESPONSE = OpenApiResponse(
    serializers.UnavailableSerializer,
    description="The database cannot be reached for a moment: try again after the number of "
    "seconds in the Retry-After header.",
)
ERROR_RESPONSES = {
    400: OpenApiResponse(serializers.ErrorSerializer, description="Invalid query parameters."),
    503: UNAVAILABLE_RESPONSE,
}
NOT_FOUND_RESPONSES = {
    404: OpenApiResponse(serializers.NotFoundSerializer, description="No such record."),
    400: OpenApiResponse(serializers.ErrorSerializer, description="Unknown query parameters."),
    503: UNAVAILABLE_RESPONSE,
}


SLUG_SCHEMA = {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"}
SLUGS_SCHEMA = {"type": "array", "items": SLUG_SCHEMA}


def key_parameter(name: str = "slug", pattern: str = SLUG_SCHEMA["pattern"]) -> OpenApiParameter:
    return OpenApiParameter(
        name, {"type": "string", "pattern": pattern}, location=OpenApiParameter.PATH
    )


COUNTRY_CODE_PATTERN = "^[A-Za-z]{2}$"


class MeetingFilterBackend(DjangoFilterBackend):
    """Filters a list through its view's `filterset_class`; an invalid value is the API's 400.

    drf-spectacular describes the list's query parameters from the same FilterSet (see
    `MeetingFilterSchema`), so a filter is declared once, in `meetings.filters`.
    """

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            raise InvalidQuery(form_errors(filterset.errors))
        return filterset.qs


class MeetingFilterSchema(DjangoFilterExtension):
    """OpenAPI parameters read from each filter's form field: its type, bounds and choices.

    drf-spectacular's own extension guesses a filter's type from a model field of the same name,
    which filters with a method (country, year, topic…) do not have. The form field says exactly
    what the filter accepts: the slug or code field its choices are looked up by, an integer's
    bounds, a text's length, a choice's values; several values for a multiple-choice filter
    (repeat the parameter). The description is the filter's help text (else its label).
    """

    target_class = MeetingFilterBackend
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        form_field = filter_field.field
        repeatable = isinstance(form_field, forms.ModelMultipleChoiceField)
        if isinstance(form_field, forms.ModelChoiceField):
            key = form_field.queryset.model._meta.get_field(form_field.to_field_name or "pk")
            schema = key_schema(key)
        elif isinstance(form_field, forms.ChoiceField):
            schema = build_basic_type(OpenApiTypes.STR)
            schema["enum"] = [value for value, _ in form_field.choices if value != ""]
        elif isinstance(form_field, forms.DateField):
            schema = build_basic_type(OpenApiTypes.DATE)
        elif isinstance(form_field, forms.IntegerField):
            schema = build_basic_type(OpenApiTypes.INT)
            bounds = {"minimum": form_field.min_value, "maximum": form_field.max_value}
            schema |= {name: value for name, value in bounds.items() if value is not None}
        elif isinstance(form_field, forms.CharField):
            schema = build_basic_type(OpenApiTypes.STR)
            if form_field.max_length:
                schema["maxLength"] = form_field.max_length
        else:
            return super().resolve_filter_field(
                auto_schema, model, filterset_class, field_name, filter_field
            )
        return [
            build_parameter_type(
                name=field_name,
                location=OpenApiParameter.QUERY,
                required=form_field.required,
                description=filter_description(filter_field),
                schema=build_array_type(schema) if repeatable else schema,
                explode=True if repeatable else None,
                style="form" if repeatable else None,
            )
        ]


def key_schema(model_field) -> dict:
    """A code or slug, with the pattern its model field validates (a slug's letters, say)."""
    schema = build_basic_type(OpenApiTypes.STR)
    for validator in model_field.validators:
        if isinstance(validator, RegexValidator) and not validator.inverse_match:
            # Python's end-of-text anchor written as ECMA's, which OpenAPI patterns use.
            schema["pattern"] = validator.regex.pattern.replace(r"\Z", "$")
    return schema


def filter_description(filter_field) -> str:
    return str(filter_field.extra.get("help_text") or filter_field.label or "")


def meeting_filter_parameters() -> list[dict]:
    """The meeting list's filters for the API documentation page: name and description."""
    return [
        {"name": name, "description": filter_description(filter_field)}
        for name, filter_field in MeetingFilter.base_filters.items()
    ]


# --- Views -----------------------------------------------------------------------------------------


class ArchiveViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only, JSON, documented errors, and no query parameter it does not understand."""

    pagination_class = ArchivePagination
    lookup_field = "slug"
    lookup_value_regex = SLUG_SCHEMA["pattern"].strip("^$")
    # Parameters a list accepts besides pagination (the meeting list adds its filters).
    list_parameters: tuple[str, ...] = ()

    def get_exception_handler(self):
        return api_exception_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        allowed = {"format"}
        if self.action == "list":
            allowed |= {"page", "page_size", *self.list_parameters}
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            accepted = ", ".join(sorted(allowed - {"format"})) or "none"
            raise InvalidQuery(
                {
                    name: [f"Unknown parameter “{name}”. Accepted parameters: {accepted}."]
                    for name in unknown
                }
            )


@extend_schema(tags=["meetings"])
class MeetingViewSet(ArchiveViewSet):
    """Published meetings."""

    serializer_class = serializers.MeetingSerializer
    filter_backends = [MeetingFilterBackend]
    filterset_class = MeetingFilter
    list_parameters = tuple(MeetingFilter.base_filters)

    def list_queryset(self, queryset):
        return queryset.select_related("series", "venue_country").prefetch_related(
            "countries", "topics", "minerals"
        )

    def get_queryset(self):
        queryset = self.list_queryset(published_meetings()).select_related("parent")
        return queryset.prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related(
                    "person", "organization", "country"
                ).order_by("order", "pk"),
            ),
            Prefetch(
                "documents",
                queryset=Document.objects.select_related("issuer").order_by("published_on", "pk"),
            ),
            Prefetch(
                "agreements",
                queryset=Agreement.objects.filter(needs_review=False).order_by("signed_on", "slug"),
            ),
            Prefetch("source_records", queryset=Source.objects.select_related("publisher")),
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.MeetingDetailSerializer
        return serializers.MeetingSerializer

    @extend_schema(
        summary="Published meetings, filtered and sorted",
        description="The same filters as the HTML list at /meetings/ (DESIGN.md's query "
        "parameters); results are in the order `sort` asks for.",
        parameters=PAGE_PARAMETERS,
        responses={200: serializers.MeetingSerializer(many=True), **ERROR_RESPONSES},
    )
    def list(self, request, *args, **kwargs):
        # A page is one query for its ids; each meeting's representation is made once per
        # content version and kept (meetings/computed.py), like the HTML list's cards: another
        # filter or page showing the same meeting reuses it, a write makes it afresh.
        meetings = self.filter_queryset(published_meetings())
        ids = self.paginate_queryset(IdsOf(meetings))
        site = request.build_absolute_uri("/")  # the representation holds absolute URLs

        def represent(missing):
            found = self.list_queryset(published_meetings()).in_bulk(missing)
            rows = [found[pk] for pk in missing if pk in found]
            data = self.get_serializer(rows, many=True).data
            return {row.pk: dict(item) for row, item in zip(rows, data, strict=True)}

        represented = many_until_next_write(f"api-meeting:{site}", ids, represent)
        return self.get_paginated_response([represented[pk] for pk in ids if pk in represented])

    @extend_schema(
        summary="One meeting with participants, documents and agreements",
        parameters=[key_parameter()],
        responses={200: serializers.MeetingDetailSerializer, **NOT_FOUND_RESPONSES},
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)


def documented(tag: str, singular: str, serializer_class, key: str = "slug"):
    """Schema for an entity viewset's list and detail operations."""
    if key == "slug":
        path_parameter = key_parameter()
    else:
        path_parameter = key_parameter("code", COUNTRY_CODE_PATTERN)

    def decorate(viewset):
        viewset = extend_schema_view(
            list=extend_schema(
                summary=f"All {tag}",
                parameters=PAGE_PARAMETERS,
                responses={200: serializer_class(many=True), **ERROR_RESPONSES},
            ),
            retrieve=extend_schema(
                summary=f"One {singular} by {key}",
                parameters=[path_parameter],
                responses={200: serializer_class, **NOT_FOUND_RESPONSES},
            ),
        )(viewset)
        return extend_schema(tags=[tag])(viewset)

    return decorate


@documented("countries", "country", serializers.CountrySerializer, key="code")
class CountryViewSet(ArchiveViewSet):
    """Countries (ISO 3166-1 alpha-2, plus EU), with how many published meetings each took part in."""

    serializer_class = serializers.CountrySerializer
    lookup_field = "code"
    lookup_value_regex = COUNTRY_CODE_PATTERN.strip("^$")

    def get_queryset(self):
        return Country.objects.annotate(meeting_count=published_count("meetings")).order_by("code")

    def get_object(self):
        self.kwargs["code"] = self.kwargs["code"].upper()
        return super().get_object()


@documented("minerals", "critical mineral", serializers.MineralSerializer)
class MineralViewSet(ArchiveViewSet):
    serializer_class = serializers.MineralSerializer

    def get_queryset(self):
        return CriticalMineral.objects.annotate(meeting_count=published_count("meetings")).order_by(
            "slug"
        )


@documented("topics", "topic", serializers.TopicSerializer)
class TopicViewSet(ArchiveViewSet):
    serializer_class = serializers.TopicSerializer

    def get_queryset(self):
        return (
            Topic.objects.select_related("parent")
            .annotate(meeting_count=published_count("meetings"))
            .order_by("slug")
        )


@documented("series", "meeting series", serializers.SeriesSerializer)
class SeriesViewSet(ArchiveViewSet):
    serializer_class = serializers.SeriesSerializer

    def get_queryset(self):
        return (
            public_series()
            .annotate(meeting_count=published_count("meetings"))
            .prefetch_related(Prefetch("countries", queryset=Country.objects.order_by("code")))
            .order_by("slug")
        )


@documented("people", "person", serializers.PersonSerializer)
class PersonViewSet(ArchiveViewSet):
    serializer_class = serializers.PersonSerializer

    def get_queryset(self):
        memberships = Membership.objects.select_related("organization").order_by(
            F("start_date").desc(nulls_last=True), "pk"
        )
        return (
            public_people()
            .annotate(meeting_count=published_count("participations__meeting"))
            .prefetch_related(Prefetch("memberships", queryset=memberships))
            .order_by("sort_name", "name", "slug")
        )


@documented("agreements", "agreement", serializers.AgreementSerializer)
class AgreementViewSet(ArchiveViewSet):
    serializer_class = serializers.AgreementSerializer

    def get_queryset(self):
        return (
            public_agreements()
            .select_related("meeting")
            .prefetch_related(
                Prefetch("parties", queryset=Country.objects.order_by("code")),
                Prefetch("signatories", queryset=Person.objects.order_by("sort_name", "slug")),
                "topics",
                "minerals",
                Prefetch("source_records", queryset=Source.objects.select_related("publisher")),
            )
            .order_by(F("signed_on").desc(nulls_last=True), "slug")
        )


class SingleObjectSchema(AutoSchema):
    """The router names the endpoint's one operation `list`; it answers one object, not a list."""

    def _is_list_view(self, serializer=None):
        return False


@extend_schema(tags=["coverage"])
class CoverageViewSet(viewsets.ViewSet):
    """The archive's coverage: the figures /about/ shows, counted from the published meetings."""

    schema = SingleObjectSchema()

    def get_exception_handler(self):
        return api_exception_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        unknown = sorted(set(request.query_params) - {"format"})
        if unknown:
            raise InvalidQuery(
                {
                    name: [f"Unknown parameter “{name}”. This endpoint takes none."]
                    for name in unknown
                }
            )

    @extend_schema(
        summary="What the archive holds: counts by year, counterpart, issuer, source and kind",
        responses={200: serializers.CoverageSerializer, **ERROR_RESPONSES},
    )
    def list(self, request, *args, **kwargs):
        return Response(coverage_data(coverage()))


def api_docs(request):
    """The API documentation page: written for people, with Swagger UI as an enhancement."""
    return render(
        request,
        "data/api_docs.html",
        {
            "filter_parameters": meeting_filter_parameters(),
            "page_size": PAGE_SIZE,
            "max_page_size": MAX_PAGE_SIZE,
        },
    )


def api_not_found(request, *args, **kwargs):
    """Any other path under /api/: a JSON 404 like the API's own, not the HTML page."""
    from django.http import JsonResponse

    return JsonResponse(
        {"detail": "No such API endpoint. The endpoints are listed at /api/."}, status=404
    )
