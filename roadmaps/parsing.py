"""Reassembles the roadmap tables of source 004 from its damaged text extraction.

The extraction flattened each table into physical lines: a logical row is split over many
lines and page breaks, and a line's k-th tab-separated field continues column k of the
current row. Lines of dashes and tabs are table rules left by the page breaks. HTML
fragments are cut wherever the page was. :func:`parse_document` recovers the tables and
rows; :func:`build_fixture` turns them into the records of the fixture, applying the
editorial decisions of :mod:`roadmaps.curation`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from roadmaps import curation
from roadmaps.models import Section
from roadmaps.sanitise import plain_text, sanitise

SOURCE_FILE = "004_2103fd07a00a5356.txt"
SOURCE_SLUG = "wsis-action-line-roadmaps-2025"
GENEVA_TUNIS = Section.GENEVA_TUNIS.value
WSIS_PLUS_10 = Section.WSIS_PLUS_10.value

_RULE = re.compile(r"^[-\t ]*-[-\t ]*$")
_TABLE_TITLE = re.compile(r"^Roadmap for WSIS Action Line (C\d+): ")
_HEADER_ROW = re.compile(r"^WSIS Outcomes \(WSIS AL C\d+\)")
_SECTION_HEADINGS = {
    "Geneva Plan of Action and Tunis Agenda": GENEVA_TUNIS,
    "WSIS+10 Outcome Documents": WSIS_PLUS_10,
}
# A row begins where its first column opens with a label: "A:", "<p>B:", "A1:", "a.".
_LABEL = re.compile(r"^(?:<p>)?\s*([A-Z][0-9]?|[a-z])[.:]\s")
_SUB_POINT = re.compile(r"^([A-Z])[0-9]$")
# A lettered, numbered or roman point ("D4:", "ii.") starts afresh, whatever precedes it.
_POINT = re.compile(r"^(?:[A-Z][0-9]?|[a-z]|[ivx]+)[.:]\s")
_YEAR = re.compile(r"\((\d{4})\)\s*$")
_SENTENCE_END = re.compile(r"[.:;!?][)\]\"'”’]*$")
_WORD_HYPHEN = re.compile(r"[A-Za-z]-$")
# The extraction sometimes repeats the last words of a cell on the next line; a repeat
# shorter than this could be a genuine short fragment ("Goal 1") and is kept.
_ECHO_MIN_LENGTH = 20


class ParseError(ValueError):
    """The document does not have the shape the parser expects; names the line."""


@dataclass
class Fragment:
    line: int
    column: int
    text: str


@dataclass
class Row:
    label: str
    section: str
    first_line: int
    last_line: int
    cells: dict[int, list[Fragment]] = field(default_factory=dict)
    sub_point_lines: list[int] = field(default_factory=list)
    repaired_lines: list[int] = field(default_factory=list)

    def add(self, fragment: Fragment) -> None:
        self.cells.setdefault(fragment.column, []).append(fragment)
        self.last_line = fragment.line


@dataclass
class Table:
    action_line: str
    title: str
    first_line: int
    last_line: int = 0
    column_headings: list[str] = field(default_factory=list)
    section_headings: dict[str, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    # Sections the document does not head, inferred from where the labels restart.
    inferred_sections: list[str] = field(default_factory=list)


@dataclass
class Document:
    title: str
    introduction: str
    introduction_line: int
    tables: list[Table]


def parse_document(text: str, column_repairs: dict[int, tuple[int, str]] | None = None) -> Document:
    """Tables and rows of the document, with every fragment placed in its row and column.

    ``column_repairs`` maps a line number to the column its text belongs to (and the start
    of that text, checked), for lines the extraction left without tab separators.
    """
    column_repairs = curation.COLUMN_REPAIRS if column_repairs is None else column_repairs
    title = introduction = ""
    introduction_line = 0
    tables: list[Table] = []
    table: Table | None = None
    section: str | None = None
    row: Row | None = None

    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or _RULE.match(line):
            continue
        fields = line.split("\t")
        first = fields[0].strip()
        if match := _TABLE_TITLE.match(first):
            table = Table(action_line=match.group(1), title=first, first_line=number)
            tables.append(table)
            section, row = None, None
            continue
        if table is None:
            if not title:
                title = first
            elif not introduction:
                introduction, introduction_line = first, number
            else:
                raise ParseError(f"line {number}: text before the first roadmap table")
            continue
        table.last_line = number
        if _HEADER_ROW.match(first):
            table.column_headings = [" ".join(value.split()) for value in fields]
            continue
        heading_section = _section_of_heading(first)
        if heading_section and not any(value.strip() for value in fields[1:]):
            section = heading_section
            table.section_headings[section] = " ".join(first.split())
            row = None
            continue
        if not table.column_headings:
            raise ParseError(f"line {number}: table {table.action_line} has no column headings")
        if len(fields) == 1 and number in column_repairs:
            column, expected_start = column_repairs[number]
            if not first.startswith(expected_start):
                raise ParseError(f"line {number}: repair expects text starting {expected_start!r}")
            fields = [""] * column + [fields[0]]
        elif len(fields) not in (1, len(table.column_headings)):
            raise ParseError(
                f"line {number}: {len(fields)} fields, table {table.action_line} has "
                f"{len(table.column_headings)} columns"
            )
        label = _LABEL.match(fields[0])
        sub_point = label and row and _is_sub_point(label.group(1), row.label)
        if label and not sub_point:
            section = _section_of_new_row(table, section, label.group(1))
            row = Row(label=label.group(1), section=section, first_line=number, last_line=number)
            table.rows.append(row)
        elif row is None:
            raise ParseError(f"line {number}: text outside any row of table {table.action_line}")
        if sub_point:
            row.sub_point_lines.append(number)
        if number in column_repairs:
            row.repaired_lines.append(number)
        for column, value in enumerate(fields):
            if value.strip():
                row.add(Fragment(line=number, column=column, text=value.strip()))
    if not tables:
        raise ParseError("no roadmap table found")
    return Document(
        title=title, introduction=introduction, introduction_line=introduction_line, tables=tables
    )


def _section_of_heading(text: str) -> str | None:
    for start, section in _SECTION_HEADINGS.items():
        if text.startswith(start):
            return section
    return None


def _is_sub_point(label: str, current: str) -> bool:
    # "D1:" .. "D4:" inside outcome D are its own sub-points, while "B2:" after row "B1:"
    # is a row of its own: only a single-letter row owns numbered sub-points.
    match = _SUB_POINT.match(label)
    return bool(match) and match.group(1) == current


def _section_of_new_row(table: Table, section: str | None, label: str) -> str:
    if section is None:
        # A table without a heading opens with the Geneva Plan of Action outcomes, as the
        # headed tables do.
        table.inferred_sections.append(GENEVA_TUNIS)
        return GENEVA_TUNIS
    current_labels = [row.label for row in table.rows if row.section == section]
    if label == "a" and current_labels and section == GENEVA_TUNIS:
        # Where a heading is printed, the lettering restarts at "a" right under the
        # WSIS+10 heading; an unheaded restart marks the same boundary.
        table.inferred_sections.append(WSIS_PLUS_10)
        return WSIS_PLUS_10
    return section


@dataclass
class Cell:
    html: str
    echo_lines: list[int]


def join_fragments(fragments: list[Fragment]) -> Cell:
    """One cell's HTML from its fragments, mending what the page breaks cut.

    A fragment that ends mid-sentence runs on into the next one: the paragraph the page
    break closed is reopened, and a word hyphenated across the break is rejoined.
    """
    html = ""
    echoes = []
    for fragment in fragments:
        text = fragment.text.strip()
        if not html:
            html = text
            continue
        if _is_echo(html, text):
            echoes.append(fragment.line)
            continue
        separator = " "
        if _runs_on(plain_text(html), plain_text(text)):
            if html.endswith("</p>"):
                html = html[: -len("</p>")]
                text = text.removeprefix("<p>")
            elif text.startswith("<p>"):
                text = text[len("<p>") :].replace("</p>", "", 1)
            if _WORD_HYPHEN.search(html) and text[:1].isalpha():
                separator = ""
        html = html + separator + text
    return Cell(html=html, echo_lines=echoes)


def _runs_on(before: str, after: str) -> bool:
    """Whether text cut by a page break continues the same sentence on the next page."""
    if not before or not after or _POINT.match(after):
        return False
    if before.rfind("(") > before.rfind(")"):
        # Inside a parenthesis ("(Aligned with SDG 9:" / "Industry, ...)"), even after a
        # colon or semicolon, the sentence is not over.
        return True
    if _SENTENCE_END.search(before):
        return False
    if after[0].islower() or after[0] == "(":
        return True
    # "Goal 1" / "Buenos Aires ..." or "(2022)" / "Regional Initiatives:" are separate
    # items of a list; a lower-case word or a comma before the break is not an ending.
    return before[-1].islower() or before[-1] in ",-"


def _is_echo(html: str, text: str) -> bool:
    repeated = "".join(plain_text(text).split())
    return len(repeated) >= _ECHO_MIN_LENGTH and "".join(plain_text(html).split()).endswith(
        repeated
    )


# Columns of every table, in order; C6 has a seventh, stored as `extra`.
CELL_FIELDS = ["outcome", "timing", "goals_and_resolutions", "sdg_linkages", "evidence", "results"]
EXTRA_FIELD = "extra"

_SDG_NAME = re.compile(r"\bSDG\s?(\d{1,2})\b")
_SDG_TARGET = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2}|[a-z])(?!\w)")
_CITATION = re.compile(r"\b([A-Z]{3})(\d{1,2})\s?:\s*")
_FIRST_SENTENCE = re.compile(r"^(.*?\.)(?=\s|$)")
_BLOCK = re.compile(r"<(p|li)>(.*?)</\1>", re.DOTALL)


def sdg_links(text: str) -> list[dict]:
    """The SDGs a cell names ("SDG 9", "SDG17") or whose targets it lists ("16.2")."""
    targets: dict[int, list[str]] = {}
    for match in _SDG_NAME.finditer(text):
        targets.setdefault(int(match.group(1)), [])
    for match in _SDG_TARGET.finditer(text):
        goal_targets = targets.setdefault(int(match.group(1)), [])
        if match.group(0) not in goal_targets:
            goal_targets.append(match.group(0))
    links = []
    for number, found in targets.items():
        if not 1 <= number <= 17:
            raise ParseError(f"SDG {number} does not exist (in {text[:60]!r})")
        link = {"sdg": number}
        if found:
            link["targets"] = ", ".join(found)
        links.append(link)
    return sorted(links, key=lambda link: link["sdg"])


def citations(goals_html: str, cycle: str) -> list[dict]:
    """Regional initiatives a goals cell cites: "AFR4: Fostering innovation ecosystems."

    The words cited run from the code to the end of their sentence, list item or
    paragraph, or to the next code.
    """
    found = []
    for block in _BLOCK.finditer(goals_html):
        text = plain_text(block.group(2))
        matches = list(_CITATION.finditer(text))
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            words = text[match.end() : end].strip()
            if sentence := _FIRST_SENTENCE.match(words):
                words = sentence.group(1)
            found.append(
                {
                    "code": f"{match.group(1)}{match.group(2)}",
                    "cycle": cycle,
                    "cited_text": words.rstrip(" •"),
                }
            )
    return found


def _lines(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}-{last}"


def _strip_label(html: str, label: str) -> str:
    return re.sub(rf"^(<p>)?\s*{re.escape(label)}[.:]\s*", r"\1", html, count=1)


def build_fixture(document: Document) -> dict:
    """The fixture's records: every roadmap with its rows, SDG links and citations."""
    year_match = _YEAR.search(document.title)
    if not year_match:
        raise ParseError(f"the document title {document.title!r} gives no year")
    introduction = document.introduction
    if curation.INTRODUCTION_RUN_IN_HEADING:
        introduction = introduction.removeprefix(curation.INTRODUCTION_RUN_IN_HEADING).strip()
    roadmaps = []
    for table in document.tables:
        roadmaps.append(
            _roadmap_record(table, int(year_match.group(1)), " ".join(introduction.split()))
        )
    return {"roadmaps": roadmaps}


