"""export_fixtures writes the database back as the fixture files: byte-identical right
after a load, and after an edit different by exactly the lines that hold the edit."""

import difflib
import io

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from frameworks.models import SDG, Provenance
from initiatives.models import ExpectedResult, Initiative, InitiativeSDG, Stage
from regions.models import MeetingPriority

pytestmark = pytest.mark.django_db

AMS = "001_regional_initiatives_2026_2029_ams.yaml"
CURATED = "curated_alignments.yaml"


def body(text: str) -> str:
    """A file's text without its end-of-document line, which some copies may lack."""
    return text.removesuffix("...\n")


def repository(name: str) -> str:
    return (settings.PORTAL_FIXTURES_DIR / name).read_text(encoding="utf-8")


@pytest.fixture
def export(tmp_path):
    """Export into a fresh folder; return it and what the command printed."""

    def run():
        out = io.StringIO()
        call_command("export_fixtures", output=tmp_path, stdout=out)
        return tmp_path, out.getvalue()

    return run


def changes(name: str, folder) -> tuple[list[str], list[str]]:
    """The lines the export removed from and added to a file of the repository."""
    diff = difflib.unified_diff(
        body(repository(name)).splitlines(),
        body((folder / name).read_text(encoding="utf-8")).splitlines(),
        lineterm="",
        n=0,
    )
    removed, added = [], []
    for line in diff:
        if line.startswith(("---", "+++", "@@")):
            continue
        (removed if line.startswith("-") else added).append(line[1:])
    return removed, added


def unchanged_except(folder, name: str) -> None:
    for other in settings.PORTAL_FIXTURES:
        if other != name:
            assert body((folder / other).read_text(encoding="utf-8")) == body(repository(other))


def test_right_after_the_load_every_file_is_written_byte_identical(export):
    folder, output = export()
    for name in settings.PORTAL_FIXTURES:
        written = (folder / name).read_text(encoding="utf-8")
        assert written.endswith("\n...\n")
        assert body(written) == body(repository(name)), name
        assert f"{name}: unchanged" in output
    assert sorted(path.name for path in folder.iterdir()) == sorted(settings.PORTAL_FIXTURES)


def test_a_title_edit_changes_exactly_the_lines_of_that_title(export):
    initiative = Initiative.objects.get(slug="2026-2029-ams4")
    old_title = initiative.title
    Initiative.objects.filter(pk=initiative.pk).update(title="Cybersecurity for everyone")

    folder, output = export()

    removed, added = changes(AMS, folder)
    assert added == ["  title: Cybersecurity for everyone"]
    # The old title, wrapped over as many lines as it took.
    assert removed[0].startswith("  title: ")
    assert " ".join(line.strip() for line in removed) == f"title: {old_title}"
    assert f"{AMS}: changed (+1 -{len(removed)} lines)" in output
    unchanged_except(folder, AMS)


def test_an_expected_result_edit_changes_exactly_its_text(export):
    result = ExpectedResult.objects.get(initiative__slug="2026-2029-ams4", number=2)
    old_text = result.text
    ExpectedResult.objects.filter(pk=result.pk).update(text=f"{old_text} (revised)")

    folder, _ = export()

    removed, added = changes(AMS, folder)
    assert removed[0].startswith("    text: ")
    assert added[0].startswith("    text: ")
    assert " ".join(line.strip() for line in removed) == f"text: {old_text}"
    assert " ".join(line.strip() for line in added) == f"text: {old_text} (revised)"
    # Wrapped as the file wraps: no line longer than its longest.
    longest = max(len(line) for line in repository(AMS).splitlines())
    assert all(len(line) <= longest for line in added)
    unchanged_except(folder, AMS)


