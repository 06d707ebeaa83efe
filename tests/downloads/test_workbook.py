"""The workbook of /downloads/: a sheet per table with the same rows as its CSV file, after a
sheet stating what it holds and its licence; texts stored as texts, never formulas."""

import pytest
from openpyxl import load_workbook

from downloads import licence
from downloads.exports import WORKBOOK_NAME, export
from downloads.tables import TABLES
from downloads.workbook import ABOUT_SHEET
from initiatives.models import Initiative
from tests.downloads.exported import exported_downloads, read_table  # noqa: F401

pytestmark = pytest.mark.django_db


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def test_the_workbook_has_a_sheet_per_table_with_the_rows_of_its_csv_file(exported):
    book = load_workbook(exported / WORKBOOK_NAME, read_only=True)
    assert book.sheetnames == [ABOUT_SHEET, *(table.name for table in TABLES)]
    for table in TABLES:
        width = len(table.columns)
        sheet_rows = list(book[table.name].iter_rows(values_only=True, max_col=width))
        assert list(sheet_rows[0]) == table.column_names
        csv_rows = [list(row.values()) for row in read_table(exported, table.name)]
        assert [[as_text(value) for value in row] for row in sheet_rows[1:]] == csv_rows, table.name


def test_numbers_and_truth_values_are_typed_cells(exported):
    book = load_workbook(exported / WORKBOOK_NAME, read_only=True)
    width = len(book["initiatives"]["1"])
    header, cis1 = list(book["initiatives"].iter_rows(values_only=True, max_row=2, max_col=width))
    row = dict(zip(header, cis1, strict=True))
    assert (row["number"], row["label_differs_from_code"]) == (1, True)


def test_the_about_sheet_states_the_licence_and_lists_the_tables(exported):
    book = load_workbook(exported / WORKBOOK_NAME, read_only=True)
    text = [cell for row in book[ABOUT_SHEET].iter_rows(values_only=True) for cell in row if cell]
    assert any(licence.LICENCE_URL in str(cell) for cell in text)
    assert licence.SOURCE_TEXTS in text
    assert "alignments" in text


@pytest.mark.slow
def test_a_text_that_looks_like_a_formula_stays_text(tmp_path):
    Initiative.objects.filter(slug="2026-2029-ams4").update(title='=HYPERLINK("http://x","y")')
    export(tmp_path)
    book = load_workbook(tmp_path / WORKBOOK_NAME)
    sheet = book["initiatives"]
    header = [cell.value for cell in sheet[1]]
    cell = next(
        row[header.index("title")] for row in sheet.iter_rows(min_row=2)
        if row[0].value == "2026-2029-ams4"
    )  # fmt: skip
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","y")', "s")
