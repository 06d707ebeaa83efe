"""A backup holds the whole knowledge base, and restoring it gives back the same database."""

import csv
import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from core.models import DataVersion
from downloads.backup import (
    JSON_NAME,
    MANIFEST_NAME,
    label_of,
    portal_models,
    restore_backup,
    write_backup,
)
from initiatives.models import Initiative, RelatedInitiative
from search.engine import search
from sources.models import SourceSection
from tests.downloads.conftest import empty_the_portal_tables, row_counts, rows_of

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def files_of(directory) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def test_two_backups_of_the_same_data_are_byte_identical(backup, tmp_path):
    write_backup(tmp_path / "second")
    assert files_of(tmp_path / "second") == files_of(backup)


def test_the_manifest_lists_every_model_and_every_file_with_its_size_and_checksum(backup):
    manifest = json.loads((backup / MANIFEST_NAME).read_text(encoding="utf-8"))
    labels = [label_of(model) for model in portal_models()]
    assert [entry["model"] for entry in manifest["models"]] == labels
    assert {entry["model"]: entry["rows"] for entry in manifest["models"]} == row_counts()
    names = [entry["name"] for entry in manifest["files"]]
    assert names == [JSON_NAME] + [f"{label}.csv" for label in labels]
    assert sorted([*names, MANIFEST_NAME]) == sorted(files_of(backup))
    for entry in manifest["files"]:
        content = (backup / entry["name"]).read_bytes()
        assert entry["size"] == len(content)
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()


def test_derived_tables_of_the_portal_apps_are_kept_and_the_search_index_left_out(backup):
    document = json.loads((backup / JSON_NAME).read_text(encoding="utf-8"))
    labels = [entry["model"] for entry in document["models"]]
    assert "initiatives.relatedinitiative" in labels
    assert "sources.dataversion" in labels
    assert "initiatives.initiativesdg" in labels
    assert not [label for label in labels if label.startswith("search.")]


def test_every_column_is_backed_up_keys_and_curation_notes_included(backup):
    document = json.loads((backup / JSON_NAME).read_text(encoding="utf-8"))
    for model in portal_models():
        names = [field.attname for field in model._meta.concrete_fields]
        with open(backup / f"{label_of(model)}.csv", encoding="utf-8", newline="") as file:
            assert next(csv.reader(file)) == names
        keys = sorted(model._base_manager.values_list("pk", flat=True))
        assert [row["id"] for row in rows_of(document, label_of(model))] == keys
    adopted = Initiative.objects.get(slug="2026-2029-ams1")
    assert adopted.draft_id is not None
    row = next(r for r in rows_of(document, "initiatives.initiative") if r["id"] == adopted.pk)
    assert row == {f.attname: getattr(adopted, f.attname) for f in Initiative._meta.concrete_fields}


