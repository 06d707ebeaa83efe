"""The initiatives list: filters that combine, live in the URL and never repeat a record."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.models import Initiative

pytestmark = pytest.mark.django_db

LIST = reverse("initiatives:list")


def listed(response) -> list[str]:
    """The initiative pages linked from the result list, in order."""
    page = response.content.decode()
    section = page[page.index('id="results"') :]
    return re.findall(r'<h3><a href="(/initiatives/[^"]+)"', section)


def count_line(response) -> str:
    page = response.content.decode()
    return re.search(r'<h2 id="result-count"[^>]*>([^<]+)</h2>', page)[1]


def test_the_unfiltered_list_shows_every_initiative(client):
    response = client.get(LIST)
    assert response.status_code == 200
    # One row per initiative: the 35 texts are 30 initiatives, an adopted text standing
    # for its RPM draft.
    assert Initiative.objects.count() == 35
    assert len(listed(response)) == 30
    assert count_line(response) == "30 initiatives."


def test_filters_combine_any_of_within_and_all_of_across(client):
    response = client.get(LIST, {"region": ["AMS", "EUR"], "stage": "draft"})
    urls = listed(response)
    assert len(urls) == 10
    assert all(url.endswith("/draft/") for url in urls)
    assert {url.split("/")[3][:3] for url in urls} == {"ams", "eur"}
    assert count_line(response) == "10 initiatives match the filters."


def test_a_comma_list_means_the_same_as_repeating_the_parameter(client):
    repeated = listed(client.get(LIST, {"region": ["AFR", "CIS"]}))
    comma = listed(client.get(LIST + "?region=AFR,CIS"))
    assert repeated == comma
    assert len(comma) == 15


def test_codes_are_accepted_in_any_case(client):
    assert listed(client.get(LIST + "?region=ams")) == listed(client.get(LIST + "?region=AMS"))


def test_an_sdg_filter_lists_each_initiative_once_even_with_several_matching_links(client):
    # EUR2 draft states SDG 2, 3, 4, 9 and 11; asking for several of them lists it once.
    urls = listed(client.get(LIST + "?sdg=2,3,4,9,11"))
    assert len(urls) == len(set(urls))
    assert "/initiatives/2026-2029/eur2/draft/" in urls


def test_provenance_source_keeps_only_what_the_documents_state(client):
    urls = listed(client.get(LIST, {"sdg": "9", "provenance": "source"}))
    assert sorted(urls) == [
        "/initiatives/2026-2029/eur1/draft/",
        "/initiatives/2026-2029/eur2/draft/",
        "/initiatives/2026-2029/eur4/draft/",
        "/initiatives/2026-2029/eur5/draft/",
    ]


def test_action_line_and_gdc_filters(client):
    assert sorted(listed(client.get(LIST, {"action_line": "C7", "provenance": "source"}))) == [
        "/initiatives/2026-2029/eur2/draft/",
        "/initiatives/2026-2029/eur5/draft/",
    ]
    assert listed(client.get(LIST, {"gdc": "3", "provenance": "source"})) == [
        "/initiatives/2026-2029/eur4/draft/"
    ]


def test_facet_counts_stand_beside_each_option(client):
    page = client.get(LIST, {"stage": "adopted"}).content.decode()
    # With stage=adopted, the region facet counts adopted initiatives per region.
    assert re.search(
        r'id="filter-region-ams"[^>]*>\s*<label[^>]*>Americas <span class="count">\(5\)', page
    )
    assert re.search(
        r'id="filter-region-eur"[^>]*>\s*<label[^>]*>Europe <span class="count">\(0\)', page
    )
    # The stage facet ignores its own selection, so the other option still shows its count.
    assert re.search(
        r'id="filter-stage-draft"[^>]*>\s*<label[^>]*>RPM draft <span class="count">\(25\)', page
    )
    assert re.search(r'id="filter-stage-adopted" name="stage" value="adopted" checked>', page)


def test_active_filters_are_shown_each_with_a_link_that_removes_it(client):
    page = client.get(LIST + "?region=AMS,EUR&stage=draft").content.decode()
    removals = dict(re.findall(r'<a href="([^"]+)" aria-label="Remove filter ([^"]+)"', page))
    assert removals == {
        "/initiatives/?region=EUR&amp;stage=draft": "Region: Americas",
        "/initiatives/?region=AMS&amp;stage=draft": "Region: Europe",
        "/initiatives/?region=AMS%2CEUR": "Stage: RPM draft",
    }


def test_a_malformed_filter_value_shows_the_list_with_a_message_about_that_filter(client):
    response = client.get(LIST, {"sdg": "99", "region": "AMS"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Some filters could not be used" in page
    assert "sdg:" in page
    assert "99" in page
    assert len(listed(response)) == 5  # the region filter still applies


@pytest.mark.parametrize(
    "query",
    [
        "?sdg=abc",
        "?region=%00",
        "?cycle=1999-2000",
        "?ordering=nonsense",
        "?page=999",
        "?page=-1",
        "?stage=final&stage=",
        "?q=" + "x" * 5000,
        "?provenance=guess",
        "?gdc=1.5",
    ],
)
def test_bad_query_strings_never_break_the_list(client, query):
    response = client.get(LIST + query, follow=True)
    assert response.status_code == 200


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "query",
    ["", "?region=AMS", "?sdg=9,17&provenance=source&stage=draft&ordering=title", "?q=cyber"],
)
def test_the_list_runs_the_same_number_of_queries_whatever_the_amount_of_data(client, query):
    before = queries_of(client, LIST + query)
    # Twenty more initiatives, each aligned and with results, in every facet.
    model = Initiative.objects.get(slug="2026-2029-ams4")
    for number in range(10, 30):
        extra = Initiative.objects.create(
            cycle=model.cycle,
            region=model.region,
            code=f"AMS{number}",
            number=number,
            stage="adopted",
            slug=f"2026-2029-ams{number}",
            label_as_printed=f"AMS{number}",
            title=f"Cyber title {number}",
            objective="An objective.",
            source=model.source,
            source_locator="test",
        )
        extra.expected_results.create(number=1, text="A cyber result.")
        extra.sdg_links.create(sdg_id=model.sdg_links.first().sdg_id, provenance="source")
    assert queries_of(client, LIST + query) == before


def facet_counts_in(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'id="(filter-[^"]+)"[^>]*>\s*<label[^>]*>[^<]*<span class="count">\((\d+)\)', html
    )


def test_the_facet_counts_of_a_filter_are_kept_for_its_other_pages_and_orders(client):
    first_html = client.get(LIST + "?stage=adopted").content.decode()
    # The first address counted the facets; other orders of the same filters take them.
    first = queries_of(client, LIST + "?stage=adopted&ordering=title")
    again = queries_of(client, LIST + "?stage=adopted&ordering=-title")
    assert again == first
    reordered = client.get(LIST + "?stage=adopted&ordering=code").content.decode()
    assert facet_counts_in(reordered) == facet_counts_in(first_html)
    assert ("filter-region-ams", "5") in facet_counts_in(reordered)
    # Other filters count theirs: one query for each of the seven groups, and one more
    # for the drafts' lines, which no list has shown yet (the lines are kept per record).
    fresh = queries_of(client, LIST + "?stage=draft")
    assert fresh == again + 7 + 1


def test_kept_facet_counts_follow_a_change_of_the_data(client):
    assert ("filter-region-ams", "5") in facet_counts_in(
        client.get(LIST + "?stage=adopted").content.decode()
    )
    initiative = Initiative.objects.get(slug="2026-2029-ams4-draft")
    initiative.stage = "adopted"
    initiative.slug = "2026-2029-ams4-promoted"
    initiative.code = "AMS9"
    initiative.number = 9
    initiative.save()
    html = client.get(LIST + "?stage=adopted&ordering=title").content.decode()
    assert ("filter-region-ams", "6") in facet_counts_in(html)


def test_facet_counts_are_counted_each_time_with_the_cache_off(client, settings):
    settings.PORTAL_DERIVED_CACHE_SECONDS = 0
    first = queries_of(client, LIST + "?stage=adopted&ordering=title")
    assert queries_of(client, LIST + "?stage=adopted&ordering=-title") == first


def test_active_filters_are_named_as_their_options_are_not_by_code(client):
    page = client.get(LIST + "?sdg=9&action_line=c5&cycle=2026-2029&q=cyber").content.decode()
    labels = re.findall(r'aria-label="Remove filter ([^"]+)"', page)
    assert labels == [
        "Cycle: 2026-2029 (WTDC-25)",
        "SDG 9: Industry, innovation and infrastructure",
        "C5: Building confidence and security in the use of ICTs",
        "Words: “cyber”",
    ]


def test_the_filters_fold_under_a_summary_that_counts_the_active_ones(client):
    page = client.get(LIST + "?region=AMS&sdg=9,17").content.decode()
    assert "<summary>Filters (3 active)</summary>" in page
    # Applying the filters lands on the results, which a link also skips to.
    assert re.search(r'<form class="filters" method="get" action="/initiatives/#results"', page)
    assert '<a class="skip-link" href="#results">Skip to results</a>' in page
    assert '<section id="results"' in page
    # The long lists fold under their own summary, open when something in them is chosen.
    assert '<details class="filter-group" open>\n        <summary>SDG (2 chosen)</summary>' in page
    assert "<summary>WSIS action line</summary>" in page
    # Nothing to unfold when no filter is active.
    assert "<summary>Filters</summary>" in client.get(LIST).content.decode()


def test_blank_parameters_redirect_to_the_address_without_them_landing_on_the_results(client):
    response = client.get(LIST + "?q=&region=&sdg=9&sdg=&ordering=&page=")
    assert response.status_code == 302
    assert response["Location"] == "/initiatives/?sdg=9#results"
    everything_blank = client.get(LIST + "?q=+&ordering=")
    assert everything_blank["Location"] == "/initiatives/#results"
    # Unknown parameters are dropped before, as for any page: no redirect for them alone.
    assert client.get(LIST + "?utm_source=").status_code == 200


def test_page_links_keep_the_filters_and_land_on_the_results(client, monkeypatch):
    monkeypatch.setattr("initiatives.views.LIST_PAGE_SIZE", 2)
    page = client.get(LIST + "?region=AMS&page=2").content.decode()
    assert 'href="?region=AMS&amp;page=1#results" rel="prev"' in page
    assert 'href="?region=AMS&amp;page=3#results" rel="next"' in page


def test_the_default_order_is_the_newest_cycle_first_then_region_and_number(client):
    response = client.get(LIST)
    urls = listed(response)
    cycles = [url.split("/")[2] for url in urls]
    assert cycles == sorted(cycles, reverse=True)
    assert urls[0] == "/initiatives/2026-2029/afr1/draft/"
    newest = [url.split("/")[3] for url in urls if "/2026-2029/" in url]
    assert newest[:3] == ["afr1", "afr2", "afr3"]
    page = response.content.decode()
    assert "Newest cycle first, then by region and number." in page
    assert '<option value="">Best match, else newest cycle first</option>' in page
    # A text filter ranks by relevance, and says so.
    assert "Best match first." in client.get(LIST + "?q=cybersecurity").content.decode()
    assert "In the order chosen" in client.get(LIST + "?ordering=title").content.decode()


def test_a_word_finds_what_the_longer_words_it_begins_find(client):
    cyber = set(listed(client.get(LIST, {"q": "cyber"})))
    cybersecurity = set(listed(client.get(LIST, {"q": "cybersecurity"})))
    assert cybersecurity
    assert cybersecurity <= cyber


def test_each_row_found_by_words_carries_a_highlighted_snippet_of_why(client):
    response = client.get(LIST, {"q": "cyber", "region": "AMS"})
    rows = response.context["initiatives"]
    assert rows
    for row in rows:
        assert "<mark>" in row.match_snippet
        assert re.search(r"<mark>cyber", row.match_snippet, re.IGNORECASE)
    # Without words, rows carry no snippet.
    unfiltered = client.get(LIST, {"region": "AMS"}).context["initiatives"]
    assert not any(row.match_snippet for row in unfiltered)


def test_a_snippet_escapes_the_text_it_shows(client):
    initiative = Initiative.objects.get(slug="2026-2029-ams4")
    initiative.expected_results.create(number=99, text='<script>alert("x")</script> cyberzzz')
    rows = client.get(LIST, {"q": "cyberzzz"}).context["initiatives"]
    assert [row.slug for row in rows] == ["2026-2029-ams4"]
    assert "<script" not in rows[0].match_snippet
    assert "&lt;/script&gt;" in rows[0].match_snippet
    assert "<mark>cyberzzz</mark>" in rows[0].match_snippet
