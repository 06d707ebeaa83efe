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
        assert {"200", "400", "404", "429"} <= set(responses), path
        assert "ETag" in responses["200"]["headers"], path
        is_list = "{" not in path
        assert ("text/csv" in responses["200"]["content"]) == is_list, path


def test_the_filters_of_the_contract_are_in_the_schema(schema):
    def parameters(path):
        return {p["name"] for p in schema["paths"][path]["get"]["parameters"]}

    common = {"page", "page_size", "format"}
    assert parameters("/api/v1/initiatives/") == common | {
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
    assert parameters("/api/v1/expected-results/") == common | {
        "region",
        "cycle",
        "stage",
        "initiative",
        "q",
    }
    assert parameters("/api/v1/roadmap-rows/") == common | {
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
