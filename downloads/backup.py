"""A complete backup of the knowledge base, and its restore into an empty database.

Unlike the public downloads (`downloads.exports`), a backup holds every row of every
model of the portal apps, every column included, primary keys, internal fields and link
tables among them, so that a restore gives back the same database. The search index is
left out: it derives from the data and is rebuilt after a restore, as after a load.

A backup folder holds:

- ``portal-backup.json``: ``{"format_version": 1, "models": [{"model": "<app>.<model>",
  "rows": [{<column>: <value>, ...}, ...]}, ...]}``, models in dependency order, rows by
  primary key, columns named by their ``attname`` (``region_id`` for a foreign key);
- ``<app_label>.<model_name>.csv`` per model: a header of the same column names, then one
  line per row, by primary key (UTF-8, RFC 4180 quoting, CRLF line ends);
- ``manifest.json``: the format version, the models in order with their row counts, and
  the size and SHA-256 of every file. A restore checks every file against it first;
- ``manifest.json.sig``, when ``PORTAL_BACKUP_SIGNING_KEY`` is set: ``{"algorithm":
  "hmac-sha256", "purpose": "portal-backup-manifest", "key_id": <the first 8 hex digits of
  the key's SHA-256>, "signature": <the hex HMAC-SHA256, under the key, of the purpose,
  a line feed, then the bytes of manifest.json>}``. It is written last and listed in no
  manifest.

The checksums show damage, not tampering: whoever edits a file can reseal the manifest.
The signature shows tampering too, to whoever holds the key. With the key set, a restore
refuses a backup whose signature is missing, malformed, made with another key or not the
manifest's, before it reads the manifest; without it, a restore checks no signature and
says so when there is one.

Values, in the JSON file: integers and floats as JSON numbers, booleans as JSON booleans,
text as strings, decimals and UUIDs as strings, dates, times and datetimes in ISO 8601
(datetimes in UTC with their offset and microseconds), JSON fields as their JSON value,
NULL as ``null``. In the CSV files the same, written as text: booleans ``true`` and
``false``, floats in the shortest form that reads back to the same number, JSON fields as
compact JSON text (key order kept).

The data version (`core.DataVersion`) is restored as backed up, unless the database
restored into has served that version or a later one already (the counter outlives the
deletion of the content); it then counts on from there, since ETags and cached pages are
keyed by it.

NULL in CSV: NULL is the empty cell, and only in the column of a nullable field; an empty
cell elsewhere is the empty string (text columns) or an error. A nullable text field
would make the empty cell mean two things, so a model with one cannot be backed up until
it has its own encoding (Django's advice, which the portal follows, keeps text fields
NOT NULL with ``blank=True``).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from simple_history.models import HistoricalChanges

from core.history import RESTORE_REASON, new_batch_id
from core.integrity import run_data_checks
from core.loading import portal_data_loaded
from core.models import DataVersion
from downloads.exports import MANIFEST_NAME, write_file, write_manifest

FORMAT_VERSION = 1
JSON_NAME = "portal-backup.json"
SIGNATURE_NAME = f"{MANIFEST_NAME}.sig"
SIGNATURE_ALGORITHM = "hmac-sha256"
# Signed with the manifest, so that a signature made with the same key for another
# purpose is never taken for a backup's.
SIGNING_PURPOSE = "portal-backup-manifest"
SOURCES = ("json", "csv")
BATCH_SIZE = 500

Report = Callable[[str], None]

# The knowledge base's apps, and core for the data version the backup was served at.
BACKED_UP_APPS = {*settings.PORTAL_DATA_APPS, "core"}


class BackupError(Exception):
    """A backup that cannot be written or restored; the message names the file and row."""


def portal_models() -> list[type[models.Model]]:
    """Every concrete model of the portal apps, each after the models it refers to."""
    declared = [
        model
        for config in apps.get_app_configs()
        if config.label in BACKED_UP_APPS
        for model in config.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        # Not the change history (core/history.py): its rows name users, who are not backed
        # up, and records since deleted, and every backup written before it would differ.
        and not issubclass(model, HistoricalChanges)
    ]
    ordered: list[type[models.Model]] = []
    while len(ordered) < len(declared):
        ready = next(
            (
                model
                for model in declared
                if model not in ordered and _dependencies(model, declared) <= set(ordered)
            ),
            None,
        )
        if ready is None:
            waiting = ", ".join(label_of(m) for m in declared if m not in ordered)
            raise BackupError(f"The models refer to each other in a cycle: {waiting}")
        ordered.append(ready)
    return ordered


def _dependencies(model, declared) -> set[type[models.Model]]:
    # A model's references to itself (the draft of an initiative) need no order: the
    # database checks foreign keys when the transaction commits.
    return {
        field.related_model
        for field in _relations(model)
        if field.related_model is not model and field.related_model in declared
    }


def rows_text(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def label_of(model: type[models.Model]) -> str:
    """The name of a model's table in a backup: its label, except for the data version,
    which keeps the label it had before it moved to core, so that every backup written
    before the move restores, and backups keep one format."""
    if model is DataVersion:
        return "sources.dataversion"
    return model._meta.label_lower


def csv_name(model: type[models.Model]) -> str:
    return f"{label_of(model)}.csv"


# Values: one codec per kind of column.

_KINDS = {
    **dict.fromkeys(
        [
            "AutoField",
            "BigAutoField",
            "SmallAutoField",
            "IntegerField",
            "BigIntegerField",
            "SmallIntegerField",
            "PositiveIntegerField",
            "PositiveBigIntegerField",
            "PositiveSmallIntegerField",
        ],
        "int",
    ),
    **dict.fromkeys(["CharField", "TextField", "SlugField", "EmailField", "URLField"], "text"),
    "BooleanField": "bool",
    "FloatField": "float",
    "DecimalField": "decimal",
    "DateField": "date",
    "DateTimeField": "datetime",
    "TimeField": "time",
    "UUIDField": "uuid",
    "JSONField": "json",
}
_INTEGER = re.compile(r"-?[0-9]+")
# Kinds that JSON holds as its own types; the others are written as text.
_NATIVE = {"int": int, "text": str, "bool": bool, "float": (int, float)}


@dataclass(frozen=True)
class Column:
    """How one concrete field is written to and read from the backup files."""

    field: models.Field
    kind: str

    @property
    def name(self) -> str:
        return self.field.attname

    @classmethod
    def of(cls, model: type[models.Model], field: models.Field) -> Column:
        target = field.target_field if field.is_relation else field
        kind = _KINDS.get(target.get_internal_type())
        if kind is None:
            raise BackupError(
                f"{label_of(model)}.{field.attname}: a {target.get_internal_type()} has no "
                "backup encoding"
            )
        if kind == "text" and field.null:
            raise BackupError(
                f"{label_of(model)}.{field.attname}: a nullable text field cannot tell NULL "
                "from the empty string in CSV"
            )
        return cls(field, kind)

    def to_json(self, value):
        if value is None or self.kind in ("int", "text", "bool", "json"):
            return value
        if self.kind == "float":
            if not math.isfinite(value):
                raise BackupError(f"{self.name}: {value} cannot be written as a number")
            return value
        if self.kind == "datetime":
            return value.astimezone(UTC).isoformat()
        return value.isoformat() if self.kind in ("date", "time") else str(value)

    def to_csv(self, value) -> str:
        if value is None:
            # JSON's own null, in a JSON field that cannot be NULL, is no NULL.
            return "null" if self.kind == "json" and not self.field.null else ""
        if self.kind == "bool":
            return "true" if value else "false"
        if self.kind == "float":
            return repr(self.to_json(value))
        if self.kind == "json":
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return str(self.to_json(value))

    def from_json(self, value):
        if self.kind == "json":
            # null is JSON's own null, unless the field can be NULL: Django stores it so.
            return None if value is None and self.field.null else self._checked(value)
        if value is None:
            return self._null()
        if self.kind not in _NATIVE:
            if not isinstance(value, str):
                raise ValueError(f"expected {self.kind} text, found {value!r}")
            return self._parsed(value)
        if not isinstance(value, _NATIVE[self.kind]) or (
            isinstance(value, bool) and self.kind != "bool"
        ):
            raise ValueError(f"expected {self.kind}, found {value!r}")
        return self._checked(float(value) if self.kind == "float" else value)

    def from_csv(self, cell: str):
        if self.kind == "text":
            return self._checked(cell)
        if cell == "":
            return self._null()
        if self.kind == "int":
            if not _INTEGER.fullmatch(cell):
                raise ValueError(f"expected an integer, found {cell!r}")
            return self._checked(int(cell))
        if self.kind == "bool":
            if cell not in ("true", "false"):
                raise ValueError(f"expected true or false, found {cell!r}")
            return self._checked(cell == "true")
        if self.kind == "float":
            try:
                return self._checked(float(cell))
            except ValueError:
                raise ValueError(f"expected a number, found {cell!r}") from None
        if self.kind == "json":
            try:
                return self._checked(json.loads(cell))
            except json.JSONDecodeError as error:
                raise ValueError(f"not valid JSON ({error.msg})") from None
        return self._parsed(cell)

    def _null(self):
        if not self.field.null:
            raise ValueError("missing value in a column that cannot be NULL")
        return None

    def _parsed(self, text: str):
        try:
            value = self.field.to_python(text)
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None
        if self.kind == "datetime" and value.tzinfo is None:
            raise ValueError(f"{text!r} has no UTC offset")
        return self._checked(value)

    def _checked(self, value):
        """The value, once the model's validators (length, range, format) accept it."""
        if self.kind == "float" and not math.isfinite(value):
            raise ValueError(f"{value} is not a finite number")
        try:
            self.field.run_validators(value)
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None
        return value


