"""The roadmap data checks pass on the curated data and catch what would make it wrong."""

import pytest

from frameworks.models import ActionLine, Provenance
from initiatives.models import Initiative, InitiativeActionLine
from roadmaps import data_checks
from roadmaps.models import Citation, RoadmapRow

pytestmark = pytest.mark.django_db

CHECKS = [
    data_checks.roadmaps_have_rows,
    data_checks.roadmap_rows_are_ordered_without_gaps_and_sections_in_document_order,
    data_checks.roadmap_row_labels_are_unique_per_section,
    data_checks.roadmap_rich_cells_are_sanitised_and_their_twins_current,
    data_checks.roadmap_rows_with_an_sdg_cell_link_its_sdgs,
    data_checks.citations_name_a_known_region,
    data_checks.resolved_citations_point_to_the_cited_initiative,
    data_checks.roadmap_alignments_match_the_citations,
]


def problems() -> list[str]:
    return [problem for check in CHECKS for problem in check()]


def test_the_curated_roadmaps_pass_every_check():
    assert problems() == []


def test_a_citation_resolved_to_the_same_code_of_another_cycle_is_reported():
    Citation.objects.filter(code="AMS1").update(
        initiative=Initiative.objects.get(slug="2026-2029-ams1")
    )
    assert any("resolves to 2026-2029-ams1" in problem for problem in problems())


def test_a_citation_of_an_unknown_region_is_reported():
    Citation.objects.filter(code="AFR4").update(code="XYZ4")
    assert any("XYZ is not a known region" in problem for problem in problems())


def test_a_roadmap_alignment_without_a_citation_and_a_citation_without_one_are_reported():
    InitiativeActionLine.objects.create(
        initiative=Initiative.objects.get(slug="2026-2029-ams1"),
        action_line=ActionLine.objects.get(code="C4"),
        provenance=Provenance.ROADMAP,
        rationale="Cited in row A of the WSIS Action Line C4 roadmap (2025)",
    )
    InitiativeActionLine.objects.filter(
        provenance=Provenance.ROADMAP, initiative__slug="2023-2025-cis2"
    ).delete()
    found = problems()
    assert any("no roadmap citation supports this alignment" in problem for problem in found)
    assert any("has no roadmap alignment" in problem for problem in found)


def test_unsanitised_html_or_a_stale_twin_is_reported():
    RoadmapRow.objects.filter(roadmap__action_line__code="C4", label="B").update(
        evidence='<p onclick="x()">changed</p>'
    )
    found = problems()
    assert any("C4 B: evidence holds HTML the sanitiser would change" in p for p in found)
    assert any("C4 B: evidence_text is not the plain text of evidence" in p for p in found)


def test_rows_with_a_gap_or_sections_out_of_document_order_are_reported():
    c5 = RoadmapRow.objects.filter(roadmap__action_line__code="C5")
    last_geneva, first_wsis = c5.get(label="J"), c5.get(section="wsis-plus-10", label="a")
    c5.filter(pk=last_geneva.pk).update(order=99)
    c5.filter(pk=first_wsis.pk).update(order=last_geneva.order)
    c5.filter(pk=last_geneva.pk).update(order=first_wsis.order)
    assert problems() == ["C5 roadmap: a Geneva Plan of Action row follows a WSIS+10 row"]
    RoadmapRow.objects.filter(roadmap__action_line__code="C6", label="r").update(order=99)
    assert any("C6 roadmap: row orders" in problem for problem in problems())


def test_a_row_whose_sdg_cell_has_no_link_is_reported():
    row = RoadmapRow.objects.get(roadmap__action_line__code="C4", label="M")
    row.sdg_links.all().delete()
    assert problems() == ["C4 M: its SDG cell names no SDG that is linked"]
