"""The search endpoint: ranked results of every kind, with their API address and page."""

import csv
import io

import pytest

from tests.api.conftest import get_json, path_of

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/search/"


def test_search_answers_ranked_results_in_the_list_envelope(client):
    body = get_json(client, SEARCH, q="connectivity")
    assert list(body) == ["count", "next", "previous", "results"]
    assert body["count"] > 0
    for result in body["results"]:
        assert set(result) == {
            "kind",
            "title",
            "snippet",
            "url",
            "html_url",
            # Added within v1.
            "cycle",
            "stage",
            "region",
            "score",
        }
        assert "<mark>" in result["snippet"]
    scores = [result["score"] for result in body["results"]]
    assert scores == sorted(scores, reverse=True)


def test_hits_of_the_adopted_text_and_of_its_draft_are_told_apart(client):
    body = get_json(client, SEARCH, q="AMS1", kind="expected-result", page_size=500)
    seconds = [r for r in body["results"] if r["title"] == "AMS1 expected result 2"]
    assert sorted((r["cycle"], r["stage"], r["region"]) for r in seconds) == [
        ("2026-2029", "adopted", "AMS"),
        ("2026-2029", "draft", "AMS"),
    ]
    for result in seconds:
        suffix = "draft/#result-2" if result["stage"] == "draft" else "ams1/#result-2"
        assert result["html_url"].endswith(suffix)


def test_hits_of_other_kinds_have_no_cycle_stage_or_region(client):
    body = get_json(client, SEARCH, q="cybersecurity", kind="roadmap-row,source-section")
    assert body["results"]
    for result in body["results"]:
        assert (result["cycle"], result["stage"], result["region"]) == (None, None, None)
        assert isinstance(result["score"], float)
    initiatives = get_json(client, SEARCH, q="CIS1", kind="initiative")["results"]
    assert {(r["cycle"], r["stage"]) for r in initiatives} >= {
        ("2023-2025", "adopted"),
        ("2026-2029", "draft"),
    }
    for result in initiatives:
        detail = get_json(client, path_of(result["url"]))
        found = (result["cycle"], result["stage"], result["region"])
        assert found == (detail["cycle"], detail["stage"], detail["region"])


def test_each_result_links_to_its_api_object_and_its_page(client):
    body = get_json(client, SEARCH, q="cybersecurity", page_size=500)
    kinds = {result["kind"] for result in body["results"]}
    assert {"initiative", "expected-result", "roadmap-row"} <= kinds
    for kind in kinds - {"source-section"}:
        result = next(r for r in body["results"] if r["kind"] == kind)
        assert client.get(path_of(result["url"])).status_code == 200, result
        assert client.get(path_of(result["html_url"])).status_code == 200, result


def test_a_source_section_has_a_page_but_no_api_address(client):
    body = get_json(client, SEARCH, q="science technology innovation", kind="source-section")
    assert body["results"]
    for result in body["results"]:
        assert result["kind"] == "source-section"
        assert result["url"] is None
        assert "/sources/" in result["html_url"]


def test_a_meeting_result_links_to_the_meeting(client):
    body = get_json(client, SEARCH, q="Amman", kind="meeting")
    assert body["results"][0]["url"] == "http://testserver/api/v1/meetings/RPM-ARB/"


def test_the_kind_filter_takes_several_kinds(client):
    one = get_json(client, SEARCH, q="cybersecurity", kind="initiative", page_size=500)
    two = get_json(client, SEARCH, q="cybersecurity", kind="initiative,roadmap-row", page_size=500)
    assert {r["kind"] for r in one["results"]} == {"initiative"}
    assert {r["kind"] for r in two["results"]} == {"initiative", "roadmap-row"}
    assert two["count"] > one["count"]


def test_search_pages_link_to_each_other(client):
    first = get_json(client, SEARCH, q="development", page_size=5)
    assert first["count"] > 5
    response = client.get(path_of(first["next"]))
    second = response.json()
    assert second["previous"] == "http://testserver/api/v1/search/?page_size=5&q=development"
    assert response["Link"] == (
        f'<{second["next"]}>; rel="next", <{second["previous"]}>; rel="prev"'
    )
    assert {r["html_url"] for r in first["results"]}.isdisjoint(
        {r["html_url"] for r in second["results"]}
    )


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "q"),
        ({"q": "  "}, "q"),
        ({"q": "the of and"}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "broadband", "kind": "page"}, "kind"),
        ({"q": "broadband", "page_size": "501"}, "page_size"),
        ({"q": "broadband", "page": "first"}, "page"),
    ],
)
def test_a_bad_search_answers_400_naming_the_parameter(client, params, parameter):
    body = get_json(client, SEARCH, status=400, **params)
    assert list(body["errors"]) == [parameter]


def test_a_page_past_the_last_answers_404(client):
    get_json(client, SEARCH, status=404, q="broadband", page=999)


def test_search_results_download_as_csv(client):
    response = client.get(SEARCH, {"q": "cybersecurity", "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeffkind,title,snippet,url,html_url,cycle,stage,region,score\r\n")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    everything = get_json(client, SEARCH, q="cybersecurity", page_size=500)
    assert [row["html_url"] for row in rows] == [r["html_url"] for r in everything["results"]]
