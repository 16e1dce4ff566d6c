"""The editors' admin: meetings with their participants, documents and agreements inline."""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

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
from meetings.models.publishing import (
    STATUS_REFUSED,
    facts_from_database,
    may_change_status,
    participant_side,
    publication_problems,
)

# Editors paste addresses without a scheme ("www.meti.go.jp/…"): read them as https, the scheme
# Django 6 assumes, rather than http.
URL_AS_HTTPS = {models.URLField: {"assume_scheme": "https"}}

admin.site.site_header = "Ministerial Meetings Archive — editors"
admin.site.site_title = "Meetings Archive admin"
admin.site.index_title = "Archive records"
# The change forms need the width more than a second menu: the home page lists every model.
admin.site.enable_nav_sidebar = False


# --- Reference data ---------------------------------------------------------------------------------


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "demonym", "capital"]
    search_fields = ["code", "name", "short_name", "demonym"]


class SideBySideJapanese:
    """Shows each field with a Japanese twin (`title` and `title_ja`) on one row, so an editor
    writes the two versions side by side."""

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        names = {field for field in fields if isinstance(field, str)}
        rows = []
        for field in fields:
            if isinstance(field, str) and field.endswith("_ja") and field[:-3] in names:
                continue
            rows.append((field, f"{field}_ja") if f"{field}_ja" in names else field)
        return rows


