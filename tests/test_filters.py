"""MeetingFilter pins DESIGN.md's query parameters on hand-made meetings."""

import datetime
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from meetings.filters import MeetingFilter
from meetings.models import Meeting, Topic
from tests.factories import make_meeting, make_person, make_series

pytestmark = pytest.mark.django_db


def run_filter(query: str) -> MeetingFilter:
    return MeetingFilter(QueryDict(query), queryset=Meeting.objects.published())


def titles(query: str) -> list[str]:
    filterset = run_filter(query)
    assert filterset.is_valid(), filterset.errors
    return [meeting.title for meeting in filterset.qs]


TOPICS = ("economic-security", "semiconductors", "export-controls")


@pytest.fixture
def meetings():
    """Five meetings whose countries, dates, topics and minerals overlap in known ways."""
    for slug in TOPICS:  # whether or not the reference data ships these topics
        Topic.objects.get_or_create(slug=slug, defaults={"name": slug.replace("-", " ").title()})
    return {
        "jp-us-2024": make_meeting(
            title="jp-us-2024",
            countries=("JP", "US"),
            start_date=datetime.date(2024, 6, 26),
            topics=("economic-security",),
            minerals=("gallium",),
        ),
        "jp-us-au-2023": make_meeting(
            title="jp-us-au-2023",
            countries=("JP", "US", "AU"),
            start_date=datetime.date(2023, 1, 1),
            minerals=("germanium",),
        ),
        "jp-au-2024": make_meeting(
            title="jp-au-2024",
            countries=("JP", "AU"),
            start_date=datetime.date(2024, 12, 31),
            topics=("semiconductors",),
            minerals=("gallium", "graphite"),
        ),
        "us-gb-2022": make_meeting(
            title="us-gb-2022",
            countries=("US", "GB"),
            start_date=datetime.date(2022, 5, 5),
            topics=("export-controls",),
        ),
        "jp-us-draft": make_meeting(
            title="jp-us-draft", countries=("JP", "US"), status=Meeting.Status.DRAFT
        ),
    }


def test_country_pair_means_both_countries_took_part(meetings):
    assert set(titles("country=JP&country=US")) == {"jp-us-2024", "jp-us-au-2023"}


def test_country_codes_are_accepted_in_any_case(meetings):
    assert set(titles("country=jp&country=Us")) == {"jp-us-2024", "jp-us-au-2023"}


def test_a_single_country_gives_all_its_meetings(meetings):
    assert set(titles("country=AU")) == {"jp-us-au-2023", "jp-au-2024"}


def test_three_countries_all_of(meetings):
    assert titles("country=JP&country=US&country=AU") == ["jp-us-au-2023"]


def test_topics_are_any_of(meetings):
    assert set(titles("topic=semiconductors&topic=export-controls")) == {
        "jp-au-2024",
        "us-gb-2022",
    }


def test_minerals_are_any_of(meetings):
    assert set(titles("mineral=germanium&mineral=graphite")) == {"jp-us-au-2023", "jp-au-2024"}


def test_a_meeting_naming_two_selected_minerals_is_listed_once(meetings):
    assert titles("mineral=gallium&mineral=graphite") == ["jp-au-2024", "jp-us-2024"]


def test_date_bounds_are_inclusive(meetings):
    assert set(titles("date_after=2023-01-01&date_before=2024-06-26")) == {
        "jp-us-2024",
        "jp-us-au-2023",
    }
    assert titles("date_after=2024-12-31") == ["jp-au-2024"]
    assert titles("date_before=2022-05-05") == ["us-gb-2022"]


def test_year_covers_the_first_and_last_day(meetings):
    assert titles("year=2024") == ["jp-au-2024", "jp-us-2024"]
    assert titles("year=2023") == ["jp-us-au-2023"]


def test_filters_combine_with_and(meetings):
    assert titles("country=JP&country=US&year=2024&mineral=gallium") == ["jp-us-2024"]
    assert titles("country=JP&mineral=gallium&topic=semiconductors") == ["jp-au-2024"]
    assert titles("country=GB&mineral=gallium") == []


def test_drafts_never_appear(meetings):
    assert "jp-us-draft" not in titles("country=JP&country=US")


