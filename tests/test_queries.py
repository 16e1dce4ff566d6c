"""Every public page makes the same number of queries with 5 meetings as with 50.

Each page is loaded twice: once with an archive of 5 meetings (and as many people, documents and
agreements), once after it has grown to 50. The rows shown grow (a page shows up to 20 meetings),
the number of queries must not: a difference is an N+1 — typically a template reaching for a
relation the view did not select_related / prefetch_related. The pinned maxima catch a page that
starts doing more work per request even without an N+1.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Agreement, Meeting, Participant, Topic
from tests.factories import (
    make_agreement,
    make_document,
    make_meeting,
    make_membership,
    make_organization,
    make_person,
    make_series,
)

pytestmark = pytest.mark.django_db


class GrowingArchive:
    """Japan-U.S. meetings of one series, all attended by one minister, each with a different
    counterpart; the first meeting gathers every counterpart, and a document and an agreement
    come with each meeting."""

    def __init__(self):
        Topic.objects.get_or_create(
            slug="economic-security", defaults={"name": "Economic security"}
        )
        self.ministry = make_organization(name="Ministry of Economy", slug="meti")
        self.minister = make_person("Ken Saito", slug="ken-saito", country_id="JP")
        make_membership(
            self.minister, "Minister", datetime.date(2000, 1, 1), organization=self.ministry
        )
        self.series = make_series("Partnership")
        self.series.slug = "jucip"
        self.series.save()
        self.meetings = []

    def grow_to(self, count: int):
        for index in range(len(self.meetings), count):
            counterpart = make_person(f"Counterpart {index}", country_id="US")
            make_membership(counterpart, f"Secretary {index}", datetime.date(2000, 1, 1))
            meeting = make_meeting(
                title=f"Meeting {index}",
                slug="first-meeting" if index == 0 else f"meeting-{index}",
                series=self.series,
                ordinal=index + 1,
                start_date=datetime.date(2001 + index % 25, 1 + index % 12, 1 + index % 28),
                topics=("economic-security",),
                minerals=("gallium", "germanium") if index % 2 else ("gallium",),
                participants=[self.minister, counterpart],
                summary=f"Talks on gallium number {index}.",
            )
            make_document(meeting, issuer=self.ministry)
            agreement = make_agreement(
                meeting, slug="first-agreement" if index == 0 else f"agreement-{index}"
            )
            agreement.minerals.set(meeting.minerals.all())
            agreement.signatories.set([self.minister, counterpart])
            self.meetings.append(meeting)
            if index:  # the first meeting's record grows too: every counterpart, a document each
                Participant.objects.create(
                    meeting=self.meetings[0], person=counterpart, order=index + 2
                )
                make_document(self.meetings[0], issuer=self.ministry)


# Path → the most queries it may make (measured, plus nothing to spare: raise it deliberately).
# Tests compute everything on every request (no computed cache): a page of cards reads its ids,
# then renders every card (four queries); served, the cards come from the cache (meetings/cards.py).
PAGES = {
    "/": 12,  # latest ids, their cards (4), country pairs, their names, minerals, topics, totals (3)
    "/meetings/": 11,  # count, page's ids, its cards (4), five facets
    "/meetings/?country=JP&country=US&mineral=gallium&topic=economic-security": 14,
    "/meetings/?country=jp&year=2003&series=jucip&sort=date": 13,
    # The page read in the index's order (top-k: 1 on PostgreSQL, 2 on SQLite: the index, then
    # the filters by id), every match's id for the total and the facets (once per write in
    # production), five facets, the page (4), snippets (2).
    "/meetings/?q=gallium": 15,
    "/meetings/?person=ken-saito&country=XX": 7,
    # record, the reference records (4: held by each process when served), its outline, then
    # what it holds: participants, their offices, documents, agreements (2), sources; previous,
    # next, related (5), history (2)
    "/meetings/first-meeting/": 21,
    "/meetings/first-meeting/cite.bib": 3,  # record, history, its sources' history
    "/meetings/first-meeting/cite.json": 3,
    "/explore/": 6,  # years, countries, names, series, minerals × countries, their totals
    "/explore/?country=JP&country=US&mineral=gallium": 8,  # + the filters' two lookups
    "/explore/years.csv?country=JP": 7,
    "/explore/world.svg": 0,
    "/people/": 4,
    "/people/ken-saito/": 9,
    "/countries/": 1,
    "/countries/jp/": 8,
    "/countries/jp/us/": 9,  # pair, its meetings once, series, last, page's ids, cards (4)
    "/minerals/": 1,
    "/minerals/gallium/": 10,
    "/topics/": 1,
    "/topics/economic-security/": 9,
    "/series/": 2,
    "/series/jucip/": 9,
    "/agreements/": 3,
    "/agreements/first-agreement/": 6,  # with its Source records
    "/organizations/meti/": 9,
    # meetings, countries, organisations' participants, sources, documents, country names (and
    # organisation names when there are international organisations: tests/test_about.py)
    "/about/": 6,
    "/ja/about/": 6,
    "/api/coverage/": 6,
}


# A relevance page read in the index's order (top-k) reads the index once more when the meetings
# tied with the last one shown run past what it read (ties are broken by date, then id): every
# search document of this archive ranks the same for "gallium". Bounded, and not per row.
MAY_GROW = {"/meetings/?q=gallium": 1}


def queries_for(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code in (200, 400), (path, response.status_code)
    return len(captured)


def test_query_counts_do_not_grow_with_the_rows_shown_and_stay_pinned(client):
    # One test for every page: building the archive is the slow part, so it is built once.
    archive = GrowingArchive()
    archive.grow_to(5)
    # Sources are a generic relation: its content types are cached for the process's life (as in
    # production, after the first request), not looked up once per test database.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(Meeting, Agreement)
    with_five = {path: queries_for(client, path) for path in PAGES}
    archive.grow_to(50)
    with_fifty = {path: queries_for(client, path) for path in PAGES}
    print({path: with_fifty[path] for path in PAGES})  # shown by pytest -s when pins change
    # A page whose list is empty in one run takes another branch (suggestions instead of rows):
    # every path above lists meetings in both runs, so the comparison is like for like.

    grown = {
        path: (with_five[path], with_fifty[path])
        for path in PAGES
        if not 0 <= with_fifty[path] - with_five[path] <= MAY_GROW.get(path, 0)
    }
    assert not grown, f"queries (5 meetings, 50 meetings) grew on: {grown}"
    over = {
        path: (with_fifty[path], most) for path, most in PAGES.items() if with_fifty[path] > most
    }
    assert not over, f"queries (made, pinned) over the pin on: {over}"


def test_a_page_of_fifty_meetings_makes_no_query_per_row(client, django_assert_max_num_queries):
    GrowingArchive().grow_to(25)  # more than a page: 20 cards shown
    with django_assert_max_num_queries(PAGES["/meetings/"]):
        response = client.get("/meetings/")
    assert response.content.decode().count('class="card"') == 20
