"""The admin's "Import a release" page: paste or upload → preview with matches → create the draft.

Reached from the meeting change list (MeetingAdmin.get_urls). Staff only, through
`admin_site.admin_view` (login), and only for editors who may add meetings. The size limit is
enforced while the request is read: a request far over it is refused before its body is read, an
upload stops being read at the limit, and a paste over Django's DATA_UPLOAD_MAX_MEMORY_SIZE gets the
importer's message. CSRF is checked by the view itself, after the upload handlers are in place.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from meetings.importer import MAX_RELEASE_BYTES, MAX_RELEASE_LABEL, ReleaseError
from meetings.importer.extract import PREVIEW_FIELDS
from meetings.importer.service import (
    DuplicateMeeting,
    import_release,
    meeting_import_release,
    release_preview,
)
from meetings.importer.text import decode_release

ALLOWED_EXTENSIONS = (".txt", ".html", ".htm")
# Several releases may be uploaded at once (each imported in its own transaction).
MAX_FILES = 20
# A request may carry a pasted text and the files, each up to the limit, plus the other fields.
MAX_REQUEST_BYTES = (MAX_FILES + 1) * MAX_RELEASE_BYTES + 64 * 1024


def over_the_limit(request_size: int | None = None) -> str:
    """The editor's message for a request too big to read."""
    if request_size:
        said = (
            f"The upload is {request_size / 1024 / 1024:.1f} MB; the limit is {MAX_RELEASE_LABEL}."
        )
    else:
        said = f"The release is over the size limit: the limit is {MAX_RELEASE_LABEL}."
    return f"{said} Paste only the release's text, or save the page as HTML without images."


class ReleaseUploadLimit(FileUploadHandler):
    """Reads an upload in chunks and stops the request at MAX_RELEASE_BYTES, so a 100 MB file is
    never read (nor stored) in full. `exceeded` tells the view why the file is missing."""

    def __init__(self, request=None):
        super().__init__(request)
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > MAX_RELEASE_BYTES:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (in memory) builds the file


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several uploads under one name; cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def read_upload(upload) -> tuple[str, bytes]:
    """An uploaded release's name and bytes; ValidationError for a wrong type or size."""
    name = upload.name or ""
    if not name.lower().endswith(ALLOWED_EXTENSIONS):
        raise forms.ValidationError(
            f"{name}: upload a .txt or .html file (PDF and Word files cannot be read here: copy "
            "their text instead)."
        )
    if upload.size > MAX_RELEASE_BYTES:
        raise forms.ValidationError(
            f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_RELEASE_LABEL}. Upload only the release itself."
        )
    return name, upload.read(MAX_RELEASE_BYTES + 1)


class ReleaseImportForm(forms.Form):
    text = forms.CharField(
        label="Release text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 100}),
        help_text="Paste the release as text or HTML, English or Japanese.",
    )
    release_file = MultipleFileField(
        label="…or upload files",
        required=False,
        help_text=f"One .txt or .html file of at most {MAX_RELEASE_LABEL} to preview, or up to "
        f"{MAX_FILES} to import at once (each release in its own transaction).",
    )
    source_url = forms.URLField(
        label="Source URL",
        required=False,
        assume_scheme="https",
        help_text="Where the release is published; stored with the document.",
    )
    filename = forms.CharField(required=False, widget=forms.HiddenInput)
    force = forms.BooleanField(
        label="Create the draft even though the meeting may already exist",
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        uploads = cleaned.get("release_file") or []
        text = cleaned.get("text") or ""
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(f"Upload at most {MAX_FILES} releases at once.")
        if len(uploads) > 1:
            # A batch: each release is read and imported on its own (a broken one is reported).
            cleaned["batch"] = uploads
            return cleaned
        if uploads:
            name, data = read_upload(uploads[0])
            cleaned["filename"] = name
        elif text.strip():
            data = text.encode("utf-8")
        else:
            raise forms.ValidationError("Paste the release's text or choose a file to upload.")
        try:
            content, _ = decode_release(data, cleaned.get("filename") or "")
        except ReleaseError as error:
            raise forms.ValidationError(str(error)) from error
        cleaned["content"] = content
        return cleaned


def import_page_context(request, model_admin) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import a release",
        "max_size": MAX_RELEASE_LABEL,
    }


def refuse_oversized(request, model_admin, size: int | None = None):
    """The import page again, with the limit message, for a request too big to read."""
    context = {
        **import_page_context(request, model_admin),
        "form": ReleaseImportForm(),
        "request_error": over_the_limit(size),
    }
    return TemplateResponse(request, "admin/meetings/import_release.html", context, status=400)


