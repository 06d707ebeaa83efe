"""Loading the roadmaps: idempotent, keeps the database equal to the file, loud on errors."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from core.loading import FixtureError, load_fixture
from frameworks.models import ActionLine, Provenance
from initiatives.models import Cycle, Initiative, InitiativeActionLine, Stage
from regions.models import Region
from roadmaps.models import Citation, RoadmapRow
from sources.models import Source
from tests.snapshots import snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

NAME = "004_wsis_roadmaps_2025.yaml"


def fixture_data() -> dict:
    return yaml.safe_load((settings.PORTAL_FIXTURES_DIR / NAME).read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / NAME
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, explicit_end=True),
        encoding="utf-8",
    )
    return path


def rows_of(data: dict, code: str) -> list[dict]:
    return next(r for r in data["roadmaps"] if r["action_line"] == code)["rows"]


def test_loading_the_roadmaps_twice_changes_nothing():
    before = snapshot()
    stats = load_fixture(settings.PORTAL_FIXTURES_DIR / NAME)
    assert snapshot() == before
    assert {action for _, action in stats} - {
        "resolved",
        "unresolved (not in the knowledge base)",
    } == {"unchanged"}


def test_a_row_removed_from_the_file_is_removed_with_its_citations_and_alignments(tmp_path):
    data = fixture_data()
    rows = rows_of(data, "C2")
    rows[:] = [row for row in rows if row["label"] != "G"]
    stats = load_fixture(write(tmp_path, data))
    assert not RoadmapRow.objects.filter(roadmap__action_line__code="C2", label="G").exists()
    assert RoadmapRow.objects.filter(roadmap__action_line__code="C2").count() == 15
    assert Citation.objects.count() == 64 - 6
    # CIS2 was cited in row G only: its roadmap alignment goes; the others stay.
    roadmap_links = InitiativeActionLine.objects.filter(provenance=Provenance.ROADMAP)
    assert sorted(roadmap_links.values_list("initiative__code", flat=True)) == [
        "CIS1",
        "CIS3",
        "CIS4",
        "CIS5",
    ]
    assert stats[("WSIS action line alignments", "deleted")] == 1


def test_alignments_stated_by_a_source_or_curated_are_never_touched(tmp_path):
    cis2 = Initiative.objects.get(slug="2023-2025-cis2")
    c2 = ActionLine.objects.get(code="C2")
    curated = InitiativeActionLine.objects.create(
        initiative=cis2, action_line=c2, provenance=Provenance.CURATED, rationale="Editors' view"
    )
    stated = InitiativeActionLine.objects.create(
        initiative=cis2, action_line=ActionLine.objects.get(code="C6"), provenance=Provenance.SOURCE
    )
    data = fixture_data()
    for roadmap in data["roadmaps"]:
        for row in roadmap["rows"]:
            row["citations"] = []
    load_fixture(write(tmp_path, data))
    assert not InitiativeActionLine.objects.filter(provenance=Provenance.ROADMAP).exists()
    assert InitiativeActionLine.objects.filter(pk__in=[curated.pk, stated.pk]).count() == 2


def test_a_citation_resolves_once_the_knowledge_base_has_the_initiative_in_its_cycle():
    cycle = Cycle.objects.get(slug="2023-2025")
    fields = {
        "cycle": cycle,
        "region": Region.objects.get(code="AMS"),
        "code": "AMS1",
        "number": 1,
        "label_as_printed": "AMS1",
        "title": "t",
        "objective": "o",
        "source_locator": "test",
        "source": Source.objects.get(slug="wsis-action-line-roadmaps-2025"),
    }
    draft = Initiative.objects.create(stage=Stage.DRAFT, slug="2023-2025-ams1-draft", **fields)
    load_fixture(settings.PORTAL_FIXTURES_DIR / NAME)
    assert not Citation.objects.filter(code="AMS1").exclude(initiative=None).exists()

    adopted = Initiative.objects.create(stage=Stage.ADOPTED, slug="2023-2025-ams1", **fields)
    load_fixture(settings.PORTAL_FIXTURES_DIR / NAME)
    assert set(Citation.objects.filter(code="AMS1").values_list("initiative", flat=True)) == {
        adopted.pk
    }
    link = InitiativeActionLine.objects.get(initiative=adopted, provenance=Provenance.ROADMAP)
    assert link.rationale == "Cited in rows D and I of the WSIS Action Line C2 roadmap (2025)"

    adopted.delete()
    draft.delete()
    load_fixture(settings.PORTAL_FIXTURES_DIR / NAME)
    assert set(Citation.objects.filter(code="AMS1").values_list("initiative", flat=True)) == {None}
    assert InitiativeActionLine.objects.filter(provenance=Provenance.ROADMAP).count() == 5


def test_html_edited_into_the_file_is_sanitised_on_load(tmp_path):
    data = fixture_data()
    rows_of(data, "C4")[0]["evidence"] = '<p onclick="x()">Toolkit<script>alert(1)</script></p>'
    load_fixture(write(tmp_path, data))
    row = RoadmapRow.objects.get(roadmap__action_line__code="C4", section="geneva-tunis", label="A")
    assert (row.evidence, row.evidence_text) == ("<p>Toolkit</p>", "Toolkit")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda rows: rows[3].update(section="annex"),
            "004_wsis_roadmaps_2025.yaml, roadmap C2, row 4 (D): section must be one of",
        ),
        (
            lambda rows: rows[3]["citations"][0].update(cycle="2019-2021"),
            "roadmap C2, row D (geneva-tunis), citation 1 (AFR2): refers to a cycle that does not",
        ),
        (
            lambda rows: rows[0]["sdgs"].append({"sdg": 18}),
            "roadmap C2, row A (geneva-tunis), SDG 18: refers to a SDG that does not exist",
        ),
        (
            lambda rows: rows[1].update(label="A"),
            "roadmap C2, row A (geneva-tunis): is listed twice",
        ),
        (
            lambda rows: rows[2].update(colour="red"),
            "roadmap C2, row 3 (C): unknown field(s): colour",
        ),
    ],
)
def test_an_error_names_the_file_and_the_record(tmp_path, change, message):
    data = fixture_data()
    change(rows_of(data, "C2"))
    with pytest.raises(FixtureError) as error:
        load_fixture(write(tmp_path, data))
    assert message in str(error.value)


def test_a_row_moved_in_the_file_keeps_its_identity_citations_and_links(tmp_path):
    before = {
        row.label: (row.pk, list(row.citations.values_list("pk", flat=True)))
        for row in RoadmapRow.objects.filter(roadmap__action_line__code="C2", label__in="AB")
    }
    data = fixture_data()
    rows = rows_of(data, "C2")
    rows[0], rows[1] = rows[1], rows[0]
    load_fixture(write(tmp_path, data))
    after = {
        row.label: (row.order, row.pk, list(row.citations.values_list("pk", flat=True)))
        for row in RoadmapRow.objects.filter(roadmap__action_line__code="C2", label__in="AB")
    }
    assert after == {
        "A": (2, *before["A"]),
        "B": (1, *before["B"]),
    }