def columns_of(model: type[models.Model]) -> list[Column]:
    return [Column.of(model, field) for field in model._meta.concrete_fields]


# Writing.


def write_backup(directory: Path, report: Report = lambda line: None) -> dict:
    """Write the JSON file, one CSV file per model and the manifest; return the manifest."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    # A signature left by an earlier backup in this folder signs another manifest.
    (directory / SIGNATURE_NAME).unlink(missing_ok=True)
    tables = [(model, columns_of(model)) for model in portal_models()]
    with _snapshot():
        data = [(model, columns, _rows(model, columns)) for model, columns in tables]
    files = [write_file(directory, JSON_NAME, [_json_text(data)])]
    for model, columns, rows in data:
        files.append(write_file(directory, csv_name(model), _csv_chunks(columns, rows)))
        report(f"  {label_of(model)}: {rows_text(len(rows))}")
    manifest = {
        "format_version": FORMAT_VERSION,
        "models": [{"model": label_of(model), "rows": len(rows)} for model, _, rows in data],
        "files": files,
    }
    write_manifest(directory, manifest)
    report(f"Backup of {len(data)} models written to {directory} ({len(files)} files).")
    _sign_manifest(directory, report)
    return manifest


def _sign_manifest(directory: Path, report: Report) -> None:
    """Sign the manifest as written, last, when a signing key is set; say whether it was."""
    key = _signing_key()
    if not key:
        report(f"{MANIFEST_NAME} is not signed: PORTAL_BACKUP_SIGNING_KEY is not set.")
        return
    signature = {
        "algorithm": SIGNATURE_ALGORITHM,
        "purpose": SIGNING_PURPOSE,
        "key_id": signing_key_id(key),
        "signature": manifest_signature(key, (directory / MANIFEST_NAME).read_bytes()),
    }
    write_file(directory, SIGNATURE_NAME, [json.dumps(signature, indent=2) + "\n"])
    report(f"Signed {MANIFEST_NAME} with the key {signing_key_id(key)} in {SIGNATURE_NAME}.")


def _signing_key() -> bytes:
    return settings.PORTAL_BACKUP_SIGNING_KEY.encode("utf-8")


def signing_key_id(key: bytes) -> str:
    """A short name for a key, so that a signature made with another one says so."""
    return hashlib.sha256(key).hexdigest()[:8]


def manifest_signature(key: bytes, manifest: bytes) -> str:
    """The hex HMAC-SHA256 of a manifest's bytes under the key, the purpose first."""
    message = SIGNING_PURPOSE.encode("ascii") + b"\n" + manifest
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@contextmanager
def _snapshot():
    """Read every table as of one moment, so that no row refers to one saved later."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        # SQLite reads one snapshot in a transaction already; PostgreSQL's default level
        # would let each query see the commits made since the previous one.
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _rows(model: type[models.Model], columns: list[Column]) -> list[tuple]:
    names = [column.name for column in columns]
    return list(model._base_manager.order_by("pk").values_list(*names))


def _json_text(data) -> str:
    document = {
        "format_version": FORMAT_VERSION,
        "models": [
            {
                "model": label_of(model),
                "rows": [
                    {
                        column.name: column.to_json(value)
                        for column, value in zip(columns, row, strict=True)
                    }
                    for row in rows
                ],
            }
            for model, columns, rows in data
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _csv_chunks(columns: list[Column], rows: list[tuple]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.name for column in columns])
    for row in rows:
        writer.writerow([column.to_csv(value) for column, value in zip(columns, row, strict=True)])
        if buffer.tell() > 1 << 16:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# Reading and restoring.


def restore_backup(directory: Path, report: Report = lambda line: None, source: str = "json"):
    """Restore a backup into a database whose portal tables are empty, in one transaction.

    The manifest's signature is checked when a signing key is set, every file against the
    manifest and every row parsed before anything is written; on any error nothing is,
    and BackupError names the file and the row.
    """
    if source not in SOURCES:
        raise BackupError(f"Unknown source {source!r}: choose one of {', '.join(SOURCES)}.")
    directory = Path(directory)
    manifest = read_backup_manifest(directory, report)
    verify_files(directory, manifest)
    report(f"Checked {len(manifest['files'])} files against {MANIFEST_NAME}.")
    expected = {entry["model"]: entry["rows"] for entry in manifest["models"]}
    reader = _read_json if source == "json" else _read_csv
    tables = reader(directory, portal_models())
    for model, rows, file_name in tables:
        if len(rows) != expected[label_of(model)]:
            raise BackupError(
                f"{file_name}: {len(rows)} rows of {label_of(model)}, the manifest lists "
                f"{expected[label_of(model)]}"
            )
    _check_references(tables)
    with transaction.atomic():
        _check_empty()
        served = DataVersion.objects.filter(pk=1).values_list("version", flat=True).first()
        DataVersion.objects.all().delete()
        history_batch = new_batch_id()
        for model, rows, file_name in tables:
            _insert(model, rows, file_name, history_batch)
            report(f"  {label_of(model)}: {rows_text(len(rows))} restored")
        _raise_data_version_past(served, report)
        restored = [model for model, _, _ in tables]
        with connection.cursor() as cursor:
            # The rows came with their keys, which leaves PostgreSQL's sequences where
            # they were; the next row saved would take a key already used.
            for sql in connection.ops.sequence_reset_sql(no_style(), restored):
                cursor.execute(sql)
        try:
            connection.check_constraints(table_names=[m._meta.db_table for m in restored])
        except DatabaseError as error:
            raise BackupError(f"The restored rows break a database constraint: {error}") from None
        # What a load guarantees, a restore must too: among the data checks is the one
        # that every stored roadmap cell is already sanitised, which the pages rely on.
        problems = run_data_checks()
        if problems:
            shown = "; ".join(problems[:5])
            more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
            raise BackupError(f"The restored data fails the data checks: {shown}{more}")
        report("Rebuilding what derives from the data ...")
        portal_data_loaded.send(sender=None, report=report)


def read_backup_manifest(directory: Path, report: Report = lambda line: None) -> dict:
    """The backup's manifest, refused unless its signature verifies (when a signing key is
    set) and it lists this version's models and files."""
    try:
        content = (directory / MANIFEST_NAME).read_bytes()
    except FileNotFoundError:
        raise BackupError(f"{directory} holds no {MANIFEST_NAME}: it is not a backup.") from None
    except OSError as error:
        raise BackupError(f"{MANIFEST_NAME}: cannot be read: {error.strerror}") from None
    # The bytes checked are the bytes parsed: the file is read once.
    check_manifest_signature(directory, content, report)
    try:
        manifest = json.loads(content.decode("utf-8"))
    except ValueError as error:
        raise BackupError(f"{MANIFEST_NAME}: not valid JSON ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{MANIFEST_NAME}: not a backup of format version {FORMAT_VERSION} "
            f"(found {manifest.get('format_version') if isinstance(manifest, dict) else None!r})"
        )
    try:
        models_listed = [(entry["model"], entry["rows"]) for entry in manifest["models"]]
        files = [(entry["name"], entry["size"], entry["sha256"]) for entry in manifest["files"]]
    except (KeyError, TypeError):
        raise BackupError(f"{MANIFEST_NAME}: models or files missing or malformed") from None
    known = [label_of(model) for model in portal_models()]
    unknown = sorted({label for label, _ in models_listed} - set(known))
    missing = sorted(set(known) - {label for label, _ in models_listed})
    if unknown or missing:
        raise BackupError(
            f"{MANIFEST_NAME}: the backup's models differ from this version's"
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
            + (f"; missing: {', '.join(missing)}" if missing else "")
        )
    names = {name for name, _, _ in files}
    for name in [JSON_NAME, *(f"{label}.csv" for label in known)]:
        if name not in names:
            raise BackupError(f"{MANIFEST_NAME}: does not list {name}")
    if any(not isinstance(rows, int) for _, rows in models_listed):
        raise BackupError(f"{MANIFEST_NAME}: row counts must be integers")
    return manifest


