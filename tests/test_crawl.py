"""Crawl the bundled archive from the home page, the list and the records: every public page a
reader can reach answers 200 with exactly one <h1>, and no internal link is broken."""

from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import reverse
from selectolax.lexbor import LexborHTMLParser

from meetings.models import Agreement, Country, Meeting, MeetingSeries, Organization, Person

# Machine-readable routes belong to the open-data pages, which have their own tests; the crawl
# checks the HTML pages a reader browses.
NOT_HTML_PAGES = ("/admin/", "/static/", "/api/", "/data/", "/sitemap.xml", "/robots.txt")
NOT_HTML_SUFFIXES = ("/meetings/feed/", "/meetings/calendar.ics", "/meetings/export.csv")
# Files, not pages: a record's citations, /explore/'s CSVs and map shapes (tested on their own).
NOT_HTML_ENDINGS = (".bib", ".ris", ".json", ".csv", ".svg")
# English pages and the Japanese records; a runaway crawl (links that keep inventing new URLs)
# fails instead of hanging: at most this many pages per record of the archive, plus the lists.
PAGES_PER_RECORD = 4
LIST_PAGES = 1000


def is_html_page(url: str) -> bool:
    path = urlsplit(url).path
    # The Japanese pages (reached by the language switch) are crawled too, but not their lists'
    # filter combinations: the same views as the English ones (tests/test_i18n.py renders some).
    if path.startswith("/ja/"):
        if urlsplit(url).query:
            return False
        path = path[len("/ja") :]
    return (
        not path.startswith(NOT_HTML_PAGES)
        and not path.startswith(NOT_HTML_SUFFIXES)
        and not path.endswith(NOT_HTML_ENDINGS)
    )


def internal_links(page: LexborHTMLParser, current: str) -> set[str]:
    links = set()
    for anchor in page.css("a[href]"):
        href = urldefrag(anchor.attributes["href"] or "")[0]
        if not href or href.startswith(("http://", "https://", "mailto:", "//")):
            continue
        if href.startswith("?"):
            href = urlsplit(current).path + href
        if href.startswith("/") and is_html_page(href):
            links.add(href)
    return links


@pytest.mark.django_db
def test_every_public_page_of_the_bundled_archive(client, bundled_archive):
    published = Meeting.objects.published()
    assert published.count() >= 10, "the bundled archive should hold the real meetings"
    start = ["/", reverse("meetings:list")] + [m.get_absolute_url() for m in published]
    queue, seen, problems = deque(start), set(start), []
    records = sum(
        model.objects.count()
        for model in (Meeting, Person, Organization, MeetingSeries, Agreement, Country)
    )
    most_pages = PAGES_PER_RECORD * records + LIST_PAGES
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{url}: HTTP {response.status_code}")
            continue
        page = LexborHTMLParser(response.content.decode())
        headings = len(page.css("h1"))
        if headings != 1:
            problems.append(f"{url}: {headings} <h1> elements")
        # /explore/ for a filtered list links to that list narrowed once more, for every mark:
        # such pages are checked, their links are not followed (tests/test_explore.py checks
        # every mark's link; the crawl would otherwise visit every combination of filters).
        if urlsplit(url).path == reverse("meetings:explore") and urlsplit(url).query:
            continue
        for link in internal_links(page, url) - seen:
            seen.add(link)
            queue.append(link)
        assert len(seen) < most_pages, "the crawl keeps finding new URLs"
    print(f"crawled {len(seen)} pages")  # shown with pytest -s
    assert not problems, "\n".join(problems)
    # The crawl reached every kind of page, not just the list.
    for prefix in ("/people/", "/countries/", "/minerals/", "/topics/", "/series/", "/agreements/"):
        assert any(url.startswith(prefix) and url != prefix for url in seen), prefix
        assert any(url.startswith("/ja" + prefix) and url != "/ja" + prefix for url in seen), prefix
    assert any(url.count("/") == 4 and url.startswith("/countries/") for url in seen)  # a pair
    assert any(url.startswith("/explore/?") for url in seen)  # the list links to /explore/
