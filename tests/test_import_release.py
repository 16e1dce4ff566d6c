"""`import_release`: a release becomes one draft meeting, all or nothing, and never twice silently."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError

from meetings.importer import ReleaseError
from meetings.importer.service import DuplicateMeeting, meeting_import_release
from meetings.models import (
    Agreement,
    Document,
    Meeting,
    MeetingSeries,
    Organization,
    Participant,
    Person,
)
from tests.factories import make_membership, make_organization, make_person, make_series

FIXTURES = Path(__file__).parent / "fixtures" / "releases"
SEED = FIXTURES / "meti-jucip-4th-ministerial-2024-06-27.txt"
URL = "https://www.meti.go.jp/english/press/2024/0627_001.html"

pytestmark = pytest.mark.django_db

WRITTEN_MODELS = [Meeting, Participant, Person, MeetingSeries, Document, Agreement, Organization]


def counts():
    return {model.__name__: model.objects.count() for model in WRITTEN_MODELS}


def import_command(path, *args) -> str:
    out = io.StringIO()
    call_command("import_release", str(path), *args, stdout=out)
    return out.getvalue()


def test_importing_the_seed_creates_a_complete_draft():
    output = import_command(SEED, "--url", URL)
    meeting = Meeting.objects.get()
    assert output.strip().endswith(f"/admin/meetings/meeting/{meeting.pk}/change/")
    assert meeting.status == Meeting.Status.DRAFT
    assert meeting.start_date.isoformat() == "2024-06-26"
    assert meeting.city == "Washington, D.C." and meeting.venue_country_id == "US"
    assert meeting.series.name == "Japan-U.S. Commercial and Industrial Partnership"
    assert meeting.series.needs_review and meeting.ordinal == 4
    assert meeting.kind == Meeting.Kind.MINISTERIAL
    assert sorted(meeting.countries.values_list("code", flat=True)) == ["JP", "US"]
    assert sorted(meeting.minerals.values_list("slug", flat=True)) == [
        "gallium",
        "germanium",
        "graphite",
    ]
    assert meeting.topics.filter(slug="export-controls").exists() or not meeting.topics.exists()
    people = [(p.person.name, p.country_id) for p in meeting.participants.all()]
    assert people == [("Ken Saito", "JP"), ("Gina Raimondo", "US")]
    assert all(p.person.needs_review for p in meeting.participants.all())
    document = meeting.documents.get()
    assert document.source_url == URL and document.published_on.isoformat() == "2024-06-27"
    assert document.division == "Americas Division, Trade Policy Bureau"
    assert document.language == "en" and "gallium" in document.body
    assert document.issuer.name == "Americas Division, Trade Policy Bureau"
    assert document.issuer.needs_review
    agreement = meeting.agreements.get()
    assert agreement.kind == Agreement.Kind.JOINT_PRESS_RELEASE
    assert sorted(agreement.parties.values_list("code", flat=True)) == ["JP", "US"]
    assert meeting.sources == [URL]


def test_existing_people_series_and_memberships_are_linked_not_duplicated():
    saito = make_person("Ken Saito", family_name="Saito", given_name="Ken", country_id="JP")
    meti = make_organization(name="Ministry of Economy, Trade and Industry", acronym="METI")
    make_membership(
        saito, "Minister of Economy, Trade and Industry", "2023-09-13", organization=meti
    )
    raimondo = make_person(
        "Gina Raimondo",
        alternative_names=["Gina M. Raimondo"],
        family_name="Raimondo",
        country_id="US",
    )
    jucip = make_series(
        "Japan-U.S. Commercial and Industrial Partnership",
        acronym="JUCIP",
        alternative_names=["Japan-United States Commercial and Industrial Partnership"],
    )
    people_before = Person.objects.count()
    import_command(SEED)
    meeting = Meeting.objects.get()
    assert meeting.series == jucip
    assert [p.person for p in meeting.participants.all()] == [saito, raimondo]
    assert meeting.participants.get(person=saito).organization == meti
    assert Person.objects.count() == people_before
    assert MeetingSeries.objects.count() == 1


@pytest.mark.parametrize("step", ["series", "meeting", "participants", "document", "agreements"])
def test_a_failure_midway_leaves_nothing_behind(step):
    before = counts()
    with pytest.raises(RuntimeError, match=step):
        meeting_import_release(SEED.read_bytes(), SEED.name, _fail_after=step)
    assert counts() == before


def test_a_database_error_partway_rolls_back_everything(monkeypatch):
    """An IntegrityError raised by the database itself, after the meeting and people exist."""
    before = counts()
    original = Document.objects.create

    def create_clashing_agreement(**fields):
        document = original(**fields)
        # Two agreements with one slug: the database's unique constraint fails mid-import.
        meeting = Meeting.objects.latest("pk")
        Agreement.objects.create(title="clash", slug="clash", meeting=meeting)
        Agreement.objects.create(title="clash", slug="clash", meeting=meeting)
        return document

    monkeypatch.setattr(Document.objects, "create", create_clashing_agreement)
    with pytest.raises(IntegrityError):
        meeting_import_release(SEED.read_bytes(), SEED.name)
    assert counts() == before


def test_importing_the_same_release_twice_warns_instead_of_duplicating():
    import_command(SEED)
    first = Meeting.objects.get()
    with pytest.raises(CommandError) as raised:
        import_command(SEED)
    message = str(raised.value)
    assert "probably in the archive already" in message
    assert f"/admin/meetings/meeting/{first.pk}/change/" in message
    assert Meeting.objects.count() == 1


def test_the_same_meeting_from_another_issuer_is_caught_by_date_and_countries():
    make_series("Japan-U.S. Economic Policy Consultative Committee", acronym="EPCC")
    import_command(FIXTURES / "mofa-epcc2-2023-11-14.txt")
    with pytest.raises(DuplicateMeeting) as raised:
        meeting_import_release((FIXTURES / "meti-epcc2-2023-11-16.txt").read_bytes(), "x.txt")
    assert raised.value.meetings == [Meeting.objects.get()]


def test_force_creates_a_second_draft_without_breaking_the_ordinal_rule():
    import_command(SEED)
    import_command(SEED, "--force")
    first, second = Meeting.objects.order_by("pk")
    assert first.ordinal == 4 and second.ordinal is None
    assert second.series == first.series


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"a" * (10 * 1024 * 1024), "limit is 2 MB"),
        (b"Lunch menu\n\nSoup of the day and bread.", "No meeting found"),
    ],
    ids=["empty", "binary", "10MB", "no-meeting"],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(tmp_path, content, message):
    path = tmp_path / "release.txt"
    path.write_bytes(content)
    before = counts()
    with pytest.raises(CommandError, match=message):
        import_command(path)
    assert counts() == before


def test_a_bad_url_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Not a web address"):
        import_command(SEED, "--url", "javascript:alert(1)")
    assert Meeting.objects.count() == 0


def test_html_with_scripts_is_stored_sanitised(tmp_path):
    path = tmp_path / "release.html"
    path.write_text(
        "<html><body><h1>Minister Saito Meets Secretary Raimondo</h1><p>June 27, 2024</p>"
        "<p>On June 26, Minister of Economy, Trade and Industry Ken Saito met Secretary of "
        "Commerce Gina Raimondo in Tokyo.</p><script>alert('stolen')</script>"
        '<p onclick="steal()">More <a href="javascript:steal()">text</a></p></body></html>',
        encoding="utf-8",
    )
    import_command(path)
    body = Document.objects.get().body
    assert "<script" not in body and "alert" not in body
    assert "onclick" not in body and "javascript:" not in body
    assert "Ken Saito" in body


def test_a_japanese_release_is_imported_with_its_division():
    meeting, preview = meeting_import_release(
        (FIXTURES / "meti-ja-chile-moc-2024-06-14.txt").read_bytes(), "release.txt"
    )
    document = meeting.documents.get()
    assert document.language == "ja"
    assert document.division == "資源エネルギー庁 資源・燃料部 鉱物資源課"
    assert sorted(meeting.countries.values_list("code", flat=True)) == ["CL", "JP"]
    assert meeting.agreements.get().kind == Agreement.Kind.MOC
    assert not preview.duplicates


def test_import_release_errors_are_release_errors():
    with pytest.raises(ReleaseError):
        meeting_import_release(b"", "empty.txt")


def test_the_document_kind_is_what_the_release_itself_is():
    seed_meeting, _ = meeting_import_release(SEED.read_bytes(), SEED.name)
    assert seed_meeting.documents.get().kind == Document.Kind.PRESS_RELEASE
    readout, _ = meeting_import_release(
        (FIXTURES / "doc-jucip-readout-blog-2024.txt").read_bytes(), "readout.txt", force=True
    )
    assert readout.documents.get().kind == Document.Kind.READOUT
