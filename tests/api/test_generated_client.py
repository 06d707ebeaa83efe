"""A client generated from the OpenAPI schema by a tool nobody here wrote
(openapi-python-client) does what a program using the API does: list, fetch an object,
page, filter, count facets, ask for CSV and make a conditional request.

The schema is read from a running portal, as a developer elsewhere would read it, and the
client is generated into a temporary folder and imported from there.
"""

import importlib
import json
import shutil
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PACKAGE = "portal_client"
# No formatting of the generated code (it would need ruff on the PATH): it is only run.
GENERATOR_CONFIG = f"package_name_override: {PACKAGE}\npost_hooks: []\n"


@pytest.fixture
def portal(db):
    """The portal served over HTTP on the tests' database, in a thread of this process
    (for in-memory SQLite, sharing its connection)."""
    server = LiveServer("localhost:0")
    yield server.url
    # Each request is served in a thread of its own, which lets go of the shared
    # connection when it ends: let every one end before the server stops sharing it.
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(timeout=10)
    server.stop()


@pytest.fixture
def generated(portal, tmp_path, monkeypatch):
    """The client generated from the portal's schema, imported, and a Client for it."""
    with urllib.request.urlopen(f"{portal}/api/v1/schema/?format=json", timeout=30) as answer:
        schema = json.load(answer)
    assert schema["servers"] == [{"url": portal, "description": "This portal"}]
    (tmp_path / "schema.json").write_text(json.dumps(schema))
    (tmp_path / "config.yaml").write_text(GENERATOR_CONFIG)
    generator = shutil.which("openapi-python-client", path=str(Path(sys.executable).parent))
    assert generator, "openapi-python-client is a development dependency (pyproject.toml)"
    run = subprocess.run(
        [
            generator,
            "generate",
            "--path",
            str(tmp_path / "schema.json"),
            "--output-path",
            str(tmp_path / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(tmp_path / "config.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    # Anything the generator could not understand in the schema, it reports as a warning.
    assert "Warning" not in run.stdout + run.stderr, run.stdout + run.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]
    client_module = importlib.import_module(PACKAGE)
    client = client_module.Client(
        base_url=schema["servers"][0]["url"],
        # One request per connection: no idle connection outlives the test's server.
        headers={"Connection": "close"},
        raise_on_unexpected_status=True,
    )
    yield client
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]


def operation(name: str):
    tag, _ = name.split(".")
    return importlib.import_module(f"{PACKAGE}.api.{tag}.{name.split('.')[1]}")


def model(name: str):
    return importlib.import_module(f"{PACKAGE}.{name}")


def test_a_generated_client_lists_fetches_pages_and_filters(generated):
    initiatives_list = operation("initiatives.initiatives_list")
    models = model("models")
    first = initiatives_list.sync(client=generated, page_size=20)
    assert first.count == 35
    assert len(first.results) == 20
    assert first.next_ is not None
    assert first.previous is None
    second = initiatives_list.sync(client=generated, page_size=20, page=2)
    assert len(second.results) == 15
    assert {i.slug for i in first.results}.isdisjoint(i.slug for i in second.results)

    region = models.InitiativesListRegionItem("AMS")
    ams = initiatives_list.sync(client=generated, region=[region], page_size=100)
    assert ams.count == 10
    assert {initiative.region for initiative in ams.results} == {"AMS"}
    # Fields always present are typed as such: no Unset to check for.
    assert all(isinstance(i.label_as_printed, str) for i in ams.results)

    detail = operation("initiatives.initiatives_retrieve").sync(
        client=generated, slug="2023-2025-cis1"
    )
    assert (detail.code, detail.label_as_printed) == ("CIS1", "RI 1")
    assert detail.expected_results[0].id > 0
    result = operation("expected_results.expected_results_retrieve").sync(
        client=generated, id=detail.expected_results[0].id
    )
    assert result.initiative == "2023-2025-cis1"

    missing = operation("initiatives.initiatives_retrieve").sync_detailed(
        client=generated, slug="2023-2025-xyz9"
    )
    assert missing.status_code == 404
    assert "xyz9" in missing.parsed.detail


def test_a_generated_client_counts_facets(generated):
    initiatives_list = operation("initiatives.initiatives_list")
    models = model("models")
    page = initiatives_list.sync(
        client=generated,
        region=[models.InitiativesListRegionItem("AMS")],
        facets=[models.InitiativesListFacetsItem("sdg")],
    )
    counts = page.facets.additional_properties["sdg"]
    assert counts
    assert all(isinstance(item.value, int) for item in counts)
    nine = next(item for item in counts if item.value == 9)
    only_nine = initiatives_list.sync(
        client=generated, region=[models.InitiativesListRegionItem("AMS")], sdg=[9]
    )
    assert nine.count == only_nine.count


def test_a_generated_client_asks_for_csv(generated):
    initiatives_list = operation("initiatives.initiatives_list")
    models = model("models")
    # The generated functions decode a 200 by its first media type, JSON; the request
    # they build is sent on the client's own connection, asking for the second.
    request = initiatives_list._get_kwargs(region=[models.InitiativesListRegionItem("AMS")])
    by_header = generated.with_headers({"Accept": "text/csv"}).get_httpx_client().request(**request)
    assert by_header.status_code == 200
    assert by_header.headers["Content-Type"] == "text/csv; charset=utf-8"
    lines = by_header.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("slug,code,title,region,cycle,stage,url,html_url")
    assert len(lines) == 1 + 10
    request = initiatives_list._get_kwargs(
        region=[models.InitiativesListRegionItem("AMS")], format_=models.InitiativesListFormat.CSV
    )
    by_parameter = generated.get_httpx_client().request(**request)
    assert by_parameter.text == by_header.text


def test_a_generated_client_makes_a_conditional_request(generated):
    sdgs_retrieve = operation("sdgs.sdgs_retrieve")
    fresh = sdgs_retrieve.sync_detailed(client=generated, number=9)
    assert fresh.status_code == 200
    etag = fresh.headers["ETag"]
    again = sdgs_retrieve.sync_detailed(
        client=generated.with_headers({"If-None-Match": etag}), number=9
    )
    # 304 is in the schema: no "unexpected status", no body to decode.
    assert again.status_code == 304
    assert again.parsed is None
    assert again.headers["ETag"] == etag