def test_default_sort_is_newest_first_and_date_sort_is_oldest_first(meetings):
    assert titles("") == ["jp-au-2024", "jp-us-2024", "jp-us-au-2023", "us-gb-2022"]
    assert titles("sort=date") == ["us-gb-2022", "jp-us-au-2023", "jp-us-2024", "jp-au-2024"]
    assert titles("sort=-date") == titles("")


def test_person_series_and_kind(meetings):
    minister = make_person("Ken Saito")
    series = make_series("Partnership")
    attended = make_meeting(title="attended", participants=[minister])
    in_series = make_meeting(title="in-series", series=series, kind=Meeting.Kind.DIALOGUE)
    assert titles(f"person={minister.slug}") == [attended.title]
    assert titles(f"series={series.slug}") == [in_series.title]
    assert titles("kind=dialogue") == [in_series.title]


def test_relevance_without_search_words_lists_newest_first(meetings):
    assert titles("sort=relevance") == titles("sort=-date")


def test_search_narrows_and_defaults_to_relevance(meetings):
    make_meeting(title="Critical minerals dialogue", summary="Supply chains and quokkas.")
    filterset = run_filter("q=quokkas")
    assert filterset.is_valid(), filterset.errors
    assert filterset.sort_order == MeetingFilter.RELEVANCE
    assert [m.title for m in filterset.qs] == ["Critical minerals dialogue"]


def test_empty_values_are_no_filter(meetings):
    assert len(titles("country=&topic=&mineral=&year=&q=&sort=")) == 4


def test_page_and_page_size_are_not_filters(meetings):
    assert len(titles("page=abc&page_size=-3")) == 4
    assert "page" not in run_filter("").filters
    assert "page_size" not in run_filter("").filters


@pytest.mark.parametrize(
    ("query", "field", "message_part"),
    [
        ("country=XX", "country", "Unknown country code"),
        ("country=JP&country=ZZ", "country", "ZZ"),
        ("country=japan", "country", "JAPAN"),
        ("date_after=2024-13-01", "date_after", "YYYY-MM-DD"),
        ("date_before=26/06/2024", "date_before", "YYYY-MM-DD"),
        ("date_after=2024-07-01&date_before=2024-06-01", "date_before", "on or after"),
        ("year=twenty", "year", "four digits"),
        ("year=99999", "year", "between"),
        ("topic=no-such-topic", "topic", "Unknown topic"),
        ("mineral=kryptonite", "mineral", "Unknown mineral"),
        ("person=nobody", "person", "Unknown person"),
        ("series=nothing", "series", "Unknown meeting series"),
        ("kind=party", "kind", "Unknown kind"),
        ("sort=title", "sort", "Unknown sort"),
        ("country=J%00P", "country", "Null characters"),
        ("person=a%00b", "person", "Null characters"),
    ],
)
def test_invalid_values_are_form_errors(meetings, query, field, message_part):
    filterset = run_filter(query)
    assert not filterset.is_valid()
    assert field in filterset.errors
    assert message_part in " ".join(filterset.errors[field])


def test_unknown_parameters_are_ignored(meetings):
    assert len(titles("utm_source=newsletter")) == 4


# --- facet counts ---------------------------------------------------------------------------------


def count_with_option(query: QueryDict, facet: str, value: str) -> int:
    """The number of meetings one gets by actually applying the option."""
    query = query.copy()
    if facet in ("country", "topic", "mineral"):
        if value not in query.getlist(facet):
            query.appendlist(facet, value)
    else:  # year and series take one value: choosing one replaces the current choice
        query[facet] = value
    filterset = MeetingFilter(query, queryset=Meeting.objects.published())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


@pytest.fixture
def varied_meetings(meetings):
    """Add meetings in another series and years, so every facet has several options."""
    series = make_series("Economic 2+2")
    make_meeting(
        title="2+2 2023",
        countries=("JP", "US"),
        series=series,
        start_date=datetime.date(2023, 7, 1),
        topics=("export-controls", "semiconductors"),
        minerals=("gallium", "germanium"),
    )
    make_meeting(
        title="2+2 2024",
        countries=("JP", "US", "GB"),
        series=series,
        start_date=datetime.date(2024, 2, 2),
        topics=("economic-security",),
    )
    return meetings


