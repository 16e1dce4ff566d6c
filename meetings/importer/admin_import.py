"""The admin's "Import a release" page: paste or upload → preview with matches → create the draft.

Reached from the meeting change list (MeetingAdmin.get_urls). Staff only, through
`admin_site.admin_view` (login and CSRF), and only for editors who may add meetings.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from meetings.importer import MAX_RELEASE_BYTES, MAX_RELEASE_LABEL, ReleaseError
from meetings.importer.service import DuplicateMeeting, meeting_import_release, release_preview

ALLOWED_EXTENSIONS = (".txt", ".html", ".htm")


class ReleaseImportForm(forms.Form):
    text = forms.CharField(
        label="Release text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 100}),
        help_text="Paste the release as text or HTML, English or Japanese.",
    )
    release_file = forms.FileField(
        label="…or upload a file",
        required=False,
        help_text=f"A .txt or .html file of at most {MAX_RELEASE_LABEL}.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.html,.htm"}),
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
        upload = cleaned.get("release_file")
        text = cleaned.get("text") or ""
        if upload:
            name = upload.name or ""
            if not name.lower().endswith(ALLOWED_EXTENSIONS):
                raise forms.ValidationError(
                    "Upload a .txt or .html file (PDF and Word files cannot be read here: copy "
                    "their text instead)."
                )
            if upload.size > MAX_RELEASE_BYTES:
                raise forms.ValidationError(
                    f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                    f"{MAX_RELEASE_LABEL}. Upload only the release itself."
                )
            data = upload.read(MAX_RELEASE_BYTES + 1)
            cleaned["filename"] = name
        elif text.strip():
            data = text.encode("utf-8")
        else:
            raise forms.ValidationError("Paste the release's text or choose a file to upload.")
        try:
            from meetings.importer.text import decode_release

            content, _ = decode_release(data, cleaned.get("filename") or "")
        except ReleaseError as error:
            raise forms.ValidationError(str(error)) from error
        cleaned["content"] = content
        return cleaned


def import_release_view(request, model_admin):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import a release",
        "max_size": MAX_RELEASE_LABEL,
    }
    if request.method != "POST":
        context["form"] = ReleaseImportForm()
        return TemplateResponse(request, "admin/meetings/import_release.html", context)

    form = ReleaseImportForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return TemplateResponse(request, "admin/meetings/import_release.html", context, status=400)
    content = form.cleaned_data["content"]
    filename = form.cleaned_data.get("filename") or ""
    url = form.cleaned_data.get("source_url") or ""
    try:
        if request.POST.get("action") == "create":
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
    context["duplicates"] = [
        (meeting, reverse("admin:meetings_meeting_change", args=[meeting.pk]))
        for meeting in preview.duplicates
    ]
    return TemplateResponse(request, "admin/meetings/import_release.html", context)


def import_urls(model_admin):
    def view(request):
        return import_release_view(request, model_admin)

    return [
        path(
            "import/",
            model_admin.admin_site.admin_view(view),
            name="meetings_meeting_import",
        )
    ]
