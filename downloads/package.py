"""The Frictionless Data Package (`datapackage.json`) describing the CSV tables: each table's
fields with their types and meanings, its primary and foreign keys, its size and checksum,
and the package's sources, licence and data version.

Written as plain JSON following the Data Package v1 and Table Schema specifications
(https://specs.frictionlessdata.io/); the tests validate it with `frictionless`, the
reference implementation, which serving does not need.
"""

from datetime import datetime

from downloads import licence
from downloads.tables import Table

PACKAGE_NAME = "itu-d-regional-initiatives"


def field_descriptor(column) -> dict:
    descriptor = {"name": column.name, "type": column.type, "description": column.description}
    constraints = {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def table_schema(table: Table) -> dict:
    required = set(table.primary_key)
    schema = {
        "fields": [field_descriptor(column) for column in table.columns],
        "primaryKey": list(table.primary_key),
    }
    for field in schema["fields"]:
        if field["name"] in required:
            field.setdefault("constraints", {})["required"] = True
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(key.columns),
                # An empty resource name is the table itself (Table Schema).
                "reference": {
                    "resource": "" if key.table == table.name else key.table,
                    "fields": list(key.table_columns),
                },
            }
            for key in table.foreign_keys
        ]
    return schema


def resource(table: Table, entry: dict) -> dict:
    return {
        "name": table.name,
        "path": entry["name"],
        "profile": "tabular-data-resource",
        "title": table.title,
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": entry["size"],
        "hash": f"sha256:{entry['sha256']}",
        "schema": table_schema(table),
    }


def descriptor(
    tables: list[tuple[Table, dict]],
    title: str,
    data_version: int,
    changed: datetime | None,
    sources: list,
) -> dict:
    """The package of `tables`, each with its file's manifest entry."""
    package = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": title,
        "description": (
            "The regional initiatives of ITU's World Telecommunication Development "
            "Conferences, their expected results, their alignment to the SDGs, the WSIS "
            "Action Lines and the Global Digital Compact, the WSIS Action Line Roadmaps that "
            "cite them, and the Regional Preparatory Meetings of 2025, as normalised tables. "
            f"{licence.LICENCE_SCOPE} {licence.SOURCE_TEXTS} "
            "In the CSV files a cell that a spreadsheet would run as a formula starts with an "
            "apostrophe; the JSON file and the workbook keep the exact text."
        ),
        "version": str(data_version),
        "licenses": [
            {
                "name": licence.LICENCE_NAME,
                "path": licence.LICENCE_URL,
                "title": licence.LICENCE_TITLE,
            }
        ],
        "sources": [
            {"title": f"{source.title} ({source.publisher}, {source.date})"}
            | ({"path": source.address} if source.address else {})
            for source in sources
        ],
        "contributors": [
            {"title": "International Telecommunication Union (ITU)", "role": "author"},
        ],
        "keywords": [
            "ITU-D",
            "regional initiatives",
            "WTDC",
            "SDG",
            "WSIS",
            "Global Digital Compact",
        ],
        "resources": [resource(table, entry) for table, entry in tables],
    }
    if changed is not None:
        package["created"] = changed.isoformat().replace("+00:00", "Z")
    return package
