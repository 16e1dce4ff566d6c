"""One rule for what the public may see (DESIGN.md, "What the public sees").

A draft meeting the importer created, with a new person, series, organization and agreement: none of
them may show anywhere public — page, API, list, facet, count, sitemap, feed or search — until an
editor has reviewed the records and published the meeting.
"""

from __future__ import annotations

import pytest

from meetings.models import (
    Agreement,
    Document,
    Meeting,
    MeetingSeries,
    Membership,
    Organization,
    Participant,
    Person,
)
from tests.factories import make_agreement, make_meeting, make_organization, make_person

pytestmark = pytest.mark.django_db

PERSON_NAME = "Zebulon Quxworth"
SERIES_NAME = "Xanthic Partnership Dialogue"
ORGANIZATION_NAME = "Ministry of Quxworthian Affairs"
AGREEMENT_TITLE = "Memorandum on Zirconium Quxworth"


@pytest.fixture
def draft(db):
    """What import_release leaves behind: a draft and the new records it made, all for review."""
    organization = make_organization(
        name=ORGANIZATION_NAME, slug="quxworth-ministry", needs_review=True
    )
    person = make_person(PERSON_NAME, slug="zebulon-quxworth", country_id="US", needs_review=True)
    series = MeetingSeries.objects.create(
        name=SERIES_NAME, slug="xanthic-partnership", needs_review=True
    )
    meeting = make_meeting(
        title="Quxworth meets the minister",
        slug="quxworth-meeting",
        status=Meeting.Status.DRAFT,
        series=series,
        topics=["economic-security"],
    )
    Participant.objects.create(
        meeting=meeting, person=person, organization=organization, country_id="US"
    )
    Document.objects.create(title="Quxworth release", issuer=organization).meetings.add(meeting)
    agreement = make_agreement(meeting, title=AGREEMENT_TITLE, slug="quxworth-memorandum")
    return {
        "meeting": meeting,
        "person": person,
        "series": series,
        "organization": organization,
        "agreement": agreement,
    }


def pages(records):
    return {
        "meeting": [records["meeting"].get_absolute_url(), "/api/meetings/quxworth-meeting/"],
        "person": [records["person"].get_absolute_url(), "/api/people/zebulon-quxworth/"],
        "series": [records["series"].get_absolute_url(), "/api/series/xanthic-partnership/"],
        "organization": [records["organization"].get_absolute_url()],
        "agreement": [
            records["agreement"].get_absolute_url(),
            "/api/agreements/quxworth-memorandum/",
        ],
    }


# Every public place that lists, counts or finds records, and the names that must (not) show there.
LISTINGS = [
    "/",
    "/meetings/",
    "/meetings/?q=Quxworth",
    "/meetings/?q=Xanthic",
    "/people/",
    "/series/",
    "/agreements/",
    "/countries/us/",
    "/countries/jp/us/",
    "/topics/economic-security/",
    "/meetings/feed/",
    "/meetings/calendar.ics",
    "/meetings/export.csv",
    "/api/meetings/",
    "/api/meetings/?q=Quxworth",
    "/api/people/",
    "/api/series/",
    "/api/agreements/",
    "/sitemap-meetings.xml",
    "/sitemap-people.xml",
    "/sitemap-series.xml",
    "/sitemap-organizations.xml",
    "/sitemap-agreements.xml",
]
SLUGS = [
    "quxworth-meeting",
    "zebulon-quxworth",
    "xanthic-partnership",
    "quxworth-ministry",
    "quxworth-memorandum",
]


def listing_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def mentions(text: str) -> set[str]:
    names = [PERSON_NAME, SERIES_NAME, ORGANIZATION_NAME, AGREEMENT_TITLE, *SLUGS]
    return {name for name in names if name in text}


def test_the_drafts_records_are_not_public_anywhere(client, draft):
    for kind, urls in pages(draft).items():
        for url in urls:
            assert client.get(url).status_code == 404, (kind, url)
    for url in LISTINGS:
        assert mentions(listing_text(client, url)) == set(), url


def test_the_querysets_agree_with_the_pages(draft):
    assert not Meeting.objects.public().filter(pk=draft["meeting"].pk).exists()
    assert not Person.objects.public().filter(pk=draft["person"].pk).exists()
    assert not MeetingSeries.objects.public().filter(pk=draft["series"].pk).exists()
    assert not Organization.objects.public().filter(pk=draft["organization"].pk).exists()
    assert not Agreement.objects.public().filter(pk=draft["agreement"].pk).exists()
    assert not Document.objects.public().filter(meetings=draft["meeting"]).exists()


def test_publishing_the_meeting_alone_keeps_unreviewed_records_hidden(client, draft):
    draft["meeting"].status = Meeting.Status.PUBLISHED
    draft["meeting"].save()
    assert client.get(draft["meeting"].get_absolute_url()).status_code == 200
    for kind in ("person", "series", "organization"):
        for url in pages(draft)[kind]:
            assert client.get(url).status_code == 404, (kind, url)
    assert PERSON_NAME not in listing_text(client, "/people/")
    assert "xanthic-partnership" not in listing_text(client, "/sitemap-series.xml")