@pytest.mark.parametrize(
    "query",
    [
        "",
        "country=JP",
        "country=JP&country=US",
        "year=2024",
        "mineral=gallium",
        "mineral=gallium&mineral=graphite",
        "topic=semiconductors",
        "topic=semiconductors&topic=economic-security&country=JP",
        "country=US&mineral=germanium&year=2023",
        "series=economic-2-2",
        "q=2%2B2",
    ],
)
def test_facet_counts_equal_the_counts_of_applying_each_option(varied_meetings, query):
    from meetings.facets import facet_counts

    query_dict = QueryDict(query)
    if "series=" in query:
        # make_series gives a generated slug: look it up
        from meetings.models import MeetingSeries

        query_dict = query_dict.copy()
        query_dict["series"] = MeetingSeries.objects.get(name="Economic 2+2").slug
    filterset = MeetingFilter(query_dict, queryset=Meeting.objects.published())
    assert filterset.is_valid(), filterset.errors
    total = filterset.qs.count()
    facets = facet_counts(filterset, total)
    checked = 0
    for facet, options in facets.items():
        for option in options:
            assert option.count == count_with_option(query_dict, facet, option.value), (
                facet,
                option,
            )
            checked += 1
    assert checked >= 5  # the fixture gives every query several options to check


def test_facets_list_only_options_that_keep_results(varied_meetings):
    from meetings.facets import facet_counts

    filterset = run_filter("country=GB")
    assert filterset.is_valid()
    facets = facet_counts(filterset, filterset.qs.count())
    assert {option.value for option in facets["country"]} == {"GB", "US", "JP"}
    assert all(option.count > 0 for options in facets.values() for option in options)


def test_facets_take_a_constant_number_of_queries(varied_meetings, django_assert_num_queries):
    from meetings.facets import facet_counts

    filterset = run_filter("country=JP&mineral=gallium&topic=semiconductors")
    assert filterset.is_valid()
    with django_assert_num_queries(5):  # one aggregate per facet
        facet_counts(filterset, 3)


def test_a_query_the_search_refuses_is_a_form_error_even_beside_another_error(meetings):
    from meetings.search import SearchQueryError, search_meetings

    refused = None
    for candidate in ("the", '""', "-", "AND"):
        try:
            search_meetings(Meeting.objects.all(), candidate)
        except SearchQueryError:
            refused = candidate
            break
    if refused is None:
        pytest.fail("the search accepts every query tried: pick one it refuses")
    from meetings.facets import facet_counts

    filterset = run_filter(urlencode({"q": refused, "country": "XX"}))
    assert not filterset.is_valid()
    assert set(filterset.errors) == {"q", "country"}
    # The page still shows the form with facets from the valid filters: no search is retried.
    assert facet_counts(filterset, 0)["year"]


# --- what each filter declares: chips, words, URL form, help ----------------------------------


FULL_QUERY = (
    "kind=ministerial+meeting&q=gallium&date_before=2024-12-31&country=jp&country=US"
    "&topic=Economic-Security&mineral=gallium&mineral=graphite&year=2024&person=ken-saito"
    "&series=jucip&date_after=2024-01-01&sort=date&page=2"
)


@pytest.fixture
def full_query(meetings):
    person = make_person("Ken Saito", slug="ken-saito", country_id="JP")
    series = make_series("Japan-U.S. Partnership", acronym="JUCIP")
    series.slug = "jucip"
    series.save()
    make_meeting(participants=[person], series=series)  # both public
    filterset = run_filter(FULL_QUERY)
    assert filterset.is_valid(), filterset.errors
    return filterset


def test_every_narrowing_parameter_is_a_declared_filter():
    assert MeetingFilter.FILTER_NAMES == (
        "country",
        "date_after",
        "date_before",
        "year",
        "topic",
        "mineral",
        "person",
        "series",
        "kind",
        "mode",
        "q",
    )
    for name, declared in MeetingFilter.base_filters.items():
        assert declared.extra.get("help_text"), name  # the API's description comes from it
        assert declared.chip_label, name


