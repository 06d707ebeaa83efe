"""A search reads what it counts and ranks through indexes, never every document's row.

PostgreSQL: the matches are found in the GIN index by search_matches() and
search_ranked(), whatever the planner would guess; left to itself it reads every
document to test its vector when a word is in many of them. SQLite: each match's kind
and owner are read from a narrow index; left to itself it looks each match's row up by
its rowid. (Migration 0003, docs/decisions/0018-search-through-the-index.md.)
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.backends import get_backend
from search.backends.postgres import RANK_NORMALISATION, PostgresBackend
from search.engine import matching_ids
from search.query import Criteria, parse

pytestmark = pytest.mark.django_db

# "digital": in 147 of the 344 documents.
WORD = "digital"
MATCHES = "plainto_tsquery('english', %s)"
NARROW_INDEX = "COVERING INDEX search_document_match_columns"


def postgres() -> bool:
    return connection.vendor == "postgresql"


def scans_of_the_documents() -> tuple[int, int]:
    """PostgreSQL's sequential and index scans of search_document so far in this test's
    transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT seq_scan, COALESCE(idx_scan, 0) FROM pg_stat_xact_user_tables "
            "WHERE relname = 'search_document'"
        )
        return cursor.fetchone()


def scans_made_by(run) -> tuple[int, int]:
    seq_before, index_before = scans_of_the_documents()
    run()
    seq_after, index_after = scans_of_the_documents()
    return seq_after - seq_before, index_after - index_before


def sqlite_plan(run) -> str:
    """SQLite's plan of the one statement `run` executes."""
    with CaptureQueriesContext(connection) as captured:
        run()
    (query,) = captured.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
        return "\n".join(row[-1] for row in cursor.fetchall())


def fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def count_by_kind() -> dict[str, int]:
    return get_backend().count_by_kind(Criteria(tuple(parse(WORD))))


@pytest.fixture
def reading_every_document_looks_cheap():
    """On PostgreSQL, costs under which the planner reads every document whatever its
    statistics say of the word (which a test database may not have gathered yet): random
    reads priced at a thousand sequential ones, until this test's transaction ends."""
    if postgres():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL random_page_cost = 1000")


@pytest.mark.usefixtures("reading_every_document_looks_cheap")
def test_left_to_itself_the_database_reads_each_matching_documents_row():
    # What the functions and the narrow index are for.
    if postgres():
        sequential, _ = scans_made_by(
            lambda: fetch(
                f"SELECT kind, COUNT(*) FROM search_document WHERE vector @@ {MATCHES} "
                "GROUP BY kind",
                [WORD],
            )
        )
        assert sequential == 1
    else:
        plan = sqlite_plan(
            lambda: fetch(
                "SELECT d.kind, COUNT(*) FROM search_document_fts JOIN search_document d "
                "ON d.id = search_document_fts.rowid WHERE search_document_fts MATCH %s "
                "GROUP BY d.kind",
                [WORD],
            )
        )
        assert "SEARCH d USING INTEGER PRIMARY KEY" in plan


def assert_no_row_is_read_for_each_match(run):
    """PostgreSQL scans search_document once, through an index; SQLite reads its narrow
    index and never looks a match's row up by its rowid."""
    if postgres():
        assert scans_made_by(run) == (0, 1)
    else:
        plan = sqlite_plan(run)
        assert NARROW_INDEX in plan
        assert "INTEGER PRIMARY KEY" not in plan


@pytest.mark.usefixtures("reading_every_document_looks_cheap")
def test_the_matches_are_counted_by_kind_from_an_index():
    assert sum(count_by_kind().values()) == 147
    assert_no_row_is_read_for_each_match(count_by_kind)


@pytest.mark.usefixtures("reading_every_document_looks_cheap")
def test_a_list_filtered_by_a_word_most_documents_hold_reads_none_of_their_rows():
    def initiatives():
        assert len(matching_ids(WORD, "initiative")) == 31

    assert_no_row_is_read_for_each_match(initiatives)


def test_a_page_of_one_kind_is_chosen_without_reading_every_match():
    def roadmap_rows():
        rows = get_backend().page(Criteria(tuple(parse(WORD))), ["roadmap-row"], 20, 0)
        assert {row.kind for row in rows} == {"roadmap-row"}
        assert len(rows) == 20

    if postgres():
        # The twenty records shown are then read by their ids, which on a table this
        # small the planner may do by reading all of it: what is asserted is that the
        # matches are ranked by the function that finds them in the index.
        with CaptureQueriesContext(connection) as captured:
            roadmap_rows()
        assert "FROM search_ranked(" in captured.captured_queries[0]["sql"]
    else:
        assert NARROW_INDEX in sqlite_plan(roadmap_rows)


def test_the_indexes_find_what_the_documents_hold():
    if postgres():
        planned = fetch(
            f"SELECT id FROM search_document WHERE vector @@ {MATCHES} ORDER BY id", [WORD]
        )
        assert len(planned) == 147
        assert fetch(f"SELECT id FROM search_matches({MATCHES}) ORDER BY id", [WORD]) == planned
        ranked = f"search_ranked({MATCHES}, {PostgresBackend()._weights()}, %s)"
        assert fetch(f"SELECT id FROM {ranked} ORDER BY id", [WORD, RANK_NORMALISATION]) == planned
    else:
        columns = "id, kind, owner_kind, owner_id, object_id"
        table = fetch(f"SELECT {columns} FROM search_document NOT INDEXED ORDER BY id", [])
        narrow = fetch(
            f"SELECT {columns} FROM search_document "
            "INDEXED BY search_document_match_columns ORDER BY id",
            [],
        )
        assert len(table) == 344
        assert narrow == table
