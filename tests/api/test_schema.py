"""The OpenAPI schema: generated without a warning, every filter typed, described and
exemplified; its documentation page works with no network."""

import re

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

from tests.api.conftest import LIST_ENDPOINTS

pytestmark = pytest.mark.django_db

ENDPOINTS = [*LIST_ENDPOINTS, "search", "matrix"]


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_generates_and_validates_without_a_single_warning(tmp_path):
    # --fail-on-warn turns any warning or error of drf-spectacular into a failure.
    call_command(
        "spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "schema.yml")
    )
    assert yaml.safe_load((tmp_path / "schema.yml").read_text())["openapi"].startswith("3.")


def test_the_schema_has_every_endpoint_of_the_contract(schema):
    paths = set(schema["paths"])
    for endpoint in ENDPOINTS:
        assert f"/api/v1/{endpoint}/" in paths
    details = {path for path in paths if "{" in path}
    # Every endpoint but search and downloads, and the comparison of an initiative.
    assert len(details) == 12
    assert "/api/v1/initiatives/{slug}/compare/" in details


def test_every_parameter_is_typed_described_and_exemplified(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                where = (method, path, parameter["name"])
                assert parameter["schema"].get("type"), where
                assert parameter.get("description"), where
                assert "example" in parameter or "examples" in parameter, where


def test_lists_offer_csv_and_every_operation_documents_its_errors(schema):
    for path, operations in schema["paths"].items():
        responses = operations["get"]["responses"]
        statuses = {"200", "304", "400", "404", "405", "406", "429", "503"}
        assert statuses <= set(responses), path
        assert "ETag" in responses["200"]["headers"], path
        assert "content" not in responses["304"], path
        assert "Allow" in responses["405"]["headers"], path
        assert {"Retry-After", "RateLimit-Limit", "RateLimit-Reset"} <= set(
            responses["429"]["headers"]
        ), path
        assert "Retry-After" in responses["503"]["headers"], path
        is_list = "{" not in path
        content = responses["200"]["content"]
        # JSON first: a generated client decodes the first media type of a response.
        assert list(content)[0] == "application/json", path
        assert ("text/csv" in content) == is_list, path
        if is_list:
            assert content["text/csv"]["schema"]["type"] == "string", path


def test_every_operation_has_a_summary(schema):
    for path, operations in schema["paths"].items():
        summary = operations["get"].get("summary", "")
        assert 3 < len(summary) < 120, (path, summary)

    def summary_of(path):
        return schema["paths"][path]["get"]["summary"]

    assert summary_of("/api/v1/initiatives/{slug}/") == "One initiative"
    assert summary_of("/api/v1/sdgs/{number}/") == "One SDG"
    assert summary_of("/api/v1/regions/") == "The six ITU-D regions"


def test_paged_lists_document_their_link_header(schema):
    for path in ("/api/v1/initiatives/", "/api/v1/search/", "/api/v1/sources/"):
        assert "Link" in schema["paths"][path]["get"]["responses"]["200"]["headers"], path


def test_fields_always_present_are_required(schema):
    components = schema["components"]["schemas"]
    for name, component in components.items():
        optional = set(component.get("properties", {})) - set(component.get("required", []))
        if name.startswith("Paginated"):
            assert optional == {"facets"}, name
        elif name == "Error":
            assert optional == {"errors"}, name
        else:
            assert not optional, name
    # Fields the model may leave blank are still always in the answer.
    assert "results_intro" in components["InitiativeDetail"]["required"]
    assert "timing" in components["RoadmapRow"]["required"]


def test_expected_results_have_an_id_and_editorial_fields_are_described(schema):
    components = schema["components"]["schemas"]
    assert components["ExpectedResult"]["properties"]["id"]["type"] == "integer"
    assert "id" in components["NestedResult"]["properties"]
    for name, field in [
        ("Initiative", "label_as_printed"),
        ("Initiative", "curation_note"),
        ("ExpectedResult", "curation_note"),
        ("RoadmapRow", "section_inferred"),
        ("RoadmapDetail", "inferred_sections"),
    ]:
        assert components[name]["properties"][field].get("description"), (name, field)


def test_lists_declare_their_facets_and_orders(schema):
    def parameter(path, name):
        found = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
        return found[0] if found else None

    facets = {
        "/api/v1/initiatives/": [
            "region",
            "cycle",
            "stage",
            "sdg",
            "action_line",
            "gdc",
            "provenance",
        ],
        "/api/v1/expected-results/": ["region", "cycle", "stage", "initiative"],
        "/api/v1/roadmap-rows/": ["action_line", "section", "sdg"],
    }
    for path, names in facets.items():
        assert parameter(path, "facets")["schema"]["items"]["enum"] == names, path
    ordered = [f"/api/v1/{endpoint}/" for endpoint in LIST_ENDPOINTS if endpoint != "downloads"]
    for path in ordered:
        ordering = parameter(path, "ordering")
        assert ordering is not None, path
        names = ordering["schema"]["enum"]
        assert all(f"-{name}" in names for name in names if not name.startswith("-")), path
    for path in ("/api/v1/regions/", "/api/v1/search/", "/api/v1/changes/"):
        assert parameter(path, "facets") is None, path


def test_the_filters_of_the_contract_are_in_the_schema(schema):
    def parameters(path):
        return {p["name"] for p in schema["paths"][path]["get"]["parameters"]}

    common = {"page", "page_size", "format"}
    faceted = common | {"facets", "ordering"}
    assert parameters("/api/v1/initiatives/") == faceted | {
        "region",
        "cycle",
        "stage",
        "sdg",
        "action_line",
        "gdc",
        "provenance",
        "q",
        "ordering",
    }
    assert parameters("/api/v1/expected-results/") == faceted | {
        "region",
        "cycle",
        "stage",
        "initiative",
        "q",
    }
    assert parameters("/api/v1/roadmap-rows/") == faceted | {
        "action_line",
        "section",
        "sdg",
        "initiative",
        "q",
    }
    assert parameters("/api/v1/search/") == common | {"q", "kind"}


def test_numbers_are_integers_and_several_values_are_arrays(schema):
    parameters = {
        p["name"]: p for p in schema["paths"]["/api/v1/initiatives/"]["get"]["parameters"]
    }
    assert parameters["sdg"]["schema"] == {
        "type": "array",
        "items": {"type": "integer", "minimum": 1, "maximum": 17},
    }
    assert parameters["sdg"]["explode"] is True
    assert parameters["region"]["schema"]["items"]["enum"] == [
        "AFR",
        "AMS",
        "ARB",
        "ASP",
        "CIS",
        "EUR",
    ]


def test_the_schema_is_served(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["info"]["title"] == "ITU-D Regional Initiatives API"
    assert client.get("/api/v1/schema/?format=json").json()["openapi"].startswith("3.")


def test_the_documentation_page_loads_every_asset_from_this_site(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    assert "http://" not in html
    assert "https://" not in html
    assert "//cdn" not in html
    for asset in assets:
        asset = asset.replace("&amp;", "&")
        assert asset.startswith("/"), asset
        served = client.get(asset)
        assert served.status_code == 200, asset
        content = (
            b"".join(served.streaming_content) if served.streaming else served.content
        ).decode("utf-8", "replace")
        if asset.endswith("?script="):
            assert "/api/v1/schema/" in content
    assert not response.cookies
