"""General rules learnt from real releases (written here in our own words): the venue of a visitor
who "is visiting" a place, the field of a ministry not read as a person, general trade words."""

from pathlib import Path

import pytest

from meetings.importer import extract_release

RULES = Path(__file__).parent / "fixtures" / "releases" / "rules"

pytestmark = pytest.mark.django_db


def extract(name: str) -> dict:
    path = RULES / name
    return extract_release(path.read_bytes(), path.name)


def test_a_visitor_who_is_visiting_a_city_names_the_venue(reference_data):
    found = extract("visiting-city.txt")
    assert (found["city"], found["venue_country"]) == ("Lima", "PE")
    assert "trade-and-investment" in found["topics"]


def test_visiting_a_country_gives_the_venue_country_and_no_city(reference_data):
    found = extract("visiting-country.txt")
    assert (found["city"], found["venue_country"]) == (None, "JP")
    families = {p["family_name"] for p in found["participants"]}
    assert "Transformation" not in families  # "Minister for Digital Transformation" is no name
    assert "trade-and-investment" in found["topics"]  # "economic relations", "investment"


def test_japanese_visiting_names_the_city(reference_data):
    found = extract("ja-visiting.txt")
    assert (found["city"], found["venue_country"]) == ("Lima", "PE")
    assert "trade-and-investment" in found["topics"]


def test_a_named_forum_is_a_dialogue(reference_data):
    text = (
        "Japan-Chile Economic Partnership Council Meets in Santiago\n\n"
        "On 9 April 2025, Mr. SATO Ichiro, Minister of Economy, Trade and Industry of Japan, and "
        "Ms. Elena Vidal, Minister of Economy of Chile, co-chaired the meeting of the Japan-Chile "
        "Economic Partnership Council in Santiago.\n"
    )
    found = extract_release(text.encode(), "council.txt")
    assert found["kind"] == "dialogue"
    assert (found["city"], found["venue_country"]) == ("Santiago", "CL")


def test_a_trip_to_several_countries_names_no_single_venue(reference_data):
    text = (
        "Minister Sato Visits Chile and Peru\n\n"
        "Mr. SATO Ichiro, Minister of Economy, Trade and Industry, visited Santiago, Chile, and "
        "Lima, Peru, from 7 to 11 April 2025, and met the ministers of trade of both countries.\n"
    )
    found = extract_release(text.encode(), "trip.txt")
    assert found["venue_country"] is None
