"""Security: production settings pass `check --deploy`, anonymous pages carry every security header
and no cookie, hostile HTML stored through the admin renders inert, password guessing is locked
out, and staff two-factor sign-in works in both its modes.

Production settings are the real ones: `archive/settings.py` evaluated again with a production
environment, not values copied into the test.
"""

import html
import json
import os
import re
import runpy
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from meetings.models import Document, Meeting, Person
from meetings.sanitize import sanitize_html
from tests.factories import make_document, make_meeting

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_HOST = "archive.example.org"


def production_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return env | {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": PRODUCTION_HOST,
    }


@pytest.fixture
def production_settings(settings, monkeypatch):
    """Apply the production values of every security-related setting to this test."""
    for name in [k for k in os.environ if k.startswith("DJANGO_")]:
        monkeypatch.delenv(name)
    for name, value in production_environment().items():
        monkeypatch.setenv(name, value)
    production = runpy.run_path(str(ROOT / "archive" / "settings.py"))
    for name in [
        "ALLOWED_HOSTS",
        "MIDDLEWARE",
        "CONTENT_SECURITY_POLICY",
        "X_FRAME_OPTIONS",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "ARCHIVE_PUBLIC_MAX_AGE",
        "ARCHIVE_UNCACHED_PATHS",
        *[k for k in production if k.startswith("SECURE_")],
    ]:
        setattr(settings, name, production[name])
    # The server-side copy is tested in test_operations.py; here every response is fresh.
    settings.ARCHIVE_PAGE_CACHE_SECONDS = 0
    return production


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_environment()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def assert_security_headers(response):
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives.get("style-src", [])
    hsts = response["Strict-Transport-Security"]
    assert re.search(r"max-age=(\d+)", hsts).group(1) == "31536000"
    assert "includeSubDomains" in hsts and "preload" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "Set-Cookie" not in response
    assert not response.cookies


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/meetings/", "/countries/jp/", "/countries/jp/us/"])
def test_anonymous_page_has_every_security_header_no_cookie_and_is_cacheable(
    client, production_settings, path
):
    make_meeting(title="Header test meeting", topics=("export-controls",))
    response = client.get(path, secure=True, HTTP_HOST=PRODUCTION_HOST)
    assert response.status_code == 200
    assert_security_headers(response)
    assert "public" in response["Cache-Control"]
    assert response["ETag"]


@pytest.mark.django_db
def test_meeting_record_has_every_security_header_and_no_cookie(client, production_settings):
    meeting = make_meeting(title="Header test meeting")
    response = client.get(meeting.get_absolute_url(), secure=True, HTTP_HOST=PRODUCTION_HOST)
    assert response.status_code == 200
    assert_security_headers(response)
    assert response["ETag"]


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_in_production(client, production_settings):
    response = client.get("/meetings/", HTTP_HOST=PRODUCTION_HOST)
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    # except the load balancer's health probe
    assert client.get("/healthz", HTTP_HOST=PRODUCTION_HOST).status_code == 200


# --- Hostile HTML ---------------------------------------------------------------------------------

