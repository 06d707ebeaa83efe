"""The API takes exactly the query parameters its schema declares: a mistyped one is a
400 naming it, never an answer that silently ignores it (nor one more response kept)."""

import pytest
from django.core.cache import cache
from drf_spectacular.generators import SchemaGenerator

from initiatives.models import ExpectedResult
from roadmaps.models import RoadmapRow

pytestmark = pytest.mark.django_db

PATH_VALUES = {
    "/api/v1/regions/{code}/": "AMS",
    "/api/v1/cycles/{slug}/": "2026-2029",
    "/api/v1/initiatives/{slug}/": "2026-2029-ams4",
    "/api/v1/initiatives/{slug}/compare/": "2026-2029-ams1",
    "/api/v1/roadmaps/{action_line}/": "C2",
    "/api/v1/sdgs/{number}/": "9",
    "/api/v1/action-lines/{code}/": "C5",
    "/api/v1/gdc-objectives/{number}/": "3",
    "/api/v1/meetings/{name}/": "RPM-AMS",
    "/api/v1/sources/{slug}/": "cstd-priority-theme-2-2023-24",
}


def operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, methods in schema["paths"].items():
        query = {p["name"] for p in methods["get"].get("parameters", []) if p["in"] == "query"}
        yield path, query


def address(path: str) -> str:
    if "{" not in path:
        return path
    if path in PATH_VALUES:
        return path[: path.index("{")] + PATH_VALUES[path] + path[path.index("}") + 1 :]
    # Expected results and roadmap rows are addressed by number.
    model = ExpectedResult if "expected-results" in path else RoadmapRow
    return path[: path.index("{")] + str(model.objects.order_by("pk")[0].pk) + "/"


def test_a_mistyped_parameter_is_refused_by_name(client):
    response = client.get("/api/v1/initiatives/?regoin=AMS")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Invalid parameter: regoin."
    assert "region" in body["errors"]["regoin"][0]


def test_every_operation_takes_its_declared_parameters_and_refuses_any_other(client):
    checked = 0
    for path, declared in operations():
        url = address(path)
        url += "?q=broadband&" if path == "/api/v1/search/" else "?"
        assert client.get(url).status_code == 200, url
        refused = client.get(f"{url}utm_source=x")
        assert refused.status_code == 400, url
        assert set(refused.json()["errors"]) == {"utm_source"}, url
        # What the error says the address takes is what the schema declares.
        taken = refused.json()["errors"]["utm_source"][0].split(": ", 1)[1].rstrip(".")
        assert set(taken.split(", ")) == declared | {"format"}, url
        checked += 1
    # 28 operations: 16 lists, 11 details and an initiative's comparison.
    assert checked == 28


def test_unknown_parameters_leave_nothing_in_the_cache(client):
    client.get("/api/v1/initiatives/")
    kept = len(cache._cache)
    for n in range(300):
        assert client.get(f"/api/v1/initiatives/?junk{n}=1").status_code == 400
    assert len(cache._cache) == kept
