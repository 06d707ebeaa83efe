"""The whole knowledge base as files: one JSON document, and one CSV file per kind.

The files hold what the API serves: the JSON document every object in its detail form,
each CSV file the columns of the kind's API list. They are written to
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

from core.models import DataVersion
from core.rest import csv_lines
from hubs.api import ActionLineViewSet, GDCObjectiveViewSet, SDGViewSet
from initiatives.api import CycleViewSet, ExpectedResultViewSet, InitiativeViewSet
from regions.api import MeetingViewSet, RegionViewSet
from roadmaps.api import RoadmapRowViewSet, RoadmapViewSet
from sources.api import SourceViewSet

JSON_NAME = "itu-d-regional-initiatives.json"
MANIFEST_NAME = "manifest.json"

# Each kind by the name of its API endpoint, in the order of the API's contract.
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

CONTENT_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8"}


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


def write_file(directory: Path, name: str, chunks: Iterable[str]) -> dict:
    """Write a file atomically and durably (on disk before it takes its name, so that a
    crash leaves the old file or the new one, whole); its manifest entry."""
    digest, size = hashlib.sha256(), 0
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            for chunk in chunks:
                data = chunk.encode("utf-8")
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
    document = {
        "title": "ITU-D Regional Initiatives: the knowledge base",
        "api_version": "v1",
        "data_version": version,
    }
    files = []
    for kind, viewset_class in KINDS:
        rows, columns = _serialized(viewset_class, "list")
        entry = write_file(directory, f"{kind}.csv", csv_lines(rows, columns))
        files.append({**entry, "format": "csv", "kind": kind, "records": len(rows)})
        document[kind.replace("-", "_")], _ = _serialized(viewset_class, "retrieve")
    text = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n"
    entry = write_file(directory, JSON_NAME, [text])
    records = sum(file["records"] for file in files)
    files.insert(0, {**entry, "format": "json", "kind": "all", "records": records})
    manifest = {"data_version": version, "files": files}
    write_manifest(directory, manifest)
    report(f"  downloads: {len(files)} files written to {directory}")
    return manifest


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
