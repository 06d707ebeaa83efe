"""The parser reassembles rows from a damaged table extraction (crafted inputs)."""

import pytest

from roadmaps import curation
from roadmaps.parsing import (
    Fragment,
    ParseError,
    build_fixture,
    citations,
    join_fragments,
    parse_document,
    sdg_links,
)

HEADINGS = "WSIS Outcomes (WSIS AL C2)\tTiming\tGoals\tSDGs\tEvidence\tResults"


def document(*lines: str, title: str = "Roadmap for WSIS Action Line C2: Test") -> str:
    return "\n".join(["Roadmaps (2025)", "", "An introduction.", "", title, "", HEADINGS, *lines])


def row_cells(text: str, repairs=None) -> list[dict[int, str]]:
    """Each row's cells, as the fragments' texts joined per column."""
    table = parse_document(text, column_repairs=repairs or {}).tables[0]
    return [
        {column: " | ".join(f.text for f in fragments) for column, fragments in row.cells.items()}
        for row in table.rows
    ]


def test_each_tab_field_continues_its_own_column_of_the_current_row():
    cells = row_cells(
        document(
            "A: first half of the outcome\t2020-2025\tgoal one\t\tevidence starts\t",
            "second half\t\t\tSDG 9\tevidence ends\t",
        )
    )
    assert cells == [
        {
            0: "A: first half of the outcome | second half",
            1: "2020-2025",
            2: "goal one",
            3: "SDG 9",
            4: "evidence starts | evidence ends",
        }
    ]


def test_a_label_at_the_start_of_the_first_column_begins_a_new_row():
    table = parse_document(
        document("A: one\t\t\t\t\t", "<p>B: two</p>\t\t\t\t\t", "a. three\t\t\t\t\t"),
        column_repairs={},
    ).tables[0]
    assert [row.label for row in table.rows] == ["A", "B", "a"]


def test_nothing_leaks_between_rows():
    cells = row_cells(
        document(
            "A: outcome A\t\t\t\tevidence of A\tresults of A",
            "\t\t\t\tmore evidence of A\t",
            "B: outcome B\t\tgoals of B\t\t\t",
        )
    )
    assert cells[0] == {
        0: "A: outcome A",
        4: "evidence of A | more evidence of A",
        5: "results of A",
    }
    assert cells[1] == {0: "B: outcome B", 2: "goals of B"}


def test_numbered_sub_points_of_a_lettered_outcome_stay_in_its_row():
    table = parse_document(
        document(
            "D: Support studies in order to:\t2020\t\t\tevidence\t",
            "<p>D1: broaden access</p>\t\t\t\tmore evidence\t",
            "D4: explore other systems\t\tgoals\t\t\t",
            "E: next outcome\t\t\t\t\t",
        ),
        column_repairs={},
    ).tables[0]
    assert [row.label for row in table.rows] == ["D", "E"]
    assert table.rows[0].sub_point_lines == [9, 10]
    outcome = join_fragments(table.rows[0].cells[0]).html
    assert "D4: explore other systems" in outcome


def test_numbered_labels_after_a_numbered_row_are_rows_of_their_own():
    table = parse_document(
        document(
            "A1: one\t\t\t\t\t", "A2: two\t\t\t\t\t", "B1: three\t\t\t\t\t", "B2: four\t\t\t\t\t"
        ),
        column_repairs={},
    ).tables[0]
    assert [row.label for row in table.rows] == ["A1", "A2", "B1", "B2"]


def test_table_rules_left_by_page_breaks_are_dropped():
    cells = row_cells(
        document(
            "A: outcome\t\t\t\tevidence before the break\t",
            "---\t--\t------------------\t--\t---\t--",
            "",
            "\t\t\t\tevidence after the break\t",
        )
    )
    assert cells == [{0: "A: outcome", 4: "evidence before the break | evidence after the break"}]


def test_a_paragraph_cut_by_a_page_break_is_rejoined():
    cell = join_fragments(
        [
            Fragment(1, 4, "<p>across gender, age, geography and</p>"),
            Fragment(3, 4, "<p>income levels. In response.</p> <p>Next paragraph.</p>"),
        ]
    )
    assert cell.html == (
        "<p>across gender, age, geography and income levels. In response.</p> "
        "<p>Next paragraph.</p>"
    )


