"""Meeting cards rendered once per meeting and content version, shared by every list
(meetings/cards.py, issue 13)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from meetings.cards import render_cards
from meetings.models import Meeting
from meetings.search.index import reindex_meetings
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


def card_titles(html: str) -> list[str]:
    return [node.text(strip=True) for node in HTMLParser(html).css("article.card .card__title")]


def queries_of(callable_):
    with CaptureQueriesContext(connection) as captured:
        value = callable_()
    return value, len(captured)


def test_a_card_is_rendered_once_and_reused_by_another_list(client, computed_cache):
    meeting = make_meeting(title="Tokyo round", countries=("JP", "US"))
    make_meeting(title="Berlin round", countries=("JP", "DE"))
    first, first_queries = queries_of(lambda: client.get("/meetings/?country=US"))
    assert card_titles(first.content.decode()) == ["Tokyo round"]
    # Another list (another URL, never rendered) shows the same meeting: its card is not fetched
    # nor rendered again, only the other meeting's is.
    _cards, cold = queries_of(lambda: render_cards([meeting.pk]))
    assert cold == 0
    other, _ = queries_of(lambda: client.get("/countries/jp/us/"))
    assert card_titles(other.content.decode()) == ["Tokyo round"]
    both = client.get("/meetings/?country=JP").content.decode()
    assert card_titles(both) == ["Berlin round", "Tokyo round"] or card_titles(both) == [
        "Tokyo round",
        "Berlin round",
    ]
    assert first_queries > 0


def test_cards_fetch_only_what_the_cache_lacks(computed_cache):
    first = make_meeting(title="First", countries=("JP", "US"))
    second = make_meeting(title="Second", countries=("JP", "US"))
    _cards, cold = queries_of(lambda: render_cards([first.pk]))
    # The meeting with its series and venue, then countries, minerals and participants.
    assert cold == 4
    cards, warm = queries_of(lambda: render_cards([second.pk, first.pk]))
    assert warm == 4  # only `second` was missing
    assert [card_titles(card) for card in cards] == [["Second"], ["First"]]
    _cards, none = queries_of(lambda: render_cards([first.pk, second.pk]))
    assert none == 0


def test_a_card_shows_an_editors_write_at_once(
    client, computed_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = make_meeting(title="Draft title", countries=("JP", "US"))
    assert card_titles(client.get("/meetings/").content.decode()) == ["Draft title"]
    with django_capture_on_commit_callbacks(execute=True):
        Meeting.objects.filter(pk=meeting.pk).update(title="Corrected title")
        meeting.refresh_from_db()
        meeting.save()  # the write through the model, as the admin saves it: the signal bumps
    assert card_titles(client.get("/meetings/").content.decode()) == ["Corrected title"]


def test_a_withdrawn_meeting_has_no_card(
    client, computed_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = make_meeting(title="Soon withdrawn", countries=("JP", "US"))
    assert len(render_cards([meeting.pk])) == 1
    with django_capture_on_commit_callbacks(execute=True):
        meeting.status = Meeting.Status.WITHDRAWN
        meeting.save()
    assert render_cards([meeting.pk]) == []


def test_the_japanese_card_is_not_the_english_one(client, computed_cache):
    make_meeting(
        title="Japan-U.S. meeting", title_ja="日米会談", countries=("JP", "US"), summary="On chips."
    )
    english = client.get("/meetings/").content.decode()
    japanese = client.get("/ja/meetings/").content.decode()
    assert card_titles(english) == ["Japan-U.S. meeting"]
    assert card_titles(japanese) == ["日米会談"]
    assert 'href="/ja/meetings/' in japanese.split('class="cards"')[1]


def test_a_search_snippet_takes_the_summarys_place(client, computed_cache):
    make_meeting(
        title="Gallium talks",
        countries=("JP", "US"),
        summary="The ministers discussed gallium export controls and stockpiles.",
    )
    reindex_meetings()
    plain = HTMLParser(client.get("/meetings/").content.decode())
    assert plain.css_first("article.card .card__summary") is not None
    assert plain.css_first("article.card .card__snippet") is None
    found = HTMLParser(client.get("/meetings/?q=gallium").content.decode())
    card = found.css_first("article.card")
    assert card.css_first(".card__summary") is None
    assert "<mark>gallium</mark>" in card.css_first(".card__snippet").html.lower()
    assert "<!--" not in card.html  # the cache's markers never reach the reader
    # The plain list, rendered again, still shows the summary: the snippet was not cached.
    again = HTMLParser(client.get("/meetings/").content.decode())
    assert again.css_first("article.card .card__snippet") is None


def test_why_a_meeting_is_related_comes_before_its_title(computed_cache):
    meeting = make_meeting(title="Kin", countries=("JP", "US"))
    (card,) = render_cards([meeting.pk], why={meeting.pk: "also <Japan> × U.S."})
    tree = HTMLParser(card)
    why = tree.css_first("article.card > p.card__why")
    assert why is not None and why.text() == "Related: Also <Japan> × U.S."
    assert "&lt;Japan&gt;" in card  # escaped
    assert card.index("card__why") < card.index("card__title")
