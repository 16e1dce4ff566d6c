"""Screenshots of the public pages at phone (375 px) and desktop (1280 px) widths.

SCREENSHOTS_ONLY=explore,meeting (page names) shoots only those.

`make screenshots` runs this after `make data`. It starts a server on the bundled archive in SQLite
(DATABASE_URL is ignored; SQLITE_PATH is honoured), drives Debian's chromium through Playwright,
writes PNGs into screenshots/ (git-ignored) and stops the server.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WIDTHS = {"phone": (375, 812), "desktop": (1280, 900)}


def server_environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["DJANGO_DEBUG"] = "1"  # serve static files without collectstatic
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


def main() -> None:
    from playwright.sync_api import sync_playwright

    pages = pages_to_shoot()
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
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
