"""What a list says about itself: facet counts under the other filters, orders, the pages
around it in `Link`, the limit a throttled client ran into, CSV by `Accept`, and the same
answer to an empty parameter as to none."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator

from tests.api.conftest import LIST_ENDPOINTS, everything, get_json, path_of
from tests.api.test_cors_and_throttling import computed, with_rate

pytestmark = pytest.mark.django_db

INITIATIVES = "/api/v1/initiatives/"


def facets(client, url: str, **params) -> dict:
    return get_json(client, url, **params)["facets"]


def test_a_mistyped_filter_answers_400_on_every_list(client):
    for endpoint in [*LIST_ENDPOINTS, "changes", "matrix"]:
        response = client.get(f"/api/v1/{endpoint}/?regoin=AMS")
        assert response.status_code == 400, endpoint
        assert list(response.json()["errors"]) == ["regoin"], endpoint
    assert client.get("/api/v1/search/?q=broadband&regoin=AMS").status_code == 400


def test_sdg_facets_count_the_initiatives_each_goal_would_list(client):
    counted = facets(client, INITIATIVES, facets="sdg")["sdg"]
    assert counted, "the initiatives serve many goals"
    assert [item["value"] for item in counted] == sorted(item["value"] for item in counted)
    for item in counted:
        assert isinstance(item["value"], int)
        listed = get_json(client, INITIATIVES, sdg=item["value"])["count"]
        assert item["count"] == listed, item


def test_each_facet_is_counted_under_the_other_filters_only(client):
    counted = facets(client, INITIATIVES, region="AMS", stage="draft", facets="region,stage,sdg")
    # The region facet ignores the region filter, and keeps the stage filter.
    assert {item["value"] for item in counted["region"]} == {"AFR", "AMS", "ASP", "CIS", "EUR"}
    for item in counted["region"]:
        assert (
            item["count"]
            == get_json(client, INITIATIVES, region=item["value"], stage="draft")["count"]
        )
    assert {item["value"] for item in counted["stage"]} == {"adopted", "draft"}
    for item in counted["sdg"]:
        listed = get_json(client, INITIATIVES, region="AMS", stage="draft", sdg=item["value"])
        assert item["count"] == listed["count"], item


def test_facets_use_the_codes_the_filters_take(client):
    counted = facets(client, INITIATIVES, facets="region,cycle,action_line,gdc,provenance")
    assert [item["value"] for item in counted["cycle"]] == ["2023-2025", "2026-2029"]
    action_lines = [item["value"] for item in counted["action_line"]]
    numbers = [int(code[1:]) for code in action_lines]
    assert numbers == sorted(numbers), "C2 before C10"
    assert all(isinstance(item["value"], int) for item in counted["gdc"])
    assert {item["value"] for item in counted["provenance"]} <= {"source", "roadmap", "curated"}
    for name, items in counted.items():
        for item in items:
            value = item["value"]
            listed = get_json(client, INITIATIVES, **{name: value})["count"]
            assert item["count"] == listed, (name, item)


def test_expected_results_and_roadmap_rows_count_their_own_facets(client):
    url = "/api/v1/expected-results/"
    counted = facets(client, url, region="AMS", facets="region,cycle,stage,initiative")
    assert (
        sum(item["count"] for item in counted["stage"])
        == get_json(client, url, region="AMS")["count"]
    )
    for name, items in counted.items():
        for item in items[:3]:
            params = {name: item["value"]} if name == "region" else {"region": "AMS"}
            if name != "region":
                params[name] = item["value"]
            assert item["count"] == get_json(client, url, **params)["count"], (name, item)
    url = "/api/v1/roadmap-rows/"
    counted = facets(client, url, action_line="C5", facets="action_line,section,sdg")
    assert [item["value"] for item in counted["action_line"]] == ["C2", "C4", "C5", "C6"]
    assert sum(item["count"] for item in counted["action_line"]) == 76
    for item in counted["sdg"]:
        assert isinstance(item["value"], int)
        listed = get_json(client, url, action_line="C5", sdg=item["value"])["count"]
        assert item["count"] == listed, item


def test_facets_follow_the_words_searched_for(client):
    counted = facets(client, INITIATIVES, q="cybersecurity", facets="region")["region"]
    total = get_json(client, INITIATIVES, q="cybersecurity")["count"]
    assert 0 < sum(item["count"] for item in counted) == total < 35


def test_an_unknown_facet_answers_400_naming_it(client):
    body = get_json(client, INITIATIVES, status=400, facets="sdg,regoin")
    assert list(body["errors"]) == ["facets"]
    assert "regoin" in body["errors"]["facets"][0]
    assert "action_line" in body["errors"]["facets"][0]
    # A list counts its own facets only.
    body = get_json(client, "/api/v1/roadmap-rows/", status=400, facets="region")
    assert "region" in body["errors"]["facets"][0]
    assert get_json(client, "/api/v1/regions/", status=400, facets="region")["errors"]["facets"]


def test_without_facets_asked_the_list_has_none(client):
    assert "facets" not in get_json(client, INITIATIVES)
    assert "facets" not in get_json(client, INITIATIVES, facets="")


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    ("url", "facet_queries"),
    [
        # The initiatives' filter set counts every facet, as for the list page: region,
        # cycle, stage, SDG, action line, GDC objective, provenance.
        (f"{INITIATIVES}?region=AMS&facets=sdg", 7),
        # One grouped query per facet asked.
        ("/api/v1/expected-results/?region=AMS&facets=region,cycle,stage,initiative", 4),
        ("/api/v1/roadmap-rows/?sdg=9&facets=action_line,section,sdg", 3),
    ],
)
def test_facets_cost_a_fixed_number_of_queries(client, url, facet_queries):
    plain = url.split("&facets=")[0]
    for size in (1, 500):
        without = queries(client, f"{plain}&page_size={size}")
        assert queries(client, f"{url}&page_size={size}") == without + facet_queries


def test_every_list_takes_its_orders_and_their_reverse(client):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    checked = 0
    for endpoint in LIST_ENDPOINTS:
        parameters = schema["paths"][f"/api/v1/{endpoint}/"]["get"]["parameters"]
        ordering = next((p for p in parameters if p["name"] == "ordering"), None)
        if ordering is None:
            continue
        for order in ordering["schema"]["enum"]:
            if order.startswith("-"):
                continue
            forward = [o["url"] for o in everything(client, endpoint, ordering=order)]
            backward = [o["url"] for o in everything(client, endpoint, ordering=f"-{order}")]
            assert sorted(forward) == sorted(backward), (endpoint, order)
            if len(forward) > 1:
                assert forward != backward, (endpoint, order)
            checked += 1
    assert checked >= 20


def test_orders_sort_by_what_they_name(client):
    titles = [sdg["title"] for sdg in everything(client, "sdgs", ordering="title")]
    assert titles == sorted(titles)
    meetings = everything(client, "meetings", ordering="-start_date")
    dates = [meeting["start_date"] for meeting in meetings]
    assert dates == sorted(dates, reverse=True)
    rows = everything(client, "roadmap-rows", ordering="section")
    sections = [row["section"] for row in rows]
    assert sections == sorted(sections)
    results = everything(client, "expected-results", ordering="region", region="AMS,CIS")
    assert [r["initiative"][10:13] for r in results] == sorted(
        r["initiative"][10:13] for r in results
    )


def test_an_unknown_order_answers_400_listing_the_orders(client):
    body = get_json(client, "/api/v1/regions/", status=400, ordering="size")
    assert "code, name, -code, -name" in body["errors"]["ordering"][0]
    get_json(client, "/api/v1/search/", status=400, q="broadband", ordering="title")


def test_pages_link_to_each_other_in_the_link_header(client):
    response = client.get("/api/v1/expected-results/?page=2&page_size=10&region=AMS")
    body = response.json()
    assert response["Link"] == f'<{body["next"]}>; rel="next", <{body["previous"]}>; rel="prev"'
    # Kept in the cache with its response, and so given again.
    again = client.get("/api/v1/expected-results/?page=2&page_size=10&region=AMS")
    assert again["Link"] == response["Link"]
    last = client.get(path_of(body["next"]).replace("page=3", "page=5"))
    assert last["Link"] == f'<{last.json()["previous"]}>; rel="prev"'
    assert not client.get("/api/v1/regions/").has_header("Link")


def test_a_throttled_client_is_told_the_limit(client):
    with with_rate("3/minute"):
        for n in range(1, 4):
            client.get(computed(n))
        response = client.get(computed(4))
    assert response.status_code == 429
    assert response["RateLimit-Limit"] == "3"
    assert response["RateLimit-Remaining"] == "0"
    assert response["RateLimit-Reset"] == response["Retry-After"]
    assert response["RateLimit-Policy"] == "3;w=60"
    assert not client.get("/api/v1/sdgs/").has_header("RateLimit-Limit")


def test_accept_text_csv_asks_a_list_for_csv(client):
    response = client.get(INITIATIVES, {"region": "AMS"}, HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 1 + 10
    as_json = client.get(INITIATIVES, {"region": "AMS"})
    assert as_json["ETag"] != response["ETag"]


def test_a_type_no_address_offers_answers_406_in_json(client):
    response = client.get("/api/v1/initiatives/2026-2029-ams1/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"
    assert client.get(INITIATIVES, HTTP_ACCEPT="application/xml").status_code == 406


def test_writing_answers_405_in_json(client):
    response = client.post(INITIATIVES, {})
    assert response.status_code == 405
    assert response.json()["detail"]
    assert "GET" in response["Allow"]


def empty_parameters():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        if "{" in path:
            continue
        for parameter in operations["get"].get("parameters", []):
            if parameter["in"] == "query" and not parameter.get("required"):
                yield path, parameter["name"]


def test_an_empty_parameter_answers_as_if_it_were_absent_on_every_list(client):
    checked = 0
    for path, name in empty_parameters():
        base = f"{path}?q=broadband" if path == "/api/v1/search/" else path
        if name == "q" and path == "/api/v1/search/":
            continue
        separator = "&" if "?" in base else "?"
        empty = client.get(f"{base}{separator}{name}=")
        assert empty.status_code == 200, (path, name, empty.content[:200])
        assert empty.json() == client.get(base).json() | _links_of(empty.json()), (path, name)
        checked += 1
    assert checked > 60


def _links_of(body: dict) -> dict:
    # `next` keeps the empty parameter in the address it gives, as asked.
    return {key: body[key] for key in ("next", "previous") if key in body}