def check_manifest_signature(directory: Path, manifest: bytes, report: Report) -> None:
    """Refuse a manifest whose signature is missing, malformed, made with another key or
    not its own, when a signing key is set; without one, say that a signature went unchecked."""
    key = _signing_key()
    path = directory / SIGNATURE_NAME
    if not key:
        if path.exists():
            report(f"{SIGNATURE_NAME} not checked: PORTAL_BACKUP_SIGNING_KEY is not set.")
        return
    try:
        signature = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise BackupError(
            f"{directory} holds no {SIGNATURE_NAME}: the backup is not signed, and "
            "PORTAL_BACKUP_SIGNING_KEY is set."
        ) from None
    except OSError as error:
        raise BackupError(f"{SIGNATURE_NAME}: cannot be read: {error.strerror}") from None
    except ValueError:
        signature = None
    if not _well_formed(signature):
        raise BackupError(
            f"{SIGNATURE_NAME}: malformed; expected the {SIGNATURE_ALGORITHM} signature of "
            f"{MANIFEST_NAME} that backup_portal_data writes"
        )
    ours = signing_key_id(key)
    if signature["key_id"] != ours:
        raise BackupError(
            f"{SIGNATURE_NAME}: signed with another key (key {signature['key_id']}; "
            f"PORTAL_BACKUP_SIGNING_KEY is key {ours})"
        )
    if not hmac.compare_digest(signature["signature"], manifest_signature(key, manifest)):
        raise BackupError(
            f"{MANIFEST_NAME}: does not match {SIGNATURE_NAME}; the manifest was changed after "
            "the backup was signed"
        )
    report(f"Checked the signature of {MANIFEST_NAME} (key {ours}).")


