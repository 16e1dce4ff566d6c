"""The full dump: export_archive → empty database → import_archive → export_archive is byte-identical,
and a file that is not a loadable dump is refused with a clear message, changing nothing."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from meetings.models import (
    Agreement,
    Document,
    Meeting,
    MeetingSeries,
    Membership,
    Organization,
    Participant,
    Person,
    Topic,
)
from meetings.opendata.dump import FORMAT_NAME, FORMAT_VERSION, RECORD_MODELS
from tests.factories import (
    make_agreement,
    make_document,
    make_meeting,
    make_membership,
    make_organization,
    make_person,
    make_series,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(db):
    """Records of every kind, drafts included, with the awkward cases a dump must keep."""
    meti = make_organization(
        slug="meti", name="Ministry of Economy, Trade and Industry", acronym="METI"
    )
    bureau = make_organization(slug="trade-policy-bureau", name="Trade Policy Bureau", parent=meti)
    saito = make_person(
        "Ken Saito",
        slug="ken-saito",
        country_id="JP",
        native_name="齋藤健",
        alternative_names=["Saito Ken", "SAITO Ken"],
        sources=["https://www.meti.go.jp/"],
    )
    raimondo = make_person("Gina Raimondo", slug="gina-raimondo", country_id="US")
    make_membership(
        saito,
        "Minister of Economy, Trade and Industry",
        datetime.date(2023, 9, 13),
        organization=meti,
    )
    make_membership(
        saito,
        "Minister of Justice",
        datetime.date(2022, 1, 1),
        datetime.date(2022, 8, 10),
        organization=meti,
    )
    jucip = make_series("JUCIP", acronym="JUCIP", established_on=datetime.date(2022, 1, 21))
    summit = make_meeting(
        title="G7 summit", slug="g7-summit", countries=("JP", "US", "DE"), kind=Meeting.Kind.SUMMIT
    )
    meeting = make_meeting(
        title="4th JUCIP ministerial — “supply chains”",
        slug="jucip-4",
        series=jucip,
        ordinal=4,
        start_date=datetime.date(2024, 6, 26),
        end_date=datetime.date(2024, 6, 27),
        city="Washington, D.C.",
        venue_country_id="US",
        parent=summit,
        topics=("economic-security", "critical-minerals"),
        minerals=("gallium", "germanium"),
        participants=(saito, raimondo, "An Unlinked Official"),
        summary="Line one.\nLine two with émoji ✓.",
    )
    Participant.objects.filter(meeting=meeting, person=saito).update(
        organization=meti, title="Minister"
    )
    make_document(
        meeting,
        title="METI release",
        issuer=bureau,
        division="Americas Division, Trade Policy Bureau",
        published_on=datetime.date(2024, 6, 27),
        body="<p>Minister <strong>Saito</strong> met Secretary Raimondo.</p>",
        attachments=[{"title": "Joint statement (PDF)", "url": "https://example.org/a.pdf"}],
    )
    make_document(
        meeting, title="Undated note", published_on=None, language="ja", body="<p>会談</p>"
    )
    agreement = make_agreement(
        meeting, title="Joint press release", slug="jucip-4-jpr", registry_ids=["X-1"]
    )
    agreement.signatories.set([saito, raimondo])
    agreement.minerals.set(meeting.minerals.all())
    make_agreement(None, title="Free-standing MoU", slug="free-mou", parties=["JP", "AU"])
    make_meeting(title="Draft meeting", slug="draft", status=Meeting.Status.DRAFT, start_date=None)
    return meeting


def export(tmp_path, name="dump.json") -> bytes:
    path = tmp_path / name
    call_command("export_archive", str(path), stderr=open("/dev/null", "w"))  # noqa: SIM115
    return path.read_bytes()


def empty_the_archive():
    """Delete every record but the reference data, children before what they protect."""
    for model in (Participant, Document, Agreement, Membership, Meeting, MeetingSeries, Person):
        model.objects.all().delete()
    while Organization.objects.exists():  # leaves first: a parent is protected by its children
        Organization.objects.filter(children__isnull=True).delete()
    assert not any(model.objects.exists() for model in RECORD_MODELS)


def record_counts():
    return {model.__name__: model.objects.count() for model in RECORD_MODELS}


def test_round_trip_is_byte_identical(archive, tmp_path):
    first = export(tmp_path, "first.json")
    counts = record_counts()
    empty_the_archive()
    call_command("import_archive", str(tmp_path / "first.json"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert record_counts() == counts
    second = export(tmp_path, "second.json")
    assert second == first


def test_round_trip_of_the_bundled_archive_is_byte_identical(bundled_archive, tmp_path):
    first = export(tmp_path, "first.json")
    assert json.loads(first)["meetings"], "the bundled archive has meetings"
    empty_the_archive()
    call_command("import_archive", str(tmp_path / "first.json"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert export(tmp_path, "second.json") == first


def test_imported_meetings_are_found_by_search(archive, tmp_path):
    from meetings.search import search_meetings

    jucip = Meeting.objects.get(slug="jucip-4")
    word = jucip.title.split()[0]
    export(tmp_path)
    empty_the_archive()
    assert not search_meetings(Meeting.objects.all(), word).exists()
    call_command("import_archive", str(tmp_path / "dump.json"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert "jucip-4" in set(
        search_meetings(Meeting.objects.all(), word).values_list("slug", flat=True)
    )


def test_import_makes_cached_pages_stale(archive, tmp_path, django_capture_on_commit_callbacks):
    from archive.content_version import content_version

    export(tmp_path)
    empty_the_archive()
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_archive", str(tmp_path / "dump.json"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert content_version() > before


def test_dump_holds_every_record_with_natural_keys(archive, tmp_path):
    data = json.loads(export(tmp_path))
    assert data["format"] == FORMAT_NAME and data["version"] == FORMAT_VERSION
    meetings = {m["slug"]: m for m in data["meetings"]}
    assert set(meetings) == {"g7-summit", "jucip-4", "draft"}  # drafts too
    jucip = meetings["jucip-4"]
    assert jucip["series"] == archive.series.slug and jucip["parent"] == "g7-summit"
    assert jucip["countries"] == ["JP", "US"] and jucip["minerals"] == ["gallium", "germanium"]
    assert [p["person"] for p in jucip["participants"]] == ["ken-saito", "gina-raimondo", None]
    assert jucip["participants"][0]["organization"] == "meti"
    documents = {d["title"]: d for d in jucip["documents"]}
    assert documents["METI release"]["issuer"] == "trade-policy-bureau"
    assert documents["METI release"]["attachments"][0]["title"] == "Joint statement (PDF)"
    assert jucip["created_at"] and jucip["updated_at"] and jucip["published_at"]
    people = {p["slug"]: p for p in data["people"]}
    assert [m["title"] for m in people["ken-saito"]["memberships"]] == [
        "Minister of Justice",
        "Minister of Economy, Trade and Industry",
    ]
    assert people["ken-saito"]["sources"] == ["https://www.meti.go.jp/"]
    agreements = {a["slug"]: a for a in data["agreements"]}
    assert agreements["jucip-4-jpr"]["signatories"] == ["gina-raimondo", "ken-saito"]
    assert agreements["free-mou"]["meeting"] is None
    assert len(data["countries"]) > 200 and len(data["minerals"]) == 67


def test_import_keeps_timestamps_and_relations(archive, tmp_path):
    before = Meeting.objects.get(slug="jucip-4")
    export(tmp_path)
    empty_the_archive()
    call_command("import_archive", str(tmp_path / "dump.json"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = Meeting.objects.get(slug="jucip-4")
    assert (after.created_at, after.updated_at, after.published_at) == (
        before.created_at,
        before.updated_at,
        before.published_at,
    )
    assert after.parent.slug == "g7-summit"
    assert Organization.objects.get(slug="trade-policy-bureau").parent.slug == "meti"
    assert Person.objects.get(slug="ken-saito").title_on(datetime.date(2024, 6, 26)) == (
        "Minister of Economy, Trade and Industry"
    )


def test_import_refuses_a_database_with_records(archive, tmp_path):
    export(tmp_path)
    counts = record_counts()
    with pytest.raises(CommandError, match="already holds records"):
        call_command("import_archive", str(tmp_path / "dump.json"))
    assert record_counts() == counts


def test_import_accepts_existing_reference_data_and_updates_it(archive, tmp_path):
    path = tmp_path / "dump.json"
    export(tmp_path)
    empty_the_archive()
    Topic.objects.filter(slug="economic-security").update(definition="Changed since the export.")
    call_command("import_archive", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    original = json.loads(path.read_text())
    [topic] = [t for t in original["topics"] if t["slug"] == "economic-security"]
    assert Topic.objects.get(slug="economic-security").definition == topic["definition"]


def _dump_with(tmp_path, archive, change) -> str:
    data = json.loads(export(tmp_path))
    change(data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _set(path, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


def _meeting_index(data, slug):
    return next(i for i, m in enumerate(data["meetings"]) if m["slug"] == slug)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_set(["version"], 99), "version"),
        (_set(["format"], "something-else"), "format"),
        (_delete(["agreements"]), "agreements"),
        (lambda d: d["meetings"][_meeting_index(d, "jucip-4")].pop("status"), "missing status"),
        (
            lambda d: d["meetings"][_meeting_index(d, "jucip-4")].update(colour="red"),
            "unknown field",
        ),
        (
            lambda d: d["meetings"][_meeting_index(d, "jucip-4")].update(series="no-such-series"),
            "no-such-series",
        ),
        (
            lambda d: d["meetings"][_meeting_index(d, "jucip-4")].update(countries=["JP", "ZZ"]),
            "ZZ",
        ),
        (
            lambda d: d["meetings"][_meeting_index(d, "jucip-4")]["participants"][0].update(
                person="nobody"
            ),
            "nobody",
        ),
        (
            lambda d: d["meetings"][_meeting_index(d, "jucip-4")].update(start_date="26 June"),
            "start_date",
        ),
        (lambda d: d["meetings"][_meeting_index(d, "jucip-4")].update(kind="party"), "kind"),
        (lambda d: d["meetings"].append(dict(d["meetings"][0])), "more than once"),
        (
            lambda d: d["meetings"][_meeting_index(d, "jucip-4")].update(end_date="2024-01-01"),
            "refused",
        ),
    ],
)
def test_import_refuses_a_broken_dump_and_changes_nothing(archive, tmp_path, change, message):
    path = _dump_with(tmp_path, archive, change)
    empty_the_archive()
    topic_before = Topic.objects.get(slug="economic-security").definition
    Topic.objects.filter(slug="economic-security").update(
        definition="Must survive a refused import."
    )
    with pytest.raises(CommandError, match=message):
        call_command("import_archive", path)
    assert not any(model.objects.exists() for model in RECORD_MODELS)
    assert (
        Topic.objects.get(slug="economic-security").definition == "Must survive a refused import."
    )
    assert topic_before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2, 3]", "not an archive dump"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
    ],
)
def test_import_refuses_what_is_not_a_dump(db, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_archive", str(path))


def test_import_of_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_archive", str(tmp_path / "nope.json"))


def test_imported_document_bodies_are_sanitised(archive, tmp_path):
    def inject(data):
        documents = data["meetings"][_meeting_index(data, "jucip-4")]["documents"]
        [document] = [d for d in documents if d["title"] == "METI release"]
        document["body"] = '<p onclick="steal()">Hi</p><script>alert(1)</script>'

    path = _dump_with(tmp_path, archive, inject)
    empty_the_archive()
    call_command("import_archive", path, stdout=open("/dev/null", "w"))  # noqa: SIM115
    body = Document.objects.get(title="METI release").body
    assert "script" not in body and "onclick" not in body and "Hi" in body
