"""The whole knowledge base as files: normalised CSV tables, a Frictionless Data Package
describing them, one spreadsheet workbook, and one JSON document.

The tables hold every published record and every relationship, one file each, declared in
`downloads.tables`; the Data Package (`downloads.package`) and the workbook
(`downloads.workbook`) are derived from the same declarations. The JSON document holds
every object in its API detail form. The files are written to
`settings.PORTAL_DOWNLOADS_DIR` (var/downloads/ by default, outside version control),
each replaced atomically, with a manifest listing their sizes and SHA-256 checksums.
"""

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext_noop

from core.models import DataVersion
from core.rest import csv_lines
from downloads import licence, package, workbook
from downloads.tables import TABLES
from hubs.api import ActionLineViewSet, GDCObjectiveViewSet, SDGViewSet
from initiatives.api import CycleViewSet, ExpectedResultViewSet, InitiativeViewSet
from regions.api import MeetingViewSet, RegionViewSet
from roadmaps.api import RoadmapRowViewSet, RoadmapViewSet
from sources.api import SourceViewSet
from sources.models import Source

TITLE = "ITU-D Regional Initiatives: the knowledge base"
JSON_NAME = "itu-d-regional-initiatives.json"
WORKBOOK_NAME = "itu-d-regional-initiatives.xlsx"
PACKAGE_NAME = "datapackage.json"
MANIFEST_NAME = "manifest.json"

# The JSON document's kinds, each by the name of its API endpoint, in the order of the
# API's contract.
KINDS = [
    ("regions", RegionViewSet),
    ("cycles", CycleViewSet),
    ("initiatives", InitiativeViewSet),
    ("expected-results", ExpectedResultViewSet),
    ("roadmaps", RoadmapViewSet),
    ("roadmap-rows", RoadmapRowViewSet),
    ("sdgs", SDGViewSet),
    ("action-lines", ActionLineViewSet),
    ("gdc-objectives", GDCObjectiveViewSet),
    ("meetings", MeetingViewSet),
    ("sources", SourceViewSet),
]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8", "xlsx": XLSX}


def downloads_dir() -> Path:
    return Path(settings.PORTAL_DOWNLOADS_DIR)


def _serialized(viewset_class, action: str) -> tuple[list[dict], list[str]]:
    """The records of a kind as its API serves them (site-relative addresses), and the
    serializer's field names."""
    view = viewset_class(action=action, request=None, format_kwarg=None, kwargs={})
    serializer = view.get_serializer_class()(
        view.get_queryset(), many=True, context={"request": None}
    )
    return serializer.data, list(serializer.child.fields)


def write_file(directory: Path, name: str, chunks: Iterable[str | bytes]) -> dict:
    """Write a file atomically and durably (on disk before it takes its name, so that a
    crash leaves the old file or the new one, whole); its manifest entry."""
    digest, size = hashlib.sha256(), 0
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            for chunk in chunks:
                data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
                digest.update(data)
                size += len(data)
                file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, directory / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return {"name": name, "size": size, "sha256": digest.hexdigest()}


def export(directory: Path | None = None, report: Callable[[str], None] = lambda line: None):
    """Write every file and the manifest; return the manifest."""
    directory = directory or downloads_dir()
    directory.mkdir(parents=True, exist_ok=True)
    version = DataVersion.current()
    # The files' own dates come from the data, so that the same data gives the same bytes.
    changed = DataVersion.objects.filter(pk=1).values_list("changed_at", flat=True).first()
    tables = [(table, table.rows()) for table in TABLES]
    table_files = []
    for table, rows in tables:
        entry = write_file(directory, table.file_name, csv_lines(rows, table.column_names))
        table_files.append(
            {
                **entry,
                "format": "csv",
                "kind": table.name,
                "records": len(rows),
                "title": table.title,
                "description": table.description,
            }
        )
    all_records = sum(file["records"] for file in table_files)
    files = [
        _json_file(directory, version),
        _package_file(directory, tables, table_files, version, changed),
    ]
    content = workbook.workbook_bytes(tables, TITLE, version, changed)
    entry = write_file(directory, WORKBOOK_NAME, [content])
    files.append(
        {
            **entry,
            "format": "xlsx",
            "kind": "all",
            "records": all_records,
            "title": gettext_noop("Workbook"),
            "description": gettext_noop(
                "Every table as a sheet of one spreadsheet workbook, after a sheet "
                "on what it holds and its licence."
            ),
        }
    )
    files += table_files
    manifest = {
        "data_version": version,
        "changed_at": changed.isoformat() if changed is not None else None,
        "files": files,
    }
    write_manifest(directory, manifest)
    report(f"  downloads: {len(files)} files written to {directory}")
    return manifest


def _json_file(directory: Path, version: int) -> dict:
    document = {
        "title": TITLE,
        "api_version": "v1",
        "data_version": version,
        "license": licence.licence_statement(),
    }
    records = 0
    for kind, viewset_class in KINDS:
        document[kind.replace("-", "_")], _ = _serialized(viewset_class, "retrieve")
        records += len(document[kind.replace("-", "_")])
    text = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n"
    entry = write_file(directory, JSON_NAME, [text])
    return {
        **entry,
        "format": "json",
        "kind": "all",
        "records": records,
        "title": "JSON",
        "description": gettext_noop(
            "Every record as the JSON API shows it one by one, nested, with the licence."
        ),
    }


def _package_file(directory: Path, tables, table_files: list[dict], version: int, changed) -> dict:
    descriptor = package.descriptor(
        [(table, entry) for (table, _), entry in zip(tables, table_files, strict=True)],
        TITLE,
        version,
        changed,
        list(Source.objects.all()),
    )
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    entry = write_file(directory, PACKAGE_NAME, [text])
    return {
        **entry,
        "format": "json",
        "kind": "all",
        "records": sum(file["records"] for file in table_files),
        "title": gettext_noop("Data Package"),
        "description": gettext_noop(
            "The Frictionless Data Package describing the CSV tables: their "
            "fields, types, keys, sizes and checksums, the sources and the licence."
        ),
    }


def write_manifest(directory: Path, manifest: dict) -> dict:
    """The manifest of the files written to `directory` (the downloads, or a backup)."""
    return write_file(directory, MANIFEST_NAME, [json.dumps(manifest, indent=2) + "\n"])


def read_manifest(directory: Path | None = None) -> dict:
    """The manifest of the files on disk; no files when they were never exported."""
    path = (directory or downloads_dir()) / MANIFEST_NAME
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"data_version": None, "files": []}
