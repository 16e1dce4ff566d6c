"""JSON shapes of the public API: stable field names, ISO dates, ISO country codes.

Every record carries `html_url` (its page for readers, absolute) and `api_url` (itself, absolute);
entities that have meetings carry `meetings_url`, the API list filtered to them. Field names are part
of the public contract (DESIGN.md, "Machines"): add fields, never rename or remove them.

The serializers only read what the viewsets prefetch (see `meetings.opendata.api`), so a page of results costs
the same number of queries whatever its length.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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
    Topic,
)
from meetings.models.reference import japanese_country_name


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def api_url(request, name: str, key: str) -> str:
    return absolute(request, reverse(f"data:{name}-detail", args=[key]))


def meetings_api_url(request, **query) -> str:
    return absolute(request, reverse("data:meeting-list") + "?" + urlencode(query))


class SourceUrlsField(serializers.ListField):
    """A record's source URLs: a list of strings whatever its stored value (a JSON `sources`
    field holding 5, true or null gives [] rather than a 500)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(child=serializers.CharField(), **kwargs)

    def to_representation(self, data):
        from meetings.models import source_urls

        return source_urls(data)


class SourceSerializer(serializers.Serializer):
    """A source in detail: where a fact comes from."""

    url = serializers.CharField()
    kind = serializers.CharField()
    official = serializers.BooleanField(source="is_official")
    publisher = serializers.SerializerMethodField()
    language = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    archived_url = serializers.CharField()

    def get_publisher(self, source) -> str | None:
        return source.publisher.name if source.publisher_id else None


class HtmlUrlField(serializers.Field):
    """The absolute URL of the record's page for readers (`get_absolute_url()`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return absolute(self.context.get("request"), instance.get_absolute_url())


extend_schema_field({"type": "string", "format": "uri"})(HtmlUrlField)


class ApiUrlField(serializers.Field):
    """The absolute URL of the record in the API, looked up by its natural key."""

    def __init__(self, view_name: str, key: str = "slug", **kwargs):
        self.view_name, self.key = view_name, key
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        key = getattr(instance, self.key)
        if self.key == "code":
            key = key.lower()
        return api_url(self.context.get("request"), self.view_name, key)


extend_schema_field({"type": "string", "format": "uri"})(ApiUrlField)


class MeetingsUrlField(serializers.Field):
    """The API list of meetings filtered to this record (`/api/meetings/?topic=…`)."""

    def __init__(self, parameter: str, key: str = "slug", **kwargs):
        self.parameter, self.key = parameter, key
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return meetings_api_url(
            self.context.get("request"), **{self.parameter: getattr(instance, self.key)}
        )


extend_schema_field({"type": "string", "format": "uri"})(MeetingsUrlField)


def choice_field(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field whose schema lists its values inline.

    drf-spectacular gathers enums into components named after the field, and several records have
    a `kind` with different choices: the names would collide (Kind410Enum). Wrapped in `allOf`, the
    enum stays with its field, unnamed and exact.
    """
    field_class = type("InlineChoiceField", (serializers.ChoiceField,), {})
    values = [value for value, _ in choices]
    schema = {
        "allOf": [{"type": "string", "enum": values}],
        "description": "One of the listed values.",
    }
    extend_schema_field(schema)(field_class)
    return field_class(choices=choices, **kwargs)


# --- References: the short form of a record inside another ---------------------------------------


