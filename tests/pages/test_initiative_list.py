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
    section = page[page.index('id="results-heading"') :]
    return re.findall(r'<h3><a href="(/initiatives/[^"]+)"', section)


def count_line(response) -> str:
    page = response.content.decode()
    return re.search(r'<p class="lead" id="result-count"[^>]*>([^<]+)</p>', page)[1]


def test_the_unfiltered_list_shows_every_initiative(client):
    response = client.get(LIST)
    assert response.status_code == 200
    assert len(listed(response)) == Initiative.objects.count() == 35
    assert count_line(response) == "35 initiatives."


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
        "/initiatives/?region=EUR&amp;stage=draft": "Region: AMS",
        "/initiatives/?region=AMS&amp;stage=draft": "Region: EUR",
        "/initiatives/?region=AMS%2CEUR": "Stage: draft",
    }


def test_a_malformed_filter_value_shows_the_list_with_a_message_about_that_filter(client):
    response = client.get(LIST, {"sdg": "99", "region": "AMS"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Some filters could not be used" in page
    assert "sdg:" in page
    assert "99" in page
    assert len(listed(response)) == 10  # the region filter still applies


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
    response = client.get(LIST + query)
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
    # Other filters count theirs: one query for each of the seven groups.
    fresh = queries_of(client, LIST + "?stage=draft")
    assert fresh == again + 7


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
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    first = queries_of(client, LIST + "?stage=adopted&ordering=title")
    assert queries_of(client, LIST + "?stage=adopted&ordering=-title") == first
