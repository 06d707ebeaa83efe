"""The normalised tables of /downloads/: every published record and every relationship, one
CSV file per table, joining by stable keys, with the editors' decisions in their own
columns."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from downloads.exports import export
from downloads.tables import TABLES
from initiatives.models import (
    ExpectedResult,
    ExpectedResultSubitem,
    Footnote,
    Initiative,
    InitiativeActionLine,
    InitiativeGDCObjective,
    InitiativeSDG,
)
from regions.models import MeetingPriority, PreparatoryMeeting
from roadmaps.models import Citation, RoadmapRow, RoadmapRowSDG
from sources.models import SourceSection
from tests.downloads.exported import exported_downloads, read_table  # noqa: F401

pytestmark = pytest.mark.django_db


def test_there_is_one_csv_file_per_table_with_its_declared_columns(exported):
    for table in TABLES:
        rows = read_table(exported, table.name)
        assert rows, table.name
        assert list(rows[0]) == table.column_names, table.name


def test_each_table_holds_as_many_rows_as_the_database_publishes(exported):
    published_results = ExpectedResult.objects.published()
    expected = {
        "initiatives": Initiative.objects.published().count(),
        "expected-results": published_results.count(),
        "expected-result-subitems": ExpectedResultSubitem.objects.filter(
            result__in=published_results
        ).count(),
        "expected-result-footnotes": Footnote.objects.filter(result__in=published_results).count(),
        "alignments": sum(
            model.objects.published().count()
            for model in (InitiativeSDG, InitiativeActionLine, InitiativeGDCObjective)
        ),
        "roadmap-rows": RoadmapRow.objects.count(),
        "roadmap-row-sdgs": RoadmapRowSDG.objects.count(),
        "citations": Citation.objects.count(),
        "meetings": PreparatoryMeeting.objects.count(),
        "meeting-priorities": MeetingPriority.objects.count(),
        "source-sections": SourceSection.objects.count(),
    }
    assert {name: len(read_table(exported, name)) for name in expected} == expected
    assert all(expected.values())


def test_the_alignments_table_is_every_published_link_with_its_provenance_and_rationale(exported):
    in_database = set()
    for link in InitiativeSDG.objects.published().select_related("initiative", "sdg"):
        in_database.add(
            (link.initiative.slug, "sdg", str(link.sdg.number), link.provenance, link.rationale)
        )
    for link in InitiativeActionLine.objects.published().select_related(
        "initiative", "action_line"
    ):
        in_database.add(
            (
                link.initiative.slug,
                "action-line",
                link.action_line.code,
                link.provenance,
                link.rationale,
            )
        )
    for link in InitiativeGDCObjective.objects.published().select_related(
        "initiative", "objective"
    ):
        in_database.add(
            (
                link.initiative.slug,
                "gdc-objective",
                str(link.objective.number),
                link.provenance,
                link.rationale,
            )
        )
    rows = read_table(exported, "alignments")
    in_file = [
        (row["initiative"], row["framework"], row["code"], row["provenance"], row["rationale"])
        for row in rows
    ]
    assert len(in_file) == len(set(in_file))
    assert set(in_file) == in_database
    assert {row["provenance"] for row in rows} == {"source", "roadmap", "curated"}
    assert all(row["rationale"] for row in rows if row["provenance"] == "curated")
    # Each link names its target in the column of its framework too, for joins.
    for row in rows:
        column = {"sdg": "sdg", "action-line": "action_line", "gdc-objective": "gdc_objective"}
        assert row[column[row["framework"]]] == row["code"]


def test_alignments_join_initiatives_by_slug_without_losing_a_row(exported):
    initiatives = {row["slug"]: row for row in read_table(exported, "initiatives")}
    alignments = read_table(exported, "alignments")
    joined = [
        {**alignment, "region": initiatives[alignment["initiative"]]["region"]}
        for alignment in alignments
        if alignment["initiative"] in initiatives
    ]
    assert len(joined) == len(alignments)
    # Every initiative is aligned to at least one SDG and one action line (decision 0003).
    for slug in initiatives:
        frameworks = {row["framework"] for row in alignments if row["initiative"] == slug}
        assert {"sdg", "action-line"} <= frameworks, slug


def test_the_initiatives_table_holds_objective_lead_in_source_and_both_stages(exported):
    rows = {row["slug"]: row for row in read_table(exported, "initiatives")}
    ams4 = Initiative.objects.get(slug="2026-2029-ams4")
    row = rows["2026-2029-ams4"]
    assert row["objective"] == ams4.objective
    assert row["results_intro"] == ams4.results_intro
    assert row["source"] == "regional-initiatives-2026-2029-ams"
    assert row["source_locator"] == ams4.source_locator
    assert row["draft"] == "2026-2029-ams4-draft"
    assert rows["2026-2029-ams4-draft"]["adopted"] == "2026-2029-ams4"
    assert rows["2026-2029-ams4-draft"]["draft"] == ""


def test_a_printed_label_that_differs_from_the_code_is_shown_with_its_note(exported):
    rows = {row["slug"]: row for row in read_table(exported, "initiatives")}
    cis1 = rows["2023-2025-cis1"]
    assert (cis1["code"], cis1["label_as_printed"], cis1["label_differs_from_code"]) == (
        "CIS1",
        "RI 1",
        "true",
    )
    assert cis1["curation_note"].startswith('The page writes this initiative "RI 1"')
    differing = {slug for slug, row in rows.items() if row["label_differs_from_code"] == "true"}
    assert differing == {f"2023-2025-cis{n}" for n in range(1, 6)}


def test_a_restored_result_number_carries_the_editors_note(exported):
    results = read_table(exported, "expected-results")
    ams4_result_4 = next(
        row for row in results if row["initiative"] == "2026-2029-ams4" and row["number"] == "4"
    )
    assert "restored as result 4" in ams4_result_4["curation_note"]
    assert (ams4_result_4["region"], ams4_result_4["cycle"], ams4_result_4["stage"]) == (
        "AMS",
        "2026-2029",
        "adopted",
    )


def test_the_sub_items_of_ams4_result_1_follow_its_support_for(exported):
    result = ExpectedResult.objects.get(initiative__slug="2026-2029-ams4", number=1)
    assert result.text.endswith("support for:")
    subitems = [
        row
        for row in read_table(exported, "expected-result-subitems")
        if (row["initiative"], row["result"]) == ("2026-2029-ams4", "1")
    ]
    assert [(row["label"], row["order"]) for row in subitems] == [("a", "1"), ("b", "2")]
    assert subitems[0]["text"].startswith("Development of national cybersecurity strategies")
    assert [row["text"] for row in subitems] == [s.text for s in result.subitems.all()]


def test_a_footnote_is_attached_to_its_result(exported):
    footnotes = read_table(exported, "expected-result-footnotes")
    assert [(row["initiative"], row["result"], row["marker"]) for row in footnotes] == [
        ("2026-2029-ams1-draft", "1", "1")
    ]
    assert footnotes[0]["text"].startswith("These include the least developed countries")


def test_roadmap_rows_carry_every_cell_as_text_and_html_and_the_inferred_sections(exported):
    rows = {int(row["id"]): row for row in read_table(exported, "roadmap-rows")}
    for row in RoadmapRow.objects.select_related("roadmap__action_line"):
        written = rows[row.pk]
        for cell in RoadmapRow.RICH_CELLS:
            assert written[f"{cell}_html"] == getattr(row, cell)
            assert written["outcome" if cell == "outcome" else cell] == getattr(row, f"{cell}_text")
    # C2 prints no section headings: the editors placed its rows (its curation note says so).
    c2 = [row for row in rows.values() if row["action_line"] == "C2"]
    assert c2
    assert all(row["section_inferred"] == "true" for row in c2)
    assert all(row["section_heading"] == "" for row in c2)
    c6 = [row for row in rows.values() if row["action_line"] == "C6"]
    assert c6
    assert all(row["section_inferred"] == "false" for row in c6)
    c2_note = next(r for r in read_table(exported, "roadmaps") if r["action_line"] == "C2")
    assert c2_note["curation_note"]


def test_roadmap_row_sdg_links_keep_the_targets_the_cell_names(exported):
    written = {
        (int(row["row"]), int(row["sdg"])): row["targets"]
        for row in read_table(exported, "roadmap-row-sdgs")
    }
    in_database = {
        (link.row_id, link.sdg.number): link.targets
        for link in RoadmapRowSDG.objects.select_related("sdg")
    }
    assert written == in_database
    assert any(targets == "16.2" for targets in written.values())


def test_citations_are_listed_as_cited_resolved_or_not(exported):
    rows = read_table(exported, "citations")
    unresolved = [row for row in rows if row["resolved"] == "false"]
    assert len(unresolved) == Citation.objects.filter(initiative__isnull=True).count() > 0
    assert all(row["initiative"] == "" for row in unresolved)
    resolved = [row for row in rows if row["resolved"] == "true"]
    assert resolved
    assert all(row["initiative"].endswith(row["code"].lower()) for row in resolved)
    first = Citation.objects.order_by("row__roadmap__action_line__number", "row__order", "order")
    assert (rows[0]["code"], rows[0]["cited_text"]) == (first[0].code, first[0].cited_text)


def test_meetings_carry_every_field_and_their_priorities_a_table_of_their_own(exported):
    meetings = {row["name"]: row for row in read_table(exported, "meetings")}
    arb = PreparatoryMeeting.objects.get(name="RPM-ARB")
    assert meetings["RPM-ARB"]["summary"] == arb.summary
    assert meetings["RPM-ARB"]["dates_as_printed"] == arb.dates_as_printed
    assert meetings["RPM-ARB"]["curation_note"] == arb.curation_note
    priorities = read_table(exported, "meeting-priorities")
    assert [(row["meeting"], row["number"]) for row in priorities] == [
        ("RPM-ARB", str(n)) for n in range(1, 7)
    ]
    assert priorities[0]["title"] == "Sector Specific Transformation: Sustainable Digital Futures"


@pytest.mark.slow
def test_an_unpublished_initiative_leaves_no_trace_and_no_broken_key(db, tmp_path):
    ams4 = Initiative.objects.get(slug="2026-2029-ams4")
    ams4.published = False
    ams4.save()
    export(tmp_path)
    assert "2026-2029-ams4" not in {row["slug"] for row in read_table(tmp_path, "initiatives")}
    for name in ("expected-results", "expected-result-subitems", "alignments", "citations"):
        assert "2026-2029-ams4" not in {row["initiative"] for row in read_table(tmp_path, name)}
    draft = next(
        row for row in read_table(tmp_path, "initiatives") if row["slug"] == "2026-2029-ams4-draft"
    )
    assert draft["adopted"] == ""


def test_reading_the_tables_takes_one_query_a_table(db):
    with CaptureQueriesContext(connection) as queries:
        for table in TABLES:
            table.rows()
    # One query per table, but meetings (their priorities, prefetched: +1) and alignments
    # (one query per framework: +2).
    assert len(queries) == len(TABLES) + 3


@pytest.mark.slow
def test_writing_the_files_takes_as_many_queries_whatever_the_data(tmp_path):
    with CaptureQueriesContext(connection) as before:
        export(tmp_path)
    add_an_initiative_with_everything()
    with CaptureQueriesContext(connection) as after:
        export(tmp_path)
    assert len(after) == len(before) < 80
    assert "2026-2029-ams9" in {row["slug"] for row in read_table(tmp_path, "initiatives")}


def add_an_initiative_with_everything():
    ams4 = Initiative.objects.get(slug="2026-2029-ams4")
    added = Initiative.objects.create(
        cycle=ams4.cycle,
        region=ams4.region,
        code="AMS9",
        number=9,
        stage=ams4.stage,
        slug="2026-2029-ams9",
        label_as_printed="AMS9",
        title="A title",
        objective="An objective.",
        source=ams4.source,
        source_locator="nowhere",
    )
    result = ExpectedResult.objects.create(initiative=added, number=1, text="A result:")
    ExpectedResultSubitem.objects.create(result=result, label="a", order=1, text="a sub-item")
    Footnote.objects.create(result=result, marker="1", text="a footnote")
    InitiativeSDG.objects.create(
        initiative=added, sdg_id=ams4.sdgs.first().pk, provenance="curated", rationale='"title"'
    )