def read_import_request(request, model_admin):
    """Checks the size of a POST before and while it is read, then CSRF, then hands over."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_REQUEST_BYTES:
            return refuse_oversized(request, model_admin, length)  # nothing of the body is read
        limit = ReleaseUploadLimit(request)
        request.upload_handlers.insert(0, limit)
        try:
            request.POST  # noqa: B018 - parse now, with the handlers above
        except RequestDataTooBig:
            return refuse_oversized(request, model_admin)
        if limit.exceeded:
            return refuse_oversized(request, model_admin)
    return csrf_protect(import_release_view)(request, model_admin)


def import_release_view(request, model_admin):
    context = import_page_context(request, model_admin)
    if request.method != "POST":
        context["form"] = ReleaseImportForm()
        return TemplateResponse(request, "admin/meetings/import_release.html", context)

    form = ReleaseImportForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return TemplateResponse(request, "admin/meetings/import_release.html", context, status=400)
    if form.cleaned_data.get("batch"):
        context["report"] = import_batch(form.cleaned_data["batch"])
        return TemplateResponse(request, "admin/meetings/import_release.html", context)
    content = form.cleaned_data["content"]
    filename = form.cleaned_data.get("filename") or ""
    url = form.cleaned_data.get("source_url") or ""
    try:
        if request.POST.get("action") == "create":
            preview = release_preview(content, filename)
            if preview.is_multi:
                selected = {
                    int(value)
                    for value in request.POST.getlist("meeting")
                    if value.isdigit() and int(value) < len(preview.meetings)
                }
                result = import_release(preview=preview, url=url, selected=selected)
                messages.success(request, result_message(result))
                if len(result.created) == 1:
                    return redirect(
                        reverse("admin:meetings_meeting_change", args=[result.created[0].pk])
                    )
                return redirect(reverse("admin:meetings_review"))
            meeting, preview = meeting_import_release(
                content, filename, url=url, force=form.cleaned_data.get("force", False)
            )
            new = [p.name for p in preview.participants if p.created]
            message = "Draft created from the release: check every field, then publish."
            if new:
                message += f" New people to review: {', '.join(new)}."
            messages.success(request, message)
            return redirect(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
        preview = release_preview(content, filename)
    except DuplicateMeeting as error:
        preview = release_preview(content, filename)
        context["duplicate_refused"] = True
        del error
    except ReleaseError as error:
        form.add_error(None, str(error))
        return TemplateResponse(request, "admin/meetings/import_release.html", context, status=400)
    # Carry the release to the "Create draft" step as text: an upload is not sent twice.
    context["carry"] = ReleaseImportForm(
        initial={"text": content, "filename": filename, "source_url": url}
    )
    context["preview"] = preview
    context["proposal"] = preview.proposal
    context["rows"] = preview_rows(preview)
    context["duplicates"] = [
        (meeting, reverse("admin:meetings_meeting_change", args=[meeting.pk]))
        for meeting in preview.duplicates
    ]
    context["proposed"] = [
        (
            index,
            proposed,
            [
                (m, reverse("admin:meetings_meeting_change", args=[m.pk]))
                for m in proposed.duplicates
            ],
        )
        for index, proposed in enumerate(preview.meetings)
    ]
    return TemplateResponse(request, "admin/meetings/import_release.html", context)


def result_message(result) -> str:
    parts = [f"{len(result.created)} draft(s) created from the release"]
    if result.linked:
        parts.append(f"linked to {len(result.linked)} meeting(s) already in the archive")
    if result.skipped:
        parts.append(f"{len(result.skipped)} skipped")
    message = ", ".join(parts) + ": check each in the review queue, then publish."
    if result.new_people:
        message += f" New people to review: {', '.join(result.new_people)}."
    return message


def import_batch(uploads) -> list[dict]:
    """Import several uploaded releases, each in its own transaction; one row per release."""
    rows = []
    for upload in uploads:
        row = {"name": upload.name, "created": [], "linked": [], "skipped": [], "error": ""}
        try:
            name, data = read_upload(upload)
            content, _ = decode_release(data, name)
            result = import_release(content, name)
        except forms.ValidationError as error:
            row["error"] = " ".join(error.messages)
        except ReleaseError as error:
            row["error"] = str(error)
        except Exception as error:  # noqa: BLE001 - one broken release stops nothing else
            row["error"] = f"{type(error).__name__}: {error}"
        else:
            row["created"] = [
                (m, reverse("admin:meetings_meeting_change", args=[m.pk])) for m in result.created
            ]
            row["linked"] = [
                (m, reverse("admin:meetings_meeting_change", args=[m.pk])) for m in result.linked
            ]
            row["skipped"] = [proposed.title for proposed, _why in result.skipped]
        rows.append(row)
    return rows


def preview_rows(preview) -> list[tuple]:
    """(field, extracted value, what it matched in the archive) for each field the registry shows."""
    return [
        (
            field,
            preview.proposal.get(field.key),
            getattr(preview, field.matched) if field.matched else None,
        )
        for field in PREVIEW_FIELDS
    ]


def import_urls(model_admin):
    @csrf_exempt  # checked in read_import_request, once the upload limit is in place
    def view(request):
        return read_import_request(request, model_admin)

    return [
        path(
            "import/",
            model_admin.admin_site.admin_view(view),
            name="meetings_meeting_import",
        )
    ]
