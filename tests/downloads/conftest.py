"""What the backup tests share: a backup of the loaded data, an emptied database, and files
edited the way a damaged or hand-edited backup would be."""

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.db import connection

from core.models import DataVersion
from downloads.backup import MANIFEST_NAME, label_of, portal_models, write_backup
from search.models import SearchDocument, SearchTerm


@pytest.fixture
def backup(db, tmp_path) -> Path:
    """A backup of the curated data the session loaded."""
    directory = tmp_path / "backup"
    write_backup(directory)
    return directory


@pytest.fixture
def empty_database(backup) -> None:
    """The portal tables emptied after the backup was written."""
    empty_the_portal_tables()


def empty_the_portal_tables() -> None:
    """Every portal table emptied, the data version's too, as in a newly migrated database."""
    # Raw deletes, children first: through the ORM every row would refresh the search
    # index on its own. The index is emptied too, so that only a rebuild can fill it.
    with connection.cursor() as cursor:
        for model in reversed(portal_models()):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()


def row_counts() -> dict[str, int]:
    return {label_of(model): model._base_manager.count() for model in portal_models()}


def content_counts() -> dict[str, int]:
    """The row counts of the content tables, the data version (a counter) aside."""
    return {
        label_of(model): model._base_manager.count()
        for model in portal_models()
        if model is not DataVersion
    }


def reseal(directory: Path, name: str) -> None:
    """Make the manifest agree with an edited file, as a deliberate edit would."""
    path = directory / MANIFEST_NAME
    manifest = json.loads(path.read_text(encoding="utf-8"))
    content = (directory / name).read_bytes()
    for entry in manifest["files"]:
        if entry["name"] == name:
            entry.update(size=len(content), sha256=hashlib.sha256(content).hexdigest())
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def edit_json(directory: Path, edit) -> None:
    """Apply `edit` to the parsed JSON file of the backup, and reseal it."""
    path = directory / "portal-backup.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    edit(document)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    reseal(directory, path.name)


def edit_csv(directory: Path, name: str, edit) -> None:
    """Apply `edit` to the rows (header first) of one CSV file of the backup, and reseal it."""
    path = directory / name
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    edit(rows)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    reseal(directory, name)


def rows_of(document: dict, label: str) -> list[dict]:
    return next(entry["rows"] for entry in document["models"] if entry["model"] == label)