class CountryNameJaField(serializers.Field):
    """The country's Japanese name, from django-countries' maintained Japanese catalogue."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, country) -> str:
        return japanese_country_name(country.code, country.aliases)


extend_schema_field({"type": "string"})(CountryNameJaField)


class CountryReferenceSerializer(serializers.ModelSerializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2 code (EU for the European Union).")
    name_ja = CountryNameJaField(help_text="Japanese name (CLDR, via django-countries).")

    class Meta:
        model = Country
        fields = ["code", "name", "name_ja"]


class TopicReferenceSerializer(serializers.ModelSerializer):
    html_url = HtmlUrlField()

    class Meta:
        model = Topic
        fields = ["slug", "name", "name_ja", "html_url"]


class MineralReferenceSerializer(serializers.ModelSerializer):
    html_url = HtmlUrlField()

    class Meta:
        model = CriticalMineral
        fields = ["slug", "name", "name_ja", "symbol", "html_url"]


class SeriesReferenceSerializer(serializers.ModelSerializer):
    html_url = HtmlUrlField()

    class Meta:
        model = MeetingSeries
        fields = ["slug", "name", "name_ja", "acronym", "html_url"]


class OrganizationReferenceSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country_id", allow_null=True)

    class Meta:
        model = Organization
        fields = ["slug", "name", "name_ja", "acronym", "country"]


class PersonReferenceSerializer(serializers.ModelSerializer):
    html_url = HtmlUrlField()

    class Meta:
        model = Person
        fields = ["slug", "name", "html_url"]


class MeetingReferenceSerializer(serializers.ModelSerializer):
    html_url = HtmlUrlField()

    class Meta:
        model = Meeting
        fields = ["slug", "title", "title_ja", "start_date", "html_url"]


# --- Meetings --------------------------------------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting as it appears in lists."""

    kind = choice_field(Meeting.Kind.choices)
    series = SeriesReferenceSerializer(allow_null=True)
    venue_country = serializers.CharField(
        source="venue_country_id", allow_null=True, help_text="ISO 3166-1 alpha-2 code."
    )
    countries = CountryReferenceSerializer(many=True, help_text="Every government represented.")
    topics = TopicReferenceSerializer(many=True)
    minerals = MineralReferenceSerializer(many=True)
    html_url = HtmlUrlField()
    api_url = ApiUrlField("meeting")

    class Meta:
        model = Meeting
        fields = [
            "slug",
            "title",
            "title_ja",
            "kind",
            "mode",
            "series",
            "ordinal",
            "start_date",
            "end_date",
            "date_precision",
            "city",
            "venue",
            "venue_country",
            "countries",
            "topics",
            "minerals",
            "summary",
            "summary_ja",
            "updated_at",
            "html_url",
            "api_url",
        ]


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(
        source="display_name", help_text="The linked person's name, else the name as written."
    )
    person = PersonReferenceSerializer(
        allow_null=True, help_text="Null until the name is linked to a person in the archive."
    )
    organization = OrganizationReferenceSerializer(allow_null=True)
    country = serializers.CharField(source="country_id", allow_null=True)
    role = choice_field(Participant.Role.choices)

    class Meta:
        model = Participant
        fields = ["name", "person", "title", "organization", "country", "role"]


class DocumentSerializer(serializers.ModelSerializer):
    kind = choice_field(Document.Kind.choices)
    issuer = OrganizationReferenceSerializer(allow_null=True)
    body = serializers.CharField(help_text="The release text as sanitised HTML.")
    attachments = serializers.ListField(child=serializers.DictField(), read_only=True)
    sources = SourceUrlsField()

    class Meta:
        model = Document
        fields = [
            "kind",
            "title",
            "issuer",
            "division",
            "published_on",
            "language",
            "source_url",
            "body",
            "attachments",
            "sources",
        ]


class AgreementReferenceSerializer(serializers.ModelSerializer):
    kind = choice_field(Agreement.Kind.choices)
    status = choice_field(Agreement.Status.choices)
    html_url = HtmlUrlField()
    api_url = ApiUrlField("agreement")

    class Meta:
        model = Agreement
        fields = [
            "slug",
            "title",
            "title_ja",
            "kind",
            "signed_on",
            "status",
            "binding",
            "html_url",
            "api_url",
        ]


class MeetingDetailSerializer(MeetingSerializer):
    """A meeting with everything its record shows."""

    parent = MeetingReferenceSerializer(
        allow_null=True, help_text="The larger event this meeting was held on the margins of."
    )
    participants = ParticipantSerializer(many=True)
    documents = DocumentSerializer(many=True)
    agreements = AgreementReferenceSerializer(many=True)
    sources = SourceUrlsField()
    source_records = SourceSerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "parent",
            "participants",
            "documents",
            "agreements",
            "sources",
            "source_records",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # A side meeting may hang off an event that is not (yet) public: do not reveal it.
        if instance.parent_id and not instance.parent.is_published:
            data["parent"] = None
        # Agreements only have pages while their meeting is public, which this one is.
        return data


