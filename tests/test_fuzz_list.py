"""Random query strings thrown at /meetings/: never a server error, and bad input is a 400."""

import datetime
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_meeting, make_person, make_series

PARAMETERS = [
    "country",
    "date_after",
    "date_before",
    "year",
    "topic",
    "mineral",
    "person",
    "series",
    "kind",
    "q",
    "sort",
    "page",
    "page_size",
    "utm_source",
]
PLAUSIBLE_VALUES = [
    "JP",
    "us",
    "XX",
    "",
    "2024",
    "2024-06-26",
    "2024-02-30",
    "-1",
    "0",
    "99999999999999999999",
    "gallium",
    "economic-security",
    "ken-saito",
    "relevance",
    "-date",
    "date",
    "ministerial meeting",
    '"supply chain"',
    "gallium OR germanium",
    "-gallium",
    "ガリウム",
    "%00",
    "' OR 1=1 --",
    "<script>",
]
values = st.one_of(st.sampled_from(PLAUSIBLE_VALUES), st.text(max_size=40))
query_strings = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=10)), values),
    max_size=8,
).map(lambda pairs: urlencode(pairs))


@pytest.fixture
def small_archive(db):
    saito = make_person("Ken Saito", slug="ken-saito", country_id="JP")
    series = make_series("Partnership")
    for day in range(1, 4):
        make_meeting(
            start_date=datetime.date(2024, 6, day),
            minerals=("gallium",),
            participants=[saito] if day == 1 else [],
            series=series,
            summary="Supply chains for gallium and germanium.",
        )


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=query_strings)
def test_random_query_strings_never_cause_a_server_error(client, small_archive, query):
    response = client.get(f"/meetings/?{query}")
    if response.status_code == 301:  # empty parameters: the same list without them
        assert "=&" not in response["Location"] + "&", (query, response["Location"])
        response = client.get(response["Location"])
    assert response.status_code in (200, 400), (query, response.status_code)
    if response.status_code == 400:
        body = response.content.decode()
        assert 'class="field-error"' in body or 'class="error-message"' in body, query


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=60))
def test_raw_bytes_in_the_query_string_never_cause_a_server_error(client, small_archive, raw):
    from urllib.parse import quote_from_bytes

    response = client.get(
        "/meetings/?" + "country=" + quote_from_bytes(raw) + "&q=" + quote_from_bytes(raw),
        follow=True,  # empty parameters redirect once to the same list without them
    )
    assert len(response.redirect_chain) <= 1, (raw, response.redirect_chain)
    assert response.status_code in (200, 400), (raw, response.status_code)