XSS_CORPUS = [
    "<script>alert('xss-script-tag')</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=\"alert('xss-onerror')\">",
    "<div onmouseover=\"alert('xss-hover')\">hover</div>",
    "<a href=\"javascript:alert('xss-js-url')\">js link</a>",
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    '<a href="&#106;avascript:alert(1)">entity encoded</a>',
    '<a href=" javascript:alert(1)">leading space</a>',
    '<svg onload="alert(\'xss-svg\')"><circle r="1"/></svg>',
    '<svg><script>alert("svg-script")</script></svg>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data url</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    "<p style=\"width: expression(alert('xss-style'))\">styled</p>",
    '<p style="background:url(javascript:alert(1))">bg</p>',
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert("mxss")>',
    '<base href="https://evil.example/">',
    '"><script>alert("attribute-breakout")</script>',
    "</script><script>alert('json-ld-breakout')</script>",
    "<details open ontoggle=alert(1)>",
]
DANGEROUS_TAGS = {"iframe", "object", "embed", "svg", "math", "base", "frame", "applet", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster"}


def dangerous_markup(page_html: str) -> list[str]:
    """Every live (not escaped) piece of markup in the page that could run script."""
    problems = []
    tree = HTMLParser(page_html)
    for node in tree.css("*"):
        if node.tag in DANGEROUS_TAGS:
            problems.append(f"<{node.tag}> element")
        if node.tag == "meta" and "refresh" in (node.attributes.get("http-equiv") or "").lower():
            problems.append("meta refresh")
        for name, value in node.attributes.items():
            value = html.unescape(value or "")
            squashed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name.lower().startswith("on"):
                problems.append(f"event handler {name}= on <{node.tag}>")
            if name.lower() in URL_ATTRIBUTES and squashed.startswith(
                ("javascript:", "vbscript:", "data:text/html", "data:image/svg")
            ):
                problems.append(f"{name}={value[:40]!r} on <{node.tag}>")
            if name.lower() == "style" and ("expression(" in squashed or "url(" in squashed):
                problems.append(f"style={value[:40]!r}")
    for script in tree.css("script"):
        kind = (script.attributes.get("type") or "").lower()
        source = script.attributes.get("src") or ""
        if kind == "application/ld+json":
            text = script.text(deep=True)
            json.loads(text)  # data, and well-formed: nothing broke out of it
            if "<" in text:
                problems.append("unescaped < inside JSON-LD")
        elif not (source.startswith("/static/") and not script.text(deep=True).strip()):
            problems.append(f"script element src={source!r}")
    return problems


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_sanitiser_makes_each_payload_inert(payload):
    cleaned = sanitize_html(payload)
    assert dangerous_markup(f"<div>{cleaned}</div>") == []
    assert "<script" not in cleaned.lower()


@pytest.mark.django_db
def test_document_body_is_stored_sanitised():
    meeting = make_meeting()
    document = make_document(meeting, body="<p>Kept</p>" + "".join(XSS_CORPUS))
    stored = Document.objects.get(pk=document.pk).body
    assert "<p>Kept</p>" in stored
    assert dangerous_markup(stored) == []


def admin_form_data(page_html: str) -> dict:
    """The values a browser would submit from the admin's meeting form as first shown."""
    tree = HTMLParser(page_html)
    form = tree.css_first("form#meeting_form")
    data: dict[str, list[str] | str] = {}
    for node in form.css("input, select, textarea"):
        name = node.attributes.get("name")
        kind = (node.attributes.get("type") or "").lower()
        if not name or kind in ("submit", "button", "file"):
            continue
        if kind in ("checkbox", "radio") and "checked" not in node.attributes:
            continue
        if node.tag == "select":
            chosen = [o.attributes.get("value") or "" for o in node.css("option[selected]")]
            if chosen:
                data[name] = chosen if "multiple" in node.attributes else chosen[0]
        elif node.tag == "textarea":
            data[name] = node.text(deep=True).lstrip("\n")
        else:
            data[name] = node.attributes.get("value") or ""
    return data


@pytest.mark.django_db
def test_hostile_html_entered_through_the_admin_renders_inert(client, django_user_model):
    editor = django_user_model.objects.create_superuser("chief-editor", "c@example.org", "pw")
    client.force_login(editor)
    add_page = client.get("/admin/meetings/meeting/add/")
    assert add_page.status_code == 200
    data = admin_form_data(add_page.content.decode())
    # One release, filled in from the inline's empty form.
    for name in [n for n in data if n.startswith("documents-__prefix__-")]:
        data[name.replace("__prefix__", "0")] = data[name]
    corpus = "".join(XSS_CORPUS)
    # What publishing needs: a reviewed person on each side and an official source.
    saito = Person.objects.create(name="Ken Saito", slug="ken-saito-x", country_id="JP")
    gina = Person.objects.create(name="Gina Raimondo", slug="gina-raimondo-x", country_id="US")
    sources = "meetings-source-content_type-object_id"
    for n, person in enumerate([saito, gina]):
        data |= {
            f"participants-{n}-person": str(person.pk),
            f"participants-{n}-name": person.name,
            f"participants-{n}-country": person.country_id,
            f"participants-{n}-role": "head",
            f"participants-{n}-order": str(n),
        }
    data |= {
        "participants-TOTAL_FORMS": "2",
        f"{sources}-TOTAL_FORMS": "1",
        f"{sources}-0-url": "https://www.meti.go.jp/english/press/2024/0627_001.html",
        f"{sources}-0-kind": "official release",
        f"{sources}-0-order": "0",
    }
    data |= {
        "title": "<script>alert('title')</script> Hostile meeting",
        "slug": "hostile-meeting",
        "status": Meeting.Status.PUBLISHED,
        "start_date": "2024-06-26",
        "countries": ["JP", "US"],
        "city": '<img src=x onerror="alert(1)">',
        "summary": corpus,
        "documents-TOTAL_FORMS": "1",
        "documents-0-title": "<svg onload=alert(1)>Release",
        "documents-0-body": "<p>The ministers met.</p>" + corpus,
        "documents-0-source_url": "https://example.org/release",
        "documents-0-attachments": "[]",
        "documents-0-language": "en",
        "documents-0-kind": Document.Kind.PRESS_RELEASE,
        "_save": "Save",
    }
    response = client.post("/admin/meetings/meeting/add/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    meeting = Meeting.objects.get(slug="hostile-meeting")
    # The release is a document of its own, linked to the meeting(s) it reports.
    document = {
        name.removeprefix("documents-0-"): value
        for name, value in data.items()
        if name.startswith("documents-0-")
    }
    response = client.post(
        "/admin/meetings/document/add/", document | {"meetings": [meeting.pk], "_save": "Save"}
    )
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    stored_body = meeting.documents.get().body
    assert "<p>The ministers met.</p>" in stored_body
    assert "<script" not in stored_body.lower()

    client.logout()
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "The ministers met." in text
    assert dangerous_markup(text) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "hostile_source",
    ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>alert(1)</script>"],
)
def test_source_links_with_a_script_scheme_are_not_rendered_as_links(client, hostile_source):
    """Sources are URLs an editor pastes (or the importer finds); autoescaping does not stop a
    `javascript:` URL from running when a reader clicks it."""
    meeting = make_meeting(sources=["https://example.org/release", hostile_source])
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert 'href="https://example.org/release"' in page.content.decode()
    assert dangerous_markup(page.content.decode()) == []


@pytest.mark.django_db
def test_hostile_release_imported_through_the_importer_renders_inert(client):
    """A release page carrying the corpus, imported as editors do, then published and read."""
    from meetings.importer.service import meeting_import_release

    release = (
        "<html><head><title>Release</title><script>alert('head')</script></head><body>"
        "<h1>Minister Saito Meets Secretary Raimondo</h1><p>June 27, 2024</p>"
        "<p>On June 26, Minister of Economy, Trade and Industry Ken Saito met Secretary of "
        "Commerce Gina Raimondo in Tokyo to discuss export controls on gallium.</p>"
        + "".join(XSS_CORPUS)
        + "</body></html>"
    )
    meeting, _ = meeting_import_release(release.encode(), "release.html")
    assert meeting.documents.exists()
    meeting.status = Meeting.Status.PUBLISHED
    meeting.save()
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ken Saito" in text
    assert dangerous_markup(text) == []
    assert dangerous_markup(meeting.documents.get().body) == []


# --- Password guessing ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_login_locks_out_after_repeated_failures(client, django_user_model, settings):
    django_user_model.objects.create_user(
        "editor", password="correct horse battery staple", is_staff=True
    )
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "editor", "password": "wrong guess"})
    locked = client.post(
        "/admin/login/", {"username": "editor", "password": "correct horse battery staple"}
    )
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    # The lock is for this account from this address: the editor elsewhere can still sign in.
    elsewhere = Client(REMOTE_ADDR="192.0.2.44")
    response = elsewhere.post(
        "/admin/login/", {"username": "editor", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_few_failures_do_not_lock_out(client, django_user_model, settings):
    django_user_model.objects.create_user(
        "editor", password="correct horse battery staple", is_staff=True
    )
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/admin/login/", {"username": "editor", "password": "wrong guess"})
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302


# --- Staff two-factor -----------------------------------------------------------------------------

PASSWORD = "correct horse battery staple"


def enrol(username: str) -> TOTPDevice:
    out = StringIO()
    call_command("add_totp_device", username, stdout=out)
    assert "otpauth://totp/" in out.getvalue()
    return TOTPDevice.objects.get(user__username=username)


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


@pytest.mark.django_db
def test_two_factor_is_optional_by_default_for_staff_without_a_device(client, django_user_model):
    django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_staff_with_a_device_must_give_its_code(client, django_user_model):
    django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    device = enrol("editor")
    without_code = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert without_code.status_code == 200
    assert client.get("/admin/").status_code == 302
    with_code = client.post(
        "/admin/login/",
        {"username": "editor", "password": PASSWORD, "otp_token": current_code(device)},
    )
    assert with_code.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_is_refused(client, django_user_model):
    django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    device = enrol("editor")
    wrong = "000000" if current_code(device) != "000000" else "111111"
    response = client.post(
        "/admin/login/", {"username": "editor", "password": PASSWORD, "otp_token": wrong}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_required_two_factor_turns_away_staff_without_a_verified_device(
    client, django_user_model, settings
):
    settings.ADMIN_REQUIRE_2FA = True
    user = django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 200  # the form asks for a code it cannot get
    # Signed in by password alone (any other way), the admin still does not open.
    client.force_login(user)
    assert client.get("/admin/").status_code == 302
    client.logout()
    device = enrol("editor")
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": PASSWORD, "otp_token": current_code(device)},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_two_factor_is_required_when_the_environment_says_so(monkeypatch):
    for name, value in production_environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DJANGO_ADMIN_REQUIRE_2FA", "1")
    assert runpy.run_path(str(ROOT / "archive" / "settings.py"))["ADMIN_REQUIRE_2FA"] is True
    monkeypatch.delenv("DJANGO_ADMIN_REQUIRE_2FA")
    assert runpy.run_path(str(ROOT / "archive" / "settings.py"))["ADMIN_REQUIRE_2FA"] is False


@pytest.mark.django_db
def test_admin_shows_the_qr_code_to_enrol_a_device(client, django_user_model):
    admin_user = django_user_model.objects.create_superuser("chief", "c@example.org", PASSWORD)
    django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    device = enrol("editor")
    client.force_login(admin_user)
    response = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in response.content