# --- Entities --------------------------------------------------------------------------------------


class CountrySerializer(serializers.ModelSerializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2 code (EU for the European Union).")
    name_ja = CountryNameJaField(help_text="Japanese name (CLDR, via django-countries).")
    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)
    meeting_count = serializers.IntegerField(help_text="Published meetings it took part in.")
    html_url = HtmlUrlField()
    api_url = ApiUrlField("country", key="code")
    meetings_url = MeetingsUrlField("country", key="code")

    class Meta:
        model = Country
        fields = [
            "code",
            "name",
            "name_ja",
            "short_name",
            "demonym",
            "aliases",
            "meeting_count",
            "html_url",
            "api_url",
            "meetings_url",
        ]


class MineralSerializer(serializers.ModelSerializer):
    eu_crma_2023 = choice_field(CriticalMineral.EUStatus.choices)
    japan = choice_field(CriticalMineral.JapanStatus.choices)
    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)
    lists = serializers.ListField(
        source="list_memberships",
        child=serializers.CharField(),
        read_only=True,
        help_text="Lists it is on, in words: 'USGS 2025', 'EU strategic', …",
    )
    meeting_count = serializers.IntegerField(help_text="Published meetings that named it.")
    html_url = HtmlUrlField()
    api_url = ApiUrlField("mineral")
    meetings_url = MeetingsUrlField("mineral")

    class Meta:
        model = CriticalMineral
        fields = [
            "slug",
            "name",
            "name_ja",
            "symbol",
            "group",
            "usgs_2022",
            "usgs_2025",
            "eu_crma_2023",
            "japan",
            "lists",
            "aliases",
            "meeting_count",
            "html_url",
            "api_url",
            "meetings_url",
        ]


class TopicSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    meeting_count = serializers.IntegerField(help_text="Published meetings on this topic.")
    html_url = HtmlUrlField()
    api_url = ApiUrlField("topic")
    meetings_url = MeetingsUrlField("topic")

    class Meta:
        model = Topic
        fields = [
            "slug",
            "name",
            "name_ja",
            "parent",
            "definition",
            "definition_ja",
            "meeting_count",
            "html_url",
            "api_url",
            "meetings_url",
        ]


class SeriesSerializer(serializers.ModelSerializer):
    countries = CountryReferenceSerializer(many=True)
    alternative_names = serializers.ListField(child=serializers.CharField(), read_only=True)
    sources = SourceUrlsField()
    meeting_count = serializers.IntegerField(help_text="Published meetings of this series.")
    html_url = HtmlUrlField()
    api_url = ApiUrlField("series")
    meetings_url = MeetingsUrlField("series")

    class Meta:
        model = MeetingSeries
        fields = [
            "slug",
            "name",
            "name_ja",
            "acronym",
            "alternative_names",
            "countries",
            "established_on",
            "description",
            "description_ja",
            "sources",
            "meeting_count",
            "html_url",
            "api_url",
            "meetings_url",
        ]


class MembershipSerializer(serializers.ModelSerializer):
    organization = OrganizationReferenceSerializer()

    class Meta:
        model = Membership
        fields = ["title", "organization", "start_date", "end_date"]


class PersonSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country_id", allow_null=True)
    alternative_names = serializers.ListField(child=serializers.CharField(), read_only=True)
    memberships = MembershipSerializer(many=True, help_text="Offices held, latest first.")
    sources = SourceUrlsField()
    meeting_count = serializers.IntegerField(help_text="Published meetings attended.")
    html_url = HtmlUrlField()
    api_url = ApiUrlField("person")
    meetings_url = MeetingsUrlField("person")

    class Meta:
        model = Person
        fields = [
            "slug",
            "name",
            "given_name",
            "family_name",
            "sort_name",
            "native_name",
            "alternative_names",
            "country",
            "biography",
            "memberships",
            "sources",
            "meeting_count",
            "html_url",
            "api_url",
            "meetings_url",
        ]