def _roadmap_record(table: Table, year: int, introduction: str) -> dict:
    code = table.action_line
    note = curation.ROADMAP_NOTES.get(code, "")
    if table.inferred_sections and not note:
        raise ParseError(f"{code}: sections were inferred; curation.ROADMAP_NOTES must say why")
    extra_column = len(table.column_headings) > len(CELL_FIELDS)
    rows = []
    seen: set[tuple[str, str]] = set()
    for row in table.rows:
        if (row.section, row.label) in seen:
            raise ParseError(f"{code}: label {row.label} appears twice in {row.section}")
        seen.add((row.section, row.label))
        rows.append(_row_record(code, row, extra_column))
    unused = {key for key in curation.ROW_NOTES if key[0] == code and key[1:] not in seen}
    if unused:
        raise ParseError(f"curation.ROW_NOTES names rows that do not exist: {sorted(unused)}")
    return {
        "action_line": code,
        "year": year,
        "title": table.title,
        "source": SOURCE_SLUG,
        "source_locator": _lines(table.first_line, table.last_line),
        "column_headings": table.column_headings,
        "section_headings": table.section_headings,
        "introduction": introduction,
        "curation_note": note,
        "rows": rows,
    }


def _row_record(code: str, row: Row, extra_column: bool) -> dict:
    cells = {}
    echo_lines = []
    fields = CELL_FIELDS + ([EXTRA_FIELD] if extra_column else [])
    for column, name in enumerate(fields):
        cell = join_fragments(row.cells.get(column, []))
        echo_lines += cell.echo_lines
        cells[name] = cell.html
    cells["outcome"] = _strip_label(cells["outcome"], row.label)
    record = {
        "section": row.section,
        "label": row.label,
        "source_locator": _lines(row.first_line, row.last_line),
    }
    for name in fields:
        html = sanitise(cells[name])
        record[name] = plain_text(html) if name == "timing" else html
    record["sdgs"] = sdg_links(plain_text(record["sdg_linkages"]))
    record["citations"] = citations(
        record["goals_and_resolutions"], curation.CITED_INITIATIVES_CYCLE
    )
    note = curation.ROW_NOTES.get((code, row.section, row.label), "")
    judged = row.sub_point_lines or row.repaired_lines or echo_lines
    if judged and not note:
        raise ParseError(
            f"{code} row {row.label}: lines {row.sub_point_lines + row.repaired_lines + echo_lines}"
            " were placed by judgement; curation.ROW_NOTES must say why"
        )
    record["curation_note"] = note
    return record
