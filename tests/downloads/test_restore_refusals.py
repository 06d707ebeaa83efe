"""A restore refuses what it cannot reproduce exactly, names the file and row, and writes
nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from core.models import DataVersion
from downloads.backup import BackupError, restore_backup
from tests.downloads.conftest import content_counts, edit_csv, edit_json, reseal, rows_of

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_a_restore_into_a_database_holding_data_is_refused_and_changes_nothing(backup):
    counts, version = content_counts(), DataVersion.current()

    with pytest.raises(BackupError, match=r"needs an empty database.*initiatives\.initiative"):
        restore_backup(backup)

    assert content_counts() == counts
    assert DataVersion.current() == version


def test_the_command_refuses_with_a_message_and_no_traceback(backup):
    with pytest.raises(CommandError, match=r"^Nothing was restored\. Restoring needs an empty"):
        call_command("restore_portal_data", str(backup), stdout=io.StringIO())


def test_a_folder_without_a_manifest_is_not_taken_for_a_backup(tmp_path):
    with pytest.raises(BackupError, match=r"holds no manifest\.json"):
        restore_backup(tmp_path)


@pytest.mark.usefixtures("empty_database")
@pytest.mark.parametrize("source", ["json", "csv"])
def test_a_file_changed_after_the_backup_is_refused_by_name(backup, source):
    path = backup / "roadmaps.citation.csv"
    path.write_bytes(path.read_bytes().replace(b"AFR4", b"AFR5", 1))

    with pytest.raises(BackupError, match=r"^roadmaps\.citation\.csv: its size or SHA-256"):
        restore_backup(backup, source=source)

    assert not any(content_counts().values())


@pytest.mark.usefixtures("empty_database")
def test_a_truncated_file_is_refused_by_name(backup):
    path = backup / "portal-backup.json"
    path.write_bytes(path.read_bytes()[:-100])

    with pytest.raises(BackupError, match=r"^portal-backup\.json: its size or SHA-256"):
        restore_backup(backup)

    assert not any(content_counts().values())


def set_json_value(label, number, field, value):
    def edit(document):
        rows_of(document, label)[number - 1][field] = value

    return edit


def add_json_field(document):
    rows_of(document, "initiatives.initiative")[0]["colour"] = "#000000"


def rename_json_model(document):
    document["models"][-1]["model"] = "roadmaps.nonesuch"


def set_cell(row, column, value):
    def edit(rows):
        rows[row][rows[0].index(column)] = value

    return edit


def rename_column(old, new):
    def edit(rows):
        rows[0][rows[0].index(old)] = new

    return edit


# (what is edited, the edit, the message expected): every one is in a model late in the
# order, so that the rows before it would be written if anything were written early.
JSON_EDITS = [
    (
        "a row with a field the model lacks",
        add_json_field,
        r"^portal-backup\.json, initiatives\.initiative row 1: the fields differ from the "
        r"model's; unknown: colour$",
    ),
    (
        "a model this version does not know",
        rename_json_model,
        r"^portal-backup\.json, model entry 23: unknown model 'roadmaps\.nonesuch'$",
    ),
    (
        "a number written as text",
        set_json_value("roadmaps.roadmaprow", 3, "order", "3"),
        r"^portal-backup\.json, roadmaps\.roadmaprow row 3: order: expected int, found '3'$",
    ),
    (
        "a reference to no row",
        set_json_value("roadmaps.citation", 2, "cycle_id", 999),
        r"^portal-backup\.json, roadmaps\.citation row 2: cycle_id 999 is the key of no "
        r"initiatives\.cycle in the backup$",
    ),
    (
        "a key used twice",
        set_json_value("roadmaps.citation", 2, "id", 1),
        r"^portal-backup\.json, roadmaps\.citation row 2: key 1 repeats$",
    ),
]

CSV_EDITS = [
    (
        "a header that is not the model's",
        "regions.region.csv",
        rename_column("code", "region_code"),
        r"^regions\.region\.csv, header: the columns differ from the model's; "
        r"unknown: region_code; missing: code$",
    ),
    (
        "a number that is not one",
        "roadmaps.citation.csv",
        set_cell(5, "order", "five"),
        r"^roadmaps\.citation\.csv, row 5 \(line 6\): order: expected an integer, found 'five'$",
    ),
    (
        "an empty cell where NULL is not allowed",
        "initiatives.initiative.csv",
        set_cell(2, "cycle_id", ""),
        r"^initiatives\.initiative\.csv, row 2 \(line 3\): cycle_id: missing value in a column "
        r"that cannot be NULL$",
    ),
    (
        "a text longer than its field allows",
        "roadmaps.citation.csv",
        set_cell(1, "code", "AFR4" * 5),
        r"^roadmaps\.citation\.csv, row 1 \(line 2\): code: Ensure this value has at most 8 "
        r"characters \(it has 20\)\.$",
    ),
    (
        "a row the database refuses",
        "roadmaps.citation.csv",
        set_cell(3, "code", "afr4"),
        r"^roadmaps\.citation\.csv, row 3: refused by the database: .*citation",
    ),
]


@pytest.mark.usefixtures("empty_database")
@pytest.mark.parametrize(("case", "edit", "message"), JSON_EDITS, ids=[c[0] for c in JSON_EDITS])
def test_a_malformed_json_backup_is_refused_naming_the_row(backup, case, edit, message):
    edit_json(backup, edit)
    version = DataVersion.current()

    with pytest.raises(BackupError, match=message):
        restore_backup(backup)

    assert not any(content_counts().values())
    assert DataVersion.current() == version


@pytest.mark.usefixtures("empty_database")
@pytest.mark.parametrize(
    ("case", "name", "edit", "message"), CSV_EDITS, ids=[c[0] for c in CSV_EDITS]
)
def test_a_malformed_csv_backup_is_refused_naming_the_row(backup, case, name, edit, message):
    edit_csv(backup, name, edit)
    version = DataVersion.current()

    with pytest.raises(BackupError, match=message):
        restore_backup(backup, source="csv")

    assert not any(content_counts().values())
    assert DataVersion.current() == version


@pytest.mark.usefixtures("empty_database")
def test_a_json_file_that_does_not_parse_is_refused_with_its_line(backup):
    path = backup / "portal-backup.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"id": 3,', '"id": 3', 1))
    reseal(backup, path.name)

    with pytest.raises(BackupError, match=r"^portal-backup\.json: not valid JSON \(line \d+"):
        restore_backup(backup)

    assert not any(content_counts().values())


@pytest.mark.usefixtures("empty_database")
def test_a_roadmap_cell_holding_markup_the_sanitiser_removes_is_refused(backup):
    # The pages print stored cells as they are; a backup edited to carry a script, with
    # its manifest resealed, must not bring one in.
    def inject(document):
        row = rows_of(document, "roadmaps.roadmaprow")[0]
        row["outcome"] += '<script>alert("x")</script>'

    edit_json(backup, inject)
    version = DataVersion.current()

    with pytest.raises(
        BackupError,
        match=r"^The restored data fails the data checks: C2 A: outcome holds HTML the "
        r"sanitiser would change",
    ):
        restore_backup(backup)

    assert not any(content_counts().values())
    assert DataVersion.current() == version