def test_a_vocabulary_edit_rewrites_its_one_line_in_the_files_own_style(export):
    SDG.objects.filter(number=3).update(title="Ensure healthy lives, for all")

    folder, _ = export()

    removed, added = changes("vocabularies.yaml", folder)
    assert len(removed) == 1
    assert removed[0].startswith("  - {number: 3, ")
    # A flow record, its comma-bearing title in the file's double quotes.
    assert added == [
        '  - {number: 3, short_name: Good health and well-being, colour: "#4C9F38", '
        'title: "Ensure healthy lives, for all", names: {ar: الصحة الجيدة والرفاه, '
        "es: Salud y bienestar, fr: Bonne santé et bien-être, "
        "ru: Хорошее здоровье и благополучие, zh: 良好健康与福祉}}"
    ]
    unchanged_except(folder, "vocabularies.yaml")


def test_an_unpublished_record_is_written_published_false_and_nothing_else(export):
    Initiative.objects.filter(slug="2026-2029-ams4").update(published=False)

    folder, _ = export()

    removed, added = changes(AMS, folder)
    assert removed == []
    assert added == ["  published: false"]
    records = yaml.safe_load((folder / AMS).read_text(encoding="utf-8"))["initiatives"]
    assert [r["code"] for r in records if r.get("published") is False] == ["AMS4"]


def test_an_added_expected_result_is_written_after_the_last_one_of_its_initiative(export):
    initiative = Initiative.objects.get(slug="2026-2029-ams4")
    last = initiative.expected_results.order_by("number").last()
    ExpectedResult.objects.create(
        initiative=initiative, number=last.number + 1, text="Regional cyber drills."
    )

    folder, _ = export()

    removed, added = changes(AMS, folder)
    assert removed == []
    assert added == [f"  - number: {last.number + 1}", "    text: Regional cyber drills."]
    records = yaml.safe_load((folder / AMS).read_text(encoding="utf-8"))["initiatives"]
    ams4 = next(r for r in records if r["code"] == "AMS4" and r["stage"] == Stage.ADOPTED)
    assert ams4["expected_results"][-1] == {
        "number": last.number + 1,
        "text": "Regional cyber drills.",
    }


def test_a_deleted_expected_result_disappears_from_its_file(export):
    result = ExpectedResult.objects.get(initiative__slug="2026-2029-ams4", number=2)
    text = result.text
    result.delete()

    folder, _ = export()

    removed, added = changes(AMS, folder)
    assert added == []
    assert removed[0] == "  - number: 2"
    assert " ".join(line.strip() for line in removed[1:]) == f"text: {text}"
    unchanged_except(folder, AMS)


def test_a_new_initiative_goes_to_the_file_of_its_source_after_the_one_it_follows(export):
    ams5 = Initiative.objects.get(slug="2026-2029-ams5")
    Initiative.objects.create(
        cycle=ams5.cycle,
        region=ams5.region,
        code="AMS6",
        number=6,
        stage=Stage.ADOPTED,
        slug=Initiative.make_slug(ams5.cycle.slug, "AMS6", Stage.ADOPTED),
        label_as_printed="AMS6",
        title="Space connectivity",
        objective="To connect the unconnected from orbit.",
        source=ams5.source,
        source_locator="AMS6",
    ).expected_results.create(number=1, text="Satellite plans.")

    folder, _ = export()

    records = yaml.safe_load((folder / AMS).read_text(encoding="utf-8"))["initiatives"]
    assert [r["code"] for r in records] == ["AMS1", "AMS2", "AMS3", "AMS4", "AMS5", "AMS6"]
    assert records[-1] == {
        "code": "AMS6",
        "cycle": "2026-2029",
        "stage": "adopted",
        "label_as_printed": "AMS6",
        "source": ams5.source.slug,
        "source_locator": "AMS6",
        "title": "Space connectivity",
        "objective": "To connect the unconnected from orbit.",
        "expected_results": [{"number": 1, "text": "Satellite plans."}],
    }
    removed, _ = changes(AMS, folder)
    assert removed == []
    unchanged_except(folder, AMS)


