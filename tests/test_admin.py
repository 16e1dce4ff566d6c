"""The editors' admin: what an Editors user may and may not do, and the audit trail."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from meetings.models import Meeting, Participant
from tests.factories import make_meeting, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    """An editor who drafts but does not publish (Editors group only)."""
    user = User.objects.create_user("drafter", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.fixture
def publisher(client):
    user = User.objects.create_user("senior", password="a-long-test-password", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=["Editors", "Publishers"]))
    client.force_login(user)
    return user


SOURCES = "meetings-source-content_type-object_id"


def meeting_form(**overrides):
    """The meeting change form's POST data, with one inline participant and empty inlines."""
    data = {
        "title": "Japan-U.S. meeting on export controls",
        "slug": "2024-06-26-japan-us-export-controls",
        "status": "draft",
        "kind": "ministerial meeting",
        "mode": "in person",
        "start_date": "2024-06-26",
        "end_date": "",
        "date_precision": "day",
        "city": "Washington, D.C.",
        "venue_country": "US",
        "venue": "",
        "countries": ["JP", "US"],
        "summary": "They discussed export controls.",
        "series": "",
        "ordinal": "",
        "parent": "",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
        "participants-0-name": "Ken Saito",
        "participants-0-title": "Minister of Economy, Trade and Industry",
        "participants-0-country": "JP",
        "participants-0-role": "head",
        "participants-0-order": "0",
        "Document_meetings-TOTAL_FORMS": "0",
        "Document_meetings-INITIAL_FORMS": "0",
        "Document_meetings-MIN_NUM_FORMS": "0",
        "Document_meetings-MAX_NUM_FORMS": "1000",
        SOURCES + "-TOTAL_FORMS": "1",
        SOURCES + "-INITIAL_FORMS": "0",
        SOURCES + "-MIN_NUM_FORMS": "0",
        SOURCES + "-MAX_NUM_FORMS": "1000",
        SOURCES + "-0-url": "https://www.meti.go.jp/english/press/2024/0627_001.html",
        SOURCES + "-0-kind": "official release",
        SOURCES + "-0-language": "en",
        SOURCES + "-0-order": "0",
        "agreements-TOTAL_FORMS": "0",
        "agreements-INITIAL_FORMS": "0",
        "agreements-MIN_NUM_FORMS": "0",
        "agreements-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_editor_creates_a_meeting_with_inline_participants(client, editor):
    saito = make_person("Ken Saito")
    response = client.post(
        reverse("admin:meetings_meeting_add"), meeting_form(**{"participants-0-person": saito.pk})
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting = Meeting.objects.get(slug="2024-06-26-japan-us-export-controls")
    assert meeting.status == Meeting.Status.DRAFT
    assert set(meeting.countries.values_list("code", flat=True)) == {"JP", "US"}
    participant = meeting.participants.get()
    assert participant.person == saito
    assert participant.title == "Minister of Economy, Trade and Industry"


def test_editor_without_publish_permission_cannot_publish(client, editor):
    response = client.post(reverse("admin:meetings_meeting_add"), meeting_form(status="published"))
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert not Meeting.objects.exists()


def test_publisher_publishes_a_complete_meeting(client, publisher):
    saito = make_person("Ken Saito", country_id="JP")
    raimondo = make_person("Gina Raimondo", country_id="US")
    data = meeting_form(
        status="published",
        **{
            "participants-TOTAL_FORMS": "2",
            "participants-0-person": saito.pk,
            "participants-1-person": raimondo.pk,
            "participants-1-country": "US",
            "participants-1-role": "host",
            "participants-1-order": "1",
        },
    )
    response = client.post(reverse("admin:meetings_meeting_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Meeting.objects.published().count() == 1


def test_publishing_needs_a_date_and_two_countries(client, publisher):
    response = client.post(
        reverse("admin:meetings_meeting_add"),
        meeting_form(status="published", countries=["JP"], start_date=""),
    )
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "date" in errors and "two participating countries" in errors
    assert not Meeting.objects.exists()


def test_editor_is_refused_deletion_of_a_published_meeting(client, editor):
    meeting = make_meeting()
    url = reverse("admin:meetings_meeting_delete", args=[meeting.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_editor_cannot_bulk_delete_published_meetings(client, editor):
    meeting = make_meeting()
    client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "delete_selected", "_selected_action": [meeting.pk], "post": "yes"},
    )
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_change_appears_in_the_history(client, editor):
    client.post(reverse("admin:meetings_meeting_add"), meeting_form())
    meeting = Meeting.objects.get()
    change_url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = meeting_form(
        summary="They agreed to coordinate export controls on gallium.",
        **{
            "participants-INITIAL_FORMS": "1",
            "participants-0-id": meeting.participants.get().pk,
            "participants-0-meeting": meeting.pk,
        },
    )
    assert client.post(change_url, data).status_code == 302
    records = meeting.history.order_by("history_date")
    # "+" for the creation, then "~" for each save (the admin saves the row, then its relations).
    assert records.first().history_type == "+"
    assert records.count() >= 2 and records.last().history_type == "~"
    assert records.last().history_user == editor
    assert records.last().summary == "They agreed to coordinate export controls on gallium."
    history_page = client.get(reverse("admin:meetings_meeting_history", args=[meeting.pk]))
    assert history_page.status_code == 200
    assert "drafter" in history_page.content.decode()


def test_participant_changes_are_audited_too(editor):
    meeting = make_meeting()
    participant = Participant.objects.create(meeting=meeting, name="Gina Raimondo")
    participant.title = "Secretary of Commerce"
    participant.save()
    assert participant.history.count() == 2


def test_create_editor_command_makes_a_staff_editor(db):
    call_command("create_editor", "newsdesk", password="a-long-test-password-1")
    user = User.objects.get(username="newsdesk")
    assert user.is_staff and not user.is_superuser
    assert user.has_perm("meetings.add_meeting")
    assert user.has_perm("meetings.publish_meeting")
    assert not user.has_perm("meetings.delete_meeting")
    assert user.check_password("a-long-test-password-1")


def test_create_editor_without_publishing(db):
    call_command("create_editor", "junior", password="a-long-test-password-2", no_publish=True)
    user = User.objects.get(username="junior")
    assert user.has_perm("meetings.change_meeting")
    assert not user.has_perm("meetings.publish_meeting")


def test_create_editor_rejects_weak_password(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_editor", "weak", password="123")
    assert not User.objects.filter(username="weak").exists()


def test_admin_list_filters_and_search_work(client, editor):
    make_meeting(title="Gallium export controls", start_date=datetime.date(2024, 6, 26))
    make_meeting(title="Hydrogen dialogue", countries=["JP", "AU"])
    changelist = reverse("admin:meetings_meeting_changelist")
    response = client.get(changelist, {"q": "gallium"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    response = client.get(changelist, {"countries__code__exact": "AU"})
    assert response.context["cl"].result_count == 1
