"""The Frictionless Data Package of /downloads/: `frictionless`, the reference
implementation, validates it, its files and their keys with zero errors, and it describes
every table as the database holds it."""

import json

import frictionless
import pytest

from downloads import licence
from downloads.exports import PACKAGE_NAME, export, read_manifest
from downloads.tables import TABLES, TABLES_BY_NAME
from initiatives.models import Initiative
from tests.downloads.exported import exported_downloads, read_table  # noqa: F401

pytestmark = pytest.mark.django_db


def package_of(directory) -> dict:
    return json.loads((directory / PACKAGE_NAME).read_text(encoding="utf-8"))


def errors_of(report) -> list[str]:
    return [error.message for task in report.tasks for error in task.errors] + [
        error.message for error in report.errors
    ]


def test_frictionless_validates_the_package_with_zero_errors(exported):
    report = frictionless.validate(str(exported / PACKAGE_NAME))
    assert errors_of(report) == []
    assert report.valid
    assert [task.name for task in report.tasks] == [table.name for table in TABLES]


def test_every_table_has_as_many_rows_in_the_package_as_in_the_database(exported):
    package = frictionless.Package(str(exported / PACKAGE_NAME))
    for table in TABLES:
        assert len(package.get_resource(table.name).read_rows()) == len(table.rows()), table.name


def test_each_resource_describes_its_fields_keys_size_and_checksum(exported):
    package = package_of(exported)
    files = {file["name"]: file for file in read_manifest(exported)["files"]}
    for resource in package["resources"]:
        table = TABLES_BY_NAME[resource["name"]]
        schema = resource["schema"]
        assert [field["name"] for field in schema["fields"]] == table.column_names
        assert all(field["description"] and field["type"] for field in schema["fields"])
        assert schema["primaryKey"] == list(table.primary_key)
        assert resource["path"] == table.file_name
        assert resource["bytes"] == files[table.file_name]["size"]
        assert resource["hash"] == f"sha256:{files[table.file_name]['sha256']}"
    alignments = next(r for r in package["resources"] if r["name"] == "alignments")
    assert {
        "fields": ["initiative"],
        "reference": {"resource": "initiatives", "fields": ["slug"]},
    } in (alignments["schema"]["foreignKeys"])
    subitems = next(r for r in package["resources"] if r["name"] == "expected-result-subitems")
    assert subitems["schema"]["foreignKeys"] == [
        {
            "fields": ["initiative", "result"],
            "reference": {"resource": "expected-results", "fields": ["initiative", "number"]},
        }
    ]


def test_the_package_names_its_licence_sources_and_data_version(exported):
    package = package_of(exported)
    assert package["licenses"] == [
        {"name": "CC-BY-4.0", "path": licence.LICENCE_URL, "title": licence.LICENCE_TITLE}
    ]
    assert licence.SOURCE_TEXTS in package["description"]
    assert package["version"] == str(read_manifest(exported)["data_version"])
    assert len(package["sources"]) == 5
    assert package["sources"][1]["title"].startswith(
        "Regional Initiatives for the period 2026-2029"
    )


def test_a_broken_key_is_what_frictionless_reports(exported, tmp_path):
    # The validation can fail: a citation naming an initiative the table lacks.
    for path in exported.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    package = package_of(tmp_path)
    for resource in package["resources"]:
        resource.pop("hash"), resource.pop("bytes")
    (tmp_path / PACKAGE_NAME).write_text(json.dumps(package), encoding="utf-8")
    text = (tmp_path / "alignments.csv").read_text(encoding="utf-8")
    (tmp_path / "alignments.csv").write_text(
        text.replace("2023-2025-cis1,", "2023-2025-cis9,", 1), encoding="utf-8"
    )
    errors = errors_of(frictionless.validate(str(tmp_path / PACKAGE_NAME)))
    assert len(errors) == 1
    assert "violates the foreign key" in errors[0]


@pytest.mark.slow
def test_the_package_still_validates_with_an_initiative_unpublished(tmp_path):
    # Its draft's `adopted`, and the citations of it, must not point to a missing row.
    Initiative.objects.filter(slug="2023-2025-cis1").update(published=False)
    export(tmp_path)
    assert errors_of(frictionless.validate(str(tmp_path / PACKAGE_NAME))) == []
    cited = [row for row in read_table(tmp_path, "citations") if row["code"] == "CIS1"]
    assert cited
    assert all(row["resolved"] == "false" for row in cited)
