"""The downloads: the whole knowledge base as one JSON file, normalised CSV tables, their Data
Package and a workbook, with their sizes and checksums, written again whenever the data
loads."""

import csv
import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.test import override_settings

from core.loading import portal_data_loaded
from core.models import DataVersion
from downloads.exports import JSON_NAME, KINDS, PACKAGE_NAME, WORKBOOK_NAME, read_manifest
from downloads.tables import TABLES
from initiatives.models import ExpectedResult, Initiative
from tests.api.conftest import everything, get_json, path_of

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def exported(tmp_path_factory, django_db_setup, django_db_blocker):
    """The downloads of the loaded data, written once for this module's tests, which read
    them (a second export writes the same bytes)."""
    directory = tmp_path_factory.mktemp("downloads")
    with django_db_blocker.unblock(), override_settings(PORTAL_DOWNLOADS_DIR=directory):
        call_command("export_portal_data", stdout=io.StringIO())
    return directory


@pytest.fixture
def downloads(settings, exported):
    settings.PORTAL_DOWNLOADS_DIR = exported
    return exported


def test_the_export_writes_the_json_file_the_package_the_workbook_and_a_csv_file_per_table(
    downloads,
):
    names = [file["name"] for file in read_manifest()["files"]]
    assert names == [JSON_NAME, PACKAGE_NAME, WORKBOOK_NAME] + [t.file_name for t in TABLES]
    assert sorted(path.name for path in downloads.iterdir()) == sorted([*names, "manifest.json"])


def test_every_file_name_served_before_is_still_served(downloads, client):
    # Download addresses are permanent: the kinds' CSV files became tables of the same name.
    names = {file["name"] for file in read_manifest()["files"]}
    for kind, _ in KINDS:
        assert f"{kind}.csv" in names
        assert client.get(f"/downloads/{kind}.csv").status_code == 200


def test_every_listed_size_and_checksum_matches_its_file(downloads):
    for file in read_manifest()["files"]:
        content = (downloads / file["name"]).read_bytes()
        assert file["size"] == len(content)
        assert file["sha256"] == hashlib.sha256(content).hexdigest()


def test_the_json_file_holds_every_record_in_its_api_detail_form(downloads, client):
    document = json.loads((downloads / JSON_NAME).read_text(encoding="utf-8"))
    assert document["data_version"] == DataVersion.current()
    assert len(document["initiatives"]) == Initiative.objects.count()
    assert len(document["expected_results"]) == ExpectedResult.objects.count()
    ams1 = next(i for i in document["initiatives"] if i["slug"] == "2026-2029-ams1")
    api = get_json(client, "/api/v1/initiatives/2026-2029-ams1/")
    assert set(ams1) == set(api)
    assert ams1["expected_results"] == [
        {**r, "url": path_of(r["url"]), "html_url": path_of(r["html_url"])}
        for r in api["expected_results"]
    ]
    assert ams1["url"] == "/api/v1/initiatives/2026-2029-ams1/"


