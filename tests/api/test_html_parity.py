"""The API's initiatives list and the portal's initiatives page answer the same filters alike."""

import re

import pytest
from django.urls import reverse

from tests.api.conftest import everything, path_of

pytestmark = pytest.mark.django_db

FILTERS = [
    {},
    {"region": "AMS"},
    {"region": "afr,cis"},
    {"region": ["AMS", "EUR"], "stage": "draft"},
    {"cycle": "2023-2025"},
    {"sdg": "9,17"},
    {"sdg": "9", "provenance": "source"},
    {"action_line": "C5"},
    {"action_line": "C2,C6", "stage": "adopted"},
    {"gdc": "3"},
    {"provenance": "curated"},
    {"q": "cybersecurity"},
    {"q": "broadband", "region": "AMS"},
    {"ordering": "-title"},
]


def listed_on_the_page(client, params) -> list[str]:
    # The API lists texts: the page too, when asked to show drafts apart.
    response = client.get(reverse("initiatives:list"), {**params, "drafts": "separate"})
    assert response.status_code == 200
    page = response.content.decode()
    section = page[page.index('id="results"') :]
    return re.findall(r'<h3><a href="(/initiatives/[^"]+)"', section)


def newest_cycle_first(obj: dict) -> tuple:
    # The page's own order when none is chosen and no words are searched for.
    return (-int(obj["cycle"][:4]), obj["region"], int(obj["code"][3:]), obj["stage"])


@pytest.mark.parametrize("params", FILTERS)
def test_the_api_and_the_page_list_the_same_initiatives_in_the_same_order(client, params):
    listed = everything(client, "initiatives", **params)
    if "ordering" not in params and "q" not in params:
        listed = sorted(listed, key=newest_cycle_first)
    from_api = [path_of(obj["html_url"]) for obj in listed]
    assert len(from_api) <= 50, "the page shows 50 per page; keep the cases within one"
    assert from_api == listed_on_the_page(client, params)
