"""The machinery that loads the curated fixtures: one YAML file per source document.

A fixture file is a mapping of section names (``sources``, ``meetings``, ``initiatives``,
``roadmaps`` ...) to lists of records. Each app registers the handlers of the sections it
owns in its ``fixture_sections`` module, found by autodiscovery, so this module imports
none of the apps that use it.
Handlers write through a :class:`LoadContext`, which validates every object against the
model and its database constraints, saves only what changed, and turns every failure
into a :class:`FixtureError` naming the file and the record.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, models, transaction
from django.dispatch import Signal
from django.utils.module_loading import autodiscover_modules

from core.models import DataVersion, LoadedRecord

# libyaml's safe loader where PyYAML was built with it (its wheels are): the same
# documents, read several times faster than by the pure-Python one.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Sent once after every fixture has loaded, inside the loading transaction; receivers
# rebuild what derives from the data (search index, downloads, derived alignments).
portal_data_loaded = Signal()
# Sent once after a transaction that saved or deleted curated records outside a load (an
# editor's save in the admin) has committed; receivers refresh what derives from the data
# and is not kept current record by record (related initiatives, the downloads).
portal_data_edited = Signal()


def data_edited() -> None:
    """Note that curated data changed outside a load: `portal_data_edited` is sent once
    the transaction commits, once however many records it saved (a rolled-back
    transaction forgets it with its other commit hooks)."""
    connection = transaction.get_connection()
    if any(hook[1] is _send_data_edited for hook in connection.run_on_commit):
        return
    transaction.on_commit(_send_data_edited)


def _send_data_edited() -> None:
    # What the receivers rewrite is derived: a load's rules apply (no per-save work, one
    # version bump), and it is not itself an edit.
    with transaction.atomic(), loading_portal_data():
        portal_data_edited.send(sender=None)


@dataclass
class Edit:
    """A value changed in the database since the last load that the fixture does not hold."""

    file_name: str
    record: str
    field: str
    database: Any
    fixture: Any


@dataclass
class Removal:
    """A record in the database that its fixture no longer lists."""

    file_name: str
    identity: str
    label: str


@dataclass
class Load:
    """One run of the loader over every fixture: what it found that it may not overwrite
    or delete without being told to (`refusal`), and what it loaded, remembered for the
    next run (`remember`)."""

    prune: bool = False
    removable: frozenset[str] = frozenset()
    changed: bool = False
    edits: list[Edit] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    loaded: dict[tuple[str, str], dict] = field(default_factory=dict)
    # The history's batch of this load's changes (core.history), made at the first one.
    history_batch: Any = None
    _baseline: dict[tuple[str, str], dict] | None = None

    @property
    def baseline(self) -> dict[tuple[str, str], dict]:
        if self._baseline is None:
            self._baseline = {
                (row.model, row.identity): row.values for row in LoadedRecord.objects.all()
            }
        return self._baseline

    def note(self, context, record, model, identity, existing, values: dict) -> None:
        """Before a record is written: any value the database changed since the last load,
        and the fixture does not hold, is an edit this load would lose."""
        key = (model._meta.label_lower, identity)
        loaded = {name: stored(value) for name, value in values.items()}
        self.loaded[key] = loaded
        last = self.baseline.get(key)
        if last is None:
            return
        if existing is None:
            self.edits.append(Edit(context.file_name, record, "(the record)", "deleted", "listed"))
            return
        for name, value in loaded.items():
            current = stored(getattr(existing, _attname(model, name)))
            if name in last and current != last[name] and current != value:
                self.edits.append(Edit(context.file_name, record, name, current, value))

    def may_remove(self, context, obj: models.Model) -> bool:
        identity = removal_identity(obj)
        if self.prune or identity in self.removable:
            return True
        self.removals.append(Removal(context.file_name, identity, str(obj)))
        return False

    def refusal(self) -> str:
        """Why the load must not be committed, or "" when it may."""
        parts = []
        if self.edits:
            lines = [
                f"  {edit.file_name}, {edit.record}, {edit.field}:\n"
                f"    database: {shorten(edit.database)}\n"
                f"    fixture:  {shorten(edit.fixture)}"
                for edit in self.edits
            ]
            parts.append(
                f"{len(self.edits)} value(s) were changed in the database since the last load "
                "and the fixtures do not hold them; loading would lose them:\n"
                + "\n".join(lines)
                + "\nExport them into the fixtures first (manage.py export_fixtures "
                "--output fixtures/), or pass --discard-edits to overwrite them (they are "
                "saved to a file first)."
            )
        if self.removals:
            lines = [
                f"  {removal.file_name}: {removal.identity} ({removal.label})"
                for removal in self.removals
            ]
            parts.append(
                f"{len(self.removals)} record(s) are in the database but no longer in their "
                "fixture; loading would delete them:\n"
                + "\n".join(lines)
                + "\nIf they are meant to go, pass --prune, or --remove IDENTITY for each."
            )
        return "\n\n".join(parts)

    def remember(self) -> None:
        """Keep what this load wrote, for the next load to compare the database with."""
        if self.loaded == self.baseline:
            return
        LoadedRecord.objects.all().delete()
        LoadedRecord.objects.bulk_create(
            (
                LoadedRecord(model=model, identity=identity, values=values)
                for (model, identity), values in self.loaded.items()
            ),
            batch_size=500,
        )


_current_load: ContextVar[Load | None] = ContextVar("portal_data_load", default=None)


@contextmanager
def loading_portal_data(load: Load | None = None) -> Iterator[Load]:
    """While the fixtures load, inside the loading transaction. What derives from the data
    is rebuilt once afterwards (`portal_data_loaded`), so what keeps it current on every
    save waits (`is_loading`); the data version is raised once at the end, if any record
    changed (`defer_version_bump`)."""
    load = load or Load()
    token = _current_load.set(load)
    try:
        yield load
    finally:
        _current_load.reset(token)
    if load.changed:
        DataVersion.bump()


def stored(value: Any) -> Any:
    """A field's value as JSON keeps it, to compare across loads."""
    if isinstance(value, models.Model):
        value = value.pk
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def shorten(value: Any, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def removal_identity(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def is_loading() -> bool:
    return _current_load.get() is not None


def current_load() -> Load | None:
    return _current_load.get()


def defer_version_bump() -> bool:
    """During a load: note that the data changed, for one bump at its end, and say so."""
    load = _current_load.get()
    if load is None:
        return False
    load.changed = True
    return True


SectionHandler = Callable[["LoadContext", list], None]
_handlers: dict[str, SectionHandler] = {}


def register_section(name: str, handler: SectionHandler) -> None:
    if name in _handlers and _handlers[name] is not handler:
        raise RuntimeError(f"Fixture section {name!r} is registered twice.")
    _handlers[name] = handler


def discover_sections() -> list[str]:
    """Import every app's ``fixture_sections`` module; return the section names known."""
    autodiscover_modules("fixture_sections")
    return sorted(_handlers)


class FixtureError(Exception):
    """A fixture that cannot be loaded; the message names the file and the record."""

    def __init__(self, file_name: str, record: str, message: str):
        self.file_name, self.record, self.message = file_name, record, message
        where = f"{file_name}, {record}" if record else file_name
        super().__init__(f"{where}: {message}")


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


@dataclass
class LoadContext:
    """What a section handler needs while it loads one fixture file."""

    file_name: str
    stats: Counter = field(default_factory=Counter)
    # Identities written so far: a record listed twice would silently overwrite itself.
    seen: set = field(default_factory=set)
    # The records of a model by the values of some of its fields, each table read once
    # per file instead of once per record (`_found`).
    _indexes: dict = field(default_factory=dict)

    def fail(self, record: str, message: str) -> NoReturn:
        raise FixtureError(self.file_name, record, message)

    def fields(
        self,
        data: Any,
        record: str,
        required: Iterable[str] = (),
        optional: Iterable[str] = (),
    ) -> dict:
        """Check a record's keys: every required key present, no unknown key."""
        if not isinstance(data, dict):
            self.fail(record, f"expected a mapping, found {type(data).__name__}")
        required, optional = set(required), set(optional)
        missing = sorted(required - data.keys())
        if missing:
            self.fail(record, f"missing field(s): {', '.join(missing)}")
        unknown = sorted(data.keys() - required - optional)
        if unknown:
            self.fail(record, f"unknown field(s): {', '.join(unknown)}")
        for key, value in data.items():
            if isinstance(value, str) and not value.strip() and key in required:
                self.fail(record, f"{key}: must not be empty")
        return data

    def get(self, model: type[models.Model], record: str, **lookup) -> models.Model:
        """A record another record refers to; a missing one is the fixture's error."""
        found = self._found(model, lookup)
        if found is UNKNOWN:
            found = model._default_manager.filter(**lookup).first()
        if found is None:
            self.fail(
                record,
                f"refers to a {model._meta.verbose_name} that does not exist "
                f"({lookup_label(lookup)})",
            )
        return found

    def upsert(
        self, model: type[models.Model], record: str, lookup: dict, values: dict
    ) -> models.Model:
        """Create or update the object identified by `lookup`; save only if it changed."""
        # The record's identity in its fixture: records referred to by their keys.
        identity = json.dumps({key: stored(value) for key, value in lookup.items()}, sort_keys=True)
        if (model, identity) in self.seen:
            self.fail(
                record, f"is listed twice ({model._meta.verbose_name} {lookup_label(lookup)})"
            )
        self.seen.add((model, identity))
        existing = self._found(model, lookup)
        if existing is UNKNOWN:
            existing = model._default_manager.filter(**lookup).first()
        load = _current_load.get()
        if load is not None:
            load.note(self, record, model, identity, existing, values)
        created = existing is None
        obj = model(**lookup) if existing is None else existing
        changed = created
        for name, value in values.items():
            if created or getattr(obj, name) != value:
                setattr(obj, name, value)
                changed = True
        label = model._meta.verbose_name_plural
        if not changed:
            self.stats[(label, "unchanged")] += 1
            return obj
        try:
            obj.full_clean()
            obj.save()
        except ValidationError as error:
            self.fail(record, _validation_message(error))
        except DatabaseError as error:
            self.fail(record, f"refused by the database: {error}")
        self.stats[(label, "created" if created else "updated")] += 1
        # Under the values it now has, for the lookups of the records after it.
        self._add_to_indexes(obj)
        return obj

    def _found(self, model: type[models.Model], lookup: dict) -> Any:
        """The record of `model` whose fields have the values of `lookup`, from the
        model's index, or None; UNKNOWN when a value is not one the field can hold, for
        the database to answer (or refuse, with its message) as it would."""
        names = tuple(sorted(lookup))
        try:
            key = tuple(_comparable(model, name, lookup[name]) for name in names)
        except (ValidationError, FieldDoesNotExist, TypeError, ValueError):
            return UNKNOWN
        index = self._indexes.get((model, names))
        if index is None:
            index = {
                tuple(
                    _comparable(model, name, getattr(obj, _attname(model, name))) for name in names
                ): obj
                for obj in model._default_manager.all()
            }
            self._indexes[(model, names)] = index
        return index.get(key)

    def _add_to_indexes(self, obj: models.Model) -> None:
        for (model, names), index in self._indexes.items():
            if model is type(obj):
                key = tuple(_comparable(model, n, getattr(obj, _attname(model, n))) for n in names)
                index[key] = obj

    def prune(self, queryset: models.QuerySet, keep: Iterable[models.Model]) -> None:
        """Delete what the fixture no longer lists (a record the editors removed)."""
        stale = queryset.exclude(pk__in=[obj.pk for obj in keep])
        load = _current_load.get()
        if load is not None:
            refused = [obj.pk for obj in stale if not load.may_remove(self, obj)]
            stale = stale.exclude(pk__in=refused)
        count = stale.count()
        if count:
            label = queryset.model._meta.verbose_name_plural
            # Deleting cascades to other tables: their indexes are read again if needed.
            self._indexes.clear()
            try:
                stale.delete()
            except DatabaseError as error:
                names = ", ".join(str(obj) for obj in stale[:5])
                self.fail(f"{label} no longer listed ({names})", f"cannot be removed: {error}")
            self.stats[(label, "deleted")] += count


# What LoadContext._found answers when its index cannot.
UNKNOWN = object()


def _concrete_field(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.concrete:
        raise FieldDoesNotExist(name)
    return field


def _attname(model: type[models.Model], name: str) -> str:
    return _concrete_field(model, name).attname


def _comparable(model: type[models.Model], name: str, value: Any) -> Any:
    """A lookup's value as the field stores it: a related record by its key, "9" as 9."""
    field = _concrete_field(model, name)
    if isinstance(value, models.Model):
        value = value.pk
    return field.to_python(value)


def lookup_label(lookup: dict) -> str:
    return ", ".join(f"{key}={value!r}" for key, value in lookup.items())


# The last line of every fixture file: YAML's end of document. A file cut short (a bad
# copy, a full disk) lacks it, even when what remains is valid YAML.
END_OF_FIXTURE = "..."


def read_fixture(path: Path) -> dict:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise FixtureError(path.name, "", f"cannot be read: {error.strerror}") from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise FixtureError(
            path.name,
            f"line {line}",
            f"is not UTF-8 text (byte {error.start}: {raw[error.start : error.start + 1]!r})",
        ) from error
    lines = text.rstrip().splitlines()
    if not lines or lines[-1] != END_OF_FIXTURE:
        raise FixtureError(
            path.name,
            f"line {len(lines)}",
            f"does not end with the line {END_OF_FIXTURE!r}: the file looks cut short",
        )
    try:
        data = yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise FixtureError(path.name, where, f"is not valid YAML: {problem}") from error
    if not isinstance(data, dict):
        raise FixtureError(path.name, "", "must be a mapping of section names to records")
    return data


def load_fixture(path: Path, report: Callable[[str], None] = lambda line: None) -> Counter:
    """Load one fixture file section by section, in the file's order."""
    known = discover_sections()
    data = read_fixture(path)
    context = LoadContext(file_name=path.name)
    for section, records in data.items():
        handler = _handlers.get(section)
        if handler is None:
            raise FixtureError(
                path.name,
                "",
                f"unknown section {section!r} (known: {', '.join(known)})",
            )
        if not isinstance(records, list):
            raise FixtureError(path.name, section, "must be a list of records")
        handler(context, records)
    for (label, action), count in sorted(context.stats.items()):
        report(f"  {label}: {count} {action}")
    return context.stats


def normalise_whitespace(text: str) -> str:
    return " ".join(text.split())
