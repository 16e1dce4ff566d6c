"""The admin's "Import a release" page: preview, create, duplicate warning, permissions, bad input."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from meetings.models import Document, Meeting, Person
from tests.factories import make_person, make_series

FIXTURES = Path(__file__).parent / "fixtures" / "releases"
SEED = FIXTURES / "meti-jucip-4th-ministerial-2024-06-27.txt"
IMPORT_URL = reverse("admin:meetings_meeting_import")

pytestmark = pytest.mark.django_db


def make_staff(*codenames) -> User:
    user = User.objects.create_user("editor", password="a-long-test-password", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="meetings", codename__in=codenames)
    )
    return user


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(make_staff("add_meeting", "change_meeting", "view_meeting"))
    return client


def preview(client, **data):
    return client.post(IMPORT_URL, {"action": "preview", **data})


def create(client, text, **extra):
    return client.post(IMPORT_URL, {"action": "create", "text": text, **extra})


def test_the_meeting_change_list_links_to_the_import_page(editor_client):
    response = editor_client.get(reverse("admin:meetings_meeting_changelist"))
    assert response.status_code == 200
    assert f'href="{IMPORT_URL}"' in response.text
    assert "Import a release" in response.text


def test_the_import_page_has_labelled_controls_and_one_heading(editor_client):
    response = editor_client.get(IMPORT_URL)
    assert response.status_code == 200
    assert response.text.count("<h1") == 1
    for control in ("id_text", "id_release_file", "id_source_url"):
        assert f'for="{control}"' in response.text
    assert 'enctype="multipart/form-data"' in response.text


def test_preview_shows_each_field_what_it_matched_and_what_is_new(editor_client):
    saito = make_person("Ken Saito", family_name="Saito", given_name="Ken", country_id="JP")
    response = preview(editor_client, text=SEED.read_text(encoding="utf-8"))
    assert response.status_code == 200
    page = response.text
    assert "2024-06-26" in page and "Washington, D.C." in page
    assert reverse("admin:meetings_person_change", args=[saito.pk]) in page
    assert "Gina Raimondo will be created for review" in page
    assert "Japan-U.S. Commercial and Industrial Partnership" in page and "(round 4)" in page
    assert "gallium" in page and "germanium" in page and "graphite" in page
    assert "Americas Division, Trade Policy Bureau" in page
    assert "Create draft" in page
    assert Meeting.objects.count() == 0  # a preview writes nothing


def test_preview_of_an_uploaded_html_file(editor_client):
    upload = SimpleUploadedFile(
        "release.html", (FIXTURES / "mofa-hled-2024-05-02.html").read_bytes(), "text/html"
    )
    response = preview(editor_client, release_file=upload)
    assert response.status_code == 200
    assert "Dombrovskis" in response.text and "2024-05-02" in response.text
    assert "window.analytics" not in response.text.split('id="carry-text"')[0]


def test_create_draft_opens_the_prefilled_change_form_with_the_release_stored(editor_client):
    response = create(
        editor_client,
        SEED.read_text(encoding="utf-8"),
        source_url="https://www.meti.go.jp/english/press/2024/0627_001.html",
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:meetings_meeting_change", args=[meeting.pk])
    form = editor_client.get(response.url)
    assert form.status_code == 200
    assert 'value="2024-06-26"' in form.text or "2024-06-26" in form.text
    assert meeting.status == Meeting.Status.DRAFT and meeting.ordinal == 4
    document = meeting.documents.get()
    assert document.source_url.endswith("0627_001.html")
    assert document.division == "Americas Division, Trade Policy Bureau"
    assert "Draft created from the release" in form.text


def test_a_likely_duplicate_is_shown_with_a_link_and_refused_without_confirmation(editor_client):
    make_series("Japan-U.S. Commercial and Industrial Partnership", acronym="JUCIP")
    text = SEED.read_text(encoding="utf-8")
    create(editor_client, text)
    existing = Meeting.objects.get()
    link = reverse("admin:meetings_meeting_change", args=[existing.pk])

    shown = preview(editor_client, text=text)
    assert "probably in the archive already" in shown.text and link in shown.text
    assert 'name="force"' in shown.text

    refused = create(editor_client, text)
    assert refused.status_code == 200
    assert "no draft was created" in refused.text and link in refused.text
    assert Meeting.objects.count() == 1

    forced = create(editor_client, text, force="on")
    assert forced.status_code == 302
    assert Meeting.objects.count() == 2


@pytest.mark.parametrize(
    "upload,message",
    [
        (SimpleUploadedFile("empty.txt", b"", "text/plain"), "Paste the release"),
        (SimpleUploadedFile("r.txt", b"\x00\x01\x02PK\x03\x04", "text/plain"), "binary"),
        (SimpleUploadedFile("r.txt", b"a" * (10 * 1024 * 1024), "text/plain"), "limit is 2 MB"),
        (SimpleUploadedFile("r.pdf", b"%PDF-1.7", "application/pdf"), ".txt or .html"),
    ],
    ids=["empty", "binary", "10MB", "pdf"],
)
def test_bad_uploads_get_a_clear_message_and_change_nothing(editor_client, upload, message):
    response = preview(editor_client, release_file=upload)
    assert response.status_code == 400
    assert message in response.text
    assert Meeting.objects.count() == 0


def test_nothing_pasted_gets_a_message(editor_client):
    response = preview(editor_client, text="   ")
    assert response.status_code == 400
    assert "Paste the release" in response.text


def test_text_with_no_meeting_previews_as_an_empty_proposal_and_cannot_be_created(editor_client):
    text = "Opening hours\n\nThe library is open from nine to five on weekdays."
    shown = preview(editor_client, text=text)
    assert shown.status_code == 200 and "No meeting found" in shown.text
    assert "Create draft" not in shown.text
    refused = create(editor_client, text)
    assert refused.status_code == 400 and "No meeting found" in refused.text
    assert Meeting.objects.count() == 0


def test_scripts_in_pasted_html_are_sanitised_in_the_stored_document(editor_client):
    html = (
        "<html><body><h1>Minister Saito Meets Secretary Raimondo</h1><p>June 27, 2024</p>"
        "<p>On June 26, Minister of Economy, Trade and Industry Ken Saito met Secretary of "
        "Commerce Gina Raimondo in Tokyo.</p><script>alert('x')</script></body></html>"
    )
    response = create(editor_client, html)
    assert response.status_code == 302
    body = Document.objects.get().body
    assert "<script" not in body and "alert" not in body


def test_anonymous_visitors_are_sent_to_the_login_page():
    response = Client().get(IMPORT_URL)
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_staff_without_add_permission_are_refused():
    client = Client()
    client.force_login(make_staff("view_meeting"))
    assert client.get(IMPORT_URL).status_code == 403
    assert create(client, SEED.read_text(encoding="utf-8")).status_code == 403
    assert Meeting.objects.count() == 0 and Person.objects.count() == 0


def test_the_form_is_csrf_protected():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff("add_meeting", "change_meeting", "view_meeting"))
    response = create(client, SEED.read_text(encoding="utf-8"))
    assert response.status_code == 403
    assert Meeting.objects.count() == 0


def test_preview_query_count_does_not_grow_with_the_archive(editor_client):
    """Guards against one query per archived person or series while building the gazetteer."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    text = SEED.read_text(encoding="utf-8")

    def queries_for_preview() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert preview(editor_client, text=text).status_code == 200
        return len(captured)

    make_person("Person Number0", family_name="Number0")
    small = queries_for_preview()
    for n in range(1, 30):
        make_person(f"Person Number{n}", family_name=f"Number{n}")
        make_series(f"Series number {n}")
    assert queries_for_preview() == small
    assert small <= 40


