"""The data model's invariants, enforced by the database, and its domain vocabulary."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from meetings.models import (
    Meeting,
    Membership,
    Participant,
    Person,
    Topic,
    ordinal_label,
)
from tests.factories import (
    make_meeting,
    make_membership,
    make_organization,
    make_person,
    make_series,
)

pytestmark = pytest.mark.django_db

JUNE_26 = datetime.date(2024, 6, 26)


def rejected(create):
    """True when the database refuses the row (the constraint, not a form, does the work)."""
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


class TestConstraints:
    def test_meeting_cannot_end_before_it_starts(self):
        assert rejected(
            lambda: make_meeting(start_date=JUNE_26, end_date=JUNE_26 - datetime.timedelta(days=1))
        )

    def test_meeting_may_end_on_its_start_day_or_later(self):
        meeting = make_meeting(start_date=JUNE_26, end_date=JUNE_26 + datetime.timedelta(days=2))
        assert meeting.pk

    def test_ordinal_must_be_positive(self):
        series = make_series()
        assert rejected(lambda: make_meeting(series=series, ordinal=0))

    def test_ordinal_needs_a_series(self):
        assert rejected(lambda: make_meeting(ordinal=3))

    def test_ordinal_unique_within_series_and_level(self):
        series = make_series()
        make_meeting(series=series, ordinal=4)
        assert rejected(lambda: make_meeting(series=series, ordinal=4))

    def test_same_ordinal_allowed_at_another_level_or_series(self):
        # The Economic 2+2 has a 2nd ministerial and a 2nd vice-ministerial meeting.
        series = make_series()
        make_meeting(series=series, ordinal=2)
        vice = make_meeting(series=series, ordinal=2, kind=Meeting.Kind.VICE_MINISTERIAL)
        other = make_meeting(series=make_series(), ordinal=2)
        assert vice.pk and other.pk

    def test_meeting_slugs_are_unique(self):
        make_meeting(slug="jucip-4")
        assert rejected(lambda: make_meeting(slug="jucip-4"))

    def test_meeting_slug_generated_when_missing_and_kept_unique(self):
        first = make_meeting(title="JUCIP ministerial meeting")
        second = make_meeting(title="JUCIP ministerial meeting")
        assert first.slug == "2024-06-26-jucip-ministerial-meeting"
        assert second.slug == "2024-06-26-jucip-ministerial-meeting-2"

    def test_membership_cannot_end_before_it_starts(self):
        person = make_person("Ken Saito")
        assert rejected(
            lambda: make_membership(
                person, "Minister", datetime.date(2024, 1, 1), datetime.date(2023, 1, 1)
            )
        )

    def test_participant_needs_a_person_or_a_name(self):
        meeting = make_meeting()
        assert rejected(lambda: Participant.objects.create(meeting=meeting, name=""))

    def test_person_takes_part_once_per_meeting(self):
        meeting = make_meeting()
        person = make_person()
        Participant.objects.create(meeting=meeting, person=person)
        assert rejected(lambda: Participant.objects.create(meeting=meeting, person=person))

    def test_person_slugs_are_unique(self):
        make_person("Ken Saito", slug="ken-saito")
        assert rejected(lambda: make_person("Ken Saito", slug="ken-saito"))

    def test_organization_cannot_be_its_own_parent(self):
        organization = make_organization()
        organization.parent_id = organization.pk
        assert rejected(lambda: organization.save())


class TestTitleOnDate:
    @pytest.fixture
    def saito(self):
        person = make_person("Ken Saito")
        make_membership(
            person,
            "Minister of Economy, Trade and Industry",
            datetime.date(2023, 9, 13),
            datetime.date(2024, 10, 1),
        )
        make_membership(
            person, "Minister of Justice", datetime.date(2022, 8, 10), datetime.date(2023, 9, 13)
        )
        return person

    def test_title_held_on_the_meeting_date(self, saito):
        assert saito.title_on(JUNE_26) == "Minister of Economy, Trade and Industry"

    def test_earlier_office_on_an_earlier_date(self, saito):
        assert saito.title_on(datetime.date(2023, 1, 5)) == "Minister of Justice"

    def test_both_ends_are_inclusive(self, saito):
        assert (
            saito.title_on(datetime.date(2024, 10, 1)) == "Minister of Economy, Trade and Industry"
        )
        assert saito.title_on(datetime.date(2022, 8, 10)) == "Minister of Justice"

    def test_no_title_outside_any_office(self, saito):
        assert saito.title_on(datetime.date(2025, 6, 1)) == ""
        assert saito.title_on(None) == ""

    def test_open_ended_office_is_still_held(self):
        person = make_person("Gina Raimondo")
        make_membership(person, "Secretary of Commerce", datetime.date(2021, 3, 3))
        assert person.title_on(datetime.date(2030, 1, 1)) == "Secretary of Commerce"
        assert Membership.objects.held_on(datetime.date(2021, 3, 2)).count() == 0


class TestMeetingVocabulary:
    def test_published_excludes_drafts_and_withdrawn(self):
        published = make_meeting()
        make_meeting(status=Meeting.Status.DRAFT)
        make_meeting(status=Meeting.Status.WITHDRAWN)
        assert list(Meeting.objects.published()) == [published]

    def test_involving_requires_every_country(self):
        japan_us = make_meeting(countries=["JP", "US"])
        japan_australia = make_meeting(countries=["JP", "AU"])
        trilateral = make_meeting(countries=["JP", "US", "AU"])
        assert set(Meeting.objects.involving("JP", "US")) == {japan_us, trilateral}
        assert set(Meeting.objects.involving("jp")) == {japan_us, japan_australia, trilateral}
        assert set(Meeting.objects.involving("US", "AU")) == {trilateral}

    def test_involving_does_not_duplicate_rows(self):
        make_meeting(countries=["JP", "US", "AU", "KR"])
        assert Meeting.objects.involving("JP", "US", "AU").count() == 1

    def test_between_is_inclusive(self):
        first = make_meeting(start_date=datetime.date(2024, 1, 1))
        last = make_meeting(start_date=datetime.date(2024, 12, 31))
        make_meeting(start_date=datetime.date(2025, 1, 1))
        found = Meeting.objects.between(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
        assert set(found) == {first, last}

    def test_about_and_naming_match_any_and_do_not_duplicate(self):
        for slug in ("export-controls", "economic-security"):
            Topic.objects.get_or_create(slug=slug, defaults={"name": slug.replace("-", " ")})
        both = make_meeting(
            topics=["export-controls", "economic-security"], minerals=["gallium", "germanium"]
        )
        one = make_meeting(topics=["export-controls"], minerals=["graphite"])
        make_meeting()
        assert Meeting.objects.about("export-controls", "economic-security").count() == 2
        assert set(Meeting.objects.naming("gallium", "graphite")) == {both, one}
        assert Meeting.objects.naming("gallium", "germanium").count() == 1

    def test_attended_by(self):
        saito = make_person("Ken Saito")
        attended = make_meeting(participants=[saito])
        make_meeting(participants=["Ken Saito"])  # name as written, not yet linked
        assert list(Meeting.objects.attended_by(saito.slug)) == [attended]

    def test_publication_needs_a_date_and_two_countries(self):
        meeting = make_meeting(status=Meeting.Status.DRAFT, countries=["JP"], start_date=None)
        problems = meeting.publication_problems()
        assert any("date" in p for p in problems)
        assert any("two participating countries" in p for p in problems)
        meeting.start_date = JUNE_26
        meeting.countries.add("US")
        problems = meeting.publication_problems()
        assert not any("date" in p or "two participating countries" in p for p in problems)

    def test_published_at_set_when_first_published(self):
        meeting = make_meeting(status=Meeting.Status.DRAFT)
        assert meeting.published_at is None
        meeting.status = Meeting.Status.PUBLISHED
        meeting.save()
        assert meeting.published_at is not None


def test_ordinal_labels():
    assert [ordinal_label(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
    ]  # fmt: skip


def test_person_knows_every_spelling(db):
    person = make_person(
        "Ken Saito",
        given_name="Ken",
        family_name="Saito",
        native_name="齋藤健",
        alternative_names=["SAITO Ken"],
    )
    assert person.all_names == ["Ken Saito", "SAITO Ken", "齋藤健"]
    assert Person.objects.get(pk=person.pk).sort_name == "Saito, Ken"


def test_document_body_is_sanitised_on_save(db):
    from tests.factories import make_document

    document = make_document(
        make_meeting(),
        body='<p onclick="x()">Text<script>alert(1)</script><a href="javascript:alert(1)">l</a></p>',
    )
    assert "script" not in document.body
    assert "onclick" not in document.body
    assert "javascript:" not in document.body
    assert "Text" in document.body


def test_reference_data_is_complete(db):
    from meetings.models import Country, CriticalMineral

    assert CriticalMineral.objects.count() == 67
    assert Country.objects.filter(code="EU").exists()
    assert Country.objects.count() >= 250
    gallium = CriticalMineral.objects.get(slug="gallium")
    assert gallium.usgs_2022 and gallium.symbol == "Ga"
    assert CriticalMineral.objects.get(name="metallurgical coal").slug == "metallurgical-coal"


@pytest.mark.django_db
def test_a_meeting_at_a_distance_has_no_place_and_a_span_needs_both_ends():
    from django.core.exceptions import ValidationError

    from tests.factories import make_meeting

    meeting = make_meeting(title="Video Conference of Two Ministers", mode="video conference")
    meeting.venue = "Online"
    with pytest.raises(ValidationError, match="no place"):
        meeting.full_clean(exclude=["slug"])
    meeting.venue = ""
    meeting.full_clean(exclude=["slug"])
    meeting.date_precision = "between"
    with pytest.raises(ValidationError, match="first and the last day"):
        meeting.full_clean(exclude=["slug"])
    meeting.end_date = meeting.start_date + datetime.timedelta(days=4)
    meeting.full_clean(exclude=["slug"])
