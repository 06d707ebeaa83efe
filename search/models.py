"""The search index: one row per searchable record, and the words it holds.

The full-text structures are the database's own and live outside these models: on
PostgreSQL a stored, weighted ``tsvector`` column (``vector``) with a GIN index; on SQLite
an FTS5 table (``search_document_fts``) kept equal to this table by triggers. Both are
created by migration 0002 and read by ``search.backends``, through what migration 0003
adds (PostgreSQL functions that find the matches in the GIN index; on SQLite, a narrow
index of each document's kind and owner).
"""

from django.db import models


class SearchDocument(models.Model):
    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    owner_kind = models.CharField(max_length=40)
    owner_id = models.PositiveBigIntegerField()
    title = models.TextField()
    label = models.TextField(blank=True)
    html_url = models.CharField(max_length=500)
    # The indexed text by weight class (A strongest), prepared by search.indexing.
    text_a = models.TextField(blank=True)
    text_b = models.TextField(blank=True)
    text_c = models.TextField(blank=True)
    text_d = models.TextField(blank=True)
    # The weight class holding the record's body, where snippets are taken from.
    body_weight = models.CharField(max_length=1, default="B")

    class Meta:
        db_table = "search_document"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="unique_search_document_per_record"
            ),
            models.CheckConstraint(
                condition=models.Q(body_weight__in=["A", "B", "C", "D"]),
                name="search_document_body_weight_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["owner_kind", "owner_id"], name="search_document_owner"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.title[:60]}"


class SearchTerm(models.Model):
    """A word of the indexed text: the vocabulary that near-misses are matched against."""

    word = models.CharField(max_length=60, unique=True)

    class Meta:
        db_table = "search_term"

    def __str__(self):
        return self.word
