"""The licence is stated wherever it is looked for: the README, the downloads page, the
Data Package, the workbook, the JSON file, the OpenAPI description and the DCAT and
schema.org metadata (docs/decisions/0010-licence.md)."""

import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from downloads import licence
from downloads.exports import JSON_NAME, PACKAGE_NAME
from tests.downloads.exported import exported_downloads  # noqa: F401

pytestmark = pytest.mark.django_db

README = Path(django_settings.BASE_DIR) / "README.md"


@pytest.fixture
def downloads(settings, exported):
    settings.PORTAL_DOWNLOADS_DIR = exported
    return exported


def test_the_readme_names_the_licence_and_what_it_covers():
    readme = README.read_text(encoding="utf-8")
    section = readme[readme.index("## Licence") :]
    assert licence.LICENCE_URL in section
    assert "CC BY 4.0" in section
    assert "remain ITU's" in section


def test_the_downloads_page_states_the_licence_and_the_rights_in_the_source_texts(
    downloads, client
):
    html = client.get("/downloads/").content.decode()
    assert f'<a href="{licence.LICENCE_URL}" rel="license" lang="en">' in html
    assert licence.SOURCE_TEXTS.replace("'", "&#x27;") in html


def test_the_json_file_carries_the_licence(downloads):
    document = json.loads((downloads / JSON_NAME).read_text(encoding="utf-8"))
    assert document["license"] == licence.licence_statement()


def test_the_data_package_carries_the_licence(downloads):
    package = json.loads((downloads / PACKAGE_NAME).read_text(encoding="utf-8"))
    assert [entry["path"] for entry in package["licenses"]] == [licence.LICENCE_URL]


def test_the_openapi_description_carries_the_licence(client):
    info = client.get("/api/v1/schema/?format=json").json()["info"]
    assert info["license"]["url"] == licence.LICENCE_URL
    assert info["license"]["name"].startswith(licence.LICENCE_NAME)
