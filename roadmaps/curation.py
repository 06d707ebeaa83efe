"""Editorial decisions on source 004, applied by the fixture builder (roadmaps.parsing).

Every correction of the mechanical reassembly is declared here, next to the note that
explains it, so that rebuilding the fixture reproduces it. The builder refuses to run if a
row was placed by judgement (a sub-point, a repaired line, a dropped repeat) without a
note here; the notes end up in the records' ``curation_note``.
"""

# The roadmaps cite regional initiatives under "Kigali Resolution (2022) : Regional
# Initiatives", i.e. the initiatives WTDC-22 adopted for 2023-2025.
CITED_INITIATIVES_CYCLE = "2023-2025"

# Line 8 opens with the heading of the document's 2024 edition, run into the paragraph.
INTRODUCTION_RUN_IN_HEADING = "WSIS Action Lines Roadmaps C2, C4, C5, C6 (2024)"

# Lines the extraction left without tab separators, whose text is not the first column's:
# line number -> (column, start of the line's text, checked against the document).
COLUMN_REPAIRS: dict[int, tuple[int, str]] = {
    255: (4, "topic of digital skills were organized."),
}

_INTRODUCTION = (
    "The introduction is the document's single introduction (line 8), shared by the four "
    "roadmaps; it opens with the run-in heading 'WSIS Action Lines Roadmaps C2, C4, C5, C6 "
    "(2024)', which is a heading, not part of the paragraph, and is not stored."
)

ROADMAP_NOTES: dict[str, str] = {
    "C2": (
        "The C2 table prints no section headings. Rows A to L are placed in the Geneva Plan "
        "of Action and Tunis Agenda section and rows a to d in the WSIS+10 section: the "
        "lettering restarts at 'a' after L, which is where the C5 and C6 tables print their "
        "WSIS+10 heading, the C4 table restarts the same way, and the document's tables "
        "open with the Geneva Plan of Action outcomes. All 64 regional-initiative citations "
        "of the document are in this table, cited under 'Kigali Resolution (2022)', i.e. "
        f"the 2023-2025 cycle. {_INTRODUCTION}"
    ),
    "C4": (
        "The C4 table heads only its first section ('Geneva Plan of Action and Tunis Agenda "
        "for the Information Society'). Rows a to d, where the lettering restarts after O, "
        "are placed in the WSIS+10 section, as in C2; no WSIS+10 heading is printed before "
        "them. The Geneva rows are lettered A, B, C, E, F, G, H, I, J, M, O as printed: the "
        "document has no rows D, K, L or N, and none is invented. Cells empty in the "
        "document (all of row F but its outcome, for instance) stay empty. "
        f"{_INTRODUCTION}"
    ),
    "C5": (
        "Both section headings are printed; the WSIS+10 heading is stored as printed, its "
        "parenthesis left open. A1, A2 and B1 to B5 are rows of their own, each with its own "
        "timing, goals, SDG targets, evidence and results (unlike the sub-points D1 to D4 of "
        "C2 row D). The SDG cells list targets, not goals ('1.4, 4.1, ... 16.2, 17.8'): each "
        "goal a target belongs to is linked, with the targets kept. "
        f"{_INTRODUCTION}"
    ),
    "C6": (
        "Both section headings are printed. The Geneva Plan of Action rows of this table "
        "are lettered a to r in lower case, and the WSIS+10 rows a to f again. The seventh "
        "column, 'COVID-19 Response', is empty in every row of the document and stays empty "
        "(it is the rows' extra cell); so are most rows' timing, goals, SDG and evidence "
        f"cells. {_INTRODUCTION}"
    ),
}

ROW_NOTES: dict[tuple[str, str, str], str] = {
    ("C2", "geneva-tunis", "D"): (
        "The points D1 to D4 complete outcome D ('... other relevant international "
        "organizations in order to:'). D4 begins a line of its own (line 62), where a new "
        "row would otherwise start, but it has no cells of its own and the other columns of "
        "that line continue row D: it stays in row D, as D1 to D3 do."
    ),
    ("C2", "geneva-tunis", "F"): (
        "Line 87 repeats in the evidence column the last words of line 86 ('to create a "
        "more inclusive digital environment.'), an artefact of the extraction; the repeat "
        "is dropped. The goals cell is split over lines 86 to 94, a phrase per line ('Goal "
        "1', 'Goal 2', 'Buenos Aires', 'Action Plan', ...), and is reassembled in that "
        "order; with no break in the document after 'EUR3: Digital inclusion and skills "
        "development.', it stays in the same list item."
    ),
    ("C2", "geneva-tunis", "G"): (
        "AMS4 is cited here as 'Enabling regulatory environments for accessible and "
        "affordable ICTs.', in rows A and B as 'Developing regulatory environments for "
        "digital connectivity.'; both are kept as printed, as citations of the same code."
    ),
    ("C4", "geneva-tunis", "J"): (
        "Line 255 has no column separators. Its text ('topic of digital skills were "
        "organized. On 9 July 2025, ...') continues the evidence cell ('several sessions "
        "focusing on the'), not the outcome, and is placed there. Line 253, also without "
        "separators, does continue the outcome ('... including country programmes "
        "developed by the United Nations and its Specialized Agencies.')."
    ),
    ("C6", "geneva-tunis", "b"): (
        "The document numbers the points of this outcome i, ii and iv: the numeral iii is "
        "missing, its text ('develop a common understanding of the respective roles ...') "
        "running on in point ii. Kept as printed, not renumbered; the evidence cell refers "
        "to 'items ii and iii'."
    ),
}