def test_reviewed_records_of_a_published_meeting_are_public_everywhere(client, draft):
    for kind in ("person", "series", "organization"):
        draft[kind].needs_review = False
        draft[kind].save()
    draft["meeting"].status = Meeting.Status.PUBLISHED
    draft["meeting"].save()

    for kind, urls in pages(draft).items():
        for url in urls:
            assert client.get(url).status_code == 200, (kind, url)
    assert PERSON_NAME in listing_text(client, "/people/")
    assert SERIES_NAME in listing_text(client, "/series/")
    assert AGREEMENT_TITLE in listing_text(client, "/agreements/")
    assert "quxworth-meeting" in listing_text(client, "/meetings/?q=Quxworth")
    assert "quxworth-meeting" in listing_text(client, "/api/meetings/?q=Quxworth")
    assert "zebulon-quxworth" in listing_text(client, "/sitemap-people.xml")
    assert "xanthic-partnership" in listing_text(client, "/sitemap-series.xml")
    assert "quxworth-ministry" in listing_text(client, "/sitemap-organizations.xml")
    assert "quxworth-memorandum" in listing_text(client, "/sitemap-agreements.xml")
    assert "quxworth-meeting" in listing_text(client, "/meetings/feed/")
    assert SERIES_NAME in listing_text(client, "/meetings/")  # the series facet


def test_an_agreement_without_a_meeting_is_not_public(client, db):
    agreement = make_agreement(None, title=AGREEMENT_TITLE, slug="quxworth-memorandum")
    assert client.get(agreement.get_absolute_url()).status_code == 404
    assert client.get("/api/agreements/quxworth-memorandum/").status_code == 404
    assert AGREEMENT_TITLE not in listing_text(client, "/agreements/")


def test_a_reviewed_person_of_no_published_meeting_is_not_public(client, db):
    person = make_person("Quentin Nobody", slug="quentin-nobody")
    make_meeting(participants=[person], status=Meeting.Status.WITHDRAWN)
    assert client.get(person.get_absolute_url()).status_code == 404
    assert client.get("/api/people/quentin-nobody/").status_code == 404


def test_a_ministry_above_a_reached_division_is_public(client, db):
    ministry = make_organization(name="Ministry of Upstream Affairs", slug="upstream")
    bureau = make_organization(name="Upstream Bureau", slug="upstream-bureau", parent=ministry)
    division = make_organization(name="Upstream Division", slug="upstream-division", parent=bureau)
    lonely = make_organization(name="Unreached Agency", slug="unreached")
    meeting = make_meeting()
    Document.objects.create(title="Release", issuer=division).meetings.add(meeting)
    public = set(Organization.objects.public().values_list("slug", flat=True))
    assert {"upstream", "upstream-bureau", "upstream-division"} <= public
    assert "unreached" not in public
    assert client.get(ministry.get_absolute_url()).status_code == 200
    assert client.get(lonely.get_absolute_url()).status_code == 404


def test_a_published_meeting_names_its_unreviewed_records_without_linking_them(client, draft):
    draft["meeting"].status = Meeting.Status.PUBLISHED
    draft["meeting"].save()
    draft["agreement"].signatories.set([draft["person"]])
    record = listing_text(client, draft["meeting"].get_absolute_url())
    assert PERSON_NAME in record and SERIES_NAME in record and ORGANIZATION_NAME in record
    for kind in ("person", "series", "organization"):
        assert f'href="{draft[kind].get_absolute_url()}"' not in record, kind
    agreement = listing_text(client, draft["agreement"].get_absolute_url())
    assert PERSON_NAME in agreement
    assert f'href="{draft["person"].get_absolute_url()}"' not in agreement


def test_unreviewed_records_of_a_published_meeting_are_absent_from_facets_filters_and_counts(
    client, draft
):
    draft["meeting"].status = Meeting.Status.PUBLISHED
    draft["meeting"].save()
    listing = client.get("/meetings/")
    assert [option.value for option in listing.context["facets"]["series"]] == []
    assert 'value="xanthic-partnership"' not in listing.content.decode()
    assert client.get("/meetings/?series=xanthic-partnership").status_code == 400
    assert client.get("/meetings/?person=zebulon-quxworth").status_code == 400
    assert client.get("/api/meetings/?person=zebulon-quxworth").status_code == 400
    assert client.get("/").context["totals"]["people"] == Person.objects.public().count() == 0
    reviewed_only = make_person("Reviewed Colleague", slug="reviewed-colleague", country_id="JP")
    Participant.objects.create(meeting=draft["meeting"], person=reviewed_only, country_id="JP")
    counterparts = client.get(reviewed_only.get_absolute_url()).context["counterparts"]
    assert [row["person__slug"] for row in counterparts] == []
    assert client.get("/").context["totals"]["people"] == 1


def test_an_office_or_a_parent_that_is_not_public_is_not_linked(client, db):
    hidden = make_organization(name="Hidden Holding", slug="hidden-holding", needs_review=True)
    ministry = make_organization(name="Ministry of Openness", slug="openness", parent=hidden)
    person = make_person("Olive Open", slug="olive-open", country_id="JP")
    stranger = make_person("Stan Stranger", slug="stan-stranger", country_id="JP")
    Membership.objects.create(person=person, organization=hidden, title="Adviser")
    Membership.objects.create(person=stranger, organization=ministry, title="Clerk")
    meeting = make_meeting(participants=[person])
    Document.objects.create(title="Release", issuer=ministry).meetings.add(meeting)
    person_page = listing_text(client, person.get_absolute_url())
    assert "Hidden Holding" in person_page
    assert 'href="/organizations/hidden-holding/"' not in person_page
    ministry_page = listing_text(client, ministry.get_absolute_url())
    assert "Hidden Holding" in ministry_page and "Stan Stranger" in ministry_page
    assert 'href="/organizations/hidden-holding/"' not in ministry_page
    assert 'href="/people/stan-stranger/"' not in ministry_page
    hidden.needs_review = False
    hidden.save()
    assert 'href="/organizations/hidden-holding/"' in listing_text(
        client, ministry.get_absolute_url()
    )
