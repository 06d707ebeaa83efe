"""One text filter (`?q=`) for every list: the records the search page would find, best
first, with the same widening when nothing holds every word."""

import pytest

from initiatives.models import Initiative
from search.engine import matching_ids
from tests.api.conftest import everything

pytestmark = pytest.mark.django_db

# Each list with a text filter, the kind of search record it lists, and what tells its
# objects apart.
TEXT_LISTS = [
    ("initiatives", "initiative", "slug"),
    ("expected-results", "expected-result", "url"),
    ("roadmap-rows", "roadmap-row", "url"),
]


def keys(client, endpoint: str, key: str, q: str) -> list:
    return [obj[key] for obj in everything(client, endpoint, q=q)]


@pytest.mark.parametrize(("endpoint", "kind", "key"), TEXT_LISTS)
def test_a_word_nothing_holds_widens_to_any_of_the_words_on_every_list(client, endpoint, kind, key):
    # No record holds "qqqxyzzy": like the search page, every list settles for "broadband".
    broadband = keys(client, endpoint, key, "broadband")
    assert broadband
    assert keys(client, endpoint, key, "broadband qqqxyzzy") == broadband


@pytest.mark.parametrize(("endpoint", "kind", "key"), TEXT_LISTS)
def test_a_misspelt_word_finds_what_the_right_spelling_finds_on_every_list(
    client, endpoint, kind, key
):
    assert keys(client, endpoint, key, "satelite") == keys(client, endpoint, key, "satellite")
    assert keys(client, endpoint, key, "satellite")


@pytest.mark.parametrize(("endpoint", "kind", "key"), TEXT_LISTS)
def test_every_list_keeps_the_matching_records_best_first(client, endpoint, kind, key):
    listed = everything(client, endpoint, q="cybersecurity")
    ids = matching_ids("cybersecurity", kind)
    assert len(listed) == len(ids) > 1
    if key == "url":  # addressed by id
        assert [int(obj["url"].rstrip("/").rsplit("/", 1)[1]) for obj in listed] == ids
    else:
        slugs = dict(Initiative.objects.filter(pk__in=ids).values_list("pk", "slug"))
        assert [obj["slug"] for obj in listed] == [slugs[pk] for pk in ids]


@pytest.mark.parametrize(("endpoint", "kind", "key"), TEXT_LISTS)
def test_words_nothing_resembles_give_an_empty_list_not_an_error(client, endpoint, kind, key):
    assert keys(client, endpoint, key, "qqqxyzzy") == []


def test_the_initiatives_page_lists_what_the_api_lists_for_the_same_words(client):
    found = keys(client, "initiatives", "slug", "broadband qqqxyzzy")
    page = {"q": "broadband qqqxyzzy", "drafts": "separate"}
    html = client.get("/initiatives/", page).content.decode()
    assert f"{len(found)} texts" in html
    for slug in found:
        cycle, code = slug[:9], slug[10:].removesuffix("-draft")
        assert f"/initiatives/{cycle}/{code}/" in html


def test_an_initiative_is_found_through_its_expected_results():
    # CIS2 of 2023-2025 speaks of incident response only in its expected results.
    cis2 = Initiative.objects.get(slug="2023-2025-cis2")
    assert cis2.pk in matching_ids("incident response", "initiative")
    assert "incident response" not in f"{cis2.title} {cis2.objective}".lower()
