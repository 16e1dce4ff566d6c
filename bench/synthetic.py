"""Synthetic data for scale tests: realistic in shape, clearly labelled, never mistaken for the record.

`generate_synthetic(meetings=N, seed=S)` creates, on top of the reference data (countries, minerals,
topics), everything a busy archive has: ministries in dozens of countries, hundreds of people with
the offices they held, meeting series, and N meetings with participants, topics, minerals, a
release of a few KB each and the odd agreement. Every meeting title starts with "[Synthetic]",
every source URL is under https://example.invalid/ (a domain that can never resolve), and every
slug starts with "synthetic-<seed>-", so synthetic records are easy to find and remove.

Fast enough for 100,000 meetings in a few minutes: rows are built in memory and written with
`bulk_create` in batches, many-to-many links straight into their through tables. Model `save()`
methods and signals do not run, so this module does what they would have done (slugs, sanitising,
published_at) itself, and records the write for the page cache once at the end.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from meetings.models import (
    Agreement,
    Country,
    CriticalMineral,
    Document,
    Meeting,
    MeetingKind,
    MeetingSeries,
    Membership,
    Organization,
    Participant,
    Person,
    Source,
    Topic,
)
from meetings.reference_data import load_reference_data
from meetings.sanitize import sanitize_html

TITLE_PREFIX = "[Synthetic]"
SOURCE_ROOT = "https://example.invalid/synthetic"
FIRST_DATE = datetime.date(1990, 1, 1)
LAST_DATE = datetime.date(2025, 12, 31)

# Dozens of governments; Japan and the U.S. take part most often, as in the real archive, so that
# country and country-pair pages have the long lists a real archive would give them.
COUNTRY_WEIGHTS = {
    "JP": 30, "US": 24, "AU": 8, "GB": 7, "IN": 7, "KR": 7, "DE": 6, "FR": 6, "CA": 5, "EU": 5,
    "IT": 4, "ID": 4, "VN": 4, "PH": 3, "TH": 3, "MY": 3, "SG": 3, "NZ": 3, "BR": 3, "MX": 3,
    "CL": 3, "AR": 2, "PE": 2, "ZA": 3, "NG": 2, "KE": 2, "EG": 2, "SA": 3, "AE": 3, "TR": 2,
    "PL": 2, "SE": 2, "FI": 2, "NO": 2, "NL": 2, "BE": 1, "ES": 2, "PT": 1, "CZ": 1, "KZ": 2,
    "MN": 2, "UA": 2, "UZ": 1, "QA": 1, "BD": 1, "LK": 1, "CD": 1, "ZM": 1, "MA": 1, "IL": 1,
}  # fmt: skip

MINISTRIES = [
    ("Ministry of Foreign Affairs", "MOFA", "Minister for Foreign Affairs"),
    ("Ministry of Economy and Trade", "MET", "Minister of Economy and Trade"),
    (
        "Ministry of Energy and Natural Resources",
        "MENR",
        "Minister of Energy and Natural Resources",
    ),
    ("Ministry of Industry and Technology", "MIT", "Minister of Industry and Technology"),
]
DEPUTY_TITLE = "Vice-Minister for International Affairs"

GIVEN_NAMES = [
    "Akira", "Yuko", "Hiroshi", "Emily", "James", "Olivia", "Rahul", "Priya", "Min-jun", "Ji-woo",
    "Lukas", "Anna", "Camille", "Louis", "Sofia", "Marco", "Siti", "Budi", "Linh", "Minh",
    "Maria", "Jose", "Thandiwe", "Sipho", "Amina", "Chinedu", "Fatima", "Omar", "Ingrid", "Erik",
    "Aigerim", "Nursultan", "Bat-Erdene", "Oyun", "Olena", "Taras", "Isabel", "Mateo", "Ana",
    "Noah", "Grace", "Wei", "Mei", "Sanjay", "Leila", "Tomasz", "Katarzyna", "Pieter", "Sanne",
]  # fmt: skip
FAMILY_NAMES = [
    "Tanaka", "Sato", "Morimoto", "Hartley", "Brennan", "Caldwell", "Iyer", "Menon", "Park",
    "Choi", "Becker", "Hoffmann", "Laurent", "Moreau", "Rossi", "Bianchi", "Santoso", "Wibowo",
    "Nguyen", "Tran", "Silva", "Costa", "Ndlovu", "Mokoena", "Okafor", "Adeyemi", "Haddad",
    "Farouk", "Lindqvist", "Berg", "Abenov", "Sadykova", "Ganbold", "Batbayar", "Kovalenko",
    "Shevchenko", "Fernandez", "Rojas", "Morales", "Walker", "Fraser", "Kowalski", "Nowak",
    "de Vries", "Jansen", "Aziz", "Rahman", "Perera", "Mwale", "Alaoui",
]  # fmt: skip

KIND_WEIGHTS = {
    MeetingKind.MINISTERIAL: 45,
    MeetingKind.VICE_MINISTERIAL: 12,
    MeetingKind.DIALOGUE: 12,
    MeetingKind.CALL: 10,
    MeetingKind.VIDEO: 8,
    MeetingKind.SUMMIT: 5,
    MeetingKind.SIGNING: 4,
    MeetingKind.VISIT: 4,
}
SERIES_FORMATS = [
    ("Economic Policy Dialogue", "EPD"),
    ("Energy and Resources Dialogue", "ERD"),
    ("Critical Minerals Partnership", "CMP"),
    ("Commercial and Industrial Partnership", "CIP"),
    ("Supply Chain Resilience Consultations", "SCRC"),
    ("Digital Economy Dialogue", "DED"),
]

# Sentences for summaries and release bodies; {a}, {b} are countries, {topic}, {mineral} names.
# Supply chains are one subject among many: about one meeting in five talks of them, so that a
# search for "supply chain" finds a realistic share of the archive rather than all of it.
SUPPLY_CHAIN_SHARE = 0.2
SUPPLY_CHAIN_SENTENCES = [
    "They agreed to strengthen supply chain resilience for {mineral} and other critical minerals.",
    "The meeting took stock of semiconductor supply chains and research cooperation.",
]
SUMMARY_SENTENCES = [
    "Ministers from {a} and {b} reviewed cooperation on {topic}.",
    "The two sides discussed export controls, investment screening and economic security.",
    "Both governments welcomed progress on joint projects in {topic} since their last meeting.",
    "They exchanged views on non-market practices and overcapacity affecting {mineral} markets.",
    "The ministers confirmed plans for a working group on {topic} to report within a year.",
    "Officials from {b} briefed on new policies for clean energy and hydrogen.",
]
SUPPLY_CHAIN_PARAGRAPH = (
    "The ministers underlined that diversified and transparent supply chains are the foundation "
    "of economic security, and that no single supplier should dominate the processing of critical "
    "minerals needed for batteries, magnets and semiconductors."
)
RELEASE_PARAGRAPHS = [
    "Both sides welcomed the work of their officials on a shared map of mining, refining and "
    "recycling projects, and asked them to identify where public finance could attract private "
    "investment that meets high environmental, social and governance standards.",
    "They reaffirmed their commitment to a free and open, rules-based international economic order "
    "and expressed concern about export restrictions and other coercive measures.",
    "The ministers exchanged views on energy security, including stable supplies of liquefied "
    "natural gas during the transition, and on cooperation in hydrogen, ammonia and nuclear power.",
    "They agreed to deepen cooperation on standards for emerging technologies, on research "
    "security, and on the protection of sensitive technologies through export controls.",
    "The two governments noted the importance of engaging producer countries as partners, with "
    "investment in local value addition, skills and infrastructure.",
    "They decided to hold the next meeting within a year and to report on progress to leaders.",
    "Officials will continue to meet regularly at working level to follow up on the commitments "
    "set out in this statement and to prepare concrete projects.",
    "The ministers discussed the outlook for demand for lithium, nickel, cobalt, graphite and rare "
    "earth elements and the risks of concentrated processing capacity.",
    "Both sides recognised the role of stockpiling and information sharing in responding to "
    "sudden disruptions of supply.",
]


@dataclass
class MeetingPlan:
    """What is decided about a meeting before its rows are built."""

    index: int
    countries: list[str]
    kind: str
    start_date: datetime.date
    series_id: int | None = None
    ordinal: int | None = None
    extra: dict = field(default_factory=dict)


def weighted_choice(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()), k=1)[0]


def synthetic_slug_prefix(seed: int) -> str:
    return f"synthetic-{seed}-"


def synthetic_exists(seed: int) -> bool:
    return Meeting.objects.filter(slug__startswith=synthetic_slug_prefix(seed)).exists()


def delete_synthetic(seed: int) -> None:
    """Remove what an earlier run with this seed created (slow at scale: use a fresh database)."""
    prefix = synthetic_slug_prefix(seed)
    with transaction.atomic():
        Agreement.objects.filter(slug__startswith=prefix).delete()
        Meeting.objects.filter(slug__startswith=prefix).delete()
        MeetingSeries.objects.filter(slug__startswith=prefix).delete()
        Person.objects.filter(slug__startswith=prefix).delete()
        Organization.objects.filter(slug__startswith=prefix).delete()


def generate_synthetic(
    meetings: int, seed: int = 1, batch_size: int = 2000, progress=None
) -> dict[str, int]:
    """Create `meetings` synthetic meetings (and the people, offices and series they need)."""
    progress = progress or (lambda message: None)
    rng = random.Random(seed)
    if not Country.objects.filter(code__in=list(COUNTRY_WEIGHTS)).exists():
        load_reference_data()
    countries = Country.objects.in_bulk(list(COUNTRY_WEIGHTS))
    weights = {code: w for code, w in COUNTRY_WEIGHTS.items() if code in countries}
    topics = list(Topic.objects.order_by("slug"))
    minerals = list(CriticalMineral.objects.order_by("slug"))
    prefix = synthetic_slug_prefix(seed)
    counts: dict[str, int] = {}

    with transaction.atomic():
        people_by_country, offices = create_people(rng, prefix, countries, counts)
        series_by_pair = create_series(rng, prefix, seed, countries, weights, counts)
        plans = plan_meetings(rng, meetings, weights, series_by_pair)
        progress(f"planned {len(plans)} meetings; writing in batches of {batch_size}")
        for start in range(0, len(plans), batch_size):
            create_meetings(
                rng,
                prefix,
                seed,
                plans[start : start + batch_size],
                countries,
                topics,
                minerals,
                people_by_country,
                offices,
                counts,
            )
            progress(f"{min(start + batch_size, len(plans))} meetings written")

    # Bulk writes send no signals: record the write for the page cache ourselves.
    from archive.content_version import bump_content_version

    bump_content_version()
    return counts


def create_people(rng, prefix, countries, counts):
    """Ministries in each country, 12–16 officials each, with offices held over the decades."""
    organizations = []
    for code, country in countries.items():
        for name, acronym, _title in MINISTRIES:
            organizations.append(
                Organization(
                    name=f"{name} ({country.name}) {TITLE_PREFIX}",
                    slug=f"{prefix}org-{code.lower()}-{acronym.lower()}",
                    acronym=acronym,
                    country=country,
                    sources=[f"{SOURCE_ROOT}/organizations/{code.lower()}-{acronym.lower()}"],
                )
            )
    Organization.objects.bulk_create(organizations)
    ministries = {}
    for organization in organizations:
        ministries.setdefault(organization.country_id, []).append(organization)

    people = []
    for code in countries:
        for n in range(rng.randint(12, 16)):
            given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
            name = f"{given} {family}"
            people.append(
                Person(
                    name=name,
                    slug=f"{prefix}person-{code.lower()}-{n}-{slugify(name)}",
                    given_name=given,
                    family_name=family,
                    sort_name=f"{family}, {given}",
                    country_id=code,
                    biography=f"{TITLE_PREFIX} A fictional official generated for load tests.",
                    sources=[f"{SOURCE_ROOT}/people/{code.lower()}-{n}"],
                )
            )
    Person.objects.bulk_create(people)

    memberships = []
    people_by_country: dict[str, list[Person]] = {}
    offices: dict[int, list[Membership]] = {}
    for person in people:
        people_by_country.setdefault(person.country_id, []).append(person)
        # Two to four consecutive offices between 1988 and today; the last may be ongoing.
        day = datetime.date(1988, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 20))
        for step in range(rng.randint(2, 4)):
            ministry_index = rng.randrange(len(MINISTRIES))
            organization = ministries[person.country_id][ministry_index]
            title = MINISTRIES[ministry_index][2] if rng.random() < 0.6 else DEPUTY_TITLE
            end = day + datetime.timedelta(days=rng.randint(400, 365 * 6))
            ongoing = step == 3 or end > LAST_DATE
            membership = Membership(
                person=person,
                organization=organization,
                title=title,
                start_date=day,
                end_date=None if ongoing else end,
                sources=[f"{SOURCE_ROOT}/people/{person.slug}/offices/{step}"],
            )
            memberships.append(membership)
            offices.setdefault(person.pk, []).append(membership)
            if ongoing:
                break
            day = end + datetime.timedelta(days=1)
    Membership.objects.bulk_create(memberships, batch_size=5000)
    counts.update(
        organizations=len(organizations), people=len(people), memberships=len(memberships)
    )
    return people_by_country, offices


def create_series(rng, prefix, seed, countries, weights, counts):
    """A few recurring formats for the busiest pairs of countries."""
    busiest = sorted(weights, key=weights.get, reverse=True)[:14]
    pairs = [(a, b) for i, a in enumerate(busiest) for b in busiest[i + 1 :]]
    rng.shuffle(pairs)
    series_list, pair_of = [], {}
    for a, b in pairs[:60]:
        for label, acronym in rng.sample(SERIES_FORMATS, k=rng.randint(1, 2)):
            # Series names are unique: the seed tells apart the sets of different runs.
            name = f"{TITLE_PREFIX} {countries[a].name}–{countries[b].name} {label} (set {seed})"
            series = MeetingSeries(
                name=name,
                slug=f"{prefix}series-{a.lower()}-{b.lower()}-{slugify(label)}",
                acronym=f"{a}{b}-{acronym}",
                established_on=FIRST_DATE + datetime.timedelta(days=rng.randint(0, 365 * 25)),
                description=f"{TITLE_PREFIX} A fictional meeting format generated for load tests.",
                sources=[f"{SOURCE_ROOT}/series/{a.lower()}-{b.lower()}-{slugify(label)}"],
            )
            series_list.append(series)
            pair_of[series.slug] = (a, b)
    MeetingSeries.objects.bulk_create(series_list)
    through = MeetingSeries.countries.through
    through.objects.bulk_create(
        through(meetingseries_id=s.pk, country_id=code)
        for s in series_list
        for code in pair_of[s.slug]
    )
    series_by_pair: dict[tuple[str, str], list[MeetingSeries]] = {}
    for series in series_list:
        series_by_pair.setdefault(tuple(sorted(pair_of[series.slug])), []).append(series)
    counts["series"] = len(series_list)
    return series_by_pair


def plan_meetings(rng, n, weights, series_by_pair) -> list[MeetingPlan]:
    """Decide countries, kind, date and series first, so ordinals can follow the dates."""
    span = (LAST_DATE - FIRST_DATE).days
    plans = []
    for index in range(n):
        first = weighted_choice(rng, weights)
        second = first
        while second == first:
            second = weighted_choice(rng, weights)
        codes = [first, second]
        if rng.random() < 0.08:  # some trilateral meetings
            third = weighted_choice(rng, weights)
            if third not in codes:
                codes.append(third)
        plan = MeetingPlan(
            index=index,
            countries=codes,
            kind=weighted_choice(rng, KIND_WEIGHTS),
            start_date=FIRST_DATE + datetime.timedelta(days=rng.randint(0, span)),
        )
        candidates = series_by_pair.get(tuple(sorted(codes[:2])))
        if candidates and len(codes) == 2 and rng.random() < 0.5:
            plan.series_id = rng.choice(candidates).pk
        plans.append(plan)
    # Ordinals count the rounds of a series at one level, in date order (the model's constraint).
    rounds: dict[tuple[int, str], int] = {}
    for plan in sorted(plans, key=lambda p: (p.start_date, p.index)):
        if plan.series_id:
            key = (plan.series_id, plan.kind)
            rounds[key] = rounds.get(key, 0) + 1
            plan.ordinal = rounds[key]
    return plans


def title_on(offices, person, date) -> str:
    for membership in offices.get(person.pk, []):
        if membership.start_date <= date and (
            membership.end_date is None or membership.end_date >= date
        ):
            return membership.title
    return ""


def create_meetings(
    rng, prefix, seed, plans, countries, topics, minerals, people_by_country, offices, counts
):
    now = timezone.now()
    kind_labels = dict(MeetingKind.choices)
    rows, texts = [], []
    for plan in plans:
        names = [countries[c].name for c in plan.countries]
        chosen_topics = rng.sample(topics, k=min(len(topics), rng.randint(1, 3))) if topics else []
        chosen_minerals = (
            rng.sample(minerals, k=rng.randint(1, 3)) if minerals and rng.random() < 0.6 else []
        )
        topic_name = chosen_topics[0].name.lower() if chosen_topics else "economic security"
        mineral_name = chosen_minerals[0].name.lower() if chosen_minerals else "critical mineral"
        subject = f" on {chosen_topics[0].name}" if chosen_topics and rng.random() < 0.5 else ""
        title = f"{TITLE_PREFIX} {'–'.join(names)} {kind_labels[plan.kind]}{subject}"
        values = {"a": names[0], "b": names[1], "topic": topic_name, "mineral": mineral_name}
        values["supply_chains"] = rng.random() < SUPPLY_CHAIN_SHARE
        sentences = rng.sample(SUMMARY_SENTENCES, k=3)
        if values["supply_chains"]:
            sentences[1] = rng.choice(SUPPLY_CHAIN_SENTENCES)
        summary = " ".join(s.format(**values) for s in sentences)
        status_roll = rng.random()
        status = (
            Meeting.Status.PUBLISHED
            if status_roll < 0.94
            else Meeting.Status.DRAFT
            if status_roll < 0.98
            else Meeting.Status.WITHDRAWN
        )
        venue = rng.choice(plan.countries)
        multi_day = rng.random() < 0.2
        rows.append(
            Meeting(
                title=title,
                slug=f"{prefix}{plan.index}-{slugify(' '.join(plan.countries))}",
                kind=plan.kind,
                series_id=plan.series_id,
                ordinal=plan.ordinal,
                start_date=plan.start_date,
                end_date=plan.start_date + datetime.timedelta(days=rng.randint(1, 2))
                if multi_day
                else None,
                city=countries[venue].capital or "",
                venue_country_id=venue,
                summary=f"{TITLE_PREFIX} {summary}",
                status=status,
                published_at=now if status == Meeting.Status.PUBLISHED else None,
            )
        )
        texts.append((plan, chosen_topics, chosen_minerals, values))
    Meeting.objects.bulk_create(rows)

    country_links, topic_links, mineral_links = [], [], []
    participants, documents, agreements, party_links = [], [], [], []
    for meeting, (plan, chosen_topics, chosen_minerals, values) in zip(rows, texts, strict=True):
        for code in plan.countries:
            country_links.append(Meeting.countries.through(meeting_id=meeting.pk, country_id=code))
        for topic in chosen_topics:
            topic_links.append(Meeting.topics.through(meeting_id=meeting.pk, topic_id=topic.pk))
        for mineral in chosen_minerals:
            mineral_links.append(
                Meeting.minerals.through(meeting_id=meeting.pk, criticalmineral_id=mineral.pk)
            )
        order = 0
        for code in plan.countries:
            # Officials in office on the day, as a real delegation would be.
            in_office = [
                person
                for person in people_by_country[code]
                if title_on(offices, person, plan.start_date)
            ] or people_by_country[code]
            heads = rng.sample(in_office, k=min(len(in_office), 2 if rng.random() < 0.25 else 1))
            for rank, person in enumerate(heads):
                participants.append(
                    Participant(
                        meeting_id=meeting.pk,
                        person_id=person.pk,
                        name=person.name,
                        title=title_on(offices, person, plan.start_date) or "Minister",
                        country_id=code,
                        role=(
                            Participant.Role.DELEGATE
                            if rank
                            else Participant.Role.HOST
                            if code == meeting.venue_country_id
                            else Participant.Role.GUEST
                        ),
                        order=order,
                    )
                )
                order += 1
        documents.append(
            Document(
                kind=Document.Kind.PRESS_RELEASE,
                title=f"{TITLE_PREFIX} Release: {meeting.title[len(TITLE_PREFIX) + 1 :]}"[:400],
                published_on=plan.start_date,
                language="en",
                source_url=f"{SOURCE_ROOT}/{plan.index}/release",
                body=release_body(rng, meeting, values),
                sources=[f"{SOURCE_ROOT}/{plan.index}/release"],
            )
        )
        if rng.random() < 0.03:
            agreement = Agreement(
                title=f"{TITLE_PREFIX} Memorandum of Cooperation between "
                f"{values['a']} and {values['b']} on {values['topic']}",
                slug=f"{prefix}agreement-{plan.index}",
                kind=Agreement.Kind.MOC,
                meeting_id=meeting.pk,
                signed_on=plan.start_date,
                summary=f"{TITLE_PREFIX} A fictional instrument generated for load tests.",
                source_url=f"{SOURCE_ROOT}/{plan.index}/agreement",
            )
            agreements.append((agreement, plan.countries))

    Meeting.countries.through.objects.bulk_create(country_links, batch_size=10000)
    Meeting.topics.through.objects.bulk_create(topic_links, batch_size=10000)
    Meeting.minerals.through.objects.bulk_create(mineral_links, batch_size=10000)
    Participant.objects.bulk_create(participants, batch_size=5000)
    Document.objects.bulk_create(documents, batch_size=1000)
    # Each release reports its meeting (Document.meetings).
    Document.meetings.through.objects.bulk_create(
        [
            Document.meetings.through(document_id=document.pk, meeting_id=meeting.pk)
            for document, meeting in zip(documents, rows, strict=True)
        ],
        batch_size=5000,
    )
    Agreement.objects.bulk_create([a for a, _ in agreements])
    for agreement, codes in agreements:
        for code in codes:
            party_links.append(
                Agreement.parties.through(agreement_id=agreement.pk, country_id=code)
            )
    Agreement.parties.through.objects.bulk_create(party_links)
    # Each meeting and agreement names its (unresolvable) source as a Source record.
    meeting_type = ContentType.objects.get_for_model(Meeting)
    agreement_type = ContentType.objects.get_for_model(Agreement)
    sources = [
        Source(
            content_type=meeting_type,
            object_id=meeting.pk,
            url=f"{SOURCE_ROOT}/{seed}/meetings/{plan.index}",
            kind=Source.Kind.NEWS,
        )
        for meeting, (plan, *_rest) in zip(rows, texts, strict=True)
    ] + [
        Source(
            content_type=agreement_type,
            object_id=agreement.pk,
            url=f"{agreement.source_url.rsplit('/', 1)[0]}/agreement",
            kind=Source.Kind.NEWS,
        )
        for agreement, _codes in agreements
    ]
    Source.objects.bulk_create(sources, batch_size=5000)
    for name, rows_written in (
        ("meetings", len(rows)),
        ("meeting_countries", len(country_links)),
        ("meeting_topics", len(topic_links)),
        ("meeting_minerals", len(mineral_links)),
        ("participants", len(participants)),
        ("documents", len(documents)),
        ("agreements", len(agreements)),
    ):
        counts[name] = counts.get(name, 0) + rows_written


def release_body(rng, meeting, values) -> str:
    """A release of a few KB: an opening naming the meeting, then stock paragraphs."""
    opening = (
        f"{TITLE_PREFIX} This is a synthetic release generated for load tests. On "
        f"{meeting.start_date:%d %B %Y}, ministers of {values['a']} and {values['b']} met in "
        f"{meeting.city or 'the capital'} and discussed {values['topic']} and "
        f"{values['mineral']}."
    )
    paragraphs = [opening, *rng.choices(RELEASE_PARAGRAPHS, k=rng.randint(9, 15))]
    if values["supply_chains"]:
        paragraphs.insert(1, SUPPLY_CHAIN_PARAGRAPH)
    html = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
    # The model sanitises on save(), which bulk_create skips: keep the stored-HTML invariant.
    return sanitize_html(html)
