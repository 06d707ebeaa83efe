"""The tables as one spreadsheet workbook (.xlsx): a sheet per table, after a sheet saying
what the workbook holds and under which licence.

Every text is stored as text, never as a formula, so the workbook keeps the exact words
that the CSV files must guard with an apostrophe (docs/decisions/0008-csv-formula-cells.md).
"""

import io
import re
import zipfile
from datetime import datetime

from django.conf import settings
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from downloads import licence
from downloads.tables import BOOLEAN, INTEGER, NUMBER, STRING, Table

ABOUT_SHEET = "about"
# The earliest time a zip file can record: the workbook's bytes depend on the data only.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _cell(sheet, value, type_: str, bold: bool = False) -> WriteOnlyCell:
    if value is None or type_ in (INTEGER, NUMBER, BOOLEAN):
        cell = WriteOnlyCell(sheet, value=value)
    else:
        # Control characters other than tab and line breaks cannot be stored in a workbook;
        # an editor's stray one must not stop the files from being written.
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def workbook_bytes(
    tables: list[tuple[Table, list[dict]]], title: str, data_version: int, changed: datetime | None
) -> bytes:
    book = Workbook(write_only=True)
    book.properties.created = (changed or datetime(*ZIP_EPOCH)).replace(tzinfo=None)
    book.properties.title = title
    book.properties.creator = settings.PORTAL_SITE_NAME
    about = book.create_sheet(ABOUT_SHEET)
    lines = [
        [title],
        [f"Data version {data_version}"],
        [],
        [f"Licence: {licence.LICENCE_TITLE} ({licence.LICENCE_NAME}), {licence.LICENCE_URL}"],
        [licence.LICENCE_SCOPE],
        [licence.SOURCE_TEXTS],
        [f"Attribution: {licence.ATTRIBUTION}"],
        [],
        ["Sheet", "Rows", "What it holds"],
    ]
    lines += [[table.name, len(rows), table.description] for table, rows in tables]
    for number, line in enumerate(lines):
        bold = number in (0, 8)
        about.append(
            [
                _cell(about, value, INTEGER if isinstance(value, int) else STRING, bold)
                for value in line
            ]
        )
    for table, rows in tables:
        sheet = book.create_sheet(table.name)
        sheet.freeze_panes = "A2"
        sheet.append([_cell(sheet, name, STRING, bold=True) for name in table.column_names])
        for row in rows:
            sheet.append([_cell(sheet, row[column.name], column.type) for column in table.columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return _without_timestamps(buffer.getvalue(), book.properties.created)


# openpyxl dates the workbook's last change at the moment it saves.
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _without_timestamps(content: bytes, changed: datetime) -> bytes:
    """The same workbook, dated when the data changed, every zip member dated ZIP_EPOCH:
    the same data gives the same bytes, and the same checksum."""
    stamp = changed.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            info = zipfile.ZipInfo(member.filename, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    return buffer.getvalue()
