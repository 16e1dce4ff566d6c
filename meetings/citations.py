"""How to cite a meeting record: BibTeX, RIS, CSL-JSON and two formatted styles (APA, Chicago).

A citation is dated by the record's last substantive change (`last_substantive_change`): the last
time an editor or an import changed what the record says, not the last time it was saved (a
re-import that changes nothing leaves the date alone). "Accessed" is the reader's to add.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.utils.dateformat import format as format_date

PUBLISHER = "Ministerial Meetings Archive"
# What a record says: a change to any of these fields dates its citation.
SUBSTANTIVE_FIELDS = (
    "title",
    "slug",
    "kind",
    "series_id",
    "ordinal",
    "start_date",
    "end_date",
    "city",
    "venue",
    "venue_country_id",
    "parent_id",
    "summary",
    "status",
)
FORMATS = {
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "json": "application/vnd.citationstyles.csl+json; charset=utf-8",
}


def last_substantive_change(meeting) -> datetime.datetime:
    """When the record last changed what it says: its fields (one query over its history) or its
    sources (Source records, one query over theirs)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Max

    from meetings.models import Source

    rows = list(
        meeting.history.order_by("history_date", "history_id").values(
            "history_date", *SUBSTANTIVE_FIELDS
        )
    )
    changed, previous = None, None
    for row in rows:
        values = tuple(row[name] for name in SUBSTANTIVE_FIELDS)
        if values != previous:
            changed, previous = row["history_date"], values
    sourced = Source.history.filter(
        content_type=ContentType.objects.get_for_model(type(meeting)), object_id=meeting.pk
    ).aggregate(last=Max("history_date"))["last"]
    if changed and sourced:
        changed = max(changed, sourced)
    return changed or sourced or meeting.published_at or meeting.updated_at


@dataclass
class Citation:
    key: str
    title: str
    url: str
    changed: datetime.date  # the record's last substantive change
    meeting_date: datetime.date | None
    place: str

    @classmethod
    def for_meeting(cls, meeting, url: str, changed: datetime.datetime) -> Citation:
        place = ", ".join(
            part
            for part in (meeting.city, meeting.venue_country.name if meeting.venue_country else "")
            if part
        )
        return cls(
            key="mma_" + meeting.slug.replace("-", "_"),
            title=meeting.title,
            url=url,
            changed=changed.date() if isinstance(changed, datetime.datetime) else changed,
            meeting_date=meeting.start_date,
            place=place,
        )

    # --- machine-readable -------------------------------------------------------------------

    def bibtex(self) -> str:
        fields = [
            ("title", "{" + _bibtex_escape(self.title) + "}"),
            ("author", "{" + PUBLISHER + "}"),
            ("publisher", PUBLISHER),
            ("howpublished", PUBLISHER),
            ("year", str(self.changed.year)),
            ("month", self.changed.strftime("%b").lower()),
            ("date", self.changed.isoformat()),
            ("url", self.url),
        ]
        if self.meeting_date:
            fields.append(("note", f"Meeting of {self.meeting_date.isoformat()}"))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@misc{{{self.key},\n{body}\n}}\n"

    def ris(self) -> str:
        lines = [
            ("TY", "ELEC"),
            ("TI", self.title),
            ("AU", PUBLISHER),
            ("PB", PUBLISHER),
            ("T2", PUBLISHER),
            ("PY", str(self.changed.year)),
            ("DA", self.changed.strftime("%Y/%m/%d")),
            ("UR", self.url),
        ]
        if self.meeting_date:
            lines.append(("N1", f"Meeting of {self.meeting_date.isoformat()}"))
        if self.place:
            lines.append(("CY", self.place))
        lines.append(("ER", ""))
        return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)

    def csl(self) -> dict:
        item = {
            "id": self.key,
            "type": "webpage",
            "title": self.title,
            "author": [{"literal": PUBLISHER}],
            "container-title": PUBLISHER,
            "publisher": PUBLISHER,
            "URL": self.url,
            "issued": {"date-parts": [[self.changed.year, self.changed.month, self.changed.day]]},
        }
        if self.meeting_date:
            item["event-date"] = {
                "date-parts": [
                    [self.meeting_date.year, self.meeting_date.month, self.meeting_date.day]
                ]
            }
        if self.place:
            item["event-place"] = self.place
        return item

    def csl_json(self) -> str:
        return json.dumps([self.csl()], ensure_ascii=False, indent=2) + "\n"

    def render(self, format_name: str) -> str:
        return {"bib": self.bibtex, "ris": self.ris, "json": self.csl_json}[format_name]()

    # --- formatted, for people ----------------------------------------------------------------

    def apa(self) -> str:
        """APA 7, a web page whose author is the site: Site. (Year, Month Day). Title. URL"""
        return (
            f"{PUBLISHER}. ({self.changed.year}, {format_date(self.changed, 'F j')}). "
            f"{self.title}. {self.url}"
        )

    def chicago(self) -> str:
        """Chicago (17th, notes and bibliography), a web page: "Title." Site. Last modified …."""
        return (
            f"“{self.title}.” {PUBLISHER}. Last modified "
            f"{format_date(self.changed, 'F j, Y')}. {self.url}."
        )


def _bibtex_escape(text: str) -> str:
    for character in "\\{}":
        text = text.replace(character, "")
    for character in "&%$#_":
        text = text.replace(character, "\\" + character)
    return text