def test_a_10_mb_paste_is_refused_without_a_server_error(editor_client):
    response = preview(editor_client, text="a" * (10 * 1024 * 1024))
    assert response.status_code == 400
    assert Meeting.objects.count() == 0


def test_a_paste_just_over_the_limit_gets_the_limit_message(editor_client):
    from meetings.importer import MAX_RELEASE_BYTES

    response = preview(editor_client, text="a" * (MAX_RELEASE_BYTES + 10))
    assert response.status_code == 400
    assert "limit is 2 MB" in response.text


# --- Oversized input is refused while it is read (issue 16, item 5) ----------------------------------

BOUNDARY = "ReleaseBoundary"


class LazyUpload:
    """A multipart body with one `release_file` of `size` bytes, generated as it is read; counts
    how much of it the server consumed."""

    def __init__(self, size: int):
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="action"\r\n\r\npreview\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="release_file"; '
            f'filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n'
        ).encode()
        tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.parts = [(head, len(head)), (None, size), (tail, len(tail))]
        self.length = sum(n for _, n in self.parts)
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self.length - self.position
        out, offset = [], 0
        for data, n in self.parts:
            start, end = max(self.position - offset, 0), min(self.position + size - offset, n)
            if start < end:
                out.append(data[start:end] if data is not None else b"a" * (end - start))
            offset += n
        chunk = b"".join(out)
        self.position += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:  # pragma: no cover - not used by the parser
        return self.read(size)


