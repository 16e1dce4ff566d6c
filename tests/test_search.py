"""Full-text search: the shared table of queries, ranking, snippets, suggestions, hostile input,
keeping the index in step, and (on PostgreSQL) the index being used.

The whole file runs on SQLite and on PostgreSQL with the same expectations.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.models import CriticalMineral, Meeting, Participant, Topic
from meetings.search import SearchQueryError, search_meetings, snippets, suggest
from meetings.search.index import reindex_meetings, search_indexing_deferred
from meetings.search.models import MeetingSearchDocument
from meetings.search.query import MAX_QUERY_LENGTH, STOP_WORDS, parse_query
from tests.factories import make_agreement, make_document, make_meeting, make_person
from tests.search_cases import SEARCH_CASES, SearchCase, build_archive

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    return build_archive()


def found(queryset, q: str) -> set[int]:
    return set(search_meetings(queryset, q).values_list("pk", flat=True))


def names_of(archive: dict, pks: set[int]) -> set[str]:
    by_pk = {meeting.pk: name for name, meeting in archive.items()}
    return {by_pk[pk] for pk in pks}


def ranked(q: str, queryset=None) -> list[int]:
    queryset = queryset if queryset is not None else Meeting.objects.published()
    return list(search_meetings(queryset, q).order_by("-rank", "pk").values_list("pk", flat=True))


# --- The shared table -----------------------------------------------------------------------------


def test_the_table_has_at_least_twenty_queries():
    assert len({case.id for case in SEARCH_CASES}) == len(SEARCH_CASES) >= 20


@pytest.mark.parametrize("case", SEARCH_CASES, ids=[case.id for case in SEARCH_CASES])
def test_search_finds_exactly_the_expected_meetings(archive, case: SearchCase):
    queryset = Meeting.objects.published()
    if case.involving:
        queryset = queryset.involving(*case.involving)
    if case.about:
        queryset = queryset.about(*case.about)
    if case.attended_by:
        queryset = queryset.attended_by(case.attended_by)
    assert names_of(archive, found(queryset, case.query)) == set(case.expected), case.why


# --- Ranking --------------------------------------------------------------------------------------


def test_a_title_match_ranks_above_a_match_only_in_a_document_body(archive):
    order = ranked("hydrogen")
    assert order == [archive["hydrogen"].pk, archive["call"].pk]


def test_a_title_match_ranks_above_a_summary_match():
    in_summary = make_meeting(title="Trade talks", summary="Talks touched on lithium.")
    in_title = make_meeting(title="Lithium dialogue", summary="A dialogue.")
    assert ranked("lithium") == [in_title.pk, in_summary.pk]


def test_more_matching_words_rank_higher():
    one = make_meeting(title="Cobalt talks")
    both = make_meeting(title="Cobalt and nickel talks")
    assert ranked("cobalt OR nickel") == [both.pk, one.pk]


def test_rank_is_a_number_on_every_result(archive):
    ranks = list(
        search_meetings(Meeting.objects.published(), "gallium").values_list("rank", flat=True)
    )
    assert len(ranks) == 2
    assert all(isinstance(rank, float) and rank > 0 for rank in ranks)


def test_an_empty_query_narrows_nothing(archive):
    assert found(Meeting.objects.published(), "  ") == set(
        Meeting.objects.published().values_list("pk", flat=True)
    )


# --- Snippets -------------------------------------------------------------------------------------


def test_snippets_mark_the_matched_words_in_the_best_field(archive):
    shown = [archive["call"], archive["minerals"]]
    result = snippets(shown, "gallium")
    assert set(result) == {archive["call"].pk, archive["minerals"].pk}
    assert "<mark>gallium</mark> prices" in result[archive["call"].pk]
    # "minerals" names gallium only as a tag (an index field): its snippet is its summary.
    assert result[archive["minerals"].pk] == (
        "Officials discussed investment in mining and the processing of rare earths."
    )


def test_snippets_come_only_from_readable_text_never_name_variants_or_index_fields(archive):
    """Issue 15: for "gallium" a result read "…graphite.; Ken Saito; Saito Ken; 齋藤健; 사이토 켄…"."""
    meeting = make_meeting(
        title="Japan-U.S. talks",
        summary="Ministers met.",
        minerals=["gallium", "graphite"],
        countries=("JP", "US"),
    )
    person = make_person(
        "Ken Saito",
        slug="ken-saito-2",
        country_id="JP",
        native_name="齋藤健",
        alternative_names=["Saito Ken", "사이토 켄"],
    )
    meeting.participants.create(person=person, country_id="JP")
    make_document(meeting, body="<p>Both sides discussed export controls on gallium.</p>")
    shown = [archive["minerals"], meeting]
    for q in ("gallium", "Saito", "齋藤", "graphite", "Japan"):
        for html in snippets(shown, q).values():
            for internal in ("Saito Ken", "齋藤健", "사이토 켄", "Ken Saito", "; "):
                assert internal not in html, (q, html)
    html = snippets([meeting], "gallium")[meeting.pk]
    assert html == "Both sides discussed export controls on <mark>gallium</mark>."
    # Agreements' summaries are readable text too.
    make_agreement(meeting, summary="A framework on gallium stockpiles.")
    html = snippets([meeting], "stockpiles")[meeting.pk]
    assert html == "A framework on gallium <mark>stockpiles</mark>."


def test_snippets_mark_stemmed_forms(archive):
    result = snippets([archive["jucip"]], "supply chain")
    assert "<mark>supply</mark> <mark>chains</mark>" in result[archive["jucip"].pk]


def test_snippets_are_escaped():
    meeting = make_meeting(title="Talks", summary='Tungsten prices < 5 & "rising"')
    # An escaped tag in a release's text is text: it comes back escaped, never as markup.
    make_document(meeting, body="<p>Tungsten &lt;script&gt;alert(1)&lt;/script&gt; exports</p>")
    html = snippets([meeting], "tungsten")[meeting.pk]
    assert "<mark>Tungsten</mark>" in html
    assert "<script>" not in html
    assert "&lt;" in html
    summary_only = make_meeting(title="Talks", summary='Tungsten prices < 5 & "rising"')
    html = snippets([summary_only], "tungsten")[summary_only.pk]
    assert html.startswith("<mark>Tungsten</mark> prices &lt; 5 &amp; &quot;rising")


def test_snippets_mark_japanese_substrings(archive):
    html = snippets([archive["japanese"]], "経済安全保障")[archive["japanese"].pk]
    assert "<mark>経済安全保障</mark>" in html


def test_snippets_fall_back_to_the_summary_when_only_the_title_matches():
    meeting = make_meeting(title="Vanadium dialogue", summary="Ministers met in Perth.")
    html = snippets([meeting], "vanadium")[meeting.pk]
    assert "Ministers met in Perth." in html


def test_snippets_are_computed_for_the_rows_given_only_in_two_queries(
    archive, django_assert_max_num_queries
):
    shown = list(Meeting.objects.published().order_by("pk"))
    with django_assert_max_num_queries(2):
        result = snippets(shown, "semiconductors OR gallium")
    assert set(result) == {meeting.pk for meeting in shown}
    assert snippets([], "gallium") == {}


def test_snippets_survive_a_query_that_cannot_be_parsed(archive):
    result = snippets([archive["jucip"]], "the of")
    assert "supply chains" in result[archive["jucip"].pk]


# --- Suggestions ----------------------------------------------------------------------------------


def test_suggest_offers_a_nearby_spelling_from_the_archive(archive):
    assert suggest("galium") == "gallium"
    assert suggest("semiconductrs -AI") == "semiconductors -AI"


def test_suggest_offers_nothing_for_known_words_or_nonsense(archive):
    assert suggest("gallium") is None
    assert suggest("xqzvvw") is None
    assert suggest("the of") is None


def test_suggest_does_not_offer_words_only_drafts_contain():
    make_meeting(title="Rhenium stockpiles", status=Meeting.Status.DRAFT)
    assert suggest("rhenum stockpils") is None


# --- Hostile and odd input ------------------------------------------------------------------------

HOSTILE_QUERIES = [
    '"unbalanced',
    'gallium "',
    '"',
    '""',
    "x" * 1000,
    "gallium " * 125,
    "the of and a",
    "NEAR(gallium hydrogen, 2)",
    "gallium*",
    "*",
    "^gallium",
    "title:gallium",
    "gallium AND NOT hydrogen",
    "AND NOT",
    "OR",
    "- -- ---",
    "'; DROP TABLE meetings_meeting; --",
    "1' OR '1'='1",
    "%",
    "_",
    "\\",
    "gallium\x00hydrogen",
    "\x00",
    "🔋⚡️ batteries 🇯🇵",
    "🔋",
    "経済 産業省 -齋藤",
    "ｇａｌｌｉｕｍ",  # full-width letters
    "(gallium OR) AND (",
    "{}[]<>!@#$%^&*()",
    "a" * 3000,
    " OR OR gallium OR",
    "-gallium -hydrogen -korea",
    "gallium:*",
    "!!gallium",
    "gallium & | hydrogen",
    'NOT "',
]


@pytest.mark.parametrize("q", HOSTILE_QUERIES)
def test_hostile_queries_raise_only_search_query_errors(archive, q):
    try:
        results = list(search_meetings(Meeting.objects.published(), q))
    except SearchQueryError as error:
        assert str(error)  # the reader is told why
        return
    snippets(results[:10], q)
    suggest(q)


@pytest.mark.parametrize("q", HOSTILE_QUERIES)
def test_the_meeting_list_answers_hostile_queries_with_200_or_400(archive, client, q):
    response = client.get(reverse("meetings:list"), {"q": q})
    assert response.status_code in {200, 400}


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("🔋 ⚡", "letters or numbers"),
        ("the of and", "very common words"),
        ('"the" -of', "very common words"),
        ("AND NOT", "Type a word"),
    ],
)
def test_queries_without_searchable_words_are_told_why(q, message):
    with pytest.raises(SearchQueryError, match=message):
        parse_query(q)


def test_queries_that_are_too_long_are_refused_with_a_reason():
    with pytest.raises(SearchQueryError, match=str(MAX_QUERY_LENGTH)):
        parse_query("x" * (MAX_QUERY_LENGTH + 1))


def test_a_query_of_only_stop_words_is_refused_the_same_way_everywhere():
    with pytest.raises(SearchQueryError, match="very common words"):
        search_meetings(Meeting.objects.all(), "the of and")


def test_full_width_letters_search_as_ordinary_ones(archive):
    assert found(Meeting.objects.published(), "ｇａｌｌｉｕｍ") == found(
        Meeting.objects.published(), "gallium"
    )


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(q=st.text(max_size=40))
def test_any_text_either_searches_or_is_refused_politely(q):
    if Meeting.objects.count() == 0:
        make_meeting(title="Gallium and hydrogen", summary="Supply chains of rare earths.")
    try:
        results = list(search_meetings(Meeting.objects.all(), q))
    except SearchQueryError:
        return
    snippets(results, q)


# --- Keeping the index in step --------------------------------------------------------------------


def pks(q: str) -> set[int]:
    return found(Meeting.objects.all(), q)


def test_a_new_meeting_is_found_and_a_renamed_one_by_its_new_title():
    meeting = make_meeting(title="Tellurium talks")
    assert pks("tellurium") == {meeting.pk}
    meeting.title = "Selenium talks"
    meeting.save()
    assert pks("tellurium") == set()
    assert pks("selenium") == {meeting.pk}


def test_a_deleted_meeting_leaves_the_index(archive):
    meeting = archive["two_plus_two"]
    meeting.delete()
    assert not MeetingSearchDocument.objects.filter(pk=meeting.pk).exists()
    assert pks("quantum") == set()


def test_a_participant_added_removed_and_relinked():
    meeting = make_meeting(title="Talks")
    participant = Participant.objects.create(meeting=meeting, name="Katherine Tai")
    assert pks("Katherine Tai") == {meeting.pk}
    person = make_person("Rahm Emanuel", alternative_names=["EMANUEL Rahm"])
    participant.person = person
    participant.save()
    assert pks("Emanuel") == {meeting.pk}
    participant.delete()
    assert pks("Emanuel") == set()
    assert pks("Katherine") == set()


def test_a_renamed_person_is_found_by_the_new_name_in_every_meeting():
    person = make_person("Yoji Muto")
    first = make_meeting(title="First", participants=[person])
    second = make_meeting(title="Second", participants=[person])
    person.alternative_names = ["Muto Yoji", "武藤容治"]
    person.save()
    assert pks("武藤") == {first.pk, second.pk}
    person.name = "Yoji Mutoh"
    person.save()
    assert pks("Mutoh") == {first.pk, second.pk}


def test_documents_created_edited_and_deleted():
    meeting = make_meeting(title="Talks")
    document = make_document(meeting, body="<p>Scandium refining.</p>")
    assert pks("scandium") == {meeting.pk}
    document.body = "<p>Yttrium refining.</p>"
    document.save()
    assert pks("scandium") == set()
    assert pks("yttrium") == {meeting.pk}
    document.delete()
    assert pks("yttrium") == set()


def test_an_agreement_moved_to_another_meeting_moves_in_the_index():
    first = make_meeting(title="First")
    second = make_meeting(title="Second")
    agreement = make_agreement(first, title="Memorandum on hafnium")
    assert pks("hafnium") == {first.pk}
    agreement.meeting = second
    agreement.save()
    assert pks("hafnium") == {second.pk}
    agreement.delete()
    assert pks("hafnium") == set()


def test_topics_and_minerals_added_removed_and_cleared():
    meeting = make_meeting(title="Talks")
    quantum = Topic.objects.get(slug="quantum")
    meeting.topics.add(quantum)
    assert pks("quantum") == {meeting.pk}
    meeting.topics.remove(quantum)
    assert pks("quantum") == set()
    meeting.topics.set([quantum])
    assert pks("quantum") == {meeting.pk}
    meeting.topics.clear()
    assert pks("quantum") == set()
    meeting.minerals.add(CriticalMineral.objects.get(slug="indium"))
    assert pks("indium") == {meeting.pk}
    meeting.minerals.clear()
    assert pks("indium") == set()


def test_a_renamed_topic_is_found_by_its_new_name():
    meeting = make_meeting(title="Talks", topics=["space"])
    topic = Topic.objects.get(slug="space")
    topic.name = "Outer space cooperation"
    topic.save()
    assert pks("outer space") == {meeting.pk}


def test_deferred_indexing_indexes_once_at_the_end():
    with search_indexing_deferred():
        meeting = make_meeting(title="Niobium talks")
        make_document(meeting, body="Tantalum too.")
        assert not MeetingSearchDocument.objects.filter(pk=meeting.pk).exists()
    assert pks("niobium tantalum") == {meeting.pk}


def test_reindexing_takes_the_same_number_of_queries_for_one_meeting_or_many(
    archive, django_assert_max_num_queries
):
    ids = [meeting.pk for meeting in archive.values()]
    with django_assert_max_num_queries(12):
        assert reindex_meetings(ids) == len(ids)
    with django_assert_max_num_queries(12):
        assert reindex_meetings(ids[:1]) == 1


def test_the_rebuild_command_repairs_writes_that_bypassed_signals(archive):
    # QuerySet.update() sends no signals: the index is stale until rebuilt.
    Meeting.objects.filter(pk=archive["call"].pk).update(title="Platinum call")
    MeetingSearchDocument.objects.filter(pk=archive["korea"].pk).delete()
    assert pks("platinum") == set()
    call_command("rebuild_search_index", verbosity=0)
    assert pks("platinum") == {archive["call"].pk}
    assert pks("Nishimura") == {archive["korea"].pk}
    assert MeetingSearchDocument.objects.count() == Meeting.objects.count()


def test_migrate_indexes_the_meetings_that_have_no_document(archive):
    # The search app's post_migrate handler (an archive older than its index, a restored dump).
    from django.core.management.sql import emit_post_migrate_signal

    MeetingSearchDocument.objects.filter(pk=archive["korea"].pk).delete()
    assert pks("Nishimura") == set()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert pks("Nishimura") == {archive["korea"].pk}
    assert MeetingSearchDocument.objects.count() == Meeting.objects.count()


def test_the_rebuild_command_makes_cached_pages_stale(archive, settings, tmp_path):
    from archive.content_version import content_version

    settings.ARCHIVE_CONTENT_STAMP = str(tmp_path / "content.stamp")
    before = content_version()
    call_command("rebuild_search_index", verbosity=0)
    assert content_version() > before


def test_the_rebuild_command_can_reindex_chosen_meetings(archive):
    Meeting.objects.filter(pk=archive["call"].pk).update(title="Platinum call")
    call_command("rebuild_search_index", str(archive["call"].pk), verbosity=0)
    assert pks("platinum") == {archive["call"].pk}


def test_a_document_body_is_indexed_as_text_not_html():
    meeting = make_meeting(title="Talks")
    make_document(meeting, body='<p class="lithium">Cobalt &amp; <b>nickel</b></p>')
    document = MeetingSearchDocument.objects.get(pk=meeting.pk)
    assert document.body == "Cobalt & nickel"
    assert pks("lithium") == set()


# --- PostgreSQL: the index is used ----------------------------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="EXPLAIN and the GIN index are PostgreSQL's"
)
# The GIN index of meetings/0003, or the RUM index of search/0003 where the server has the rum
# extension (both answer `@@`; the planner takes either).
FULL_TEXT_INDEXES = ("meetings_search_vector_gin", "meetings_search_vector_rum")


@postgres_only
def test_postgres_uses_the_gin_index_for_a_search(archive):
    queryset = search_meetings(Meeting.objects.published(), "supply chain -gallium")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = queryset.explain()
    assert any(index in plan for index in FULL_TEXT_INDEXES), plan


@postgres_only
def test_postgres_uses_the_gin_index_without_being_forced_on_a_larger_archive():
    meetings = [
        Meeting(title=f"Meeting {n} on trade", slug=f"bulk-{n}", status="published")
        for n in range(3000)
    ]
    Meeting.objects.bulk_create(meetings)
    target = make_meeting(title="Ruthenium dialogue")
    reindex_meetings()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_search_document")
    queryset = search_meetings(Meeting.objects.all(), "ruthenium")
    plan = queryset.explain()
    assert any(index in plan for index in FULL_TEXT_INDEXES), plan
    assert list(queryset.values_list("pk", flat=True)) == [target.pk]


@postgres_only
def test_every_parser_stop_word_is_a_postgres_stop_word():
    # The parser drops these words on both databases; were one not a PostgreSQL stop word,
    # PostgreSQL could find it and SQLite would not be asked to.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM unnest(%s::text[]) AS word "
            "WHERE to_tsvector('english', word) <> ''::tsvector",
            [sorted(STOP_WORDS)],
        )
        assert cursor.fetchall() == []


def test_search_documents_hold_every_spelling_of_a_participants_name(archive):
    document = MeetingSearchDocument.objects.get(pk=archive["jucip"].pk)
    # Spellings differing only in case are kept once: matching ignores case.
    for name in ("Ken Saito", "Saito Ken", "齋藤健", "Gina Raimondo"):
        assert name in document.subject
    assert document.title == archive["jucip"].title
    assert "Japan" in document.context


# --- A search engine beside the database ----------------------------------------------------------


def test_the_backend_follows_the_search_backend_url_setting(settings):
    from meetings.search.backends import get_backend
    from meetings.search.backends.opensearch import OpenSearchBackend

    settings.SEARCH_BACKEND_URL = ""
    assert get_backend().name == connection.vendor
    settings.SEARCH_BACKEND_URL = "https://archive:s%40cret@search.internal:9200/mm"
    backend = get_backend()
    assert isinstance(backend, OpenSearchBackend)
    assert (backend.base_url, backend.index) == ("https://search.internal:9200", "mm")
    assert backend.authorization == "Basic YXJjaGl2ZTpzQGNyZXQ="  # archive:s@cret
    with pytest.raises(ValueError, match="SEARCH_BACKEND_URL"):
        OpenSearchBackend.for_url("search.internal:9200")


def test_the_engine_query_has_the_same_shape_as_the_parsed_query():
    from meetings.search.backends.opensearch import compile_query

    query = compile_query(parse_query('gallium OR "rare earths" -hydrogen 齋藤'))["bool"]
    first, second = query["must"]
    assert [atom["multi_match"]["query"] for atom in first["bool"]["should"]] == [
        "gallium",
        "rare earths",
    ]
    assert first["bool"]["should"][1]["multi_match"]["type"] == "phrase"
    assert second["bool"]["should"][0]["multi_match"] == {
        "query": "齋藤",
        "fields": ["title^10", "subject^4", "context^2", "body"],
        "type": "phrase",
    }
    assert query["must_not"][0]["multi_match"]["query"] == "hydrogen"
    assert compile_query(parse_query("-hydrogen"))["bool"]["must"] == [{"match_all": {}}]


def test_an_unreachable_engine_falls_back_to_the_database_search(
    archive, settings, django_capture_on_commit_callbacks, caplog
):
    # Nothing listens on this port: the engine is down, the reader still gets results.
    expected = found(Meeting.objects.published(), "gallium OR hydrogen")
    settings.SEARCH_BACKEND_URL = "http://127.0.0.1:8104/meetings"
    assert found(Meeting.objects.published(), "gallium OR hydrogen") == expected
    # A save stands though the engine cannot be told (rebuild_search_index resends everything).
    with django_capture_on_commit_callbacks(execute=True):
        assert reindex_meetings([archive["call"].pk]) == 1
    assert "Search engine not updated" in caplog.text
    assert snippets([archive["call"]], "gallium")[archive["call"].pk]
