"""Screenshots of the public pages at phone (375 px) and desktop (1280 px) widths, and of the
editors' admin at desktop width (review queue, import preview, meeting change form).

SCREENSHOTS_ONLY=explore,meeting (page names) shoots only those.

`make screenshots` runs this after `make data`. It copies the SQLite database (DATABASE_URL is
ignored; SQLITE_PATH is honoured) to a scratch file, adds a signed-in editor and a draft imported
from a release there (never in your database), starts a server on the copy, drives Debian's
chromium through Playwright, writes PNGs into screenshots/ (git-ignored) and stops the server.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WIDTHS = {"phone": (375, 812), "desktop": (1280, 900)}


def server_environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    # os.environ["SQLITE_PATH"] names the scratch copy by now (scratch_database).
    env["DJANGO_DEBUG"] = "1"  # serve static files without collectstatic
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


EDITOR = "screenshots-editor"
RELEASE = ROOT / "tests" / "fixtures" / "releases" / "meti-epcc2-2023-11-16.txt"
# The import preview shows a release reporting three meetings: a table of proposed meetings.
MULTI_RELEASE = (
    ROOT
    / "tests"
    / "fixtures"
    / "releases"
    / "multi"
    / "meti-hosts-three-ministers-tokyo-2024-03-08.txt"
)


def scratch_database() -> Path:
    """A copy of the SQLite database for the server to use (SQLITE_PATH for both processes)."""
    source = Path(os.environ.get("SQLITE_PATH", ROOT / "db.sqlite3"))
    if not source.exists():
        sys.exit("No database: run `make data` first.")
    copy = Path(tempfile.mkdtemp(prefix="screenshots-")) / "db.sqlite3"
    shutil.copy(source, copy)
    os.environ["SQLITE_PATH"] = str(copy)
    return copy


def prepare_admin(password: str) -> dict[str, str]:
    """An editor who may publish, a draft in the review queue; the admin pages to shoot."""
    from django.contrib.auth.models import User

    from meetings.importer.service import import_release
    from meetings.models import Meeting

    user, _ = User.objects.get_or_create(username=EDITOR, defaults={"is_staff": True})
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    if RELEASE.exists() and not Meeting.objects.filter(status=Meeting.Status.DRAFT).exists():
        import_release(RELEASE.read_bytes(), RELEASE.name, force=True)
    seed = Meeting.objects.published().filter(slug__startswith="2024-06-26").first()
    pages = {"admin-review-queue": "/admin/meetings/meeting/review/"}
    if seed is not None:
        pages["admin-meeting-change"] = f"/admin/meetings/meeting/{seed.pk}/change/"
    pages["admin-meeting-list"] = "/admin/meetings/meeting/"
    return pages


def pages_to_shoot() -> dict[str, str]:
    """Name → path, picked from the database the server will use."""
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ["DJANGO_DEBUG"] = "1"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from meetings.models import Meeting, Participant

    published = Meeting.objects.published()
    seed = (
        published.filter(slug__startswith="2024-06-26").first() or published.newest_first().first()
    )
    if seed is None:
        sys.exit("No published meetings: run `make data` first.")
    participant = (
        Participant.objects.filter(meeting=seed, person__isnull=False)
        .select_related("person")
        .first()
        or Participant.objects.filter(meeting__in=published, person__isnull=False)
        .select_related("person")
        .first()
    )
    pages = {
        "home": "/",
        "list-filtered": "/meetings/?country=JP&country=US&year=2024&mineral=gallium",
        "meeting": seed.get_absolute_url(),
        "country-pair": "/countries/jp/us/",
        "mineral": "/minerals/gallium/",
        "explore": "/explore/",
        "explore-jp-us": "/explore/?country=JP&country=US",
        "api-docs": "/api/docs/",
    }
    if participant:
        pages["person"] = participant.person.get_absolute_url()
    # The same pages in Japanese (/ja/...), and the Japanese-only ones of the acceptance list.
    pages |= {
        f"ja-{name}": "/ja" + path for name, path in list(pages.items()) if name != "api-docs"
    }
    pages |= {
        "ja-list-search": "/ja/meetings/?q=経済安全保障",
        "ja-topic": "/ja/topics/economic-security/",
        "ja-series": "/ja/series/japan-us-commercial-and-industrial-partnership/",
        "ja-data": "/ja/data/",
    }
    # SCREENSHOTS_ONLY=explore,meeting shoots only those pages.
    only = [name for name in os.environ.get("SCREENSHOTS_ONLY", "").split(",") if name]
    return {name: path for name, path in pages.items() if not only or name in only}


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"The server did not answer at {url}")


def shoot_admin(browser, base: str, password: str, pages: dict[str, str]) -> None:
    """The admin at desktop width, signed in: each page, and the import page's preview
    ("admin-import-preview"); SCREENSHOTS_ONLY applies here too."""
    only = [name for name in os.environ.get("SCREENSHOTS_ONLY", "").split(",") if name]
    pages = {name: path for name, path in pages.items() if not only or name in only}
    if not pages and only and "admin-import-preview" not in only:
        return
    width, height = WIDTHS["desktop"]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(base + "/admin/login/?next=/admin/")
    page.fill("#id_username", EDITOR)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    for name, path in pages.items():
        response = page.goto(base + path)
        target = OUTPUT / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        print(f"{response.status if response else '?'} {path} -> {target.relative_to(ROOT)}")
    if only and "admin-import-preview" not in only:
        context.close()
        return
    page.goto(base + "/admin/meetings/meeting/import/")
    if MULTI_RELEASE.exists():
        page.fill("#id_text", MULTI_RELEASE.read_text(encoding="utf-8"))
        page.get_by_role("button", name="Preview").click()
    target = OUTPUT / f"admin-import-preview-{width}.png"
    page.screenshot(path=str(target), full_page=True)
    print(f"import preview -> {target.relative_to(ROOT)}")
    context.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    database = scratch_database()
    pages = pages_to_shoot()
    password = secrets.token_urlsafe(24)
    admin_pages = prepare_admin(password)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    OUTPUT.mkdir(exist_ok=True)
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=server_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(base + "/")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
            )
            for width_name, (width, height) in WIDTHS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=1,
                    is_mobile=width_name == "phone",
                )
                page = context.new_page()
                for name, path in pages.items():
                    response = page.goto(base + path)
                    page.wait_for_load_state("networkidle")  # e.g. the API docs' explorer
                    status = response.status if response else "?"
                    target = OUTPUT / f"{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(f"{status} {path} -> {target.relative_to(ROOT)}")
                context.close()
            shoot_admin(browser, base, password, admin_pages)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(database.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
