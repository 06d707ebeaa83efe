"""Writing the index: a full rebuild, and the refresh of the records a save or delete touched.

A save refreshes its records at once, in its own transaction, so that whatever reads next
(a page, the API, a test) finds the index as current as the data, without writing
anything itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

from search import registry
from search.backends import get_backend
from search.models import SearchDocument, SearchTerm
from search.registry import Document
from search.text import prepare, vocabulary

BATCH_SIZE = 500


def rebuild(report: Callable[[str], None] = lambda line: None) -> int:
    """Replace the whole index with the documents every registered kind yields now."""
    total = 0
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        SearchTerm.objects.all().delete()
        for registration in registry.registrations():
            count = write(registration.documents(None))
            report(f"  search index: {count} {registration.name_plural.lower()}")
            total += count
        get_backend().optimise()
    return total


def refresh(kind: str, object_ids: Iterable[int]) -> None:
    """Re-index these records of one kind; those that no longer exist leave the index."""
    object_ids = {object_id for object_id in object_ids if object_id is not None}
    if not object_ids:
        return
    # Inside the saving transaction when there is one: a savepoint would only add queries.
    with transaction.atomic(savepoint=False):
        SearchDocument.objects.filter(kind=kind, object_id__in=object_ids).delete()
        write(registry.get(kind).documents(object_ids))


def write(documents: Iterable[Document]) -> int:
    rows, words, count = [], set(), 0
    for document in documents:
        row = as_row(document)
        rows.append(row)
        words |= vocabulary(row.text_a, row.text_b, row.text_c, row.text_d)
        if len(rows) >= BATCH_SIZE:
            count += _save(rows, words)
            rows, words = [], set()
    return count + _save(rows, words)


def as_row(document: Document) -> SearchDocument:
    texts = {weight: prepare(text) for weight, text in document.weighted_texts().items()}
    return SearchDocument(
        kind=document.kind,
        object_id=document.object_id,
        owner_kind=document.owner_kind,
        owner_id=document.owner_id,
        title=document.title,
        label=document.label,
        html_url=document.html_url,
        text_a=texts["A"],
        text_b=texts["B"],
        text_c=texts["C"],
        text_d=texts["D"],
        body_weight=document.body_weight,
    )


def _save(rows: list[SearchDocument], words: set[str]) -> int:
    SearchDocument.objects.bulk_create(rows)
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=word) for word in sorted(words)], ignore_conflicts=True
    )
    return len(rows)