def test_the_csv_files_write_null_as_an_empty_cell_only_where_a_field_can_be_null(backup):
    with open(backup / "initiatives.initiative.csv", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert sum(row["draft_id"] == "" for row in rows) == (
        Initiative.objects.filter(draft__isnull=True).count()
    )
    # An empty text is an empty cell too, in a column that cannot be NULL.
    assert sum(row["curation_note"] == "" for row in rows) == (
        Initiative.objects.filter(curation_note="").count()
    )
    assert {row["stage"] for row in rows} == {"draft", "adopted"}
    related = (backup / "initiatives.relatedinitiative.csv").read_text(encoding="utf-8")
    first = next(csv.DictReader(io.StringIO(related, newline="")))
    assert (
        json.loads(first["shared_terms"])
        == RelatedInitiative.objects.get(pk=first["id"]).shared_terms
    )


@pytest.mark.parametrize("source", ["json", "csv"])
def test_a_restore_gives_back_the_database_exactly(backup, tmp_path, source):
    original = row_counts()
    assert original["initiatives.initiative"] == 35
    assert original["initiatives.expectedresult"] == 217
    assert original["roadmaps.roadmaprow"] == 76
    assert all(original.values()), original
    empty_the_portal_tables()
    assert not any(row_counts().values())

    lines = []
    restore_backup(backup, report=lines.append, source=source)

    assert row_counts() == original
    assert "  initiatives.initiative: 35 rows restored" in lines
    write_backup(tmp_path / "again")
    assert files_of(tmp_path / "again") == files_of(backup)


def test_a_database_that_served_a_later_data_version_counts_on_instead_of_going_back(backup):
    backed_up = DataVersion.current()
    empty_the_portal_tables()
    # Deleting through the ORM raises the version, as every save and delete does.
    DataVersion.objects.create(pk=1, version=backed_up + 40)

    restore_backup(backup)

    assert DataVersion.current() == backed_up + 41


def test_a_database_that_served_an_earlier_data_version_takes_the_backed_up_one(backup):
    backed_up = DataVersion.current()
    empty_the_portal_tables()
    DataVersion.objects.create(pk=1, version=backed_up - 1)

    restore_backup(backup)

    assert DataVersion.current() == backed_up


def test_a_restored_database_serves_search_pages_and_related_initiatives(backup, client):
    found_before = search("satellite").count
    related_before = RelatedInitiative.objects.count()
    empty_the_portal_tables()
    assert search("satellite").count == 0

    restore_backup(backup)

    assert search("satellite").count == found_before > 0
    response = client.get("/search/?q=satellite")
    assert response.status_code == 200
    assert b"satellite" in response.content.lower()
    ams1 = Initiative.objects.get(slug="2026-2029-ams1")
    assert client.get(ams1.get_absolute_url()).status_code == 200
    assert ams1.related.count() > 0
    assert RelatedInitiative.objects.count() == related_before


def test_after_a_restore_a_new_row_takes_a_new_key(backup):
    last = SourceSection.objects.order_by("pk").last()
    empty_the_portal_tables()
    # Wind the key sequence back to its start, as in a database that never held a section.
    with connection.cursor() as cursor:
        table = {"table": SourceSection._meta.db_table, "column": "id"}
        for sql in connection.ops.sequence_reset_by_name_sql(no_style(), [table]):
            cursor.execute(sql)

    restore_backup(backup)

    section = SourceSection.objects.create(source_id=last.source_id, order=99, body="Added.")
    assert section.pk == last.pk + 1


def test_the_commands_back_up_and_restore_from_csv(tmp_path):
    out = io.StringIO()
    call_command("backup_portal_data", output=tmp_path / "cmd", stdout=out)
    assert "  roadmaps.roadmaprow: 76 rows" in out.getvalue().splitlines()
    original = row_counts()
    empty_the_portal_tables()

    out = io.StringIO()
    call_command("restore_portal_data", str(tmp_path / "cmd"), "--from", "csv", stdout=out)

    lines = out.getvalue().splitlines()
    assert "  roadmaps.roadmaprow: 76 rows restored" in lines
    assert len([line for line in lines if line.endswith(" restored")]) == len(portal_models())
    assert row_counts() == original


def test_a_restore_is_recorded_in_the_history_as_one_batch(backup):
    empty_the_portal_tables()
    before = Initiative.history.count()
    restore_backup(backup)
    restored = Initiative.history.filter(history_change_reason="restore_portal_data")
    assert restored.count() == 35
    assert Initiative.history.count() == before + 35
    assert {row.history_type for row in restored} == {"+"}
    batches = set(restored.values_list("batch", flat=True))
    assert len(batches) == 1
    results = SourceSection.history.filter(batch__in=batches)
    assert results.count() == SourceSection.objects.count()


def test_the_changes_page_shows_a_restore_as_one_line(backup, client):
    empty_the_portal_tables()
    restore_backup(backup)
    page = client.get("/changes/").content.decode()
    assert "records created by a restore" in page