@admin.register(CriticalMineral)
class CriticalMineralAdmin(SideBySideJapanese, admin.ModelAdmin):
    list_display = ["name", "symbol", "group", "usgs_2022", "usgs_2025", "eu_crma_2023", "japan"]
    list_filter = ["usgs_2022", "usgs_2025", "eu_crma_2023", "japan", "group"]
    search_fields = ["name", "name_ja", "symbol", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(SideBySideJapanese, admin.ModelAdmin):
    list_display = ["name", "parent", "slug"]
    list_filter = ["parent"]
    search_fields = ["name", "name_ja", "definition"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


# --- Organizations and people -----------------------------------------------------------------------


@admin.register(Organization)
class OrganizationAdmin(SideBySideJapanese, SimpleHistoryAdmin):
    formfield_overrides = URL_AS_HTTPS
    list_display = ["name", "acronym", "kind", "country", "parent", "needs_review"]
    list_filter = ["needs_review", "kind", "country"]
    search_fields = ["name", "name_ja", "acronym"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country", "parent"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]
    fields = ["title", "organization", "start_date", "end_date", "sources"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "native_name", "country", "needs_review"]
    list_filter = ["needs_review", "country"]
    search_fields = ["name", "family_name", "given_name", "native_name", "alternative_names"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    inlines = [MembershipInline]


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(SideBySideJapanese, SimpleHistoryAdmin):
    list_display = ["name", "acronym", "established_on", "needs_review"]
    list_filter = ["needs_review"]
    search_fields = ["name", "name_ja", "acronym", "alternative_names"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["countries"]


# --- Meetings ---------------------------------------------------------------------------------------


def compact_related(formfield):
    """No add/change/delete/view icons beside a select in a tabular inline: the row stays narrow
    (people and organizations have their own pages)."""
    widget = getattr(formfield, "widget", None)
    for flag in ("can_add_related", "can_change_related", "can_delete_related", "can_view_related"):
        if hasattr(widget, flag):
            setattr(widget, flag, False)


class SourceFormSet(BaseGenericInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            url = form.cleaned_data.get("url")
            if url in seen:
                form.add_error("url", "This source is listed twice.")
            seen.add(url)


class SourceInline(GenericTabularInline):
    """Where the record's facts come from: one row per page, validated (Source.clean)."""

    model = Source
    formset = SourceFormSet
    extra = 0
    autocomplete_fields = ["publisher"]
    fields = ["url", "kind", "publisher", "language", "published_on", "archived_url", "order"]
    classes = ["sources-inline"]
    verbose_name = "source"
    verbose_name_plural = "sources (at least one official source to publish)"

    formfield_overrides = {
        models.URLField: {"assume_scheme": "https", "widget": forms.URLInput},
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        compact_related(formfield)
        if db_field.name in ("url", "archived_url"):
            formfield.widget.attrs["size"] = 40 if db_field.name == "url" else 20
        if db_field.name in ("language", "order"):
            formfield.widget.attrs["size"] = 3
            formfield.widget.attrs["style"] = "width: 4em"
        return formfield


class ParticipantInline(admin.TabularInline):
    """Compact: the person (autocomplete), the name as written, title, side, role."""

    model = Participant
    extra = 1
    autocomplete_fields = ["person", "country"]
    fields = ["person", "name", "title", "country", "role", "order"]
    classes = ["participants-inline"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        compact_related(formfield)
        if db_field.name in ("name", "title"):
            formfield.widget.attrs["size"] = 22
        if db_field.name == "order":
            formfield.widget.attrs["style"] = "width: 3em"
        return formfield


class DocumentLinkInline(admin.TabularInline):
    """The documents (releases) reporting this meeting: one release may report several meetings,
    so a document is edited on its own page and linked here."""

    model = Document.meetings.through
    extra = 0
    autocomplete_fields = ["document"]
    verbose_name = "document reporting this meeting"
    verbose_name_plural = "documents reporting this meeting (edit them under Documents)"


class AgreementInline(admin.StackedInline):
    formfield_overrides = URL_AS_HTTPS
    model = Agreement
    extra = 0
    fk_name = "meeting"
    autocomplete_fields = ["parties", "signatories", "topics", "minerals"]
    prepopulated_fields = {"slug": ["title"]}
    fields = [
        ("title", "title_ja", "slug"),
        ("kind", "status", "binding", "signed_on"),
        "parties",
        "signatories",
        "source_url",
    ]


class MeetingAdminForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = "__all__"  # noqa: DJ007 - the admin fieldsets choose what is shown

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        # The status in the database, not the instance's: a history "Revert" form is bound to the
        # historical version, whose status is the one being posted back.
        previous = current_status(self.instance)
        user = getattr(self, "request_user", None)
        if status != previous and user is not None and not may_change_status(user):
            raise ValidationError({"status": STATUS_REFUSED})
        if status == Meeting.Status.PUBLISHED:
            problems = publication_problems(self.publication_facts(cleaned))
            if problems:
                raise ValidationError(problems)
        return cleaned

    def publication_facts(self, cleaned):
        """What the meeting will be once saved: this form's values, and the participants and
        sources of the inline rows posted with it (the database's rows on a history form)."""
        facts = facts_from_database(
            self.instance,
            title=cleaned.get("title") or "",
            summary=cleaned.get("summary") or "",
            country_codes=[c.code for c in cleaned.get("countries") or []],
        )
        facts.start_date = cleaned.get("start_date")
        facts.official_source_unavailable = bool(cleaned.get("official_source_unavailable"))
        for formset in getattr(self.instance, "_admin_formsets", []):
            if not formset.is_valid():
                continue
            rows = [
                form.cleaned_data
                for form in formset.forms
                if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
            ]
            if formset.model is Participant:
                facts.participants = []
                for row in rows:
                    person, country = row.get("person"), row.get("country")
                    code = participant_side(
                        country.code if country else None, row.get("organization"), person
                    )
                    facts.participants.append(
                        (code, person is not None, person is not None and not person.needs_review)
                    )
            elif formset.model is Source:
                facts.sources = [(row.get("url"), row.get("kind")) for row in rows]
        return facts


def current_status(meeting) -> str:
    if not meeting.pk:
        return Meeting.Status.DRAFT
    saved = Meeting.objects.filter(pk=meeting.pk).values_list("status", flat=True).first()
    return saved or Meeting.Status.DRAFT


class CountryInArchiveFilter(admin.SimpleListFilter):
    """Only the countries some meeting involves (not all 250)."""

    title = "country"
    parameter_name = "countries__code__exact"

    def lookups(self, request, model_admin):
        used = Meeting.countries.through.objects.values("country_id").distinct()
        return [(c.code, c.name) for c in Country.objects.filter(code__in=used).order_by("name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(countries__code=self.value())
        return queryset


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    form = MeetingAdminForm
    list_display = ["title", "start_date", "country_list", "kind", "status", "updated_at"]
    list_display_links = ["title"]
    list_filter = [
        "status",
        "kind",
        CountryInArchiveFilter,
        "series",
    ]
    list_select_related = ["series"]
    list_per_page = 50
    search_fields = ["title", "title_ja", "slug", "summary", "city", "participants__name"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["series", "venue_country", "countries", "topics", "minerals", "parent"]
    readonly_fields = ["created_at", "updated_at", "published_at"]
    inlines = [ParticipantInline, SourceInline, DocumentLinkInline, AgreementInline]
    actions = ["publish_selected", "withdraw_selected", "return_to_draft"]
    # Links the "Import a release" page (meetings/importer/admin_import.py) from the change list.
    change_list_template = "admin/meetings/meeting/change_list.html"
    fieldsets = [
        (None, {"fields": [("title", "title_ja"), "slug", "status", ("kind", "mode")]}),
        ("Series", {"fields": [("series", "ordinal"), "parent"]}),
        (
            "When and where",
            {
                "fields": [
                    ("start_date", "end_date"),
                    "date_precision",
                    ("city", "venue_country"),
                    "venue",
                ]
            },
        ),
        (
            "Who and what",
            {"fields": ["countries", "topics", "minerals", ("summary", "summary_ja")]},
        ),
        ("Sources", {"fields": ["official_source_unavailable"]}),
        ("Record", {"fields": [("created_at", "updated_at", "published_at")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description="countries")
    def country_list(self, obj):
        return ", ".join(c.code for c in obj.countries.all())

    def get_urls(self):
        from meetings.importer.admin_import import import_urls
        from meetings.review import review_urls

        return review_urls(self) + import_urls(self) + super().get_urls()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class RequestBoundForm(form):
            request_user = request.user

        return RequestBoundForm

    def _create_formsets(self, request, obj, change):
        # The form's publication check reads the inline rows posted with it.
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        obj._admin_formsets = formsets
        return formsets, inline_instances

    def save_model(self, request, obj, form, change):
        # Every admin path that saves a meeting (change form, history revert) ends here.
        if obj.status != current_status(obj) and not may_change_status(request.user):
            raise PermissionDenied(STATUS_REFUSED)
        super().save_model(request, obj, form, change)

    def has_publish_permission(self, request):
        return may_change_status(request.user)

    @admin.action(description="Publish the selected meetings", permissions=["publish"])
    def publish_selected(self, request, queryset):
        if not may_change_status(request.user):
            raise PermissionDenied(STATUS_REFUSED)
        published = 0
        for meeting in queryset.exclude(status=Meeting.Status.PUBLISHED):
            problems = meeting.publication_problems()
            if problems:
                self.message_user(
                    request, f"Not published: {meeting}: {' '.join(problems)}", messages.ERROR
                )
                continue
            meeting.status = Meeting.Status.PUBLISHED
            meeting._history_user = request.user
            meeting.save()
            published += 1
        if published:
            self.message_user(request, f"Published {published} meeting(s).", messages.SUCCESS)

    def _set_status(self, request, queryset, status, verb):
        if not may_change_status(request.user):
            raise PermissionDenied(STATUS_REFUSED)
        changed = 0
        for meeting in queryset.exclude(status=status):
            meeting.status = status
            meeting._history_user = request.user
            meeting.save()
            changed += 1
        self.message_user(request, f"{verb} {changed} meeting(s).", messages.SUCCESS)

    @admin.action(description="Withdraw the selected meetings", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        self._set_status(request, queryset, Meeting.Status.WITHDRAWN, "Withdrew")

    @admin.action(description="Return the selected meetings to draft", permissions=["publish"])
    def return_to_draft(self, request, queryset):
        self._set_status(request, queryset, Meeting.Status.DRAFT, "Returned to draft")

    def has_delete_permission(self, request, obj=None):
        # A published record is cited by others: withdraw it instead. Only superusers may delete.
        if obj is not None and obj.is_published and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        if not request.user.is_superuser and queryset.filter(status=Meeting.Status.PUBLISHED):
            self.message_user(
                request,
                "Published meetings cannot be deleted; withdraw them instead.",
                messages.ERROR,
            )
            return
        super().delete_queryset(request, queryset)


@admin.register(Agreement)
class AgreementAdmin(SideBySideJapanese, SimpleHistoryAdmin):
    formfield_overrides = URL_AS_HTTPS
    list_display = ["title", "kind", "signed_on", "status", "meeting"]
    list_filter = ["kind", "status", "binding"]
    search_fields = ["title", "title_ja", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["meeting", "parties", "signatories", "topics", "minerals"]
    inlines = [SourceInline]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    formfield_overrides = URL_AS_HTTPS
    list_display = ["title", "kind", "published_on", "issuer"]
    list_filter = ["kind", "language"]
    search_fields = ["title", "division", "source_url"]
    autocomplete_fields = ["meetings", "issuer"]
    fields = [
        ("kind", "language", "published_on"),
        "title",
        "meetings",
        ("issuer", "division"),
        "source_url",
        "body",
        "attachments",
    ]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    formfield_overrides = URL_AS_HTTPS
    list_display = ["url", "kind", "publisher", "language", "published_on", "content_type"]
    list_filter = ["kind", "language"]
    search_fields = ["url", "archived_url"]
    autocomplete_fields = ["publisher"]
