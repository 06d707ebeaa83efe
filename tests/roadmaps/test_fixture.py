"""The committed fixture is what the parser builds, and every judgement in it is explained."""

import yaml
from django.conf import settings

from roadmaps.management.commands.build_roadmaps_fixture import FIXTURE_NAME, build_fixture_text
from roadmaps.parsing import SOURCE_FILE

FIXTURE = settings.PORTAL_FIXTURES_DIR / FIXTURE_NAME


def committed() -> dict:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def test_the_parser_reproduces_the_committed_fixture():
    built, _ = build_fixture_text(settings.PORTAL_DOCUMENTS_DIR / SOURCE_FILE)
    assert built == FIXTURE.read_text(encoding="utf-8"), (
        f"{FIXTURE_NAME} differs from what `manage.py build_roadmaps_fixture` builds: declare "
        "the correction in roadmaps/curation.py and rebuild, rather than editing the file."
    )


def test_every_roadmap_explains_its_curation():
    notes = {
        roadmap["action_line"]: roadmap["curation_note"] for roadmap in committed()["roadmaps"]
    }
    assert sorted(notes) == ["C2", "C4", "C5", "C6"]
    assert all(notes.values())
    assert "restarts at 'a' after L" in notes["C2"]
    assert "no rows D, K, L or N" in notes["C4"]


def test_the_rows_placed_by_judgement_carry_a_note_and_no_other_row_does():
    noted = {
        (roadmap["action_line"], row["section"], row["label"])
        for roadmap in committed()["roadmaps"]
        for row in roadmap["rows"]
        if row["curation_note"]
    }
    assert noted == {
        ("C2", "geneva-tunis", "D"),
        ("C2", "geneva-tunis", "F"),
        ("C2", "geneva-tunis", "G"),
        ("C4", "geneva-tunis", "J"),
        ("C6", "geneva-tunis", "b"),
    }
