"""The pagination envelope, and errors: 400 naming the parameter, 404 in JSON, never a 500."""

import pytest

from tests.api.conftest import LIST_ENDPOINTS, get_json, path_of

pytestmark = pytest.mark.django_db


def test_a_list_is_paginated_by_fifty_in_an_envelope(client):
    body = get_json(client, "/api/v1/expected-results/")
    assert list(body) == ["count", "next", "previous", "results"]
    assert body["count"] == 217
    assert len(body["results"]) == 50
    assert body["previous"] is None
    assert body["next"] == "http://testserver/api/v1/expected-results/?page=2"


def test_following_next_visits_every_object_once(client):
    seen, url = [], "/api/v1/expected-results/?page_size=60"
    while url:
        body = get_json(client, url)
        seen += [result["url"] for result in body["results"]]
        url = body["next"] and path_of(body["next"])
    assert len(seen) == len(set(seen)) == 217


def test_the_previous_link_of_page_two_is_the_first_page(client):
    body = get_json(client, "/api/v1/expected-results/", page=2, page_size=100)
    assert body["previous"] == "http://testserver/api/v1/expected-results/?page_size=100"


def test_a_page_size_of_up_to_500_is_served(client):
    body = get_json(client, "/api/v1/expected-results/", page_size=500)
    assert len(body["results"]) == 217
    assert body["next"] is None


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page_size": "501"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "-5"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"page_size": "1e3"}, "page_size"),
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"page": "99999999999999999999"}, "page"),
        ({"format": "xml"}, "format"),
    ],
)
@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_a_malformed_parameter_answers_400_naming_it(client, endpoint, params, parameter):
    body = get_json(client, f"/api/v1/{endpoint}/", status=400, **params)
    assert list(body["errors"]) == [parameter]
    assert isinstance(body["errors"][parameter][0], str)


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_a_page_past_the_last_answers_404_in_json(client, endpoint):
    body = get_json(client, f"/api/v1/{endpoint}/", status=404, page=1000)
    assert "page" in body["detail"].lower()


@pytest.mark.parametrize(
    "path",
    [
        "regions/XYZ/",
        "cycles/1999-2000/",
        "initiatives/2026-2029-zzz9/",
        "expected-results/999999/",
        "expected-results/99999999999999999999/",
        "roadmaps/C1/",
        "roadmap-rows/0/",
        "sdgs/18/",
        "sdgs/99999999999999999999/",
        "sdgs/nine/",
        "action-lines/C12/",
        "gdc-objectives/6/",
        "meetings/RPM-XYZ/",
        "sources/no-such-source/",
        "initiatives/2026-2029-ams1%00/",
        "no-such-endpoint/",
        "initiatives/2026-2029-ams1/extra/",
    ],
)
def test_an_unknown_object_or_address_answers_404_in_json(client, path):
    body = get_json(client, f"/api/v1/{path}", status=404)
    assert isinstance(body["detail"], str)


def test_an_address_without_its_slash_is_redirected_with_its_query(client):
    response = client.get("/api/v1/initiatives", {"region": "AMS"})
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/initiatives/?region=AMS"


def test_csv_is_offered_on_lists_only(client):
    body = get_json(client, "/api/v1/initiatives/2026-2029-ams1/", status=400, format="csv")
    assert list(body["errors"]) == ["format"]


def test_writing_is_not_allowed(client):
    response = client.post("/api/v1/initiatives/", {"title": "x"})
    assert response.status_code == 405
    assert response.json()["detail"]


NASTY = [
    "\x00",
    "%00",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "é" * 300,
    "\U0001f600",
    "9" * 40,
    "-1",
    ",,,",
    " ",
    "NEAR(a b)",
    '"unbalanced',
]


@pytest.mark.parametrize("value", NASTY)
@pytest.mark.parametrize(
    ("endpoint", "parameters"),
    [
        ("initiatives", ["region", "cycle", "stage", "sdg", "action_line", "gdc", "q"]),
        ("initiatives", ["provenance", "ordering", "page", "page_size", "format"]),
        ("expected-results", ["region", "cycle", "stage", "initiative", "q"]),
        ("roadmap-rows", ["action_line", "section", "sdg", "initiative", "q"]),
        ("search", ["q", "kind"]),
    ],
)
def test_no_query_string_makes_a_server_error(client, endpoint, parameters, value):
    for parameter in parameters:
        params = {parameter: value}
        if endpoint == "search" and parameter != "q":
            params["q"] = "connectivity"
        response = client.get(f"/api/v1/{endpoint}/", params)
        assert response.status_code in (200, 400, 404), (parameter, value, response.content)
        assert response["Content-Type"] == "application/json"
