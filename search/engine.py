"""Searching the knowledge base: the one entry point of the search page, the API and filters.

A record matches when it contains every word and "quoted phrase" asked for. When none
does, words absent from the index are widened to the closest words that are in it
(trigram similarity, as pg_trgm measures it), and a search of several words then settles
for records holding any of them; `SearchPage.match` says which of these answered.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.conditional import kept_for_data
from search import registry
from search.backends import Backend, get_backend
from search.query import (
    Criteria,
    Group,
    QueryError,
    clean_query,
    lookup_words,
    parse,
    with_alternatives,
)
from search.text import render_snippet

__all__ = [
    "MATCH_ALL",
    "MATCH_ANY",
    "MATCH_SIMILAR",
    "KindCount",
    "QueryError",
    "SearchPage",
    "SearchResult",
    "clean_query",
    "is_kept",
    "knows_none_of",
    "matching_ids",
    "matching_snippets",
    "search",
    "search_kept",
]

MATCH_ALL = "all"  # every word, as typed (stemmed)
MATCH_SIMILAR = "similar"  # every word, misspelt ones widened to the closest in the index
MATCH_ANY = "any"  # some of the words
MAX_PAGE_SIZE = 500
# The largest page of results kept (search_kept): the API's default page; a page of 500
# with its snippets weighs half a megabyte.
KEPT_PAGE_SIZE = 50


@dataclass(frozen=True)
class SearchResult:
    kind: str
    kind_name: str
    object_id: int
    owner_kind: str
    owner_id: int
    title: str
    label: str
    snippet: SafeString
    html_url: str
    rank: float


@dataclass(frozen=True)
class KindCount:
    kind: str
    name: str
    name_plural: str
    count: int
    selected: bool


@dataclass(frozen=True)
class SearchPage:
    # Tuples of frozen records: a page kept for many requests cannot be changed by one.
    results: tuple[SearchResult, ...]
    count: int
    page: int
    page_size: int
    query: str
    kinds: tuple[str, ...] = ()
    kind_counts: tuple[KindCount, ...] = ()
    match: str = MATCH_ALL
    similar_words: tuple[str, ...] = ()

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.count else 0

    @property
    def end_index(self) -> int:
        return min(self.page * self.page_size, self.count)


def search(
    query: str, kinds: list[str] | None = None, page: int = 1, page_size: int = 20
) -> SearchPage:
    """A page of the records matching `query`, best first, optionally of some kinds only.

    Raises QueryError for a query that cannot be searched for or an unknown kind. A page
    number out of range gives the nearest page that exists.
    """
    text = clean_query(query)
    selected = _checked_kinds(kinds)
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise QueryError(f"The page size must be between 1 and {MAX_PAGE_SIZE}.")
    backend = get_backend()
    criteria, match, similar, counts = _find(backend, parse(text))
    # Every kind selected is the same search as none selected, without the filter.
    kind_filter = selected if set(selected) != set(registry.kinds()) else []
    count = sum(counts.get(kind, 0) for kind in (kind_filter or registry.kinds()))
    page = min(max(1, page), max(1, math.ceil(count / page_size)))
    rows = []
    if count:
        rows = backend.page(criteria, kind_filter or None, page_size, (page - 1) * page_size)
    return SearchPage(
        results=tuple(_result(row) for row in rows),
        count=count,
        page=page,
        page_size=page_size,
        query=text,
        kinds=tuple(selected),
        kind_counts=tuple(
            KindCount(
                kind=r.kind,
                name=str(r.name),
                name_plural=str(r.name_plural),
                count=counts.get(r.kind, 0),
                selected=r.kind in selected,
            )
            for r in registry.registrations()
        ),
        match=match,
        similar_words=tuple(similar),
    )


def search_kept(
    request, query: str, kinds: list[str] | None = None, page: int = 1, page_size: int = 20
) -> SearchPage:
    """`search()`, kept per data version and language of `request` for the same words,
    kinds and page (`core.conditional.kept_for_data`): a search asked again, from the page
    or the API, is answered without the index. Raises QueryError as `search()` does.

    Pages that are not kept (is_kept) are searched afresh each time."""
    text = clean_query(query)
    if not is_kept(page_size):
        return search(text, kinds=kinds, page=page, page_size=page_size)
    return kept_for_data(
        request,
        "search",
        (text, tuple(kinds or ()), page, page_size),
        lambda: search(text, kinds=kinds, page=page, page_size=page_size),
        # As many as the words people type: held by the shared cache's bounds alone.
        in_process=False,
    )


def is_kept(page_size: int) -> bool:
    """Whether search_kept() keeps pages of this size, and what is kept with them."""
    return page_size <= KEPT_PAGE_SIZE


def matching_ids(query: str, kind: str) -> list[int]:
    """Ids of the records of `kind` that match `query` themselves or through a record they
    contain (an initiative through its expected results), best first, found as `search`
    finds them: every word, else the closest words, else any of the words.

    What every list's text filter (`?q=`) keeps. Raises QueryError for a query that cannot
    be searched for, as clean_query() does.
    """
    backend = get_backend()
    for criteria, _match, _words in _widening(backend, parse(clean_query(query))):
        found = backend.matching_ids(criteria, kind)
        if found:
            return found
    return []


def matching_snippets(query: str, kind: str, ids: Sequence[int]) -> dict[int, SafeString]:
    """For those of these records of `kind` that `query` finds as `matching_ids` finds them,
    a short snippet of the text that matched, highlighted and escaped: why a list row is
    there. Raises QueryError as clean_query() does."""
    backend = get_backend()
    for criteria, _match, _words in _widening(backend, parse(clean_query(query))):
        found = backend.snippets(criteria, kind, ids)
        if found:
            return {owner: render_snippet(raw or "") for owner, raw in found.items()}
    return {}


def knows_none_of(query: str) -> bool:
    """Whether no indexed text holds any word of `query` (of three letters or more): a
    sign the query is written in another language than the texts."""
    words = lookup_words(parse(clean_query(query)))
    return bool(words) and not get_backend().known_words(words)


def _find(backend: Backend, groups: list[Group]) -> tuple[Criteria, str, list[str], dict[str, int]]:
    counts: dict[str, int] = {}
    for criteria, match, words in _widening(backend, groups):
        counts = backend.count_by_kind(criteria)
        if any(counts.values()):
            return criteria, match, words, counts
    return Criteria(tuple(groups)), MATCH_ALL, [], counts


def _widening(backend: Backend, groups: list[Group]) -> Iterator[tuple[Criteria, str, list[str]]]:
    """What to ask the index, in turn, until something matches: every word as typed; then
    every word, those absent from the index widened to the closest that are in it; then,
    for several words, any of them. Each with its match kind and the words it widened to."""
    yield Criteria(tuple(groups)), MATCH_ALL, []
    similar = backend.similar_words(lookup_words(groups))
    words = [word for alternatives in similar.values() for word in alternatives]
    if similar:
        groups = with_alternatives(groups, similar)
        yield Criteria(tuple(groups)), MATCH_SIMILAR, words
    if len(groups) > 1:
        yield Criteria(tuple(groups), require_all=False), MATCH_ANY, words


def _checked_kinds(kinds: Sequence[str] | None) -> list[str]:
    known = registry.kinds()
    selected = []
    for kind in kinds or []:
        if kind not in known:
            raise QueryError(
                _("Unknown kind “%(kind)s”; the kinds are %(kinds)s.")
                % {"kind": kind[:40], "kinds": ", ".join(known)}
            )
        if kind not in selected:
            selected.append(kind)
    return selected


def _kind_name(kind: str) -> str:
    try:
        return str(registry.get(kind).name)
    except KeyError:
        return kind


def _result(row) -> SearchResult:
    return SearchResult(
        kind=row.kind,
        kind_name=_kind_name(row.kind),
        object_id=row.object_id,
        owner_kind=row.owner_kind,
        owner_id=row.owner_id,
        title=row.title,
        label=row.label,
        snippet=render_snippet(row.raw_snippet or ""),
        html_url=row.html_url,
        rank=row.rank,
    )
