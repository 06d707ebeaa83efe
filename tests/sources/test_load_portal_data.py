"""`load_portal_data`: every fixture, in order, in one transaction, idempotent, loud on errors."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from core.models import LoadedRecord
from initiatives.models import ExpectedResult, Initiative
from tests.snapshots import snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def load(fixtures_dir: Path | None = None, **options) -> str:
    out = StringIO()
    if fixtures_dir:
        options["fixtures_dir"] = fixtures_dir
    call_command("load_portal_data", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def fixtures_copy(tmp_path) -> Path:
    target = tmp_path / "fixtures"
    shutil.copytree(settings.PORTAL_FIXTURES_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_second_run_changes_nothing():
    before = snapshot()
    output = load()
    assert snapshot() == before
    for action in ("created", "updated", "deleted"):
        assert f" {action}" not in output
    assert "[7/8] 004_wsis_roadmaps_2025.yaml" in output


def test_loading_into_an_empty_database_gives_the_same_data_as_the_first_load():
    before = snapshot()
    Initiative.objects.filter(stage="adopted").delete()
    Initiative.objects.all().delete()
    # An empty database has no record of an earlier load either.
    LoadedRecord.objects.all().delete()
    output = load()
    assert "initiatives: 25 created" in output
    after = snapshot()
    # Primary keys are new; everything else must be equal.
    assert {k: len(v) for k, v in after.items()} == {k: len(v) for k, v in before.items()}
    texts = sorted(ExpectedResult.objects.values_list("initiative__slug", "number", "text"))
    assert len(texts) == 217


def test_progress_names_every_fixture_in_dependency_order():
    output = load()
    names = [line.split("] ", 1)[1] for line in output.splitlines() if line.startswith("[")]
    assert names == settings.PORTAL_FIXTURES
    assert names.index("002_rpm_coordination_2025.yaml") < names.index(
        "001_regional_initiatives_2026_2029_ams.yaml"
    ), "adopted initiatives refer to their drafts, which must load first"


def test_an_edited_text_is_updated_and_a_removed_result_is_deleted(fixtures_copy):
    fixture = fixtures_copy / "000_regional_initiatives_2023_2025_cis.yaml"
    edit(
        fixture,
        "Raising the technological level of organizations",
        "Raising the level of organizations",
    )
    text = fixture.read_text(encoding="utf-8")
    start = text.index("  - number: 7\n    text: Professional development courses, forums")
    end = text.index("- code: CIS5")
    fixture.write_text(text[:start] + text[end:], encoding="utf-8")

    before = snapshot()
    with pytest.raises(CommandError) as refused:
        load(fixtures_copy)
    # A removal is refused until it is asked for, and nothing changes.
    assert "1 record(s) are in the database but no longer in their fixture" in str(refused.value)
    assert "initiatives.expectedresult:" in str(refused.value)
    assert snapshot() == before

    output = load(fixtures_copy, prune=True)

    assert "expected results: 1 updated" in output
    assert "expected results: 1 deleted" in output
    cis1 = Initiative.objects.get(slug="2023-2025-cis1")
    assert cis1.expected_results.get(number=3).text.startswith("Raising the level of organizations")
    assert Initiative.objects.get(slug="2023-2025-cis4").expected_results.count() == 6


BROKEN_FIXTURES = [
    pytest.param(
        "002_rpm_coordination_2025.yaml",
        "  - number: 2\n    text: Assessment of dynamics",
        "  - number: 1\n    text: Assessment of dynamics",
        "initiative EUR1 2026-2029 (draft), expected result 1",
        id="duplicate-result-number",
    ),
    pytest.param(
        "002_rpm_coordination_2025.yaml",
        "    - 9\n",
        "    - 18\n",
        "initiative EUR1 2026-2029 (draft), source alignment sdgs 18",
        id="sdg-out-of-range",
    ),
    pytest.param(
        "001_regional_initiatives_2026_2029_ams.yaml",
        "draft: 2026-2029-ams3-draft",
        "draft: 2026-2029-ams9-draft",
        "initiative AMS3 2026-2029 (adopted): refers to a initiative that does not exist",
        id="unknown-draft",
    ),
    pytest.param(
        "001_regional_initiatives_2026_2029_ams.yaml",
        "draft: 2026-2029-ams3-draft",
        "draft: 2026-2029-ams2-draft",
        "is not the draft of AMS3 2026-2029",
        id="draft-of-another-initiative",
    ),
    pytest.param(
        "000_regional_initiatives_2023_2025_cis.yaml",
        "  stage: adopted\n",
        "  stage: final\n",
        "initiative CIS1 2023-2025 (final): stage must be one of draft, adopted",
        id="unknown-stage",
    ),
    pytest.param(
        "000_regional_initiatives_2023_2025_cis.yaml",
        "  objective: To provide assistance to ITU Member States of the region in developing and",
        "  objectiv: To provide assistance to ITU Member States of the region in developing and",
        "initiative CIS2 2023-2025 (adopted): missing field(s): objective",
        id="misspelt-field",
    ),
    pytest.param(
        "002_rpm_coordination_2025.yaml",
        "start_date: '2025-04-24'",
        "start_date: '2025-04-31'",
        "meeting 'RPM-CIS': '2025-04-31' is not a date",
        id="impossible-date",
    ),
    pytest.param(
        "002_rpm_coordination_2025.yaml",
        "start_date: '2025-04-08'",
        "start_date: '2025-04-10'",
        "meeting 'RPM-AFR'",
        id="meeting-ends-before-it-starts",
    ),
    pytest.param(
        "vocabularies.yaml",
        "  - {code: AFR, name: Africa,",
        "  - {code: AFX, name: Africa,",
        "region 'AFX'",
        id="region-code-not-among-the-six",
    ),
    pytest.param(
        "003_cstd_priority_theme_2023_24.yaml",
        "source_sections:",
        "source_sectons:",
        "unknown section 'source_sectons'",
        id="unknown-section",
    ),
    pytest.param(
        "sources.yaml",
        "file_name: 003_e652caa41b53f9c2.txt",
        "file_name: 003_missing.txt",
        "source 'cstd-priority-theme-2-2023-24': names a document that is not in the repository",
        id="missing-document",
    ),
    pytest.param(
        "000_regional_initiatives_2023_2025_cis.yaml",
        "initiatives:",
        "initiatives: [",
        "000_regional_initiatives_2023_2025_cis.yaml, line 5, column 1: is not valid YAML",
        id="invalid-yaml",
    ),
]


@pytest.mark.parametrize(("file_name", "old", "new", "message"), BROKEN_FIXTURES)
def test_a_broken_fixture_is_refused_naming_file_and_record_and_nothing_changes(
    fixtures_copy, file_name, old, new, message
):
    # The refused fixture comes after others that would change data: those changes
    # must be rolled back too.
    if file_name != "000_regional_initiatives_2023_2025_cis.yaml":
        edit(
            fixtures_copy / "000_regional_initiatives_2023_2025_cis.yaml",
            "Raising the technological level of organizations",
            "Raising the level of organizations",
        )
    edit(fixtures_copy / file_name, old, new)
    before = snapshot()

    with pytest.raises(CommandError) as refused:
        load(fixtures_copy)

    assert str(refused.value).startswith("Nothing was loaded. ")
    assert file_name in str(refused.value)
    assert message in str(refused.value)
    assert snapshot() == before


def test_removing_a_draft_that_an_adopted_initiative_still_links_is_refused(fixtures_copy):
    fixture = fixtures_copy / "002_rpm_coordination_2025.yaml"
    text = fixture.read_text(encoding="utf-8")
    start = text.index("- code: AMS2\n")
    end = text.index("- code: AMS3\n")
    fixture.write_text(text[:start] + text[end:], encoding="utf-8")
    before = snapshot()

    with pytest.raises(CommandError) as refused:
        load(fixtures_copy, prune=True)

    assert "002_rpm_coordination_2025.yaml, initiatives no longer listed" in str(refused.value)
    assert "AMS2 2026-2029 (draft)" in str(refused.value)
    assert snapshot() == before