def test_a_page_break_after_a_sentence_or_a_list_item_keeps_the_paragraphs_apart():
    after_sentence = join_fragments(
        [
            Fragment(1, 2, "<p>Fostering innovation ecosystems.</p>"),
            Fragment(3, 2, "<p>AMS4: x</p>"),
        ]
    )
    assert after_sentence.html == "<p>Fostering innovation ecosystems.</p> <p>AMS4: x</p>"
    after_item = join_fragments(
        [Fragment(1, 2, "<p>Goal 1</p>"), Fragment(3, 2, "<p>Buenos Aires Action Plan</p>")]
    )
    assert after_item.html == "<p>Goal 1</p> <p>Buenos Aires Action Plan</p>"


def test_text_cut_inside_a_list_item_runs_on_without_a_stray_paragraph():
    cell = join_fragments(
        [
            Fragment(1, 2, '<ul style="x"> •AFR2: Implementation '),
            Fragment(3, 2, "<p>and expansion of broadband.</p> <p>Goal 1</p>"),
        ]
    )
    assert (
        cell.html
        == '<ul style="x"> •AFR2: Implementation and expansion of broadband. <p>Goal 1</p>'
    )


def test_a_parenthesis_left_open_before_a_page_break_runs_on_into_the_next_page():
    cell = join_fragments(
        [
            Fragment(1, 5, "<ul> • Plans. <i>(Aligned with SDG 9: Industry;</i>"),
            Fragment(3, 5, "<p><i>SDG 11: Sustainable Cities)</i></p> <ul> • Next"),
        ]
    )
    assert cell.html == (
        "<ul> • Plans. <i>(Aligned with SDG 9: Industry;</i> <i>SDG 11: Sustainable Cities)</i>"
        " <ul> • Next"
    )


def test_a_word_hyphenated_across_a_page_break_is_rejoined_without_a_space():
    cell = join_fragments(
        [Fragment(1, 5, "the remainder face-"), Fragment(2, 5, "to-face to enable")]
    )
    assert cell.html == "the remainder face-to-face to enable"
    spaced_dash = join_fragments([Fragment(1, 5, "accessibility -"), Fragment(2, 5, "and more")])
    assert spaced_dash.html == "accessibility - and more"


def test_a_line_that_repeats_the_end_of_its_column_is_dropped_as_an_echo():
    cell = join_fragments(
        [
            Fragment(
                86,
                4,
                "participation in policymaking to create a more inclusive digital environment.",
            ),
            Fragment(87, 4, "to create a more inclusive digital environment."),
            Fragment(88, 4, "International collaboration continues."),
        ]
    )
    assert cell.html.count("to create a more inclusive digital environment.") == 1
    assert cell.echo_lines == [87]
    short = join_fragments([Fragment(1, 2, "Goal 1"), Fragment(2, 2, "Goal 1")])
    assert short.html == "Goal 1 Goal 1"


def test_a_line_without_separators_continues_the_first_column_unless_a_repair_places_it():
    text = document(
        "J: Promote cooperation\t\t\t\tsessions focusing on the\t", "topic of digital skills."
    )
    assert row_cells(text)[0][0] == "J: Promote cooperation | topic of digital skills."
    repaired = row_cells(text, repairs={9: (4, "topic of digital")})[0]
    assert repaired == {
        0: "J: Promote cooperation",
        4: "sessions focusing on the | topic of digital skills.",
    }


def test_a_repair_that_does_not_match_its_line_is_refused():
    text = document("J: Promote cooperation\t\t\t\t\t", "some other text")
    with pytest.raises(ParseError, match="line 9"):
        parse_document(text, column_repairs={9: (4, "topic of digital")})


def test_a_line_with_the_wrong_number_of_columns_is_refused_with_its_number():
    with pytest.raises(ParseError, match="line 8: 3 fields"):
        parse_document(document("A: one\ttwo\tthree"), column_repairs={})