def test_chips_say_each_value_and_remove_only_it(full_query):
    chips = [(chip.label, chip.text, chip.remove_url) for chip in full_query.chips()]
    assert [label for label, _, _ in chips] == [
        "Country",
        "Country",
        "From",
        "To",
        "Year",
        "Topic",
        "Mineral",
        "Mineral",
        "Person",
        "Series",
        "Kind",
        "Search",
    ]
    assert chips[0][1] == "Japan" and chips[10][1] == "Ministerial meeting"
    remove_japan = QueryDict(chips[0][2].lstrip("?"))
    assert remove_japan.getlist("country") == ["US"] and "page" not in remove_japan
    assert remove_japan.getlist("mineral") == ["gallium", "graphite"]
    remove_graphite = QueryDict(chips[7][2].lstrip("?"))
    assert remove_graphite.getlist("mineral") == ["gallium"]
    remove_year = QueryDict(chips[4][2].lstrip("?"))
    assert "year" not in remove_year and remove_year["sort"] == "date"


def test_describe_says_the_query_in_words(full_query):
    assert full_query.describe() == (
        "Meetings: Japan × United States, ministerial meetings, series: Japan-U.S. Partnership "
        "(JUCIP), with Ken Saito, on Economic security, naming gallium or graphite, in 2024, "
        "from 2024-01-01, to 2024-12-31, matching “gallium”"
    )
    assert run_filter("").describe() == "All meetings"


def test_query_params_are_the_cleaned_query_in_declaration_order(full_query):
    assert full_query.query_string() == (
        "country=JP&country=US&date_after=2024-01-01&date_before=2024-12-31&year=2024"
        "&topic=economic-security&mineral=gallium&mineral=graphite&person=ken-saito"
        "&series=jucip&kind=ministerial+meeting&q=gallium&sort=date"
    )


def test_the_query_string_helper():
    from meetings import querystring

    query = QueryDict("country=JP&country=us&page=3&page_size=5&year=2024")
    assert querystring.without(query, "country", "US") == "?country=JP&year=2024"
    assert querystring.without(query, "year") == "?country=JP&country=us"
    assert querystring.without(QueryDict("page=2"), "year") == "?"
    assert querystring.list_query(QueryDict("page=2")) == ""
    assert querystring.list_query(query) == "?country=JP&country=us&year=2024"
    assert (
        querystring.encode({"country": ["JP", "US"], "q": "a b"}) == "country=JP&country=US&q=a+b"
    )


def test_the_lists_form_is_built_from_the_declarations(client, full_query):
    html = client.get("/meetings/?" + FULL_QUERY.replace("&page=2", "")).content.decode()
    form = html[html.index('<form id="filters"') : html.index("</form>")]
    for name, declared in MeetingFilter.base_filters.items():
        if declared.control:
            assert f'name="{name}"' in form, name
            if declared.control != "hidden":
                assert str(declared.legend) in form, name  # a lazy translation
        else:
            assert f'name="{name}"' not in form, name
    assert 'type="hidden" name="person" value="ken-saito"' in form
    assert '<option value="">Any kind</option>' in form
    assert '<option value="ministerial meeting" selected>Ministerial meeting</option>' in form


@pytest.mark.django_db
def test_mode_selects_meetings_held_at_a_distance_whatever_their_kind(client):
    from meetings.models import Meeting

    dialogue = make_meeting(
        title="3rd Japan-EU High-Level Economic Dialogue", kind="dialogue", mode="video conference"
    )
    call = make_meeting(title="Telephone Talk between Foreign Ministers", kind="call")
    in_person = make_meeting(title="Meeting of METI Minister Saito and Secretary Raimondo")
    assert Meeting.objects.get(pk=call.pk).mode == "telephone"  # a call is one by its kind
    listed = client.get("/api/meetings/", {"mode": "video conference"}).json()["results"]
    assert [m["slug"] for m in listed] == [dialogue.slug]
    assert listed[0]["kind"] == "dialogue" and listed[0]["mode"] == "video conference"
    import re

    def kind_line(meeting):
        page = client.get(meeting.get_absolute_url()).content.decode()
        return re.search(r'<p class="record__kind">(.*?)</p>', page).group(1)

    assert kind_line(dialogue) == "Dialogue · By video conference"
    assert kind_line(in_person) == "Ministerial meeting"
    assert kind_line(call) == "Telephone call"  # the kind says it already
    assert client.get("/meetings/", {"mode": "by bicycle"}).status_code == 400