def _well_formed(signature) -> bool:
    return (
        isinstance(signature, dict)
        and set(signature) == {"algorithm", "purpose", "key_id", "signature"}
        and signature["algorithm"] == SIGNATURE_ALGORITHM
        and signature["purpose"] == SIGNING_PURPOSE
        and isinstance(signature["key_id"], str)
        and re.fullmatch(r"[0-9a-f]{8}", signature["key_id"]) is not None
        and isinstance(signature["signature"], str)
        and re.fullmatch(r"[0-9a-f]{64}", signature["signature"]) is not None
    )


def verify_files(directory: Path, manifest: dict) -> None:
    """Refuse a file that is missing, or whose size or checksum is not the manifest's."""
    for entry in manifest["files"]:
        name = entry["name"]
        if not isinstance(name, str) or Path(name).name != name or name.startswith("."):
            raise BackupError(f"{MANIFEST_NAME}: {name!r} is not a file name")
        digest = hashlib.sha256()
        try:
            with open(directory / name, "rb") as file:
                while block := file.read(1 << 20):
                    digest.update(block)
                size = file.tell()
        except OSError as error:
            raise BackupError(f"{name}: cannot be read: {error.strerror}") from None
        if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
            raise BackupError(
                f"{name}: its size or SHA-256 differs from {MANIFEST_NAME}; the file was "
                "changed or damaged after the backup was written"
            )


