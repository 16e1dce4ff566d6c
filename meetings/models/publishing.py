"""What a meeting needs before the public sees it, and who may change its status.

One list of checks (`publication_problems`) serves every path that can publish a meeting: the
change form (with the values and inline rows it is about to save), admin actions, history revert,
and `Meeting.publication_problems()` for anything else. Each problem is a sentence the admin shows.

The archive's title style (docs/editors.md): a title names the meeting, not the news about it —
"4th Japan-U.S. Commercial and Industrial Partnership (JUCIP) Ministerial Meeting", "Meeting of METI
Minister Saito and Chile's Minister of Mining Williams". It is not the release's headline, has no
headline verbs ("Minister Saito Holds …", "… visits …", "… was held"), no release words ("Press
release", "Readout of", "Results of", "(Summary)"), no closing full stop, is not in capitals and
fits in 150 characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PUBLISH_PERMISSION = "meetings.publish_meeting"
TITLE_MAX = 150

HEADLINE_VERBS = re.compile(
    r"\b(holds?|held|visits?|visited|attends?|attended|meets|hosts|hosted|took place|"
    r"to be held|will hold)\b",
    re.IGNORECASE,
)
RELEASE_WORDS = re.compile(
    r"^(press release|news release|readout of|results? of|outline of|announcement|"
    r"statement by|remarks by|joint readout)\b|\((results?|summary|outline|overview)\)\s*$",
    re.IGNORECASE,
)


def title_style_problems(title: str, headlines=()) -> list[str]:
    """Why `title` is not in the archive's style (an empty list when it is)."""
    title = " ".join((title or "").split())
    if not title:
        return ["A published meeting needs a title."]
    problems = []
    folded = title.casefold()
    if any(folded == " ".join((h or "").split()).casefold() for h in headlines):
        problems.append(
            "The title is the release's headline: name the meeting in the archive's style, e.g. "
            "'4th Japan-U.S. Commercial and Industrial Partnership (JUCIP) Ministerial Meeting'."
        )
    if HEADLINE_VERBS.search(title):
        problems.append(
            "The title reads like a headline ('holds', 'visits', 'was held'…): name the meeting, "
            "e.g. 'Meeting of METI Minister Saito and Commerce Secretary Raimondo'."
        )
    if RELEASE_WORDS.search(title):
        problems.append(
            "The title carries release words ('Press release', 'Readout of', 'Results of', "
            "'(Summary)'): name the meeting itself."
        )
    if title[-1] in ".!:;":
        problems.append("The title ends with punctuation: drop the closing full stop.")
    letters = [c for c in title if c.isalpha()]
    if len(letters) > 12 and title == title.upper():
        problems.append("The title is in capitals: write it in title case.")
    if len(title) > TITLE_MAX:
        problems.append(f"The title is longer than {TITLE_MAX} characters: shorten it.")
    return problems


@dataclass
class PublicationFacts:
    """What the checks look at, whether it comes from a form about to be saved or the database."""

    title: str = ""
    start_date: object = None
    summary: str = ""
    country_codes: list[str] = field(default_factory=list)
    # (side, linked to a person?, that person reviewed?): the side is the participant's country
    # code, or "org:<slug>" for the head of an international organisation speaking for it
    participants: list[tuple] = field(default_factory=list)
    # (url, kind) of each source
    sources: list[tuple] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)
    # The editor searched the governments' sites and found no official release.
    official_source_unavailable: bool = False


def official_source_kinds() -> set[str]:
    from meetings.models.sources import Source

    return Source.OFFICIAL_KINDS


def publication_problems(facts: PublicationFacts) -> list[str]:
    """Everything a meeting still lacks before it may be published."""
    problems = []
    if not facts.start_date:
        problems.append("A published meeting needs the date it was held.")
    # The sides of a bilateral meeting: its countries, and any international organisation whose
    # head takes part (a minister meeting the WTO's Director-General is a bilateral meeting).
    organizations = sorted(
        {side for side, _linked, _ok in facts.participants if str(side or "").startswith("org:")}
    )
    codes = sorted(set(facts.country_codes))
    if len(codes) + len(organizations) < 2:
        problems.append(
            "A published meeting needs at least two participating countries (or a country and an "
            "international organisation whose head takes part)."
        )
    sides_missing = [
        side.removeprefix("org:")
        for side in [*codes, *organizations]
        if not any(country == side and linked and ok for country, linked, ok in facts.participants)
    ]
    if sides_missing:
        problems.append(
            "Each side needs at least one participant linked to a reviewed person: none yet for "
            f"{', '.join(sides_missing)}."
        )
    if not (facts.summary or "").strip():
        problems.append("A published meeting needs a summary in the editor's words.")
    official = official_source_kinds()
    if facts.official_source_unavailable and not facts.sources:
        problems.append(
            "A meeting published without an official source needs at least one source: the copy "
            "or news report it rests on."
        )
    elif not facts.official_source_unavailable and not any(
        kind in official for _url, kind in facts.sources
    ):
        problems.append(
            "A published meeting needs at least one official source (an official release, joint "
            "statement, readout or transcript on the government's own site); copies elsewhere and "
            "news do not count (unless “no official source found” is ticked after a search)."
        )
    problems += title_style_problems(facts.title, facts.headlines)
    return problems


def participant_side(country_code, organization, person) -> str | None:
    """A participant's side: their country, else the international organisation they speak for,
    else their person's country."""
    if country_code:
        return country_code
    if organization is not None and organization.kind == "international":
        return f"org:{organization.slug}"
    return person.country_id if person else None


def facts_from_database(meeting, **overrides) -> PublicationFacts:
    """The facts of a saved meeting (or of an unsaved one: no related rows), with overrides."""
    facts = PublicationFacts(
        title=meeting.title,
        start_date=meeting.start_date,
        summary=meeting.summary,
        official_source_unavailable=meeting.official_source_unavailable,
    )
    if meeting.pk:
        facts.country_codes = list(meeting.countries.values_list("code", flat=True))
        for participant in meeting.participants.select_related("person", "organization"):
            person = participant.person
            country = participant_side(participant.country_id, participant.organization, person)
            facts.participants.append(
                (country, person is not None, person is not None and not person.needs_review)
            )
        facts.sources = [(s.url, s.kind) for s in meeting.source_records.all()]
        facts.headlines = list(meeting.documents.values_list("title", flat=True))
    for key, value in overrides.items():
        if value is not None:
            setattr(facts, key, value)
    return facts


def may_change_status(user) -> bool:
    return user is not None and user.has_perm(PUBLISH_PERMISSION)


STATUS_REFUSED = (
    "You may save drafts; publishing or withdrawing a meeting needs the 'Can publish or withdraw "
    "meetings' permission."
)