def test_printed_section_headings_set_the_section_and_are_kept_as_printed():
    table = parse_document(
        document(
            "Geneva Plan of Action and Tunis Agenda for the Information Society\t\t\t\t\t",
            "A: one\t\t\t\t\t",
            "WSIS+10 Outcome Documents (WSIS+10 Statement\t\t\t\t\t",
            "a. two\t\t\t\t\t",
        ),
        column_repairs={},
    ).tables[0]
    assert [(row.section, row.label) for row in table.rows] == [
        ("geneva-tunis", "A"),
        ("wsis-plus-10", "a"),
    ]
    assert table.section_headings == {
        "geneva-tunis": "Geneva Plan of Action and Tunis Agenda for the Information Society",
        "wsis-plus-10": "WSIS+10 Outcome Documents (WSIS+10 Statement",
    }
    assert table.inferred_sections == []


def test_an_unheaded_table_passes_to_wsis_plus_10_where_the_lettering_restarts():
    table = parse_document(
        document("A: one\t\t\t\t\t", "B: two\t\t\t\t\t", "a. three\t\t\t\t\t", "b. four\t\t\t\t\t"),
        column_repairs={},
    ).tables[0]
    assert [row.section for row in table.rows] == [
        "geneva-tunis",
        "geneva-tunis",
        "wsis-plus-10",
        "wsis-plus-10",
    ]
    assert table.inferred_sections == ["geneva-tunis", "wsis-plus-10"]
    assert table.section_headings == {}


def test_the_document_title_and_introduction_come_before_the_tables():
    parsed = parse_document(document("A: one\t\t\t\t\t"), column_repairs={})
    assert (parsed.title, parsed.introduction, parsed.introduction_line) == (
        "Roadmaps (2025)",
        "An introduction.",
        3,
    )


def test_sdg_links_name_the_goals_and_keep_the_targets_a_cell_lists():
    assert sdg_links("SDG 8: Decent Work SDG 9: Industry SDG17 (Partnership)") == [
        {"sdg": 8},
        {"sdg": 9},
        {"sdg": 17},
    ]
    assert sdg_links("1.4, 4.1, 4.3, 5.b, 16.2, 17.8.") == [
        {"sdg": 1, "targets": "1.4"},
        {"sdg": 4, "targets": "4.1, 4.3"},
        {"sdg": 5, "targets": "5.b"},
        {"sdg": 16, "targets": "16.2"},
        {"sdg": 17, "targets": "17.8"},
    ]
    with pytest.raises(ParseError):
        sdg_links("SDG 18")


def test_citations_run_from_their_code_to_the_end_of_their_sentence_or_item():
    html = (
        "<p>Kigali Resolution (2022) : Regional Initiatives: AFR4: Fostering ecosystems.</p>\n"
        "<ul>\n<li>•ARB5: Developing digital regulation frameworks</li>\n"
        "<li>•EUR3: Digital inclusion. Goal 1 Goal 2</li>\n</ul>\n<p>Goal 1</p>"
    )
    assert citations(html, "2023-2025") == [
        {"code": "AFR4", "cycle": "2023-2025", "cited_text": "Fostering ecosystems."},
        {
            "code": "ARB5",
            "cycle": "2023-2025",
            "cited_text": "Developing digital regulation frameworks",
        },
        {"code": "EUR3", "cycle": "2023-2025", "cited_text": "Digital inclusion."},
    ]


def test_the_fixture_builder_refuses_a_judgement_without_a_note(monkeypatch):
    text = document(
        "<p>D: Support studies in order to:</p>\t\t\t\t\t",
        "D4: explore other systems\t\t\t\t\t",
    )
    monkeypatch.setattr(curation, "ROADMAP_NOTES", {"C2": "Sections inferred."})
    monkeypatch.setattr(curation, "ROW_NOTES", {})
    with pytest.raises(ParseError, match="C2 row D"):
        build_fixture(parse_document(text, column_repairs={}))
    monkeypatch.setattr(curation, "ROW_NOTES", {("C2", "geneva-tunis", "D"): "D4 is a sub-point."})
    row = build_fixture(parse_document(text, column_repairs={}))["roadmaps"][0]["rows"][0]
    assert row["curation_note"] == "D4 is a sub-point."
    assert row["outcome"] == (
        "<p>Support studies in order to:</p>\n<p>D4: explore other systems</p>"
    )
