"""Every roadmap text stored is the document's own, taken from the row it belongs to.

The extraction interleaves the table's columns line by line, so a cell's text is not one
run of the document: it is a sequence of the document's tab-separated fragments. The check
reads the repository's copy of source 004, strips the tags of every fragment and removes
its whitespace (the curation rules keep the text verbatim except for whitespace), and
proves that each stored text is such a sequence, in document order, taken from the lines
and the column of its own row. A cell may begin inside a fragment (an outcome without its
label) and end inside one (a citation), never skip words inside one.
"""

import functools
import html
import re

import pytest

from roadmaps.models import Citation, Roadmap, RoadmapRow
from sources.models import Source

pytestmark = pytest.mark.django_db

CELLS = [
    "outcome",
    "timing",
    "goals_and_resolutions",
    "sdg_linkages",
    "evidence",
    "results",
    "extra",
]
LINES = re.compile(r"^lines? (\d+)(?:-(\d+))?$")
RULE = re.compile(r"^[-\t ]*-[-\t ]*$")


def compact(text: str) -> str:
    return "".join(html.unescape(re.sub(r"<[^>]*>", "", text)).split())


@functools.cache
def document_fragments() -> list[tuple[int, int | None, str]]:
    """(line, column, text) of every fragment; column None on a line without tabs."""
    source = Source.objects.get(slug="wsis-action-line-roadmaps-2025")
    fragments = []
    for number, line in enumerate(source.read_text().split("\n"), start=1):
        if RULE.match(line):
            continue
        fields = line.split("\t")
        for column, field in enumerate(fields):
            if text := compact(field):
                fragments.append((number, column if len(fields) > 1 else None, text))
    return fragments


def fragments_of(first_line=1, last_line=10**6, column=None) -> list[str]:
    return [
        text
        for line, col, text in document_fragments()
        if first_line <= line <= last_line and (column is None or col in (None, column))
    ]


def made_of_fragments(text: str, fragments: list[str]) -> bool:
    """Whether `text` is a run of `fragments`, in order, possibly starting and ending inside one."""
    if not text:
        return True

    @functools.cache
    def rest_from(position: int, index: int) -> bool:
        if position == len(text):
            return True
        rest = text[position:]
        for j in range(index, len(fragments)):
            fragment = fragments[j]
            if fragment.startswith(rest):
                return True
            if rest.startswith(fragment) and rest_from(position + len(fragment), j + 1):
                return True
        return False

    if rest_from(0, 0):
        return True
    for i, fragment in enumerate(fragments):
        start = fragment.find(text[0])
        while start != -1:
            piece = fragment[start:]
            if piece.startswith(text):
                return True
            if text.startswith(piece) and rest_from(len(piece), i + 1):
                return True
            start = fragment.find(text[0], start + 1)
    return False


def row_lines(row: RoadmapRow) -> tuple[int, int]:
    first, last = LINES.match(row.source_locator).groups()
    return int(first), int(last or first)


def test_the_checker_accepts_the_documents_runs_and_refuses_anything_else():
    fragments = ["A:Governmentsshould", "competitiveenvironment.", "Goal1", "Goal2"]
    assert made_of_fragments("Governmentsshouldcompetitiveenvironment.", fragments)
    assert made_of_fragments("Goal1Goal2", fragments)
    assert made_of_fragments("environment.Goal1", fragments)
    assert made_of_fragments("shouldcompetitive", fragments)
    assert not made_of_fragments("Goal2Goal1", fragments)
    assert not made_of_fragments("Governmentscompetitiveenvironment.", fragments)
    assert not made_of_fragments("Governmentsshouldcompetitive", fragments[:1])
    assert not made_of_fragments("Governmentsshouldcompetitiveenvironments.", fragments)


def test_every_cell_of_every_row_is_the_documents_text_from_its_own_row_and_column():
    problems = []
    for row in RoadmapRow.objects.for_listing():
        first, last = row_lines(row)
        for column, name in enumerate(CELLS):
            text = compact(getattr(row, f"{name}_text" if name != "timing" else name))
            if not made_of_fragments(text, fragments_of(first, last, column)):
                problems.append(f"{row} {name}: {text[:60]!r}")
    assert problems == []


def test_every_fragment_of_a_row_is_kept_in_the_cell_of_its_column():
    problems = []
    for row in RoadmapRow.objects.for_listing():
        first, last = row_lines(row)
        cells = [compact(getattr(row, name)) for name in CELLS]
        for line, column, text in document_fragments():
            if not first <= line <= last:
                continue
            if line == first and column == 0:
                text = re.sub(rf"^{re.escape(row.label)}[.:]", "", text)
            kept = cells if column is None else [cells[column]]
            if not any(text in cell for cell in kept):
                problems.append(f"{row} line {line} column {column}: {text[:60]!r}")
    assert problems == []


def test_every_citation_is_worded_as_the_document_words_it():
    problems = []
    for citation in Citation.objects.select_related("row__roadmap__action_line"):
        first, last = row_lines(citation.row)
        words = compact(citation.cited_text)
        if not made_of_fragments(words, fragments_of(first, last, 2)):
            problems.append(f"{citation}: {citation.cited_text!r}")
        if f"{citation.code}:" not in compact(citation.row.goals_and_resolutions):
            problems.append(f"{citation}: code not in the goals cell")
    assert problems == []


def test_roadmap_titles_headings_and_introduction_are_the_documents_text():
    problems = []
    for roadmap in Roadmap.objects.all():
        texts = [roadmap.title, roadmap.introduction, *roadmap.column_headings]
        texts += list(roadmap.section_headings.values())
        for text in texts:
            if not made_of_fragments(compact(text), fragments_of()):
                problems.append(f"{roadmap.action_line_id}: {text[:60]!r}")
    assert problems == []
