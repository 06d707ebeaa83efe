"""Search on PostgreSQL: a stored weighted tsvector with a GIN index, ts_rank, ts_headline,
English stemming, and pg_trgm for near-misses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from search.backends import BODY, Backend, Row
from search.query import Criteria, matches_prefix
from search.text import MARK_END, MARK_START

CONFIG = "english"
# ts_rank normalisation 8: divide by the number of distinct words of the record, so that
# a long roadmap row does not outrank a short expected result that says the same thing
# (bm25 on SQLite normalises by length too).
RANK_NORMALISATION = 8
ALL_TEXT = "concat_ws(E'\\n', d.text_a, d.text_b, d.text_c, d.text_d)"
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=40, MinWords=20, "
    'MaxFragments=1, FragmentDelimiter=" … "'
)
# A list row shows a shorter headline, from whichever text matched: why the row is there.
LIST_HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=18, MinWords=8, "
    'MaxFragments=1, FragmentDelimiter=" … "'
)


def tsquery(criteria: Criteria) -> tuple[str, list[str]]:
    """The tsquery as SQL: every word and phrase a parameter of a function that cannot fail."""
    groups, params = [], []
    for group in criteria.groups:
        alternatives = []
        for unit in group:
            function = "phraseto_tsquery" if unit.phrase else "plainto_tsquery"
            alternatives.append(f"{function}('{CONFIG}', %s)")
            params.append(unit.text)
            if matches_prefix(unit):
                # Letters only, quoted: to_tsquery reads it as one prefix term, never syntax.
                alternatives.append(f"to_tsquery('{CONFIG}', %s)")
                params.append(f"'{unit.text}':*")
        groups.append(f"({' || '.join(alternatives)})")
    return f"({(' && ' if criteria.require_all else ' || ').join(groups)})", params


class PostgresBackend(Backend):
    def _weights(self) -> str:
        # ts_rank takes the weights in the order D, C, B, A.
        return "'{{{}}}'::float4[]".format(", ".join(map(str, reversed(self.WEIGHTS))))

    def _ranked(self, query: str) -> str:
        # search_matches() and search_ranked() (migration 0003) read the matches through
        # the GIN index, whatever the planner would otherwise guess of a word's cost.
        return f"search_ranked({query}, {self._weights()}, {RANK_NORMALISATION})"

    def count_by_kind(self, criteria: Criteria) -> dict[str, int]:
        query, params = tsquery(criteria)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT kind, COUNT(*) FROM search_matches({query}) GROUP BY kind",
                params,
            )
            return dict(cursor.fetchall())

    def page(
        self, criteria: Criteria, kinds: Sequence[str] | None, limit: int, offset: int
    ) -> list[Row]:
        query, query_params = tsquery(criteria)
        kind_filter, kind_params = "", []
        if kinds:
            kind_filter, kind_params = "WHERE kind = ANY(%s)", [list(kinds)]
        # The page is chosen first and its headlines made afterwards, for twenty records
        # rather than every record that matches.
        sql = f"""
            SELECT d.kind, d.object_id, d.owner_kind, d.owner_id, d.title, d.label, d.html_url,
                ts_headline(
                    '{CONFIG}',
                    CASE WHEN {BODY} <> '' THEN {BODY} ELSE {ALL_TEXT} END,
                    {query}, %s
                ),
                hits.rank
            FROM (
                SELECT id, rank
                FROM {self._ranked(query)}
                {kind_filter}
                ORDER BY rank DESC, id
                LIMIT %s OFFSET %s
            ) AS hits
            JOIN search_document d ON d.id = hits.id
            ORDER BY hits.rank DESC, d.id
        """
        params: list[Any] = [
            *query_params,
            HEADLINE_OPTIONS,
            *query_params,
            *kind_params,
            limit,
            offset,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [Row(*row) for row in cursor.fetchall()]

    def matching_ids(self, criteria: Criteria, kind: str) -> list[int]:
        query, params = tsquery(criteria)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT CASE WHEN owner_kind = %s THEN owner_id ELSE object_id END AS id
                FROM {self._ranked(query)}
                WHERE owner_kind = %s OR kind = %s
                GROUP BY 1
                ORDER BY MAX(rank) DESC, 1
                """,
                [kind, *params, kind, kind],
            )
            return [owner_id for (owner_id,) in cursor.fetchall()]

    def snippets(self, criteria: Criteria, kind: str, ids: Sequence[int]) -> dict[int, str]:
        if not ids:
            return {}
        query, params = tsquery(criteria)
        # The best matching document of each record first, its headline made afterwards.
        sql = f"""
            SELECT best.owner, ts_headline('{CONFIG}', {ALL_TEXT}, {query}, %s)
            FROM (
                SELECT DISTINCT ON (owner) id, owner
                FROM (
                    SELECT id, rank,
                        CASE WHEN owner_kind = %s THEN owner_id ELSE object_id END AS owner
                    FROM {self._ranked(query)}
                    WHERE owner_kind = %s OR kind = %s
                ) AS hits
                WHERE owner = ANY(%s)
                ORDER BY owner, rank DESC, id
            ) AS best
            JOIN search_document d ON d.id = best.id
        """
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    *params,
                    LIST_HEADLINE_OPTIONS,
                    kind,
                    *params,
                    kind,
                    kind,
                    list(ids),
                ],
            )
            return dict(cursor.fetchall())

    def similar_words(self, words: Sequence[str]) -> dict[str, list[str]]:
        if not words:
            return {}
        # `word % term` is what the trigram GIN index of search_term answers.
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT typed.term, near.word
                FROM unnest(%s::text[]) AS typed(term)
                CROSS JOIN LATERAL (
                    SELECT word, similarity(word, typed.term) AS score
                    FROM search_term
                    WHERE word %% typed.term AND similarity(word, typed.term) >= %s
                    ORDER BY score DESC, word
                    LIMIT %s
                ) AS near
                ORDER BY typed.term, near.score DESC, near.word
                """,
                [list(words), self.SIMILARITY, self.SIMILAR_WORDS + 1],
            )
            rows = cursor.fetchall()
        found: dict[str, list[str]] = {}
        known = {term for term, word in rows if term == word}
        for term, word in rows:
            if term not in known and len(found.setdefault(term, [])) < self.SIMILAR_WORDS:
                found[term].append(word)
        return found

    def known_words(self, words: Sequence[str]) -> set[str]:
        if not words:
            return set()
        with connection.cursor() as cursor:
            cursor.execute("SELECT word FROM search_term WHERE word = ANY(%s)", [list(words)])
            return {word for (word,) in cursor.fetchall()}

    def optimise(self) -> None:
        with connection.cursor() as cursor:
            # Rows written in bulk wait in the GIN indexes' pending lists, which every
            # search reads through until a vacuum: move them into the indexes now.
            cursor.execute("SELECT gin_clean_pending_list('search_document_vector'::regclass)")
            cursor.execute("SELECT gin_clean_pending_list('search_term_word_trigram'::regclass)")
            cursor.execute("ANALYZE search_document")
            cursor.execute("ANALYZE search_term")
