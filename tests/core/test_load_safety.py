"""`load_portal_data` never loses a word: an edit made in the database since the last load
is not overwritten, a record the fixtures do not list is not deleted, and a damaged file is
refused, each unless the operator says otherwise, and every refusal leaves the database
exactly as it was."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from core.loading import END_OF_FIXTURE
from initiatives.models import ExpectedResult, Initiative
from tests.snapshots import snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

AMS = "001_regional_initiatives_2026_2029_ams.yaml"
AMS4_TITLE = (
    "Promoting cyber resilience and capacity building in cybersecurity and cyber resilience"
)
# A correction the curated rationales still quote correctly.
CORRECTED = f"{AMS4_TITLE} in the Americas"


def load(**options) -> str:
    out = StringIO()
    call_command("load_portal_data", stdout=out, **options)
    return out.getvalue()


def refusal(**options) -> str:
    with pytest.raises(CommandError) as refused:
        load(**options)
    message = str(refused.value)
    assert message.startswith("Nothing was loaded.")
    return message


@pytest.fixture
def fixtures_copy(tmp_path) -> Path:
    target = tmp_path / "fixtures"
    shutil.copytree(settings.PORTAL_FIXTURES_DIR, target)
    return target


@pytest.fixture
def edited_title():
    ams4 = Initiative.objects.get(slug="2026-2029-ams4")
    ams4.title = CORRECTED
    ams4.save()
    return ams4


def test_an_edit_in_the_database_is_not_overwritten_and_is_named_with_both_values(edited_title):
    before = snapshot()
    message = refusal()
    assert f"{AMS}, initiative AMS4 2026-2029 (adopted), title:" in message
    assert f"database: '{CORRECTED}'" in message
    assert f"fixture:  '{AMS4_TITLE}'" in message
    assert "export_fixtures" in message
    assert "--discard-edits" in message
    assert snapshot() == before


def test_every_edited_field_of_every_record_is_named(edited_title):
    result = ExpectedResult.objects.get(initiative__slug="2023-2025-cis2", number=1)
    result.text = "A corrected result"
    result.save()
    message = refusal()
    assert "2 value(s) were changed in the database" in message
    assert "initiative CIS2 2023-2025 (adopted), expected result 1, text:" in message


def test_an_edit_the_fixture_already_holds_loads(edited_title, fixtures_copy):
    path = fixtures_copy / AMS
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(f"title: {AMS4_TITLE}\n", f"title: {CORRECTED}\n"),
        encoding="utf-8",
    )
    output = load(fixtures_dir=fixtures_copy)
    assert "Loaded 8 fixture files." in output
    assert Initiative.objects.get(slug="2026-2029-ams4").title == CORRECTED
    # The fixture is now what was loaded: a second load changes nothing.
    assert " updated" not in load(fixtures_dir=fixtures_copy)


def test_discarding_edits_keeps_them_in_a_file_and_says_where(edited_title, settings, tmp_path):
    settings.PORTAL_DISCARDED_EDITS_DIR = tmp_path / "discarded"
    output = load(discard_edits=True)
    kept = list((tmp_path / "discarded").glob("discarded-edits-*.yaml"))
    assert len(kept) == 1
    assert str(kept[0]) in output
    entries = yaml.safe_load(kept[0].read_text(encoding="utf-8"))
    assert entries == [
        {
            "file": AMS,
            "record": "initiative AMS4 2026-2029 (adopted)",
            "field": "title",
            "database": CORRECTED,
            "fixture": AMS4_TITLE,
        }
    ]
    assert Initiative.objects.get(slug="2026-2029-ams4").title == AMS4_TITLE
    # Once discarded, the next load has nothing to say.
    assert "Loaded 8 fixture files." in load()


def test_a_record_deleted_in_the_database_is_not_brought_back_silently():
    ExpectedResult.objects.get(initiative__slug="2026-2029-ams4", number=2).delete()
    before = snapshot()
    message = refusal()
    assert "initiative AMS4 2026-2029 (adopted), expected result 2, (the record):" in message
    assert "database: 'deleted'" in message
    assert snapshot() == before


@pytest.fixture
def added_result():
    ams4 = Initiative.objects.get(slug="2026-2029-ams4")
    return ExpectedResult.objects.create(
        initiative=ams4, number=99, text="A result an editor added in the admin."
    )


def test_a_record_the_fixtures_do_not_list_is_not_deleted(added_result):
    before = snapshot()
    message = refusal()
    identity = f"initiatives.expectedresult:{added_result.pk}"
    assert f"{AMS}: {identity} (" in message
    assert "--prune" in message
    assert snapshot() == before


def test_a_listed_removal_deletes_that_record_only(added_result):
    output = load(remove=[f"initiatives.expectedresult:{added_result.pk}"])
    assert "expected results: 1 deleted" in output
    assert not ExpectedResult.objects.filter(pk=added_result.pk).exists()


def test_prune_deletes_what_the_fixtures_do_not_list(added_result):
    load(prune=True)
    assert not ExpectedResult.objects.filter(pk=added_result.pk).exists()


@pytest.mark.parametrize("name", settings.PORTAL_FIXTURES)
@pytest.mark.parametrize("fraction", [0.25, 0.5, 0.9])
def test_a_file_cut_short_is_refused_and_nothing_changes(fixtures_copy, name, fraction):
    path = fixtures_copy / name
    data = path.read_bytes()
    # Cut at a line end, as a copy stopped between two writes would, so the rest may parse.
    cut = data.rfind(b"\n", 0, int(len(data) * fraction)) + 1
    path.write_bytes(data[:cut])
    before = snapshot()
    message = refusal(fixtures_dir=fixtures_copy)
    assert f"{name}, line " in message
    assert "the file looks cut short" in message
    assert snapshot() == before


def test_a_file_cut_at_a_record_boundary_is_refused(fixtures_copy):
    path = fixtures_copy / AMS
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("- code: AMS3\n")], encoding="utf-8")
    assert f"{AMS}, line " in refusal(fixtures_dir=fixtures_copy)


def test_every_fixture_ends_with_the_end_of_document_line():
    for name in settings.PORTAL_FIXTURES:
        text = (settings.PORTAL_FIXTURES_DIR / name).read_text(encoding="utf-8")
        assert text.endswith(f"\n{END_OF_FIXTURE}\n"), name


def test_a_file_that_is_not_utf8_is_refused_naming_the_line(fixtures_copy):
    path = fixtures_copy / AMS
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.replace("Digital inclusion", "Digital incl\xfcsion", 1).encode("latin-1"))
    before = snapshot()
    message = refusal(fixtures_dir=fixtures_copy)
    assert f"{AMS}, line " in message
    assert "is not UTF-8 text" in message
    assert snapshot() == before


def test_a_file_that_is_not_yaml_is_refused_naming_the_place(fixtures_copy):
    path = fixtures_copy / AMS
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  stage: adopted\n", "  stage: [adopted\n", 1), encoding="utf-8")
    before = snapshot()
    message = refusal(fixtures_dir=fixtures_copy)
    assert f"{AMS}, line " in message
    assert ", column " in message
    assert "is not valid YAML" in message
    assert snapshot() == before
