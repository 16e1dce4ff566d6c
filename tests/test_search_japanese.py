"""Japanese search: a table of Japanese and mixed queries with the exact meetings each finds, run
on SQLite and PostgreSQL with the same expectations; the trigram index each database uses; and what
a Japanese reader finds in the bundled archive, on /ja/ and on the English list."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from meetings.models import Meeting
from meetings.search import search_meetings
from tests.factories import make_meeting, make_person

pytestmark = pytest.mark.django_db


def build_japanese_archive() -> dict[str, Meeting]:
    saito = make_person("Ken Saito", native_name="齋藤健", country_id="JP")
    williams = make_person("Aurora Williams", country_id="CL")
    return {
        "jucip": make_meeting(
            title="4th JUCIP ministerial meeting",
            title_ja="日米商務・産業パートナーシップ第4回閣僚会合",
            summary="Ministers discussed supply chains.",
            summary_ja="両大臣はサプライチェーンの強化について話し合った。",
            topics=["economic-security"],
            minerals=["gallium", "graphite"],
            participants=[saito, "Gina Raimondo"],
            start_date=datetime.date(2024, 6, 26),
        ),
        "chile": make_meeting(
            countries=("JP", "CL"),
            title="Japan-Chile mining ministers meeting",
            title_ja="日チリ鉱業大臣会談",
            summary_ja="リチウム開発での協力を確認した。",
            minerals=["lithium"],
            participants=[saito, williams],
            start_date=datetime.date(2024, 6, 14),
        ),
        "eu": make_meeting(
            countries=("JP", "EU"),
            title="Japan-EU High-Level Economic Dialogue",
            title_ja="日EUハイレベル経済対話",
            summary_ja="半導体のサプライチェーンと経済的威圧について議論した。",
            topics=["semiconductors"],
            start_date=datetime.date(2024, 5, 2),
        ),
        "english_only": make_meeting(
            countries=("JP", "AU"),
            title="Gallium supply talks",
            summary="Officials discussed gallium supply.",
            minerals=["gallium"],
            start_date=datetime.date(2024, 3, 1),
        ),
        "draft": make_meeting(
            title="Draft",
            title_ja="日米ガリウム協議（下書き）",
            status=Meeting.Status.DRAFT,
            minerals=["gallium"],
        ),
    }


# Query -> the meetings it must find, on both databases.
JAPANESE_CASES = [
    ("日米", {"jucip"}, "a two-character abbreviation in a Japanese title (no index: a scan)"),
    ("ガリウム", {"jucip", "english_only"}, "a mineral's Japanese name (reference data)"),
    ("黒鉛", {"jucip"}, "graphite's Japanese name"),
    ("ガリウム gallium", {"jucip", "english_only"}, "Japanese and English together"),
    ("リチウム", {"chile"}, "a mineral in a Japanese summary and by name"),
    ("経済安全保障", {"jucip"}, "a topic's Japanese name"),
    ("経済安保", {"jucip"}, "a topic's Japanese keyword"),
    ("齋藤", {"jucip", "chile"}, "a person's native name"),
    ("齋藤健", {"jucip", "chile"}, "the full native name"),
    ("サプライチェーン", {"jucip", "eu"}, "a word inside Japanese summaries"),
    ("半導体", {"eu"}, "a topic's Japanese name and a summary"),
    ("経済的威圧", {"eu"}, "five characters of a summary"),
    ("チリ", {"chile"}, "a country's Japanese name (CLDR via django-countries)"),
    ("米国", {"jucip"}, "a country's Japanese alias"),
    ("アメリカ合衆国", {"jucip"}, "the CLDR name of the United States"),
    ("欧州連合", {"eu"}, "the EU by its Japanese name"),
    ("日米 -黒鉛", set(), "an excluded Japanese word"),
    ("齋藤 -リチウム", {"jucip"}, "a Japanese word without another"),
    ("日米 OR 日EU", {"jucip", "eu"}, "either of two Japanese words"),
    ("鉱業大臣 Chile", {"chile"}, "Japanese title words with an English word"),
    ("存在しない語", set(), "nothing"),
]


@pytest.fixture
def japanese_archive():
    return build_japanese_archive()


@pytest.mark.parametrize(
    ("query", "expected", "why"), JAPANESE_CASES, ids=[c[0] for c in JAPANESE_CASES]
)
def test_japanese_queries_find_exactly_the_expected_meetings(
    japanese_archive, query, expected, why
):
    by_pk = {meeting.pk: name for name, meeting in japanese_archive.items()}
    pks = search_meetings(Meeting.objects.published(), query).values_list("pk", flat=True)
    assert {by_pk[pk] for pk in pks} == expected, why


def test_a_japanese_title_ranks_above_a_japanese_summary(japanese_archive):
    ranked = list(
        search_meetings(Meeting.objects.published(), "サプライチェーン 日米")
        .order_by("-rank")
        .values_list("pk", flat=True)
    )
    assert ranked[0] == japanese_archive["jucip"].pk


def substring_sql(text: str) -> tuple[str, list]:
    from meetings.search.backends import get_backend

    return get_backend().substring_subquery(text).sql, get_backend().substring_subquery(text).params


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's pg_trgm index")
def test_postgresql_answers_japanese_substrings_from_the_trigram_index(japanese_archive):
    sql, params = substring_sql("経済安全保障")
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == ("pg_trgm",)
        # A tiny table is read whole whatever the index: forbid that, as a large one would.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "meetings_search_trigram_gin" in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 trigram table")
def test_sqlite_answers_japanese_substrings_from_the_trigram_table(japanese_archive):
    sql, params = substring_sql("経済安全保障")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "VIRTUAL TABLE INDEX" in plan and "meetings_search_trigram" in plan, plan
    # Two characters are below a trigram: the LIKE over the document answers them.
    assert "LIKE" in substring_sql("日米")[0]


# --- What a Japanese reader finds in the bundled archive -------------------------------------------

SEED = "2024-06-26-4th-jucip-ministerial-meeting"


def listed_slugs(client, path: str) -> list[str]:
    import re

    html = client.get(path).content.decode()
    return re.findall(r'<h3 class="card__title"><a href="(?:/ja)?/meetings/([^/]+)/"', html)


@pytest.mark.usefixtures("bundled_archive")
@pytest.mark.parametrize("prefix", ["/ja", ""])
def test_a_japanese_reader_finds_the_expected_meetings(client, prefix):
    from meetings.models import Meeting

    for query in ("経済安全保障", "ガリウム"):
        slugs = listed_slugs(client, f"{prefix}/meetings/?q={query}")
        # Among the first results (at 356 meetings, 27 name economic security in Japanese; ties
        # on the weight of the field it appears in go to the newest) ...
        assert SEED in slugs[:10], (query, slugs)
        # ... and every result is about it: the word in its Japanese texts or its topics'/
        # minerals' Japanese names.
        for meeting in Meeting.objects.filter(slug__in=slugs).prefetch_related(
            "topics", "minerals"
        ):
            texts = [meeting.title_ja, meeting.summary_ja]
            texts += [t.name_ja for t in meeting.topics.all()]
            texts += [m.name_ja for m in meeting.minerals.all()]
            assert any(query in text for text in texts), (query, meeting.slug)
    saito = listed_slugs(client, f"{prefix}/meetings/?q=齋藤")
    attended = set(
        Meeting.objects.public()
        .filter(participants__person__native_name__in=["齋藤健", "齋藤 健"])
        .values_list("slug", flat=True)
    )
    assert SEED in saito and set(saito) == attended  # every meeting Minister Saito attended
    nichibei = listed_slugs(client, f"{prefix}/meetings/?q=日米")
    assert SEED in nichibei and len(nichibei) >= 8
    # Japan-U.S. meetings, or meetings whose Japanese texts name 日米 (a 日米豪 talk); the
    # first ones Japan-U.S. meetings.
    found = {
        m.slug: m for m in Meeting.objects.filter(slug__in=nichibei).prefetch_related("countries")
    }
    for position, slug in enumerate(nichibei):
        meeting = found[slug]
        both = {"JP", "US"} <= {c.code for c in meeting.countries.all()}
        assert both or "日米" in meeting.title_ja + meeting.summary_ja, slug
        assert both or position >= 5, (position, slug)
    mixed = listed_slugs(client, f"{prefix}/meetings/?q=ガリウム gallium")
    assert SEED in mixed
