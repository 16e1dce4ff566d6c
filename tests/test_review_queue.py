"""The review queue (approve, edit, merge), and the staff-only draft preview."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from meetings.models import Agreement, Meeting, MeetingSeries, Participant, Person
from tests.factories import (
    make_agreement,
    make_meeting,
    make_membership,
    make_organization,
    make_person,
)
from tests.test_publishing import complete_meeting

pytestmark = pytest.mark.django_db
QUEUE = "admin:meetings_review"


def staff(client, *groups):
    user = User.objects.create_user("u", password="a-long-test-password", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=groups))
    client.force_login(user)
    return user


def test_the_queue_lists_everything_that_needs_review(client):
    staff(client, "Editors")
    draft = make_meeting(status=Meeting.Status.DRAFT, title="Draft meeting X")
    person = make_person("Newly Imported", needs_review=True)
    organization = make_organization(name="New Division Y", needs_review=True)
    series = MeetingSeries.objects.create(name="New Series Z", slug="z", needs_review=True)
    agreement = make_agreement(draft, title="New Memorandum W", needs_review=True)
    make_person("Reviewed Person")
    page = client.get(reverse(QUEUE)).content.decode()
    for record in (draft, person, organization, series, agreement):
        assert str(record) in page
    assert "Reviewed Person" not in page
    assert "A published meeting needs a summary" in page  # what the draft still lacks


def test_nothing_in_the_queue_is_public(client):
    draft = make_meeting(status=Meeting.Status.DRAFT, slug="draft-x")
    person = make_person("Newly Imported", slug="newly", needs_review=True)
    published = make_meeting(slug="pub", participants=[person])
    agreement = make_agreement(published, slug="agr", needs_review=True)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/people/newly/").status_code == 404
    assert client.get(agreement.get_absolute_url()).status_code == 404
    assert not Agreement.objects.public().exists()
    # Named as the release wrote it, never linked to a page of its own.
    assert "/people/newly/" not in client.get(published.get_absolute_url()).content.decode()


def test_approving_people_and_records(client):
    staff(client, "Editors")
    person = make_person("Newly Imported", needs_review=True)
    organization = make_organization(needs_review=True)
    for kind, record in (("person", person), ("organization", organization)):
        client.post(reverse("admin:meetings_review_approve", args=[kind, record.pk]))
        record.refresh_from_db()
        assert not record.needs_review
    assert person.history.first().history_user.username == "u"


def test_approving_a_meeting_publishes_it_with_the_permission_only(client):
    meeting = complete_meeting()
    url = reverse("admin:meetings_review_approve", args=["meeting", meeting.pk])
    staff(client, "Editors")
    assert client.post(url).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
    client.logout()
    User.objects.all().delete()
    staff(client, "Editors", "Publishers")
    client.post(url)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED


def test_an_incomplete_meeting_is_not_published_from_the_queue(client):
    staff(client, "Editors", "Publishers")
    meeting = make_meeting(status=Meeting.Status.DRAFT)
    response = client.post(
        reverse("admin:meetings_review_approve", args=["meeting", meeting.pk]), follow=True
    )
    assert "Not published" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT


def test_merging_a_new_person_into_an_existing_one_keeps_everything(client):
    staff(client, "Editors")
    saito = make_person("Ken Saito", country_id="JP", alternative_names=["SAITO Ken"])
    new = make_person(
        "Saito Ken", needs_review=True, native_name="齋藤健", alternative_names=["K. Saito"]
    )
    meeting = make_meeting(participants=[new])
    both = make_meeting(participants=[saito, new], slug="both")
    office = make_membership(new, "Minister", "2023-09-13")
    agreement = make_agreement(meeting)
    agreement.signatories.add(new)
    page = client.get(reverse(QUEUE)).content.decode()
    assert f'<option value="{saito.pk}">Ken Saito (JP)</option>' in page
    client.post(reverse("admin:meetings_review_merge", args=[new.pk]), {"into": saito.pk})
    assert not Person.objects.filter(pk=new.pk).exists()
    saito.refresh_from_db()
    assert "K. Saito" in saito.alternative_names and saito.native_name == "齋藤健"
    assert Participant.objects.get(meeting=meeting).person == saito
    assert Participant.objects.filter(meeting=both).count() == 1
    office.refresh_from_db()
    assert office.person == saito
    assert list(agreement.signatories.all()) == [saito]
    assert "Merged Saito Ken" in (saito.history.first().history_change_reason or "")
    # The merged person's own history stays in the audit trail.
    assert Person.history.filter(id=new.pk).exists()


def test_merge_needs_a_target_and_the_change_permission(client):
    new = make_person("Saito Ken", needs_review=True)
    staff(client)  # staff without permissions
    assert client.post(reverse("admin:meetings_review_merge", args=[new.pk])).status_code == 403
    assert Person.objects.filter(pk=new.pk).exists()


# --- Draft preview -------------------------------------------------------------------------------------


def test_staff_preview_a_draft_marked_noindex_and_never_cached(client):
    draft = make_meeting(status=Meeting.Status.DRAFT, slug="draft-preview", title="Draft Q")
    assert client.get(draft.get_absolute_url()).status_code == 404
    staff(client, "Editors")
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "not public" in page and '<meta name="robots" content="noindex' in page
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    # "View on site" in the admin leads there.
    from django.contrib.contenttypes.models import ContentType

    view_on_site = reverse(
        "admin:view_on_site", args=[ContentType.objects.get_for_model(Meeting).pk, draft.pk]
    )
    change = client.get(reverse("admin:meetings_meeting_change", args=[draft.pk])).content
    assert view_on_site.encode() in change
    assert client.get(view_on_site, follow=True).status_code == 200


def test_a_published_meeting_is_not_marked_as_a_draft_for_staff(client):
    meeting = make_meeting(slug="published-one")
    staff(client, "Editors")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "not public" not in page


# --- An admin that fits ----------------------------------------------------------------------------


def test_the_country_filter_lists_only_countries_in_the_archive(client):
    staff(client, "Editors")
    make_meeting(countries=["JP", "US"])
    page = client.get(reverse("admin:meetings_meeting_changelist")).content.decode()
    assert "?countries__code__exact=JP" in page and "?countries__code__exact=US" in page
    assert "Zimbabwe" not in page and "?countries__code__exact=ZW" not in page
    filtered = client.get(
        reverse("admin:meetings_meeting_changelist") + "?countries__code__exact=JP"
    )
    assert filtered.status_code == 200
    assert "admin-editors.css" in page  # the admin's own styles
    assert 'class="column-country_list"' in page


def test_the_participants_inline_is_compact(client):
    staff(client, "Editors")
    meeting = make_meeting(participants=[make_person("Ken Saito", country_id="JP")])
    page = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()
    inline = page[page.index('id="participants-group"') :]
    inline = inline[: inline.index("</fieldset>")]
    assert "participants-0-organization" not in inline  # name, title, side and role only
    assert "add_id_participants-0-person" not in inline  # no related-object icons