Table = tuple[type[models.Model], list[models.Model], str]


def _read_json(directory: Path, portal: list[type[models.Model]]) -> list[Table]:
    try:
        document = json.loads((directory / JSON_NAME).read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise BackupError(f"{JSON_NAME}: not UTF-8 text ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise BackupError(
            f"{JSON_NAME}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    if not isinstance(document, dict) or document.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{JSON_NAME}: not a backup of format version {FORMAT_VERSION}")
    entries = document.get("models")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise BackupError(f'{JSON_NAME}: "models" must be a list of objects')
    by_label = {label_of(model): model for model in portal}
    found: dict[type[models.Model], list[models.Model]] = {}
    for index, entry in enumerate(entries, start=1):
        label = entry.get("model")
        where = f"{JSON_NAME}, model entry {index}"
        if set(entry) != {"model", "rows"} or not isinstance(entry["rows"], list):
            raise BackupError(f'{where}: expected the keys "model" and "rows" (a list)')
        if label not in by_label:
            raise BackupError(f"{where}: unknown model {label!r}")
        model = by_label[label]
        if model in found:
            raise BackupError(f"{where}: {label} is listed twice")
        columns = columns_of(model)
        names = [column.name for column in columns]
        objects = []
        for number, row in enumerate(entry["rows"], start=1):
            where = row_label(JSON_NAME, model, number)
            if not isinstance(row, dict):
                raise BackupError(f"{where}: expected an object")
            _check_names(where, "field", list(row), names)
            objects.append(_instance(model, where, columns, (row[name] for name in names), "json"))
        found[model] = objects
    missing = [label_of(model) for model in portal if model not in found]
    if missing:
        raise BackupError(f"{JSON_NAME}: no rows of {', '.join(missing)}")
    return [(model, found[model], JSON_NAME) for model in portal]


def _read_csv(directory: Path, portal: list[type[models.Model]]) -> list[Table]:
    tables = []
    previous_limit = csv.field_size_limit(1 << 30)
    try:
        for model in portal:
            tables.append((model, _read_csv_file(directory, model), csv_name(model)))
    finally:
        csv.field_size_limit(previous_limit)
    return tables


def _read_csv_file(directory: Path, model: type[models.Model]) -> list[models.Model]:
    name = csv_name(model)
    columns = columns_of(model)
    names = [column.name for column in columns]
    objects = []
    try:
        with open(directory / name, encoding="utf-8", newline="") as file:
            reader = csv.reader(file, strict=True)
            header = next(reader, None)
            if header is None:
                raise BackupError(f"{name}: empty file, expected a header row")
            _check_names(f"{name}, header", "column", header, names)
            order = [header.index(column_name) for column_name in names]
            for number, cells in enumerate(reader, start=1):
                where = f"{row_label(name, model, number)} (line {reader.line_num})"
                if len(cells) != len(header):
                    raise BackupError(f"{where}: {len(cells)} cells, the header has {len(header)}")
                values = (cells[position] for position in order)
                objects.append(_instance(model, where, columns, values, "csv"))
    except UnicodeDecodeError as error:
        raise BackupError(f"{name}: not UTF-8 text ({error.reason})") from None
    except csv.Error as error:
        raise BackupError(f"{name}, line {reader.line_num}: malformed CSV ({error})") from None
    return objects


def row_label(file_name: str, model: type[models.Model], number: int) -> str:
    """Where a row stands, as an editor opening the file would look for it (from 1)."""
    if file_name == JSON_NAME:
        return f"{JSON_NAME}, {label_of(model)} row {number}"
    return f"{file_name}, row {number}"


def _check_names(where: str, what: str, given: list[str], expected: list[str]) -> None:
    duplicated = sorted({name for name in given if given.count(name) > 1})
    unknown = [name for name in given if name not in expected]
    missing = [name for name in expected if name not in given]
    if duplicated or unknown or missing:
        raise BackupError(
            f"{where}: the {what}s differ from the model's"
            + (f"; unknown: {', '.join(map(str, unknown))}" if unknown else "")
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; repeated: {', '.join(duplicated)}" if duplicated else "")
        )


def _instance(model, where: str, columns: list[Column], values: Iterable, source: str):
    parsed = {}
    for column, value in zip(columns, values, strict=True):
        try:
            parsed[column.name] = (
                column.from_json(value) if source == "json" else column.from_csv(value)
            )
        except ValueError as error:
            raise BackupError(f"{where}: {column.name}: {error}") from None
    return model(**parsed)


def _check_references(tables: list[Table]) -> None:
    """Every key unique and every reference resolved, named by row before anything is written.

    The database would refuse a dangling reference only at commit, naming no file or row.
    """
    referenced = {
        (f.related_model, f.target_field.attname) for m, _, _ in tables for f in _relations(m)
    }
    values: dict[tuple, set] = {}
    for model, objects, file_name in tables:
        keys = set()
        for number, obj in enumerate(objects, start=1):
            if obj.pk in keys:
                raise BackupError(f"{row_label(file_name, model, number)}: key {obj.pk} repeats")
            keys.add(obj.pk)
        for target in referenced:
            if target[0] is model:
                values[target] = {getattr(obj, target[1]) for obj in objects}
    for model, objects, file_name in tables:
        for field in _relations(model):
            known = values.get((field.related_model, field.target_field.attname))
            if known is None:
                continue
            for number, obj in enumerate(objects, start=1):
                value = getattr(obj, field.attname)
                if value is not None and value not in known:
                    raise BackupError(
                        f"{row_label(file_name, model, number)}: {field.attname} "
                        f"{value} is the key of no {label_of(field.related_model)} in the "
                        "backup"
                    )


def _relations(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if field.is_relation]


def _check_empty() -> None:
    # The data version is a counter, not content: deleting the content raises it.
    filled = [
        f"{label_of(model)} ({rows_text(model._base_manager.count())})"
        for model in portal_models()
        if model is not DataVersion and model._base_manager.exists()
    ]
    if filled:
        raise BackupError(
            "Restoring needs an empty database, and these tables hold rows: " + ", ".join(filled)
        )


def _raise_data_version_past(served: int | None, report: Report) -> None:
    """Keep the backed-up data version unless this database has served it or a later one.

    ETags and the page cache are keyed by the version, so a number served before for other
    data must never come back: a database emptied for the restore goes on counting.
    """
    if served is None or served < DataVersion.current():
        return
    DataVersion.objects.update_or_create(
        pk=1, defaults={"version": served + 1, "changed_at": timezone.now()}
    )
    report(f"  data version raised to {served + 1}, past the {served} this database served")


def _record_restored(model: type[models.Model], objects: list[models.Model], history_batch):
    """A restore is a change like a load: each record restored gets its history row
    ("created", by restore_portal_data), all in one batch."""
    history = getattr(model, "history", None)
    if history is None or not hasattr(history, "bulk_history_create"):
        return
    history.bulk_history_create(
        objects,
        default_change_reason=RESTORE_REASON,
        custom_historical_attrs={"batch": history_batch},
    )


def _insert(
    model: type[models.Model], objects: list[models.Model], file_name: str, history_batch
) -> None:
    for start in range(0, len(objects), BATCH_SIZE):
        batch = objects[start : start + BATCH_SIZE]
        try:
            with transaction.atomic():
                model._base_manager.bulk_create(batch)
                _record_restored(model, batch, history_batch)
        except DatabaseError as batch_error:
            # Find the row the database refuses, so the message can name it.
            for number, obj in enumerate(batch, start=start + 1):
                try:
                    with transaction.atomic():
                        model._base_manager.bulk_create([obj])
                except DatabaseError as error:
                    raise BackupError(
                        f"{row_label(file_name, model, number)}: refused by the database: {error}"
                    ) from None
            raise BackupError(
                f"{row_label(file_name, model, start + 1)} to {start + len(batch)}: "
                f"refused by the database: {batch_error}"
            ) from None