class AgreementSerializer(AgreementReferenceSerializer):
    meeting = MeetingReferenceSerializer(allow_null=True)
    parties = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="ISO 3166-1 alpha-2 codes."
    )
    signatories = PersonReferenceSerializer(many=True)
    registry_ids = serializers.ListField(child=serializers.CharField(), read_only=True)
    topics = TopicReferenceSerializer(many=True)
    minerals = MineralReferenceSerializer(many=True)
    sources = SourceUrlsField()
    source_records = SourceSerializer(many=True, read_only=True)

    class Meta(AgreementReferenceSerializer.Meta):
        fields = [
            "slug",
            "title",
            "title_ja",
            "kind",
            "status",
            "binding",
            "signed_on",
            "meeting",
            "parties",
            "signatories",
            "registry_ids",
            "summary",
            "summary_ja",
            "source_url",
            "topics",
            "minerals",
            "sources",
            "source_records",
            "updated_at",
            "html_url",
            "api_url",
        ]


class ErrorSerializer(serializers.Serializer):
    """HTTP 400: what was wrong with the request, by parameter name."""

    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text='Messages by query parameter: {"country": ["Unknown country code “ZZ”…"]}',
    )


class NotFoundSerializer(serializers.Serializer):
    """HTTP 404: no such record."""

    detail = serializers.CharField()


class UnavailableSerializer(serializers.Serializer):
    """HTTP 503: the database cannot be reached for a moment; try again after Retry-After."""

    detail = serializers.CharField()


# --- Coverage (/api/coverage/): the figures of /about/, from meetings/coverage.py ------------------


class CoverageCountrySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2 (EU for the European Union).")
    name = serializers.CharField()


class CoverageOrganizationSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class YearCountSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    meetings = serializers.IntegerField()


class CoverageCounterpartSerializer(serializers.Serializer):
    country = CoverageCountrySerializer(
        allow_null=True, help_text="The counterpart government (null for an organisation)."
    )
    organization = CoverageOrganizationSerializer(
        allow_null=True, help_text="The international organisation (null for a government)."
    )
    meetings = serializers.IntegerField()
    per_year = YearCountSerializer(many=True, help_text="Years with at least one meeting.")


class CoverageIssuerSerializer(serializers.Serializer):
    country = CoverageCountrySerializer(allow_null=True)
    organization = CoverageOrganizationSerializer(
        allow_null=True, help_text="An issuer with no country of its own (null otherwise)."
    )
    meetings = serializers.IntegerField()


class CoverageKindSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Meeting.Kind.choices)
    label = serializers.CharField()
    meetings = serializers.IntegerField()


class CoverageSerializer(serializers.Serializer):
    """What the archive holds: published meetings only, each counted once per figure (the
    definitions are on /about/ and in docs/coverage.md)."""

    home_country = CoverageCountrySerializer(
        allow_null=True, help_text="The country whose counterparts are counted (Japan)."
    )
    meetings = serializers.IntegerField(help_text="Published meetings.")
    counterpart_governments = serializers.IntegerField(
        help_text="Distinct countries other than the home country that took part (the EU is one)."
    )
    international_organizations = serializers.IntegerField(
        help_text="Distinct international organisations a participant spoke for."
    )
    per_year = YearCountSerializer(many=True, help_text="Every year with at least one meeting.")
    undated = serializers.IntegerField(help_text="Published meetings with no date.")
    counterparts = CoverageCounterpartSerializer(
        many=True,
        help_text="Governments, then international organisations, most meetings first. A meeting "
        "with two counterparts counts for both.",
    )
    per_issuing_government = CoverageIssuerSerializer(
        many=True,
        help_text="The governments whose official sources or documents report each meeting; a "
        "meeting reported by two governments counts for both, once each.",
    )
    no_issuing_government_recorded = serializers.IntegerField()
    with_official_source = serializers.IntegerField(
        help_text="Meetings with at least one official release, joint statement, readout or "
        "transcript among their sources."
    )
    with_official_source_share = serializers.FloatField(
        help_text="with_official_source / meetings, from 0 to 1 (0 when there are no meetings)."
    )
    news_or_copies_only = serializers.IntegerField(
        help_text="Meetings whose sources are all news reports or copies elsewhere."
    )
    without_source = serializers.IntegerField()
    per_kind = CoverageKindSerializer(many=True)
