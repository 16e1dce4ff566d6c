"""Citations of a meeting record: BibTeX, RIS and CSL-JSON that real parsers read, two formatted
styles with a copy button, dated by the record's last substantive change."""

import datetime
import json

import bibtexparser
import pytest
import rispy
from django.urls import reverse
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from meetings.citations import last_substantive_change
from meetings.models import Meeting
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db

SEED = "2024-06-26-4th-jucip-ministerial-meeting"
TITLE = "4th Japan-U.S. Commercial and Industrial Partnership (JUCIP) Ministerial Meeting"
URL = f"http://testserver/meetings/{SEED}/"
PUBLISHER = "Ministerial Meetings Archive"


def cite(client, slug, format_name):
    response = client.get(reverse("meetings:citation", args=[slug, format_name]))
    assert response.status_code == 200
    return response


def test_bibtex_parses_and_carries_title_date_url_publisher(client, bundled_archive):
    changed = last_substantive_change(Meeting.objects.get(slug=SEED)).date()
    response = cite(client, SEED, "bib")
    assert response["Content-Type"].startswith("application/x-bibtex")
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    (entry,) = library.entries
    fields = {field.key: field.value for field in entry.fields}
    assert fields["title"].strip("{}") == TITLE
    assert fields["url"] == URL
    assert fields["publisher"] == PUBLISHER
    assert fields["year"] == str(changed.year)
    assert fields["date"] == changed.isoformat()


def test_ris_parses_and_carries_title_date_url_publisher(client, bundled_archive):
    changed = last_substantive_change(Meeting.objects.get(slug=SEED)).date()
    response = cite(client, SEED, "ris")
    (entry,) = rispy.loads(response.content.decode())
    assert entry["type_of_reference"] == "ELEC"
    assert entry["title"] == TITLE
    assert entry["urls"] == [URL]
    assert entry["publisher"] == PUBLISHER
    assert entry["date"] == changed.strftime("%Y/%m/%d")
    assert entry["year"] == str(changed.year)


def test_csl_json_parses_and_carries_title_date_url_publisher(client, bundled_archive):
    changed = last_substantive_change(Meeting.objects.get(slug=SEED)).date()
    response = cite(client, SEED, "json")
    assert response["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    (item,) = json.loads(response.content)
    assert item["type"] == "webpage"
    assert item["title"] == TITLE
    assert item["URL"] == URL
    assert item["publisher"] == PUBLISHER
    assert item["issued"] == {"date-parts": [[changed.year, changed.month, changed.day]]}
    assert item["event-date"] == {"date-parts": [[2024, 6, 26]]}


def test_unknown_format_and_unpublished_meeting_are_404(client, bundled_archive):
    assert client.get(f"/meetings/{SEED}/cite.doc").status_code == 404
    draft = make_meeting(status=Meeting.Status.DRAFT)
    assert client.get(reverse("meetings:citation", args=[draft.slug, "bib"])).status_code == 404


def test_the_record_shows_two_styles_with_copy_buttons_and_the_formats(client, bundled_archive):
    response = client.get(reverse("meetings:detail", args=[SEED]))
    tree = HTMLParser(response.content.decode())
    apa = tree.css_first("#citation-apa").text()
    chicago = tree.css_first("#citation-chicago").text()
    assert apa.startswith(f"{PUBLISHER}. (") and TITLE in apa and URL in apa
    assert chicago.startswith(f"“{TITLE}.” {PUBLISHER}. Last modified ") and URL in chicago
    assert "ccessed" not in apa + chicago  # the reader's day is the reader's to add
    # Copy buttons are hidden until the script (a static file, no inline code) shows them.
    buttons = tree.css("button[data-copy]")
    assert [b.attributes["data-copy"] for b in buttons] == ["citation-apa", "citation-chicago"]
    assert all("hidden" in b.attributes for b in buttons)
    links = {a.text(): a.attributes["href"] for a in tree.css(".cite-formats a")}
    assert links == {
        "BibTeX": f"/meetings/{SEED}/cite.bib",
        "RIS": f"/meetings/{SEED}/cite.ris",
        "CSL-JSON": f"/meetings/{SEED}/cite.json",
    }


def test_dated_by_the_last_substantive_change_not_the_last_save(client):
    meeting = make_meeting(title="Talks", summary="First words.")
    first = last_substantive_change(meeting)
    # A save that changes nothing (a re-import) leaves the date alone.
    later = first + datetime.timedelta(days=3)
    meeting.save()
    meeting.history.filter(history_date__gt=first).update(history_date=later)
    assert last_substantive_change(meeting) == first
    # A change to what the record says moves it.
    meeting.summary = "Other words."
    meeting.save()
    newest = meeting.history.order_by("-history_id").first()
    newest_date = first + datetime.timedelta(days=10)
    meeting.history.filter(pk=newest.pk).update(history_date=newest_date)
    assert last_substantive_change(meeting) == newest_date
    response = client.get(reverse("meetings:citation", args=[meeting.slug, "json"]))
    (item,) = json.loads(response.content)
    day = newest_date.date()
    assert item["issued"] == {"date-parts": [[day.year, day.month, day.day]]}