@pytest.mark.parametrize(("kind", "viewset"), KINDS)
def test_each_kinds_csv_file_keeps_the_columns_and_rows_of_its_api_list(
    downloads, client, kind, viewset
):
    # Columns are added to these files, never removed or renamed: each holds every column
    # of the API's list of its kind, with the same values, record for record.
    text = (downloads / f"{kind}.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    objects = everything(client, kind)
    assert len(rows) == len(objects)
    columns = list(objects[0])
    assert set(columns) <= set(rows[0])
    for row, api_object in zip(rows, objects, strict=True):
        for column in columns:
            value = api_object[column]
            if column in ("url", "html_url"):
                value = path_of(value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            elif isinstance(value, list):
                value = ";".join(map(str, value))
            elif isinstance(value, dict):
                value = json.dumps(value, ensure_ascii=False)
            elif value is None:
                value = ""
            assert row[column] == str(value), (kind, column)


def test_the_kinds_csv_files_keep_their_first_columns_in_order(downloads):
    first_columns = {
        "initiatives": ["slug", "code", "title", "region", "cycle", "stage", "url", "html_url"],
        "expected-results": ["initiative", "number", "text", "url", "html_url"],
        "roadmap-rows": [
            "id", "action_line", "section", "label", "outcome", "timing", "url", "html_url"
        ],
        "meetings": [
            "region", "name", "start_date", "end_date", "city", "country", "chair",
            "vice_chairs", "priorities", "url", "html_url",
        ],
    }  # fmt: skip
    for kind, columns in first_columns.items():
        header = (downloads / f"{kind}.csv").read_text(encoding="utf-8-sig").splitlines()[0]
        assert header.split(",")[: len(columns)] == columns, kind


def test_a_second_export_of_the_same_data_writes_the_same_bytes(downloads):
    first = read_manifest()["files"]
    call_command("export_portal_data", stdout=io.StringIO())
    assert read_manifest()["files"] == first


def test_the_downloads_page_lists_each_file_with_its_size_and_checksum(downloads, client):
    response = client.get("/downloads/")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["nav"] == "downloads"
    assert response.context["breadcrumbs"] == [{"label": "Downloads"}]
    assert html.count("<h1") == 1
    for file in read_manifest()["files"]:
        assert f'href="/downloads/{file["name"]}"' in html
        assert file["sha256"] in html
        assert file["description"] in html.replace("&#x27;", "'")
    assert "The data has changed" not in html


def test_the_downloads_page_says_when_the_files_are_behind_the_data(downloads, client):
    DataVersion.bump()
    assert "The data has changed" in client.get("/downloads/").content.decode()


def test_the_downloads_page_says_when_there_are_no_files_yet(settings, tmp_path, client):
    settings.PORTAL_DOWNLOADS_DIR = tmp_path / "never-written"
    html = client.get("/downloads/").content.decode()
    assert "have not been written yet" in html


def test_the_api_lists_the_files_with_their_sizes_and_checksums(downloads, client):
    files = everything(client, "downloads")
    assert [f["name"] for f in files] == [f["name"] for f in read_manifest()["files"]]
    for file in files:
        assert set(file) == {
            "name",
            "format",
            "kind",
            "records",
            "size",
            "sha256",
            "title",
            "description",
            "url",
            "html_url",
        }
        response = client.get(path_of(file["url"]))
        content = b"".join(response.streaming_content)
        assert hashlib.sha256(content).hexdigest() == file["sha256"]
        assert len(content) == file["size"]


def test_a_file_is_served_with_its_type_as_an_attachment(downloads, client):
    response = client.get(f"/downloads/{WORKBOOK_NAME}")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert client.get(f"/downloads/{PACKAGE_NAME}")["Content-Type"] == "application/json"
    response = client.get("/downloads/initiatives.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="initiatives.csv"'
    response = client.get(f"/downloads/{JSON_NAME}")
    assert response["Content-Type"] == "application/json"
    etag = response["ETag"]
    assert client.get(f"/downloads/{JSON_NAME}", headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize("name", ["manifest.json", "nothing.csv", "..%2Fmanifest.json", ".env"])
def test_only_listed_files_are_served(downloads, client, name):
    assert client.get(f"/downloads/{name}").status_code == 404


@pytest.mark.slow
def test_loading_the_data_writes_the_downloads_once_committed(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PORTAL_DOWNLOADS_DIR = tmp_path
    lines = []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        portal_data_loaded.send(sender=None, report=lines.append)
    assert not (tmp_path / "manifest.json").exists(), "nothing is written before the commit"
    for callback in callbacks:
        callback()
    assert read_manifest()["data_version"] == DataVersion.current()
    assert any("downloads" in line for line in lines)


@pytest.mark.slow
def test_a_failed_write_is_reported_without_undoing_the_load(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.PORTAL_DOWNLOADS_DIR = blocker
    lines = []
    with django_capture_on_commit_callbacks(execute=True):
        portal_data_loaded.send(sender=None, report=lines.append)
    assert any("NOT written" in line for line in lines)