def test_an_edited_rationale_changes_its_one_line_and_keeps_the_comments(export):
    link = InitiativeSDG.objects.get(
        initiative__slug="2026-2029-ams4", sdg__number=9, provenance=Provenance.CURATED
    )
    InitiativeSDG.objects.filter(pk=link.pk).update(
        rationale='Infrastructure: "Cybersecurity and data protection"'
    )

    folder, _ = export()

    removed, added = changes(CURATED, folder)
    assert len(removed) == 1
    assert removed[0].startswith("        rationale: '")
    assert added == ["        rationale: 'Infrastructure: \"Cybersecurity and data protection\"'"]
    written = (folder / CURATED).read_text(encoding="utf-8")
    comments = [line for line in repository(CURATED).splitlines() if line.lstrip().startswith("#")]
    assert comments == [line for line in written.splitlines() if line.lstrip().startswith("#")]
    unchanged_except(folder, CURATED)


def test_a_section_comment_stays_when_the_record_under_it_goes(export):
    InitiativeSDG.objects.filter(
        initiative__slug="2026-2029-afr1-draft", provenance=Provenance.CURATED
    ).delete()
    for model in ("InitiativeActionLine", "InitiativeGDCObjective"):
        link_model = InitiativeSDG._meta.apps.get_model("initiatives", model)
        link_model.objects.filter(
            initiative__slug="2026-2029-afr1-draft", provenance=Provenance.CURATED
        ).delete()

    folder, _ = export()

    lines = (folder / CURATED).read_text(encoding="utf-8").splitlines()
    heading = next(i for i, line in enumerate(lines) if "AFR 2026-2029 (drafts)" in line)
    assert lines[heading + 1 : heading + 3] == ["", "  - initiative: 2026-2029-afr2-draft"]
    removed, added = changes(CURATED, folder)
    assert added == []
    assert "  - initiative: 2026-2029-afr1-draft" in removed
    assert not any(line.lstrip().startswith("#") for line in removed)


@pytest.mark.slow
def test_loading_what_was_just_exported_changes_nothing(export):
    initiative = Initiative.objects.get(slug="2026-2029-ams4")
    # Edits that keep every curated rationale's quotation in the initiative's words.
    Initiative.objects.filter(pk=initiative.pk).update(title=f"{initiative.title} (edited)")
    ExpectedResult.objects.create(initiative=initiative, number=99, text="Regional drills.")
    MeetingPriority.objects.filter(meeting__name="RPM-ARB").order_by("number").last().delete()
    Initiative.objects.filter(slug="2026-2029-ams4-draft").update(published=False)
    folder, _ = export()

    out = io.StringIO()
    call_command("load_portal_data", fixtures_dir=folder, stdout=out)

    # Each file's counts, before what derives from the data is rebuilt.
    loaded = out.getvalue().partition("Rebuilding")[0]
    counts = [line for line in loaded.splitlines() if line.startswith("  ")]
    assert counts, out.getvalue()
    for line in counts:
        assert line.endswith(" unchanged") or line.startswith("  citations: "), line


def test_exporting_into_the_fixtures_folder_updates_it_in_place(settings, tmp_path):
    for name in settings.PORTAL_FIXTURES:
        (tmp_path / name).write_text(repository(name), encoding="utf-8")
    settings.PORTAL_FIXTURES_DIR = tmp_path
    initiative = Initiative.objects.get(slug="2026-2029-ams4")
    Initiative.objects.filter(pk=initiative.pk).update(title="Cybersecurity for everyone")

    first, second = io.StringIO(), io.StringIO()
    call_command("export_fixtures", output=tmp_path, stdout=first)
    call_command("export_fixtures", output=tmp_path, stdout=second)

    assert "  title: Cybersecurity for everyone\n" in (tmp_path / AMS).read_text(encoding="utf-8")
    assert f"{AMS}: changed" in first.getvalue()
    assert f"{AMS}: unchanged" in second.getvalue()
