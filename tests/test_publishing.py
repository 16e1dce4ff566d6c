"""Publishing checks, and the publish permission on every path that can change a meeting's status:
change form, admin actions, history revert, import, API."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from meetings.models import Meeting, Source
from meetings.models.publishing import title_style_problems
from tests.factories import add_source, make_document, make_meeting, make_person
from tests.test_admin import SOURCES, meeting_form

pytestmark = pytest.mark.django_db

OFFICIAL = "https://www.meti.go.jp/english/press/2024/0627_001.html"


def user_in(name, *groups):
    user = User.objects.create_user(name, password="a-long-test-password", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def editor(client):
    user = user_in("drafter", "Editors")
    client.force_login(user)
    return user


@pytest.fixture
def publisher(client):
    user = user_in("senior", "Editors", "Publishers")
    client.force_login(user)
    return user


def sides():
    return (
        make_person("Ken Saito", country_id="JP"),
        make_person("Gina Raimondo", country_id="US"),
    )


def complete_meeting(**overrides) -> Meeting:
    """A draft with everything publishing needs."""
    fields = {
        "title": "4th Japan-U.S. Commercial and Industrial Partnership (JUCIP) Ministerial Meeting",
        "summary": "They discussed export controls.",
        "status": Meeting.Status.DRAFT,
        "participants": sides(),
        "sources": [],
    } | overrides
    meeting = make_meeting(**fields)
    add_source(meeting, OFFICIAL, kind=Source.Kind.OFFICIAL_RELEASE)
    return meeting


def complete_form(saito, raimondo, **overrides):
    data = meeting_form(
        **{
            "participants-TOTAL_FORMS": "2",
            "participants-0-person": saito.pk,
            "participants-1-name": "Gina Raimondo",
            "participants-1-person": raimondo.pk,
            "participants-1-country": "US",
            "participants-1-role": "host",
            "participants-1-order": "1",
        }
    )
    data.update(overrides)
    return data


# --- The checks ------------------------------------------------------------------------------------


def test_a_complete_meeting_has_no_problems():
    assert complete_meeting().publication_problems() == []


def test_each_missing_part_is_named():
    meeting = make_meeting(
        title="Minister Saito Holds a Meeting with Secretary Raimondo.",
        status=Meeting.Status.DRAFT,
        start_date=None,
        countries=["JP"],
        participants=["Ken Saito"],
        sources=["https://icactw.blogspot.com/2024/06/joint-readout.html"],
    )
    problems = " ".join(meeting.publication_problems())
    assert "date" in problems
    assert "two participating countries" in problems
    assert "reviewed person" in problems and "JP" in problems
    assert "summary" in problems
    assert "official source" in problems
    assert "headline" in problems
    assert "punctuation" in problems


def test_unreviewed_people_do_not_count_for_their_side():
    saito, raimondo = sides()
    raimondo.needs_review = True
    raimondo.save()
    meeting = complete_meeting(participants=[saito, raimondo])
    problems = meeting.publication_problems()
    assert len(problems) == 1 and "none yet for US" in problems[0]


def test_the_release_headline_is_not_a_title():
    meeting = complete_meeting(title="Japan and U.S. Ministers Agree on Chips")
    make_document(meeting, title="Japan and U.S. Ministers Agree on Chips")
    assert any("headline" in p for p in meeting.publication_problems())


@pytest.mark.parametrize(
    "title",
    [
        "Minister Saito Visits the United States",
        "Readout of Secretary Raimondo's Meeting with Minister Saito",
        "Results of the Japan-EU High-Level Economic Dialogue",
        "Japan-EU High-Level Economic Dialogue (Summary)",
        "4TH JAPAN-U.S. COMMERCIAL AND INDUSTRIAL PARTNERSHIP MEETING",
        "Japan-U.S. ministerial meeting was held in Washington",
        "x" * 151,
    ],
)
def test_titles_out_of_style(title):
    assert title_style_problems(title)


@pytest.mark.parametrize(
    "title",
    [
        "4th Japan-U.S. Commercial and Industrial Partnership (JUCIP) Ministerial Meeting",
        "Meeting of METI Minister Saito and Chile's Minister of Mining Williams",
        "Signing of the Japan-U.S. Critical Minerals Agreement",
        "1st Korea-Japan Mineral Resources Cooperation Dialogue",
    ],
)
def test_titles_in_style(title):
    assert title_style_problems(title) == []


def test_the_admin_says_what_is_missing(client, publisher):
    response = client.post(
        reverse("admin:meetings_meeting_add"),
        meeting_form(status="published", summary="", **{SOURCES + "-0-kind": "news"}),
    )
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "summary" in errors and "official source" in errors and "reviewed person" in errors
    assert not Meeting.objects.exists()


# --- The change form --------------------------------------------------------------------------------


def test_change_form_without_permission_cannot_publish(client, editor):
    saito, raimondo = sides()
    response = client.post(
        reverse("admin:meetings_meeting_add"), complete_form(saito, raimondo, status="published")
    )
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert not Meeting.objects.exists()


def test_change_form_with_permission_publishes(client, publisher):
    saito, raimondo = sides()
    response = client.post(
        reverse("admin:meetings_meeting_add"), complete_form(saito, raimondo, status="published")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert meeting.source_records.get().kind == Source.Kind.OFFICIAL_RELEASE


def test_change_form_without_permission_cannot_withdraw(client, editor):
    meeting = complete_meeting(status=Meeting.Status.PUBLISHED)
    saito, raimondo = (p.person for p in meeting.participants.all())
    data = complete_form(saito, raimondo, status="withdrawn", slug=meeting.slug)
    response = client.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), data)
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED


# --- Admin actions ----------------------------------------------------------------------------------


def act(client, action, meeting):
    return client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": action, "_selected_action": [meeting.pk]},
    )


@pytest.mark.parametrize("action", ["publish_selected", "withdraw_selected", "return_to_draft"])
def test_actions_without_permission_change_nothing(client, editor, action):
    draft = complete_meeting()
    published = complete_meeting(status=Meeting.Status.PUBLISHED, slug="already-published")
    for meeting in (draft, published):
        act(client, action, meeting)
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == Meeting.Status.DRAFT
    assert published.status == Meeting.Status.PUBLISHED
    page = client.get(reverse("admin:meetings_meeting_changelist"))
    assert action not in page.content.decode()


def test_publish_action_with_permission(client, publisher):
    ready = complete_meeting()
    unready = make_meeting(status=Meeting.Status.DRAFT, title="Japan-U.S. meeting")
    act(client, "publish_selected", ready)
    response = act(client, "publish_selected", unready)
    ready.refresh_from_db()
    unready.refresh_from_db()
    assert ready.status == Meeting.Status.PUBLISHED
    assert unready.status == Meeting.Status.DRAFT
    assert "Not published" in client.get(response.url).content.decode()


def test_withdraw_action_with_permission(client, publisher):
    meeting = complete_meeting(status=Meeting.Status.PUBLISHED)
    act(client, "withdraw_selected", meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.WITHDRAWN


# --- History revert ---------------------------------------------------------------------------------


def withdrawn_with_published_version():
    meeting = complete_meeting(status=Meeting.Status.PUBLISHED)
    meeting.status = Meeting.Status.WITHDRAWN
    meeting.save()
    version = meeting.history.filter(status=Meeting.Status.PUBLISHED).earliest("history_date")
    return meeting, version


def revert(client, meeting, version):
    url = reverse("admin:meetings_meeting_simple_history", args=[meeting.pk, version.history_id])
    data = meeting_form(
        title=meeting.title,
        slug=meeting.slug,
        status="published",
        summary=meeting.summary,
        countries=["JP", "US"],
    )
    return client.post(url, data)


def test_history_revert_without_permission_does_not_republish(client, editor):
    meeting, version = withdrawn_with_published_version()
    response = revert(client, meeting, version)
    assert response.status_code in (200, 403)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.WITHDRAWN


def test_history_revert_with_permission_republishes(client, publisher):
    meeting, version = withdrawn_with_published_version()
    response = revert(client, meeting, version)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED


def test_history_revert_still_checks_what_publishing_needs(client, publisher):
    meeting, version = withdrawn_with_published_version()
    meeting.source_records.all().delete()
    response = revert(client, meeting, version)
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.WITHDRAWN


# --- Import and API ----------------------------------------------------------------------------------

RELEASE = (
    "METI Minister Saito held the 4th Japan-U.S. Commercial and Industrial Partnership (JUCIP) "
    "Ministerial Meeting with Secretary of Commerce Raimondo in Washington, D.C. on June 26, 2024."
)


@pytest.mark.parametrize("who", ["editor", "publisher"])
def test_import_only_ever_creates_drafts(client, who, request):
    request.getfixturevalue(who)
    response = client.post(
        reverse("admin:meetings_meeting_import"),
        {"text": RELEASE, "action": "create", "status": "published", "force": "on"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.DRAFT


@pytest.mark.parametrize("who", ["editor", "publisher"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_never_changes_a_status(client, who, method, request):
    request.getfixturevalue(who)
    meeting = complete_meeting()
    url = reverse("data:meeting-detail", args=[meeting.slug])
    response = getattr(client, method)(
        url, {"status": "published"}, content_type="application/json"
    )
    assert response.status_code in (401, 403, 405)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
