"""The database side of search: one backend per database, chosen by the one in use.

Both answer the same questions about the index (how many records match, per kind; a
ranked page of them with snippets; the owners they belong to; words near a misspelt one)
so that the engine, the pages and the tests never look at the database vendor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from search.query import Criteria

# The record's body, in whichever weight class its kind puts it: snippets come from it, so
# that they show the record's own text rather than its heading or keywords.
BODY = (
    "CASE d.body_weight WHEN 'A' THEN d.text_a WHEN 'B' THEN d.text_b "
    "WHEN 'C' THEN d.text_c ELSE d.text_d END"
)


@dataclass(frozen=True)
class Row:
    kind: str
    object_id: int
    owner_kind: str
    owner_id: int
    title: str
    label: str
    html_url: str
    raw_snippet: str
    rank: float


class Backend:
    # Ranking weights of the A, B, C and D texts: PostgreSQL's defaults for ts_rank,
    # which the SQLite backend gives bm25 so that both order records alike.
    WEIGHTS = (1.0, 0.4, 0.2, 0.1)
    # Near-misses: how alike a word of the index must be to a word typed (pg_trgm
    # similarity), and how many such words are tried for one typed word.
    SIMILARITY = 0.4
    SIMILAR_WORDS = 3

    def count_by_kind(self, criteria: Criteria) -> dict[str, int]:
        raise NotImplementedError

    def page(
        self, criteria: Criteria, kinds: Sequence[str] | None, limit: int, offset: int
    ) -> list[Row]:
        raise NotImplementedError

    def matching_ids(self, criteria: Criteria, kind: str) -> list[int]:
        """Ids of the records of `kind` that match themselves or through a record they
        contain (an initiative through its expected results), best first."""
        raise NotImplementedError

    def snippets(self, criteria: Criteria, kind: str, ids: Sequence[int]) -> dict[int, str]:
        """For each of these records of `kind` that matches, the raw snippet of its best
        matching text: its own, or a contained record's (an expected result's)."""
        raise NotImplementedError

    def similar_words(self, words: Sequence[str]) -> dict[str, list[str]]:
        """For each word absent from the index, the closest words that are in it."""
        raise NotImplementedError

    def known_words(self, words: Sequence[str]) -> set[str]:
        """Those of `words` (lower case) that the indexed texts hold."""
        raise NotImplementedError

    def optimise(self) -> None:
        """Tidy the index after a full rebuild."""


def get_backend() -> Backend:
    from search.backends import postgres, sqlite

    backends = {"postgresql": postgres.PostgresBackend, "sqlite": sqlite.SQLiteBackend}
    try:
        return backends[connection.vendor]()
    except KeyError:
        raise RuntimeError(
            f"Search supports PostgreSQL and SQLite, not {connection.vendor}."
        ) from None
