"""What each domain app contributes to the search index.

An app declares its kinds of searchable records in a ``search_documents`` module, found by
autodiscovery (as the loader finds ``fixture_sections``), so this app imports none of the
apps that use it. A registration names the kind, the function that yields its documents,
and the models whose save or delete must refresh them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.module_loading import autodiscover_modules

# The weight classes of a PostgreSQL tsvector, strongest first; the SQLite index keeps one
# column per class so that both databases rank the same way.
WEIGHTS = ("A", "B", "C", "D")


@dataclass(frozen=True)
class Document:
    """One searchable record, as the index stores it.

    `owner_kind` and `owner_id` name the record that contains it (an expected result's
    initiative); a top-level record owns itself. `title` and `body` are plain text.
    `keywords` are codes and names that should find the record without being shown.
    """

    kind: str
    object_id: int
    owner_kind: str
    owner_id: int
    title: str
    body: str
    html_url: str
    label: str = ""
    keywords: str = ""
    title_weight: str = "A"
    body_weight: str = "B"
    keywords_weight: str = "D"

    def __post_init__(self):
        for name in ("title_weight", "body_weight", "keywords_weight"):
            if getattr(self, name) not in WEIGHTS:
                raise ValueError(f"{name} must be one of {', '.join(WEIGHTS)}")

    def weighted_texts(self) -> dict[str, str]:
        """The text of each weight class, as the index stores it."""
        parts: dict[str, list[str]] = {weight: [] for weight in WEIGHTS}
        for text, weight in (
            (self.title, self.title_weight),
            (self.keywords, self.keywords_weight),
            (self.body, self.body_weight),
        ):
            if text:
                parts[weight].append(text)
        return {weight: "\n".join(texts) for weight, texts in parts.items()}


# Given the ids of the records to index (None: all of them), yields their documents; a
# record that no longer exists yields nothing, which removes it from the index.
DocumentSource = Callable[[Collection[int] | None], Iterable[Document]]
# Given a saved or deleted instance of a watched model, the ids of the records it affects.
AffectedIds = Callable[[models.Model], Iterable[int]]
# Given ids of records of one kind, what each one's API address is built from (a slug).
ApiKeys = Callable[[Collection[int]], Mapping[int, object]]


@dataclass(frozen=True)
class Registration:
    kind: str
    name: str
    name_plural: str
    documents: DocumentSource
    refreshed_by: Mapping[type[models.Model], AffectedIds]
    # Where the kind stands in lists of kinds (the page's filter, per-kind counts).
    order: int = 100
    # The URL name of a record's API address (None: the kind has none), and what that
    # address is built from when it is not the record's id.
    api_view: str | None = None
    api_keys: ApiKeys | None = None

    def api_addresses(self, object_ids: Collection[int]) -> Mapping[int, object]:
        """For each id, the argument of `api_view` (no query when the id is the key)."""
        if self.api_view is None:
            return {}
        if self.api_keys is None:
            return {object_id: object_id for object_id in object_ids}
        return self.api_keys(object_ids)


_registrations: dict[str, Registration] = {}


def register(registration: Registration) -> None:
    existing = _registrations.get(registration.kind)
    if existing is not None and existing is not registration:
        raise RuntimeError(f"Search kind {registration.kind!r} is registered twice.")
    _registrations[registration.kind] = registration


def discover() -> None:
    autodiscover_modules("search_documents")


def registrations() -> list[Registration]:
    """Every registered kind, in display order."""
    return sorted(_registrations.values(), key=lambda r: (r.order, r.kind))


def get(kind: str) -> Registration:
    return _registrations[kind]


def kinds() -> list[str]:
    return [registration.kind for registration in registrations()]
