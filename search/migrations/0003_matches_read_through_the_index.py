"""The documents matching a search, read through an index built for the purpose.

PostgreSQL: two functions that find the matches of a tsquery through the GIN index. The
planner prices `vector @@ query` on a sequential scan as one cheap operator per row, but
each row's vector must first be read (and decompressed, when stored apart): for a word in
many documents it then reads every document, many times slower than looking the word up
in the GIN index, whose answer needs no recheck. A function's own SET clause is the one
way PostgreSQL offers to change a planner setting for one statement only (a SQL function
with a SET clause is planned apart, never inlined into the query that calls it).

SQLite: an index holding what a search reads of each matching document besides its text
(its kind and owner), so that counting the matches by kind or finding their owners reads
a few narrow index pages rather than each document's row; the queries name it
(INDEXED BY), since SQLite's planner prefers the table's own rowid.

docs/decisions/0018-search-through-the-index.md tells the measurements.
"""

from django.db import migrations

POSTGRES_FORWARDS = [
    """
    CREATE FUNCTION search_matches(query tsquery)
    RETURNS TABLE (
        id bigint, kind varchar, owner_kind varchar, owner_id bigint, object_id bigint
    )
    LANGUAGE sql STABLE
    SET enable_seqscan = off
    AS $$
        SELECT id, kind, owner_kind, owner_id, object_id
        FROM search_document
        WHERE vector @@ query
    $$
    """,
    """
    CREATE FUNCTION search_ranked(query tsquery, weights float4[], normalization integer)
    RETURNS TABLE (
        id bigint, kind varchar, owner_kind varchar, owner_id bigint, object_id bigint,
        rank real
    )
    LANGUAGE sql STABLE
    SET enable_seqscan = off
    AS $$
        SELECT id, kind, owner_kind, owner_id, object_id,
            ts_rank(weights, vector, query, normalization)
        FROM search_document
        WHERE vector @@ query
    $$
    """,
]
POSTGRES_BACKWARDS = [
    "DROP FUNCTION IF EXISTS search_ranked(tsquery, float4[], integer)",
    "DROP FUNCTION IF EXISTS search_matches(tsquery)",
]
SQLITE_FORWARDS = [
    """
    CREATE INDEX search_document_match_columns
    ON search_document (id, kind, owner_kind, owner_id, object_id)
    """,
]
SQLITE_BACKWARDS = ["DROP INDEX IF EXISTS search_document_match_columns"]
STATEMENTS = {
    "forwards": {"postgresql": POSTGRES_FORWARDS, "sqlite": SQLITE_FORWARDS},
    "backwards": {"postgresql": POSTGRES_BACKWARDS, "sqlite": SQLITE_BACKWARDS},
}


def forwards(apps, schema_editor):
    for statement in STATEMENTS["forwards"].get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in STATEMENTS["backwards"].get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_full_text_structures"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
