"""The database's own full-text structures for the search index.

PostgreSQL: a stored tsvector generated from the four weighted texts, a GIN index on it,
and a trigram GIN index on the vocabulary (pg_trgm) for near-misses.
SQLite: an FTS5 table over the four weighted texts (porter stemming), kept equal to
search_document by triggers.
Other databases get neither, and search.backends refuses them.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

POSTGRES_FORWARDS = [
    """
    ALTER TABLE search_document ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, text_a), 'A')
        || setweight(to_tsvector('english'::regconfig, text_b), 'B')
        || setweight(to_tsvector('english'::regconfig, text_c), 'C')
        || setweight(to_tsvector('english'::regconfig, text_d), 'D')
    ) STORED
    """,
    "CREATE INDEX search_document_vector ON search_document USING gin (vector)",
    "CREATE INDEX search_term_word_trigram ON search_term USING gin (word gin_trgm_ops)",
]
POSTGRES_BACKWARDS = [
    "DROP INDEX IF EXISTS search_term_word_trigram",
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS vector",
]

SQLITE_FORWARDS = [
    """
    CREATE VIRTUAL TABLE search_document_fts USING fts5(
        text_a, text_b, text_c, text_d,
        content='search_document', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_document_fts_insert AFTER INSERT ON search_document BEGIN
        INSERT INTO search_document_fts (rowid, text_a, text_b, text_c, text_d)
        VALUES (new.id, new.text_a, new.text_b, new.text_c, new.text_d);
    END
    """,
    """
    CREATE TRIGGER search_document_fts_delete AFTER DELETE ON search_document BEGIN
        INSERT INTO search_document_fts (search_document_fts, rowid, text_a, text_b, text_c, text_d)
        VALUES ('delete', old.id, old.text_a, old.text_b, old.text_c, old.text_d);
    END
    """,
    """
    CREATE TRIGGER search_document_fts_update AFTER UPDATE ON search_document BEGIN
        INSERT INTO search_document_fts (search_document_fts, rowid, text_a, text_b, text_c, text_d)
        VALUES ('delete', old.id, old.text_a, old.text_b, old.text_c, old.text_d);
        INSERT INTO search_document_fts (rowid, text_a, text_b, text_c, text_d)
        VALUES (new.id, new.text_a, new.text_b, new.text_c, new.text_d);
    END
    """,
    "INSERT INTO search_document_fts (search_document_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS search_document_fts_update",
    "DROP TRIGGER IF EXISTS search_document_fts_delete",
    "DROP TRIGGER IF EXISTS search_document_fts_insert",
    "DROP TABLE IF EXISTS search_document_fts",
]


class PostgresTrigramExtension(TrigramExtension):
    """TrigramExtension, whose reverse also leaves other databases alone."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        PostgresTrigramExtension(),
        migrations.RunPython(
            run({"postgresql": POSTGRES_FORWARDS, "sqlite": SQLITE_FORWARDS}),
            run({"postgresql": POSTGRES_BACKWARDS, "sqlite": SQLITE_BACKWARDS}),
        ),
    ]