def post_lazy_upload(user, size: int, content_length: int | None = None):
    from django.core.handlers.wsgi import WSGIRequest
    from django.test import RequestFactory
    from django.urls import resolve

    body = LazyUpload(size)
    environ = RequestFactory()._base_environ(
        PATH_INFO=IMPORT_URL,
        REQUEST_METHOD="POST",
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(content_length if content_length is not None else body.length),
        **{"wsgi.input": body},
    )
    request = WSGIRequest(environ)
    user.is_verified = lambda: False  # what django_otp's middleware sets: no second factor yet
    request.user = user
    request.resolver_match = resolve(IMPORT_URL)
    request._dont_enforce_csrf_checks = True
    response = resolve(IMPORT_URL).func(request)
    if hasattr(response, "render"):
        response.render()
    return response, body


def test_a_100_mb_upload_is_refused_without_reading_it_in_full():
    user = make_staff("add_meeting", "change_meeting", "view_meeting")
    response, body = post_lazy_upload(user, 100 * 1024 * 1024)
    assert response.status_code in (400, 413)
    assert "limit is 2 MB" in response.content.decode()
    assert body.position < 5 * 1024 * 1024


def test_an_upload_over_the_limit_is_read_in_chunks_and_stopped_at_the_limit():
    from meetings.importer import MAX_RELEASE_BYTES

    user = make_staff("add_meeting", "change_meeting", "view_meeting")
    size = MAX_RELEASE_BYTES + 2 * 1024 * 1024  # under any request-size shortcut, over the limit
    response, body = post_lazy_upload(user, size)
    assert response.status_code == 400
    assert "limit is 2 MB" in response.content.decode()
    assert body.position < MAX_RELEASE_BYTES + 512 * 1024


def test_a_paste_over_djangos_request_limit_gets_the_importers_message(editor_client, settings):
    response = preview(editor_client, text="a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    assert response.status_code == 400
    assert "limit is 2 MB" in response.text
    assert 'id="import-form"' in response.text


def test_an_urlencoded_paste_over_djangos_request_limit_gets_the_importers_message(editor_client):
    from urllib.parse import urlencode

    body = urlencode({"action": "preview", "text": "a" * (3 * 1024 * 1024)})
    response = editor_client.post(
        IMPORT_URL, body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "limit is 2 MB" in response.text


def test_an_upload_just_under_the_limit_is_still_read():
    user = make_staff("add_meeting", "change_meeting", "view_meeting")
    response, _ = post_lazy_upload(user, 1024 * 1024)
    assert response.status_code == 200
    assert "limit is 2 MB" not in response.content.decode()


def test_every_registered_preview_row_names_what_the_service_matched():
    from meetings.importer.extract import FIELDS, PREVIEW_FIELDS
    from meetings.importer.service import release_preview

    shown = release_preview(SEED.read_bytes(), SEED.name)
    for field in FIELDS:
        if field.matched:
            assert hasattr(shown, field.matched), field.key
    assert [f.key for f in PREVIEW_FIELDS] == [f.key for f in FIELDS if f.label]


def test_the_preview_shows_one_row_per_registered_field(editor_client):
    from meetings.importer.extract import PREVIEW_FIELDS

    response = preview(editor_client, text=SEED.read_text(encoding="utf-8"))
    table = response.text[response.text.index('class="import-preview"') :]
    table = table[: table.index("</table>")]
    assert table.count('<th scope="row">') == len(PREVIEW_FIELDS)
    for field in PREVIEW_FIELDS:
        assert f'<th scope="row">{field.label}</th><td id="{field.html_id}">' in table


def test_the_create_step_carries_the_release_without_percent_encoding_it(editor_client):
    """A urlencoded carry would send a 1 MB Japanese release as ~3 MB, over the request limit."""
    response = preview(editor_client, text=SEED.read_text(encoding="utf-8"))
    import re

    form = re.search(r'<form [^>]*id="create-draft-form"[^>]*>', response.text)
    assert form and 'enctype="multipart/form-data"' in form.group(0)
