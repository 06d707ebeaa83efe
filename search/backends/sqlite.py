"""Search on SQLite: an FTS5 table with the porter tokenizer, bm25 ranking and snippet()."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import connection

from search.backends import BODY, Backend, Row
from search.query import Criteria, matches_prefix
from search.text import MARK_END, MARK_START, trigrams

SNIPPET_TOKENS = 32
# A list row shows a shorter snippet, from whichever text matched: why the row is there.
LIST_SNIPPET_TOKENS = 16
# Each match's kind and owner, read from the narrow index of migration 0003 rather than from
# its document's row: named, because SQLite's planner would look the row up by its rowid.
MATCH_COLUMNS = (
    "JOIN search_document d INDEXED BY search_document_match_columns "
    "ON d.id = search_document_fts.rowid"
)


def match_expression(criteria: Criteria) -> str:
    """The FTS5 query: every word and phrase a quoted string, so none is read as an operator."""
    groups = []
    for group in criteria.groups:
        strings = []
        for unit in group:
            quoted = '"{}"'.format(unit.text.replace('"', '""'))
            strings.append(quoted)
            if matches_prefix(unit):
                # Beside the word itself, so that the word as typed ranks above longer ones.
                strings.append(f"{quoted}*")
        groups.append(strings[0] if len(strings) == 1 else f"({' OR '.join(strings)})")
    return (" AND " if criteria.require_all else " OR ").join(groups)


class _Vocabulary:
    """The words of the index with their trigrams, and for each trigram the words holding it.

    pg_trgm's similarity(), computed in Python over an inverted index: only the words that
    share a trigram with the word typed are scored.
    """

    def __init__(self, words: list[str]):
        self.words = words
        self.known = set(words)
        self.sizes = []
        self.postings: dict[str, list[int]] = defaultdict(list)
        for index, word in enumerate(words):
            grams = trigrams(word)
            self.sizes.append(len(grams))
            for gram in grams:
                self.postings[gram].append(index)

    def similar(self, word: str, threshold: float, limit: int) -> list[str]:
        grams = trigrams(word)
        shared = Counter(index for gram in grams for index in self.postings.get(gram, ()))
        scored = []
        for index, common in shared.items():
            score = common / (len(grams) + self.sizes[index] - common)
            if score >= threshold:
                scored.append((-score, self.words[index]))
        return [candidate for _, candidate in sorted(scored)[:limit]]


_cache: dict[str, tuple] = {}


def _vocabulary() -> _Vocabulary:
    # Read again only when the vocabulary changed: words are only ever added (new ids) or
    # all replaced (a rebuild), and the total length tells apart a set replaced in a
    # rolled-back transaction whose ids were then given again.
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), MAX(id), TOTAL(LENGTH(word)) FROM search_term")
        stamp = (connection.settings_dict["NAME"], *cursor.fetchone())
        cached = _cache.get("vocabulary")
        if cached and cached[0] == stamp:
            return cached[1]
        cursor.execute("SELECT word FROM search_term ORDER BY word")
        vocabulary = _Vocabulary([word for (word,) in cursor.fetchall()])
    _cache["vocabulary"] = (stamp, vocabulary)
    return vocabulary


class SQLiteBackend(Backend):
    def _bm25(self) -> str:
        return "bm25(search_document_fts, {})".format(", ".join(map(str, self.WEIGHTS)))

    def count_by_kind(self, criteria: Criteria) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT d.kind, COUNT(*)
                FROM search_document_fts {MATCH_COLUMNS}
                WHERE search_document_fts MATCH %s
                GROUP BY d.kind
                """,
                [match_expression(criteria)],
            )
            return dict(cursor.fetchall())

    def page(
        self, criteria: Criteria, kinds: Sequence[str] | None, limit: int, offset: int
    ) -> list[Row]:
        match = match_expression(criteria)
        # The page is chosen first and its snippets made afterwards: SQLite would otherwise
        # make a snippet for every matching record before sorting them. A record's id is
        # its rowid in the index, so that without a kind to filter on, the choice needs no
        # join to the records at all; with one, it reads each match's kind from the narrow
        # index rather than from its row.
        join, kind_filter = "", ""
        if kinds:
            join = MATCH_COLUMNS
            kind_filter = f"AND d.kind IN ({', '.join(['%s'] * len(kinds))})"
        chosen = f"""
            SELECT search_document_fts.rowid AS id, {self._bm25()} AS score
            FROM search_document_fts {join}
            WHERE search_document_fts MATCH %s {kind_filter}
            ORDER BY score, search_document_fts.rowid
            LIMIT %s OFFSET %s
        """
        sql = f"""
            SELECT d.kind, d.object_id, d.owner_kind, d.owner_id, d.title, d.label, d.html_url,
                CASE WHEN {BODY} != ''
                    THEN snippet(
                        search_document_fts, instr('ABCD', d.body_weight) - 1,
                        %s, %s, '…', {SNIPPET_TOKENS}
                    )
                    ELSE snippet(search_document_fts, -1, %s, %s, '…', {SNIPPET_TOKENS})
                END,
                hits.score
            FROM ({chosen}) AS hits
            JOIN search_document_fts ON search_document_fts.rowid = hits.id
            JOIN search_document d ON d.id = hits.id
            WHERE search_document_fts MATCH %s
            ORDER BY hits.score, d.id
        """
        markers = [MARK_START, MARK_END]
        params: list[Any] = [*markers, *markers, match, *(kinds or ()), limit, offset, match]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            # bm25 scores are lower for better matches; ranks higher.
            return [Row(*row[:8], rank=-row[8]) for row in cursor.fetchall()]  # type: ignore[misc]

    def matching_ids(self, criteria: Criteria, kind: str) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH hits AS MATERIALIZED (
                    SELECT
                        CASE WHEN d.owner_kind = %s THEN d.owner_id ELSE d.object_id END AS id,
                        {self._bm25()} AS score
                    FROM search_document_fts {MATCH_COLUMNS}
                    WHERE search_document_fts MATCH %s AND (d.owner_kind = %s OR d.kind = %s)
                )
                SELECT id FROM hits GROUP BY id ORDER BY MIN(score), id
                """,
                [kind, match_expression(criteria), kind, kind],
            )
            return [owner_id for (owner_id,) in cursor.fetchall()]

    def snippets(self, criteria: Criteria, kind: str, ids: Sequence[int]) -> dict[int, str]:
        if not ids:
            return {}
        owner = "CASE WHEN d.owner_kind = %s THEN d.owner_id ELSE d.object_id END"
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT {owner},
                    snippet(search_document_fts, -1, %s, %s, '…', {LIST_SNIPPET_TOKENS})
                FROM search_document_fts {MATCH_COLUMNS}
                WHERE search_document_fts MATCH %s AND (d.owner_kind = %s OR d.kind = %s)
                    AND {owner} IN ({", ".join(["%s"] * len(ids))})
                ORDER BY {self._bm25()}, d.id
                """,
                [kind, MARK_START, MARK_END, match_expression(criteria), kind, kind, kind, *ids],
            )
            found: dict[int, str] = {}
            for owner_id, snippet in cursor.fetchall():
                found.setdefault(owner_id, snippet)
            return found

    def similar_words(self, words: Sequence[str]) -> dict[str, list[str]]:
        if not words:
            return {}
        vocabulary = _vocabulary()
        found = {}
        for word in words:
            if word not in vocabulary.known:
                similar = vocabulary.similar(word, self.SIMILARITY, self.SIMILAR_WORDS)
                if similar:
                    found[word] = similar
        return found

    def known_words(self, words: Sequence[str]) -> set[str]:
        return set(words) & _vocabulary().known if words else set()

    def optimise(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO search_document_fts (search_document_fts) VALUES ('optimize')"
            )
