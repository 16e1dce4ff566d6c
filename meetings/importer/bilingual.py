"""A release fills the archive's fields in its own language: a Japanese release the Japanese ones
(docs/i18n.md, "The importer"), an English release the English ones, and each only where empty when
the release links to a meeting the archive holds. Nothing an editor entered is overwritten."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from meetings.importer.gazetteer import strip_accents
from meetings.models import Meeting, MeetingKind, MeetingSeries

if TYPE_CHECKING:
    from meetings.importer.service import MeetingPreview

# The Japanese for each kind of meeting, as the archive's Japanese titles end (第1回日豪閣僚経済対話).
JAPANESE_KIND_LABELS = {
    MeetingKind.MINISTERIAL: "閣僚会談",
    MeetingKind.VICE_MINISTERIAL: "次官級会合",
    MeetingKind.SUMMIT: "首脳会談",
    MeetingKind.DIALOGUE: "対話",
    MeetingKind.CALL: "電話会談",
    MeetingKind.VIDEO: "テレビ会議",
    MeetingKind.SIGNING: "署名",
    MeetingKind.VISIT: "訪問",
}


def meeting_title_ja(preview: MeetingPreview, series: MeetingSeries | None = None) -> str:
    """The draft's Japanese title, in the style of the archive's Japanese titles: the series in
    Japanese with its round (第2回日チリ鉱業政策対話), else the governments' Japanese names and the
    kind (日本・チリ閣僚会談)."""
    from meetings.models.reference import japanese_country_name

    proposal = preview.proposal
    series_ja = (series.name_ja if series else "") or (
        proposal.get("series") if is_japanese_text(proposal.get("series")) else ""
    )
    if series_ja:
        ordinal = f"第{proposal['ordinal']}回" if proposal.get("ordinal") else ""
        return f"{ordinal}{series_ja}"[:300]
    # Japan first, as Japanese titles name the pair (日本・チリ).
    countries = sorted(preview.countries, key=lambda c: (c.code != "JP", c.code))
    names = [japanese_country_name(c.code, c.aliases) or c.name for c in countries]
    names += [o for o in proposal.get("organizations") or [] if isinstance(o, str)]
    label = JAPANESE_KIND_LABELS.get(preview.kind, "会談")
    return f"{'・'.join(names) or '二国間'}{label}"[:300]


def is_japanese_text(text) -> bool:
    return isinstance(text, str) and bool(re.search(r"[\u3040-\u30ff\u3400-\u9fff]", text))


def fill_in_linked(meeting: Meeting, mp: MeetingPreview, language: str | None) -> None:
    """A release of a meeting the archive holds fills that meeting's fields in its own language
    where they are empty, and nothing else: what an editor entered stays as it is. A Japanese
    release gives the Japanese title (and the series' Japanese name, the participants' names as
    written); an English one the city, venue, series and round a Japanese release left empty."""
    proposal = mp.proposal
    changed = []
    series = meeting.series
    if language == "ja":
        if not meeting.title_ja:
            meeting.title_ja = meeting_title_ja(mp, series)
            changed.append("title_ja")
        if series is not None and not series.name_ja and is_japanese_text(proposal["series"]):
            series.name_ja = proposal["series"][:200]
            series.save(update_fields=["name_ja"])
        by_family = {
            strip_accents(p.person.family_name).casefold(): p.person
            for p in meeting.participants.select_related("person")
        }
        for participant in mp.participants:
            person = by_family.get(strip_accents(participant.family_name).casefold())
            if person is not None and participant.native_name and not person.native_name:
                person.native_name = participant.native_name[:200]
                person.save(update_fields=["native_name"])
    else:
        if not meeting.city and proposal["city"]:
            meeting.city = proposal["city"][:100]
            changed.append("city")
        if meeting.venue_country_id is None and mp.venue_country is not None:
            meeting.venue_country = mp.venue_country
            changed.append("venue_country")
        if meeting.series_id is None and mp.series is not None:
            meeting.series = mp.series
            changed.append("series")
        if (
            meeting.ordinal is None
            and proposal["ordinal"]
            and (meeting.series_id is not None)
            and not Meeting.objects.filter(
                series_id=meeting.series_id, kind=meeting.kind, ordinal=proposal["ordinal"]
            ).exists()
        ):
            meeting.ordinal = proposal["ordinal"]
            changed.append("ordinal")
    if changed:
        meeting.save()
