"""Word beginnings match alike on the search page, the lists and the API; a search in
another language that finds nothing says the texts are English and offers the English
search the editors' glossary knows."""

import re

import pytest
from django.urls import reverse

from search.engine import matching_ids, search
from search.languages import GLOSSARY, language_hint
from search.models import SearchDocument
from search.query import Unit, matches_prefix
from tests.api.conftest import everything

pytestmark = pytest.mark.django_db

SEARCH = reverse("search:results")


def found_ids(query: str) -> set[tuple[str, int]]:
    return {(r.kind, r.object_id) for r in search(query, page_size=500).results}


@pytest.mark.parametrize(
    ("beginning", "word"),
    [("cyber", "cybersecurity"), ("telecom", "telecommunications"), ("resil", "resilience")],
)
def test_a_word_finds_every_record_the_longer_word_it_begins_finds(beginning, word):
    assert found_ids(word)
    assert found_ids(word) <= found_ids(beginning)


def test_the_list_filter_and_the_api_match_beginnings_as_the_search_page_does(client):
    for kind in ("initiative", "expected-result", "roadmap-row"):
        assert set(matching_ids("cybersecurity", kind)) <= set(matching_ids("cyber", kind))
    api = {obj["slug"] for obj in everything(client, "initiatives", q="cyber")}
    assert {obj["slug"] for obj in everything(client, "initiatives", q="cybersecurity")} <= api
    # "cyber" also finds texts that say "cybersecurity" and never "cyber" alone.
    documents = SearchDocument.objects.filter(
        kind__in=["initiative", "expected-result", "roadmap-row"]
    )
    without_the_word = {
        (d.kind, d.object_id)
        for d in documents
        if not re.search(r"\bcyber\b", " ".join([d.text_a, d.text_b, d.text_c, d.text_d]), re.I)
    }
    assert found_ids("cyber") & without_the_word


def test_the_word_typed_ranks_above_the_longer_words_it_begins():
    # AMS4's title says "cyber resilience": the exact word outranks "cybersecurity" alone.
    results = search("cyber", kinds=["initiative"]).results
    assert results[0].title.lower().count("cyber ") >= 1


def test_snippets_highlight_the_longer_words_a_beginning_found():
    snippets = " ".join(r.snippet for r in search("cybersec", page_size=50).results)
    assert re.search(r"<mark>cybersecurity</mark>", snippets, re.IGNORECASE)


@pytest.mark.parametrize(
    ("unit", "prefix"),
    [
        (Unit("cyber"), True),
        (Unit("ict"), True),
        (Unit("UN"), False),  # short words match exactly: "UN" must not find "unit"
        (Unit("AMS1"), False),  # codes match exactly: "AMS1" must not find "AMS10"
        (Unit("e-waste"), False),
        (Unit("early warning", phrase=True), False),
    ],
)
def test_which_words_match_their_beginnings(unit, prefix):
    assert matches_prefix(unit) is prefix


def test_a_spanish_search_says_the_texts_are_english_and_links_the_english_search(client):
    response = client.get(SEARCH, {"q": "ciberseguridad"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing matches “ciberseguridad”" in html
    assert "The texts of this knowledge base are in English" in html
    assert re.search(
        r'Search in English for <a href="\?q=cybersecurity" lang="en" dir="ltr">cybersecurity</a>'
        r' \(<bdi lang="es">ciberseguridad</bdi>\)',
        html,
    )
    assert "From the editors' glossary of search terms." in html
    # The English search it links to finds records.
    assert client.get(SEARCH, {"q": "cybersecurity"}).context["page"].count > 0


@pytest.mark.parametrize(
    ("query", "english", "language"),
    [
        ("Télécommunications d’urgence", "emergency telecommunications", "fr"),
        ("telecomunicaciones de emergencia", "emergency telecommunications", "es"),
        ("кибербезопасность", "cybersecurity", "ru"),
        ("الأمن السيبراني", "cybersecurity", "ar"),
        ("网络安全政策", "cybersecurity", "zh"),
        ("banda ancha", "broadband", "es"),
    ],
)
def test_the_glossary_knows_the_established_terms_in_each_language(query, english, language):
    hint = language_hint(query)
    assert [s.english for s in hint.suggestions] == [english]
    assert hint.language == language


def test_a_search_in_another_script_without_a_glossary_term_still_gets_the_notice(client):
    html = client.get(SEARCH, {"q": "政策"}).content.decode()
    assert "The texts of this knowledge base are in English" in html
    assert "Search in English for" not in html


def test_english_searches_get_no_notice(client):
    assert "are in English" not in client.get(SEARCH, {"q": "cybersecurity"}).content.decode()
    # A misspelt English word is widened to the words it resembles, not told it is foreign.
    assert "are in English" not in client.get(SEARCH, {"q": "satelite"}).content.decode()
    assert "are in English" not in client.get(SEARCH).content.decode()


def test_the_notice_is_marked_for_translation():
    source = (GLOSSARY.parent / "views.py").read_text(encoding="utf-8")
    assert re.search(r'gettext_noop\(\s*"The texts of this knowledge base are in English', source)


def test_the_glossary_is_labelled_as_the_editors():
    header = GLOSSARY.read_text(encoding="utf-8").split("\nterms:")[0]
    assert "editors" in header
    assert "not\n# taken from the source documents" in header
