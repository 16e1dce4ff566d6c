"""The JSON API: the meeting list's filters, pagination, nested records, errors, query counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from meetings.models import Meeting, Participant
from tests.factories import (
    make_agreement,
    make_document,
    make_meeting,
    make_membership,
    make_person,
    make_series,
)

pytestmark = pytest.mark.django_db

MEETINGS = "/api/meetings/"


def slugs(response) -> list[str]:
    return [meeting["slug"] for meeting in response.json()["results"]]


@pytest.fixture
def jucip(db):
    """The seed meeting, complete: people with offices, series, document, agreement."""
    saito = make_person("Ken Saito", country_id="JP", native_name="齋藤健")
    raimondo = make_person("Gina Raimondo", country_id="US")
    make_membership(saito, "Minister of Economy, Trade and Industry", datetime.date(2023, 9, 13))
    series = make_series("Japan-U.S. Commercial and Industrial Partnership", acronym="JUCIP")
    meeting = make_meeting(
        title="4th JUCIP ministerial meeting",
        slug="2024-06-26-jucip",
        start_date=datetime.date(2024, 6, 26),
        city="Washington, D.C.",
        venue_country_id="US",
        series=series,
        ordinal=4,
        topics=("economic-security", "critical-minerals"),
        minerals=("gallium", "germanium", "graphite"),
        participants=(saito, raimondo, "An Unlinked Official"),
        summary="The ministers discussed supply chains.",
    )
    make_document(
        meeting,
        title="METI release",
        body="<p>Minister Saito met Secretary Raimondo.</p>",
        division="Americas Division, Trade Policy Bureau",
        published_on=datetime.date(2024, 6, 27),
    )
    make_agreement(meeting, title="Joint press release", slug="jucip-4-joint-press-release")
    return meeting


def test_meeting_list_shape(client, jucip):
    response = client.get(MEETINGS)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    [meeting] = body["results"]
    assert meeting["slug"] == "2024-06-26-jucip"
    assert meeting["start_date"] == "2024-06-26"
    assert meeting["venue_country"] == "US"
    assert [c["code"] for c in meeting["countries"]] == ["JP", "US"]
    assert sorted(m["slug"] for m in meeting["minerals"]) == ["gallium", "germanium", "graphite"]
    assert meeting["series"]["acronym"] == "JUCIP"
    assert meeting["html_url"] == "http://testserver/meetings/2024-06-26-jucip/"
    assert meeting["api_url"] == "http://testserver/api/meetings/2024-06-26-jucip/"


def test_meeting_detail_nests_participants_documents_agreements(client, jucip):
    response = client.get(f"{MEETINGS}{jucip.slug}/")
    assert response.status_code == 200
    meeting = response.json()
    names = [p["name"] for p in meeting["participants"]]
    assert names == ["Ken Saito", "Gina Raimondo", "An Unlinked Official"]
    assert meeting["participants"][0]["person"]["html_url"].startswith("http://testserver/people/")
    assert meeting["participants"][2]["person"] is None
    [document] = meeting["documents"]
    assert document["body"] == "<p>Minister Saito met Secretary Raimondo.</p>"
    assert document["division"] == "Americas Division, Trade Policy Bureau"
    assert [a["slug"] for a in meeting["agreements"]] == ["jucip-4-joint-press-release"]
    assert {t["slug"] for t in meeting["topics"]} == {"economic-security", "critical-minerals"}
    assert meeting["sources"] == ["https://example.org/release"]


def test_drafts_are_not_in_the_api(client, jucip):
    draft = make_meeting(title="Draft", status=Meeting.Status.DRAFT)
    assert draft.slug not in slugs(client.get(MEETINGS))
    assert client.get(f"{MEETINGS}{draft.slug}/").status_code == 404
    agreement = make_agreement(draft, slug="draft-outcome")
    assert client.get(f"/api/agreements/{agreement.slug}/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=JP&country=US", ["jp-us-2024", "jp-us-2023"]),
        ("country=jp&country=kr", ["jp-kr-2024"]),
        ("mineral=gallium", ["jp-us-2024", "jp-kr-2024"]),
        ("year=2023", ["jp-us-2023"]),
        ("topic=export-controls&date_after=2024-01-01", ["jp-kr-2024"]),
        ("country=JP&sort=date", ["jp-us-2023", "jp-kr-2024", "jp-us-2024"]),
    ],
)
def test_meeting_list_filters_like_the_html_list(client, query, expected):
    make_meeting(
        slug="jp-us-2023", start_date=datetime.date(2023, 3, 1), topics=["energy-security"]
    )
    make_meeting(
        slug="jp-kr-2024",
        countries=("JP", "KR"),
        start_date=datetime.date(2024, 5, 1),
        minerals=["gallium"],
        topics=["export-controls"],
    )
    make_meeting(slug="jp-us-2024", start_date=datetime.date(2024, 7, 1), minerals=["gallium"])
    response = client.get(f"{MEETINGS}?{query}")
    assert response.status_code == 200, response.content
    assert slugs(response) == expected


def test_pagination_defaults_to_20_and_caps_page_size_at_100(client):
    for day in range(1, 106):
        make_meeting(start_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=day))
    first = client.get(MEETINGS).json()
    assert first["count"] == 105 and len(first["results"]) == 20
    assert first["next"] == "http://testserver/api/meetings/?page=2"
    capped = client.get(f"{MEETINGS}?page_size=1000").json()
    assert len(capped["results"]) == 100
    last = client.get(f"{MEETINGS}?page_size=100&page=2").json()
    assert len(last["results"]) == 5 and last["next"] is None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("country=ZZ", "country"),
        ("date_after=26/06/2024", "date_after"),
        ("year=abc", "year"),
        ("mineral=unobtainium", "mineral"),
        ("kind=party", "kind"),
        ("sort=newest", "sort"),
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=99", "page"),
        ("page_size=-5", "page_size"),
        ("contry=JP", "contry"),
        ("country=%00", "country"),
    ],
)
def test_invalid_input_is_a_400_with_json_errors(client, jucip, query, field):
    response = client.get(f"{MEETINGS}?{query}")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors and all(isinstance(m, str) and m for m in errors[field])


def test_unknown_record_is_a_json_404(client, db):
    response = client.get(f"{MEETINGS}no-such-meeting/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_entity_endpoints(client, jucip):
    country = client.get("/api/countries/jp/").json()
    assert country["code"] == "JP" and country["meeting_count"] == 1
    assert country["meetings_url"] == "http://testserver/api/meetings/?country=JP"
    assert client.get("/api/countries/JP/").json()["code"] == "JP"
    mineral = client.get("/api/minerals/gallium/").json()
    assert mineral["meeting_count"] == 1 and "USGS 2025" in mineral["lists"]
    topic = client.get("/api/topics/economic-security/").json()
    assert topic["meeting_count"] == 1
    series = client.get(f"/api/series/{jucip.series.slug}/").json()
    assert [c["code"] for c in series["countries"]] == ["JP", "US"]
    saito = Participant.objects.get(meeting=jucip, order=0).person
    person = client.get(f"/api/people/{saito.slug}/").json()
    assert person["native_name"] == "齋藤健"
    assert person["memberships"][0]["title"] == "Minister of Economy, Trade and Industry"
    assert person["memberships"][0]["start_date"] == "2023-09-13"
    agreement = client.get("/api/agreements/jucip-4-joint-press-release/").json()
    assert agreement["meeting"]["slug"] == jucip.slug and agreement["parties"] == ["JP", "US"]
    for path in ("people", "countries", "minerals", "topics", "series", "agreements"):
        response = client.get(f"/api/{path}/")
        assert response.status_code == 200 and "results" in response.json(), path


def test_api_root_lists_the_endpoints(client, db):
    endpoints = client.get(reverse("data:api-root")).json()
    assert endpoints["meetings"] == "http://testserver/api/meetings/"
    assert endpoints["coverage"] == "http://testserver/api/coverage/"
    assert set(endpoints) == {
        "coverage",
        "meetings",
        "people",
        "countries",
        "minerals",
        "topics",
        "series",
        "agreements",
    }


def test_api_sets_no_cookies(client, jucip):
    for path in (MEETINGS, f"{MEETINGS}{jucip.slug}/", "/api/schema/", "/api/", "/api/docs/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not response.cookies, path


def test_schema_declares_every_filter_of_the_filterset(client, db):
    from meetings.filters import MeetingFilter

    schema = client.get("/api/schema/?format=json").json()
    declared = {p["name"] for p in schema["paths"]["/api/meetings/"]["get"]["parameters"]}
    assert set(MeetingFilter.base_filters) | {"page", "page_size"} <= declared
    country = next(
        p for p in schema["paths"]["/api/meetings/"]["get"]["parameters"] if p["name"] == "country"
    )
    assert country["schema"]["type"] == "array" and country["explode"] is True


def test_schema_reads_each_parameters_type_from_the_filterset(client, db):
    from meetings.filters import FIRST_YEAR, LAST_YEAR, MeetingFilter
    from meetings.models import MeetingKind

    schema = client.get("/api/schema/?format=json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/meetings/"]["get"]["parameters"]}
    slug = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}
    for name in ("topic", "mineral"):
        assert parameters[name]["schema"] == {"type": "array", "items": slug}, name
        assert parameters[name]["explode"] is True, name
    assert parameters["country"]["schema"] == {"type": "array", "items": {"type": "string"}}
    assert parameters["person"]["schema"] == parameters["series"]["schema"] == slug
    assert parameters["kind"]["schema"]["enum"] == [value for value, _ in MeetingKind.choices]
    assert parameters["sort"]["schema"]["enum"] == [v for v, _ in MeetingFilter.SORT_CHOICES]
    assert parameters["year"]["schema"] == {
        "type": "integer",
        "minimum": FIRST_YEAR,
        "maximum": LAST_YEAR,
    }
    assert parameters["date_after"]["schema"] == {"type": "string", "format": "date"}
    assert parameters["q"]["schema"] == {"type": "string", "maxLength": 500}
    for name, filter_field in MeetingFilter.base_filters.items():
        described = filter_field.extra.get("help_text") or filter_field.label
        assert parameters[name]["description"] == described, name


def test_docs_page_lists_every_filter_with_its_description(client, db):
    from meetings.filters import MeetingFilter

    html = client.get("/api/docs/").content.decode()
    for name, filter_field in MeetingFilter.base_filters.items():
        described = filter_field.extra.get("help_text") or filter_field.label
        assert f"<dt><code>{name}</code></dt><dd>{escape(str(described))}</dd>" in html, name


def test_docs_page_is_served_from_our_static_files(client, db):
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "/static/api-docs/swagger-ui/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    assert "<script>" not in html  # no inline script: the CSP allows only our own files


def _add_rich_meetings(count: int, offset: int):
    people = [make_person() for _ in range(3)]
    for n in range(count):
        meeting = make_meeting(
            start_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=offset + n),
            topics=["economic-security", "energy-security"],
            minerals=["gallium", "lithium"],
            participants=[*people, "Someone"],
            series=make_series(),
        )
        make_document(meeting)
        make_agreement(meeting)


LIST_PATHS = [
    f"{MEETINGS}?page_size=100",
    f"{MEETINGS}?country=JP&country=US&topic=economic-security&mineral=gallium&page_size=100",
    "/api/people/?page_size=100",
    "/api/series/?page_size=100",
    "/api/agreements/?page_size=100",
    "/api/countries/?page_size=100",
    "/api/minerals/?page_size=100",
    "/api/topics/?page_size=100",
]


def test_list_queries_do_not_grow_with_rows(client, django_assert_max_num_queries):
    """Guards against N+1 on countries, topics, minerals, series, memberships and parties."""
    _add_rich_meetings(5, offset=0)
    counts = {}
    for path in LIST_PATHS:
        # The meeting list reads its page's ids, then the meetings its cache lacks (all of them
        # here: tests compute every time) with their countries, topics and minerals.
        with django_assert_max_num_queries(9) as queries:
            assert client.get(path).status_code == 200
        counts[path] = len(queries.captured_queries)
    _add_rich_meetings(45, offset=100)
    for path in LIST_PATHS:
        with django_assert_max_num_queries(counts[path]):
            response = client.get(path)
        assert response.status_code == 200


def test_meeting_detail_query_count_does_not_grow(client, django_assert_max_num_queries):
    """Participants, documents and agreements are prefetched, not fetched one by one."""
    meeting = make_meeting(participants=[make_person() for _ in range(2)])
    make_document(meeting)
    with django_assert_max_num_queries(20) as few:
        client.get(f"{MEETINGS}{meeting.slug}/")
    for _ in range(10):
        Participant.objects.create(meeting=meeting, person=make_person())
        make_document(meeting)
        make_agreement(meeting)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"{MEETINGS}{meeting.slug}/").status_code == 200


def test_entity_details_take_a_fixed_handful_of_queries(
    client, jucip, django_assert_max_num_queries
):
    """One query for the record, one per prefetched relation (memberships, parties, …)."""
    from django.contrib.contenttypes.models import ContentType

    from meetings.models import Agreement

    ContentType.objects.get_for_model(Agreement)  # cached for the process's life, as in production
    saito = Participant.objects.get(meeting=jucip, order=0).person
    for path, most in (
        (f"/api/people/{saito.slug}/", 5),
        ("/api/countries/jp/", 5),
        ("/api/minerals/gallium/", 5),
        ("/api/topics/economic-security/", 5),
        (f"/api/series/{jucip.series.slug}/", 5),
        ("/api/agreements/jucip-4-joint-press-release/", 6),  # and its Source records
    ):
        with django_assert_max_num_queries(most):
            assert client.get(path).status_code == 200, path


def test_docs_and_schema_read_no_data(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/api/docs/").status_code == 200
        assert client.get("/api/schema/").status_code == 200
