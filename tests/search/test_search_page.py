"""The search page: ranked results with snippets, kind filter, pagination, messages."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from initiatives.models import ExpectedResult

pytestmark = pytest.mark.django_db

URL = reverse("search:results")


def get(client, **params):
    return client.get(URL, params)


def result_links(response) -> list[str]:
    return re.findall(r'<h3><a href="([^"]*)" lang="en">', response.content.decode())


def all_hits(response) -> list[str]:
    """Every record found on the page, the draft's hits shown within their adopted text's
    entry included."""
    entries = response.context["results"]
    return [entry["result"].html_url for entry in entries] + [
        other["result"].html_url for entry in entries for other in entry["others"]
    ]


def test_results_link_to_the_exact_place_of_each_record(client):
    html = get(client, q="e-waste").content.decode()
    assert 'href="/initiatives/2026-2029/ams5/#result-5"' in html
    assert 'href="/initiatives/2026-2029/ams5/draft/#result-5"' in html


def test_an_adopted_text_and_its_draft_found_alike_are_one_entry(client):
    response = get(client, q="e-waste")
    html = response.content.decode()
    # AMS5's result 5, in the adopted text and in its draft: one entry, the draft linked.
    entries = [entry["result"].html_url for entry in response.context["results"]]
    assert "/initiatives/2026-2029/ams5/#result-5" in entries
    assert "/initiatives/2026-2029/ams5/draft/#result-5" not in entries
    assert (
        'found in its <a href="/initiatives/2026-2029/ams5/draft/#result-5">RPM draft</a> too'
        in html
    )
    assert "/initiatives/2026-2029/ams5/draft/#result-5" not in result_links(response)
    # Every hit is still there, each once.
    hits = [e["result"] for e in response.context["results"]] + [
        other["result"] for e in response.context["results"] for other in e["others"]
    ]
    assert len(hits) == len({hit.html_url for hit in hits}) == 4


def test_each_result_shows_a_snippet_with_the_matched_words_highlighted(client):
    html = get(client, q="early warning").content.decode()
    assert "<mark>early</mark>" in html.lower()
    assert "<mark>warnings</mark>" in html.lower()


def test_the_count_and_the_query_are_shown_and_the_header_box_keeps_the_query(client):
    html = get(client, q="e-waste").content.decode()
    assert "4 records for “e-waste”" in html
    assert 'id="site-search-q" type="search" name="q" value="e-waste"' in html


def test_the_kind_filter_keeps_only_the_kinds_chosen_and_counts_every_kind(client):
    response = get(client, q="early warning", kind="expected-result")
    html = response.content.decode()
    assert "5 records for “early warning”" in html
    assert len(all_hits(response)) == 5
    # One of them, a draft's, within the entry of its adopted text.
    assert html.count('<span class="tag">Expected result</span>') == 4
    assert 'value="expected-result" checked' in html
    # The other kinds keep their counts, so that a person sees what the filter hides.
    assert re.search(r"Initiatives <span class=\"count\">\(1\)</span>", html)
    assert re.search(r"Roadmap rows <span class=\"count\">\(1\)</span>", html)


def test_several_kinds_can_be_chosen_by_repeating_the_parameter_or_with_commas(client):
    repeated = client.get(URL, {"q": "early warning", "kind": ["initiative", "roadmap-row"]})
    commas = get(client, q="early warning", kind="initiative,roadmap-row")
    assert result_links(repeated) == result_links(commas)
    assert len(result_links(repeated)) == 2


def test_an_unknown_kind_is_a_bad_request_naming_the_kinds(client):
    response = get(client, q="early warning", kind="treaty")
    assert response.status_code == 400
    assert "Unknown kind “treaty”" in response.content.decode()


def test_results_are_paginated_and_the_links_keep_the_query_and_filter(client):
    first = get(client, q="digital", kind="expected-result")
    second = get(client, q="digital", kind="expected-result", page=2)
    html = first.content.decode()
    assert "Page 1 of" in html
    assert 'href="?q=digital&amp;kind=expected-result&amp;page=2" rel="next"' in html
    assert len(all_hits(first)) == 20
    assert len(result_links(first)) == len(first.context["results"]) < 20
    assert set(all_hits(first)).isdisjoint(all_hits(second))
    assert '<ol class="result-list" start="21">' in second.content.decode()


def test_a_page_past_the_end_shows_the_last_page_and_a_page_that_is_not_a_number_the_first(
    client,
):
    last = get(client, q="e-waste", page=99)
    assert last.status_code == 200
    assert "4 records" in last.content.decode()
    for page in ("abc", "-3", "9" * 5000):
        response = get(client, q="e-waste", page=page)
        assert response.status_code == 200
        assert '<ol class="result-list" start="1">' in response.content.decode()


def test_nothing_found_says_so_and_suggests_where_to_go(client):
    response = get(client, q="zyzzyva")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing matches “zyzzyva”" in html
    assert f'href="{reverse("initiatives:list")}"' in html
    assert f'href="{reverse("home")}"' in html


def test_nothing_found_in_the_kinds_chosen_offers_every_kind(client):
    html = get(client, q="e-waste", kind="meeting").content.decode()
    assert "Nothing matches “e-waste” among the kinds chosen" in html
    assert 'href="?q=e-waste">Search every kind of record</a>' in html


def test_records_holding_only_some_of_the_words_are_offered_when_none_holds_all(client):
    html = get(client, q="e-waste zyzzyva").content.decode()
    assert "No record contains all of your words" in html
    assert "2026-2029" in html


def test_similar_words_are_named_when_they_replace_a_misspelt_one(client):
    html = get(client, q="satelite").content.decode()
    assert "similar words: <mark>satellite</mark>" in html


def test_an_empty_search_shows_the_form_with_guidance(client):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get(URL, params)
        html = response.content.decode()
        assert response.status_code == 200
        assert "What you can search" in html
        assert "result-list" not in html


def test_an_unusable_query_is_a_bad_request_with_a_message(client):
    response = get(client, q="***")
    assert response.status_code == 400
    assert "punctuation and symbols alone" in response.content.decode()
    assert 'id="search-q"' in response.content.decode()


def test_a_record_text_with_markup_cannot_inject_it_into_the_page(client):
    result = ExpectedResult.objects.get(initiative__slug="2026-2029-ams5", number=5)
    result.text = "<script>alert('x')</script> Quixotic <b onclick=alert(1)>plans</b>"
    result.save()
    initiative = result.initiative
    initiative.title = '<img src=x onerror="alert(1)"> Governance'
    initiative.save()

    html = get(client, q="quixotic").content.decode()

    assert "<script>alert" not in html
    assert "<b onclick" not in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; Governance" in html
    assert "<mark>Quixotic</mark>" in html
    # Only our own <mark> tags come out of the snippet.
    snippet = re.search(
        r'<span class="tag">Expected result</span>.*?</p>\s*<p lang="en">(.*?)</p>', html, re.S
    )
    assert set(re.findall(r"</?([a-z]+)", snippet.group(1))) <= {"mark"}


def test_the_page_has_one_h1_labelled_controls_and_results_as_a_list(client):
    html = get(client, q="e-waste").content.decode()
    assert html.count("<h1") == 1
    assert '<label for="search-q">' in html
    for kind in ("initiative", "expected-result", "roadmap-row", "meeting", "source-section"):
        assert f'<label for="kind-{kind}">' in html
    assert '<ol class="result-list"' in html
    checker = _Balance()
    checker.feed(html)
    assert checker.unclosed == [], "every element of the page is closed"


class _Balance(HTMLParser):
    VOID = {"meta", "link", "input", "br", "img", "hr"}

    def __init__(self):
        super().__init__()
        self.unclosed = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.unclosed.append(tag)

    def handle_endtag(self, tag):
        if self.unclosed and self.unclosed[-1] == tag:
            self.unclosed.pop()


@pytest.mark.parametrize(
    "query",
    [
        "IPv6",  # one kind, a few records
        "digital",  # every kind, hundreds of records
        "satelite",  # the near-miss path
        "e-waste zyzzyva",  # the some-of-the-words path
    ],
)
def test_the_page_runs_a_bounded_number_of_queries_whatever_it_finds(
    client, django_assert_max_num_queries, query
):
    # At most: the counts per kind; the vocabulary near a misspelt word (on SQLite, its
    # version, then the words themselves when they changed); the counts with the similar
    # the data version; words; the counts for some of the words; the page of results.
    with django_assert_max_num_queries(7):
        get(client, q=query)


@pytest.mark.parametrize("query", ["IPv6", "digital", "early warning"])
def test_a_search_whose_words_are_found_runs_three_queries(
    client, django_assert_num_queries, query
):
    # The data version (the ETag), the counts per kind, and the page of results.
    with django_assert_num_queries(3):
        get(client, q=query)
