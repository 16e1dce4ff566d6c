"""Schemathesis against /api/schema/: generated requests to every operation get no 5xx, and every
response matches the schema (status code, content type, headers, body)."""

from __future__ import annotations

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from archive.wsgi import application
from tests.factories import make_agreement, make_document, make_meeting, make_person, make_series

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# Loaded when the module is collected, from the app itself (no server): generating the schema
# reads no data. (`schemathesis.pytest.from_fixture` would load it lazily, but it does not work
# with pytest 9, which dropped the node attribute it rewrites.)
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def same_connection_for_the_app():
    """Keep the test's database connection open across the app's requests, as Django's test client
    does: on PostgreSQL, `close_old_connections` would otherwise close it mid-transaction (the
    test's) and every request would fail."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def small_archive(db, same_connection_for_the_app):
    """A few records of every kind, so that list and detail responses have bodies to check."""
    person = make_person("Ken Saito", slug="ken-saito", country_id="JP")
    meeting = make_meeting(
        slug="jucip-4",
        series=make_series(),
        ordinal=4,
        start_date=datetime.date(2024, 6, 26),
        venue_country_id="US",
        topics=["economic-security"],
        minerals=["gallium"],
        participants=[person, "Unlinked Official"],
    )
    make_document(meeting)
    make_agreement(meeting, slug="joint-statement")
    make_agreement(None, slug="free-standing")


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, small_archive):
    case.call_and_validate(checks=CHECKS)
