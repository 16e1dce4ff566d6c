"""One release → several meetings: one document linked to each, the import page's table of
proposed meetings with tick boxes, import_release over several files or a folder, one transaction
per release, and a report."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from meetings.importer import service
from meetings.importer.text import read_release
from meetings.models import Document, Meeting, Organization, Person
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db

RELEASE = """Minister Saito Hosts Three Ministers in Tokyo
March 8, 2024
On March 7, Minister of Economy, Trade and Industry Ken Saito held separate meetings in Tokyo with
Minister Piyush Goyal of India, Minister Zulkifli Hasan of Malaysia and OECD Secretary-General
Mathias Cormann.
Division in Charge: Trade Policy Bureau
"""


def participant(name, country, **extra):
    return {"name": name, "family_name": name.split()[-1], "title": "", "country": country} | extra


def meeting(date, countries, *others, organizations=()):
    return {
        "meeting_date": date,
        "city": "Tokyo",
        "venue_country": "JP",
        "countries": countries,
        "participants": [participant("Ken Saito", "JP"), *others],
        "kind": "ministerial meeting",
        "series": None,
        "ordinal": None,
        "topics": [],
        "minerals": [],
        "agreements": [],
        "organizations": list(organizations),
    }


def three_meetings() -> dict:
    """A proposal as extract_release gives it for RELEASE (contract: DESIGN.md)."""
    meetings = [
        meeting("2024-03-07", ["IN", "JP"], participant("Piyush Goyal", "IN")),
        meeting("2024-03-07", ["JP", "MY"], participant("Zulkifli Hasan", "MY")),
        meeting(
            "2024-03-07",
            ["JP"],
            participant("Mathias Cormann", None, organization="OECD"),
            organizations=["OECD"],
        ),
    ]
    return {
        "title": "Minister Saito Hosts Three Ministers in Tokyo",
        "published_on": "2024-03-08",
        **meetings[0],
        "division": "Trade Policy Bureau",
        "language": "en",
        "meetings": meetings,
    }


@pytest.fixture
def extracted(monkeypatch):
    """The extractor gives the three-meeting proposal (whatever the extractor of the day)."""
    monkeypatch.setattr(service, "extract_fields", lambda release, gazetteer: three_meetings())


def test_a_proposal_without_meetings_is_its_own_only_meeting():
    proposal = three_meetings()
    del proposal["meetings"]
    preview = service.proposal_preview(proposal, read_release(RELEASE))
    assert len(preview.meetings) == 1 and not preview.is_multi
    assert [c.code for c in preview.countries] == ["IN", "JP"]


def test_one_release_gives_three_drafts_and_one_document(extracted):
    result = service.import_release(RELEASE, "release.txt", url="https://www.meti.go.jp/x.html")
    assert len(result.created) == 3
    assert all(m.status == Meeting.Status.DRAFT for m in result.created)
    document = Document.objects.get()
    assert set(document.meetings.all()) == set(result.created)
    for created in result.created:
        assert created.documents.get() == document
        assert created.sources == ["https://www.meti.go.jp/x.html"]
    oecd = Organization.objects.get(acronym="OECD")
    assert oecd.kind == Organization.Kind.INTERNATIONAL and oecd.needs_review
    cormann = Person.objects.get(name="Mathias Cormann")
    assert cormann.needs_review
    assert cormann.participations.get().organization == oecd
    # Ken Saito, new, is created once for the three meetings.
    assert Person.objects.filter(name="Ken Saito").count() == 1


def test_a_meeting_already_in_the_archive_is_linked_not_created(extracted):
    existing = make_meeting(countries=["JP", "MY"], start_date="2024-03-07", slug="jp-my")
    result = service.import_release(RELEASE, "release.txt")
    assert len(result.created) == 2
    assert result.linked == [existing]
    assert existing.documents.get() == result.document


def test_importing_the_same_release_again_creates_nothing(extracted):
    service.import_release(RELEASE, "release.txt")
    before = (Meeting.objects.count(), Document.objects.count())
    result = service.import_release(RELEASE, "release.txt")
    assert result.created == [] and result.linked == []
    assert (Meeting.objects.count(), Document.objects.count()) == before


def test_a_failure_leaves_nothing_behind(extracted):
    with pytest.raises(RuntimeError):
        service.import_release(RELEASE, "release.txt", _fail_after="agreements")
    assert not Meeting.objects.exists()
    assert not Person.objects.exists() and not Document.objects.exists()
    assert not Organization.objects.exists()


def test_the_document_is_found_by_search_for_every_meeting(extracted):
    result = service.import_release(RELEASE, "release.txt")
    for created in result.created:
        created.status = Meeting.Status.PUBLISHED
        created.save()
    from meetings.search.index import build_documents

    for search_document in build_documents([m.pk for m in result.created]):
        assert "Goyal" in search_document.body


def test_the_document_is_public_once_one_of_its_meetings_is(extracted):
    result = service.import_release(RELEASE, "release.txt")
    document = result.document
    assert not Document.objects.public().filter(pk=document.pk).exists()
    first = result.created[0]
    first.status = Meeting.Status.PUBLISHED
    first.save()
    assert Document.objects.public().filter(pk=document.pk).exists()
    assert document.get_absolute_url().startswith(first.get_absolute_url())


def test_deleting_the_last_meeting_deletes_its_document(extracted):
    result = service.import_release(RELEASE, "release.txt")
    result.created[0].delete()
    assert Document.objects.filter(pk=result.document.pk).exists()
    for created in result.created[1:]:
        created.delete()
    assert not Document.objects.filter(pk=result.document.pk).exists()


# --- The import page ----------------------------------------------------------------------------------


@pytest.fixture
def editor(client):
    user = User.objects.create_user("drafter", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def test_the_import_page_previews_a_table_of_proposed_meetings(client, editor, extracted):
    make_meeting(countries=["JP", "MY"], start_date="2024-03-07", slug="jp-my", title="JP-MY")
    url = reverse("admin:meetings_meeting_import")
    page = client.post(url, {"text": RELEASE, "action": "preview"}).content.decode()
    assert 'id="proposed-meetings"' in page
    assert page.count('name="meeting"') == 3
    assert page.count(" checked") == 2  # the duplicate is not ticked
    assert "Probably:" in page and "JP-MY" in page
    # Create the first and third only.
    response = client.post(
        url, {"text": RELEASE, "action": "create", "meeting": ["0", "2"]}, follow=True
    )
    assert response.status_code == 200
    assert Meeting.objects.filter(status=Meeting.Status.DRAFT).count() == 2
    document = Document.objects.get()
    assert document.meetings.count() == 3  # two drafts, and the one already in the archive


SURNAMES = [
    "Abernathy",
    "Blackwood",
    "Castellano",
    "Dunmore",
    "Everhart",
    "Fairbanks",
    "Galloway",
    "Harrington",
    "Iverson",
    "Jacobsen",
    "Kingsley",
    "Lockhart",
    "Merriweather",
    "Northcott",
    "Oakhurst",
    "Pemberton",
    "Quimby",
    "Rutherford",
    "Stanhope",
    "Thornbury",
    "Underhill",
]


def release_text(n: int) -> str:
    return (
        f"Minister Saito Meets Minister Number {n}\n"
        f"June {n + 1}, 2023\n"
        f"On June {n}, 2023, Minister of Economy, Trade and Industry Ken Saito met Minister "
        f"Quentin {SURNAMES[n]} of France in Paris to discuss semiconductors.\n"
    )


def test_several_files_at_once_in_the_admin(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [
        SimpleUploadedFile(f"r{n}.txt", release_text(n).encode(), "text/plain") for n in (1, 2)
    ] + [SimpleUploadedFile("broken.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "text/plain")]
    response = client.post(
        reverse("admin:meetings_meeting_import"), {"release_file": files, "action": "preview"}
    )
    page = response.content.decode()
    assert 'id="import-report"' in page
    assert Meeting.objects.count() == 2
    assert "broken.txt" in page and "import-report__error" in page


def test_a_batch_of_twenty_with_one_broken(tmp_path, monkeypatch):
    """19 imported, 1 reported, nothing of the broken one left behind."""
    for n in range(1, 21):
        text = release_text(n)
        if n == 13:
            text = text.replace("Minister Quentin", "BROKEN Minister Quentin")
        (tmp_path / f"release-{n:02}.txt").write_text(text, encoding="utf-8")
    original = service.create_document

    def breaks_midway(preview, meetings, url):
        if "BROKEN" in preview.release.text:
            raise RuntimeError("the database went away")
        return original(preview, meetings, url)

    monkeypatch.setattr(service, "create_document", breaks_midway)
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_release", str(tmp_path), stdout=out)
    report = out.getvalue()
    assert "20 release(s): 19 meeting(s) created" in report
    assert "ERROR release-13.txt" in report and "release-13.txt" in str(raised.value)
    assert Meeting.objects.count() == 19 == Document.objects.count()
    assert not Person.objects.filter(name__contains=SURNAMES[13]).exists()
    assert Person.objects.filter(name__startswith="Quentin").count() == 19


def test_import_release_takes_several_paths(tmp_path):
    paths = []
    for n in (1, 2):
        path = tmp_path / f"r{n}.txt"
        path.write_text(release_text(n), encoding="utf-8")
        paths.append(str(path))
    out = io.StringIO()
    call_command("import_release", *paths, stdout=out)
    assert Meeting.objects.count() == 2
    assert "2 release(s): 2 meeting(s) created, 0 linked, 0 skipped" in out.getvalue()
