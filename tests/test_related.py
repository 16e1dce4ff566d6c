"""Related meetings on a record are related: the same series first (nearest rounds first), then
the same countries, then shared minerals, topics and people; each card says why; never a fill of
the latest meetings."""

import datetime

import pytest
from django.urls import reverse
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from tests.factories import make_meeting, make_person, make_series

pytestmark = pytest.mark.django_db


def related_cards(client, slug):
    response = client.get(reverse("meetings:detail", args=[slug]))
    assert response.status_code == 200
    tree = HTMLParser(response.content.decode())
    section = tree.css_first("section.related")
    if section is None:
        return []
    return [
        (
            card.css_first(".card__title a").attributes["href"].split("/")[2],
            card.css_first(".card__why").text().replace("Related: ", ""),
        )
        for card in section.css(".card")
    ]


def test_the_4th_jucip_records_first_related_meeting_is_the_3rd(client, bundled_archive):
    cards = related_cards(client, "2024-06-26-4th-jucip-ministerial-meeting")
    slugs = [slug for slug, _why in cards]
    assert slugs[:3] == [
        "2024-04-10-3rd-jucip-ministerial-meeting",
        "2023-05-26-2nd-jucip-ministerial-meeting",
        "2022-05-04-1st-jucip-ministerial-meeting",
    ]
    assert cards[0][1].startswith("Same series, 3rd meeting")
    # After the series, the same country pair, nearest in time, sharing its minerals.
    assert "2024-09-26-4th-japan-us-economic-2-plus-2-vice-ministerial-meeting" in slugs
    why = dict(cards)["2024-09-26-4th-japan-us-economic-2-plus-2-vice-ministerial-meeting"]
    assert "Japan × U.S." in why and "gallium" in why


def test_records_of_different_kin_get_different_related_meetings(client, bundled_archive):
    """Issue 15: the same five latest appeared on the 4th JUCIP, the minerals agreement's signing
    and a Japan-Canada record."""
    jucip = related_cards(client, "2024-06-26-4th-jucip-ministerial-meeting")
    signing = related_cards(
        client, "2023-03-28-signing-of-the-japan-us-critical-minerals-agreement"
    )
    eu = related_cards(client, "2024-05-02-5th-japan-eu-high-level-economic-dialogue")
    assert jucip != signing != eu
    # The neighbouring rounds of the series come first: the 4th and (in the bundled data) the 6th.
    from meetings.models import Meeting

    fifth = Meeting.objects.get(slug="2024-05-02-5th-japan-eu-high-level-economic-dialogue")
    neighbours = set(
        Meeting.objects.public()
        .filter(series=fifth.series, ordinal__in=[4, 6])
        .values_list("slug", flat=True)
    )
    assert "2023-10-28-4th-japan-eu-high-level-economic-dialogue" in neighbours
    assert {eu[0][0], eu[1][0]} == neighbours
    assert all(why.startswith("Same series") for _slug, why in eu[:2])
    assert signing[0][1].startswith("Also Japan × U.S.")


def test_a_meeting_with_no_kin_has_no_related_meetings(client):
    make_meeting(title="Elsewhere", countries=("FR", "DE"), topics=())
    alone = make_meeting(title="Alone", countries=("BR", "IN"), topics=())
    assert related_cards(client, alone.slug) == []


def test_shared_minerals_come_before_shared_topics_and_people(client):
    saito = make_person("Ken Saito", slug="saito-related", country_id="JP")
    day = datetime.date(2024, 1, 1)
    this = make_meeting(
        title="This",
        countries=("JP", "AU"),
        minerals=("gallium",),
        topics=("economic-security",),
        participants=[saito],
        start_date=day,
    )
    topic = make_meeting(
        title="Topic", countries=("FR", "DE"), topics=("economic-security",), start_date=day
    )
    person = make_meeting(
        title="Person", countries=("JP", "KR"), topics=(), participants=[saito], start_date=day
    )
    mineral = make_meeting(
        title="Mineral", countries=("CL", "JP"), minerals=("gallium",), topics=(), start_date=day
    )
    cards = dict(related_cards(client, this.slug))
    assert list(cards) == [mineral.slug, person.slug, topic.slug]
    assert cards[mineral.slug] == "Also on gallium"
    assert cards[person.slug] == "Also with Ken Saito"
    assert cards[topic.slug] == "Shares Economic security"


def test_nearest_rounds_of_the_series_come_first(client):
    series = make_series("Rounds")
    rounds = {
        n: make_meeting(
            title=f"Round {n}",
            series=series,
            ordinal=n,
            countries=("JP", "US"),
            start_date=datetime.date(2000 + n, 1, 1),
        )
        for n in range(1, 9)
    }
    slugs = [slug for slug, _ in related_cards(client, rounds[5].slug)]
    # One round away, then two, then three (ties: nearer in time first).
    assert set(slugs[:2]) == {rounds[4].slug, rounds[6].slug}
    assert set(slugs[2:4]) == {rounds[3].slug, rounds[7].slug}
    assert slugs[4] in {rounds[2].slug, rounds[8].slug}
    assert len(slugs) == 5
