"""The editors' admin: meetings with their participants, documents and agreements inline."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
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
    Topic,
)

# Editors paste addresses without a scheme ("www.meti.go.jp/…"): read them as https, the scheme
# Django 6 assumes, rather than http.
URL_AS_HTTPS = {models.URLField: {"assume_scheme": "https"}}

admin.site.site_header = "Ministerial Meetings Archive — editors"
admin.site.site_title = "Meetings Archive admin"
admin.site.index_title = "Archive records"


# --- Reference data ---------------------------------------------------------------------------------


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "demonym", "capital"]
    search_fields = ["code", "name", "short_name", "demonym"]


@admin.register(CriticalMineral)
class CriticalMineralAdmin(admin.ModelAdmin):
    list_display = ["name", "symbol", "group", "usgs_2022", "usgs_2025", "eu_crma_2023", "japan"]
    list_filter = ["usgs_2022", "usgs_2025", "eu_crma_2023", "japan", "group"]
    search_fields = ["name", "symbol", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug"]
    list_filter = ["parent"]
    search_fields = ["name", "definition"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


# --- Organizations and people -----------------------------------------------------------------------


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    formfield_overrides = URL_AS_HTTPS
    list_display = ["name", "acronym", "kind", "country", "parent", "needs_review"]
    list_filter = ["needs_review", "kind", "country"]
    search_fields = ["name", "acronym"]
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
class MeetingSeriesAdmin(SimpleHistoryAdmin):
    list_display = ["name", "acronym", "established_on", "needs_review"]
    list_filter = ["needs_review"]
    search_fields = ["name", "acronym", "alternative_names"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["countries"]


# --- Meetings ---------------------------------------------------------------------------------------


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 1
    autocomplete_fields = ["person", "organization", "country"]
    fields = ["person", "name", "title", "organization", "country", "role", "order"]


class DocumentInline(admin.StackedInline):
    formfield_overrides = URL_AS_HTTPS
    model = Document
    extra = 0
    autocomplete_fields = ["issuer"]
    fields = [
        ("kind", "language", "published_on"),
        "title",
        ("issuer", "division"),
        "source_url",
        "body",
        "attachments",
    ]


class AgreementInline(admin.StackedInline):
    formfield_overrides = URL_AS_HTTPS
    model = Agreement
    extra = 0
    fk_name = "meeting"
    autocomplete_fields = ["parties", "signatories", "topics", "minerals"]
    prepopulated_fields = {"slug": ["title"]}
    fields = [
        ("title", "slug"),
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
        previous = self.instance.status if self.instance.pk else Meeting.Status.DRAFT
        user = getattr(self, "request_user", None)
        if (
            status != previous
            and user is not None
            and not user.has_perm("meetings.publish_meeting")
        ):
            raise ValidationError(
                {
                    "status": "You may save drafts; publishing or withdrawing a meeting needs "
                    "the 'Can publish or withdraw meetings' permission."
                }
            )
        if status == Meeting.Status.PUBLISHED:
            draft = Meeting(start_date=cleaned.get("start_date"))
            codes = [c.code for c in cleaned.get("countries") or []]
            problems = draft.publication_problems(country_codes=codes)
            if problems:
                raise ValidationError(problems)
        return cleaned


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    form = MeetingAdminForm
    list_display = ["title", "start_date", "kind", "series", "ordinal", "status", "updated_at"]
    list_filter = [
        "status",
        "kind",
        "series",
        "countries",
        ("start_date", admin.DateFieldListFilter),
    ]
    list_select_related = ["series"]
    search_fields = ["title", "slug", "summary", "city", "participants__name"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["series", "venue_country", "countries", "topics", "minerals", "parent"]
    readonly_fields = ["created_at", "updated_at", "published_at"]
    inlines = [ParticipantInline, DocumentInline, AgreementInline]
    # Links the "Import a release" page (meetings/importer/admin_import.py) from the change list.
    change_list_template = "admin/meetings/meeting/change_list.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "kind"]}),
        ("Series", {"fields": [("series", "ordinal"), "parent"]}),
        (
            "When and where",
            {"fields": [("start_date", "end_date"), ("city", "venue_country"), "venue"]},
        ),
        ("Who and what", {"fields": ["countries", "topics", "minerals", "summary", "sources"]}),
        ("Record", {"fields": [("created_at", "updated_at", "published_at")]}),
    ]

    def get_urls(self):
        from meetings.importer.admin_import import import_urls

        return import_urls(self) + super().get_urls()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class RequestBoundForm(form):
            request_user = request.user

        return RequestBoundForm

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
class AgreementAdmin(SimpleHistoryAdmin):
    formfield_overrides = URL_AS_HTTPS
    list_display = ["title", "kind", "signed_on", "status", "meeting"]
    list_filter = ["kind", "status", "binding", "parties"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["meeting", "parties", "signatories", "topics", "minerals"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    formfield_overrides = URL_AS_HTTPS
    list_display = ["title", "kind", "published_on", "issuer", "meeting"]
    list_filter = ["kind", "language"]
    search_fields = ["title", "division", "source_url"]
    autocomplete_fields = ["meeting", "issuer"]
