"""The alignment matrix, for the page /matrix/ and the API's matrix/: the initiatives (or
the regions) against the SDGs, the WSIS action lines or the GDC objectives, each cell the
provenances that align them, with the evidence.

One row is one initiative: an adopted text and the RPM draft it grew from share a row
(the adopted code and title, links to both); a draft without a published adopted text is
a row of its own. Only published initiatives and published links count.

The aggregate counts, per region and column, the initiatives aligned, as the initiatives
list it links to counts them; it also counts the texts (adopted texts and drafts apart),
as the API's lists count them.

Whatever the data, `build_matrix` runs five queries: the columns, the regions, the
initiatives, the links, and the aggregate's counts (initiatives.tallies, which counts for
the whole portal).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from frameworks.models import SDG, ActionLine, GDCObjective, Provenance
from initiatives.models import (
    Cycle,
    Initiative,
    InitiativeActionLine,
    InitiativeGDCObjective,
    InitiativeSDG,
    Stage,
)
from initiatives.tallies import INITIATIVES, TEXTS, adopted_and_draft, count_links
from regions.models import Region

# How a cell shows each provenance: a shape, never a colour alone, always with its text.
SHAPES = {
    Provenance.SOURCE: "●",
    Provenance.ROADMAP: "◆",
    Provenance.CURATED: "○",
}


@dataclass(frozen=True)
class Framework:
    """A framework the matrix can show as its columns."""

    slug: str  # ?framework=
    name: str  # in sentences: "the Sustainable Development Goals"
    short_name: str  # in captions and headings: "SDGs"
    link_model: type[models.Model]
    target: str  # the link's field holding the column's record
    key: str  # the field of that record naming it in the API and the initiatives list
    list_parameter: str  # the initiatives list's filter (initiatives.filters.InitiativeFilter)
    api_view: str  # the route of a column's detail in the API
    # The section of an initiative's page listing these alignments (initiatives/detail.html).
    anchor: str


FRAMEWORKS = {
    framework.slug: framework
    for framework in (
        Framework(
            "sdg",
            gettext_lazy("the Sustainable Development Goals"),
            gettext_lazy("SDGs"),
            InitiativeSDG,
            "sdg",
            "number",
            "sdg",
            "sdg-detail",
            "alignment-sustainable-development-goals",
        ),
        Framework(
            "action-line",
            gettext_lazy("the WSIS Action Lines"),
            gettext_lazy("WSIS Action Lines"),
            InitiativeActionLine,
            "action_line",
            "code",
            "action_line",
            "action-line-detail",
            "alignment-wsis-action-lines",
        ),
        Framework(
            "gdc",
            gettext_lazy("the Global Digital Compact objectives"),
            gettext_lazy("GDC objectives"),
            InitiativeGDCObjective,
            "objective",
            "number",
            "gdc",
            "gdc-objective-detail",
            "alignment-global-digital-compact-objectives",
        ),
    )
}
DEFAULT_FRAMEWORK = "sdg"


@dataclass(frozen=True)
class MatrixFilters:
    """What the matrix shows: each tuple empty for "all"; several values mean any of them.
    `provenances` narrows the cells (and so the aggregate), not the rows."""

    framework: str = DEFAULT_FRAMEWORK
    regions: tuple[str, ...] = ()
    cycles: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    provenances: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    key: str  # "9", "C5", "3": the value of the initiatives list's filter, the cells' key
    prefix: str  # what makes the key a name: "SDG ", "", "GDC objective "
    title: str
    html_url: str
    api_view: str  # the route of its detail in the API, and its lookup there
    lookup: int | str
    colour: str | None = None  # the official SDG colour
    text_colour: str | None = None  # black or white, whichever reads on it (WCAG AA)

    @property
    def label(self) -> str:
        """ "SDG 9", "C5", "GDC objective 3"."""
        return f"{self.prefix}{self.key}"


def _columns(framework: Framework) -> list[Column]:
    if framework.slug == "sdg":
        return [
            Column(
                str(sdg.number),
                # Translators: a goal's name without its number, which follows it ("SDG 9").
                pgettext_lazy("before a goal's number", "SDG "),
                sdg.local_name,
                sdg.get_absolute_url(),
                framework.api_view,
                sdg.number,
                sdg.colour,
                sdg.text_colour,
            )
            for sdg in SDG.objects.all()
        ]
    if framework.slug == "action-line":
        return [
            Column(
                line.code,
                "",
                line.local_name,
                line.get_absolute_url(),
                framework.api_view,
                line.code,
            )
            for line in ActionLine.objects.all()
        ]
    return [
        Column(
            str(objective.number),
            # Translators: an objective's name without its number, which follows it.
            pgettext_lazy("before an objective's number", "GDC objective "),
            objective.local_name,
            objective.get_absolute_url(),
            framework.api_view,
            objective.number,
        )
        for objective in GDCObjective.objects.all()
    ]


@dataclass
class Evidence:
    """One alignment link behind a cell: the text that carries it, who states it, why."""

    text: Initiative
    provenance: str
    rationale: str


@dataclass
class Cell:
    row: Row = field(repr=False, compare=False)
    column: Column
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def provenances(self) -> list[str]:
        given = {item.provenance for item in self.evidence}
        return [value for value in Provenance.values if value in given]

    @property
    def shapes(self) -> list[dict[str, str]]:
        return [
            {"provenance": value, "shape": SHAPES[Provenance(value)]} for value in self.provenances
        ]

    @property
    def label(self) -> str:
        """Its accessible name: "AMS4 – SDG 9: curated by the editors"."""
        stated = "; ".join(str(Provenance(value).label) for value in self.provenances)
        return f"{self.row.code} – {self.column.label}: {stated}"

    @property
    def description(self) -> str:
        """Who states it and why, link by link (its title, for a pointer's hover)."""
        parts = []
        for item in sorted(self.evidence, key=_evidence_order):
            said = str(Provenance(item.provenance).label)
            parts.append(f"{said}: {item.rationale}" if item.rationale else said)
        return "; ".join(dict.fromkeys(parts))

    @property
    def url(self) -> str:
        """The alignment section of the page of the text that carries it (the adopted text
        when both do)."""
        text = min((item.text for item in self.evidence), key=_stage_order)
        return f"{text.get_absolute_url()}#{self.row.framework.anchor}"


def _stage_order(text: Initiative) -> int:
    return 0 if text.stage == Stage.ADOPTED else 1


def _evidence_order(item: Evidence) -> tuple[int, int]:
    return Provenance.values.index(item.provenance), _stage_order(item.text)


@dataclass
class Row:
    """One initiative: its adopted text, its RPM draft, or both."""

    framework: Framework
    adopted: Initiative | None
    draft: Initiative | None
    cells: dict[str, Cell] = field(default_factory=dict)
    # The cells in column order, None where nothing aligns (for the page).
    cell_list: list[Cell | None] = field(default_factory=list)

    @property
    def main(self) -> Initiative:
        text = self.adopted or self.draft
        assert text is not None
        return text

    @property
    def texts(self) -> list[Initiative]:
        return [text for text in (self.adopted, self.draft) if text is not None]

    @property
    def slug(self) -> str:
        return self.main.slug

    @property
    def code(self) -> str:
        return self.main.code

    @property
    def title(self) -> str:
        return self.main.title

    @property
    def region(self) -> Region:
        return self.main.region

    @property
    def cycle(self) -> Cycle:
        return self.main.cycle

    @property
    def html_url(self) -> str:
        return self.main.get_absolute_url()


@dataclass(frozen=True)
class Tally:
    """A region's (or every region's) initiatives aligned to a column."""

    column: Column
    count: int  # rows: an adopted text and its draft once
    texts: int  # texts: an adopted text and its draft twice
    url: str  # that list, filtered to show them
    region: Region | None = None

    @property
    def label(self) -> str:
        names = {
            "where": self.region.code if self.region else _("All regions"),
            "column": self.column.label,
            "count": self.count,
            "texts": self.texts,
        }
        if self.texts != self.count:
            return (
                ngettext(
                    "%(where)s – %(column)s: %(count)s initiative in %(texts)s texts",
                    "%(where)s – %(column)s: %(count)s initiatives in %(texts)s texts",
                    self.count,
                )
                % names
            )
        return (
            ngettext(
                "%(where)s – %(column)s: %(count)s initiative",
                "%(where)s – %(column)s: %(count)s initiatives",
                self.count,
            )
            % names
        )


@dataclass(frozen=True)
class Line:
    """An initiative aligned to a column by one provenance."""

    row: Row
    cell: Cell
    provenance: str

    @property
    def evidence(self) -> list[Evidence]:
        return [item for item in self.cell.evidence if item.provenance == self.provenance]


@dataclass
class RegionTallies:
    region: Region
    tallies: list[Tally]


@dataclass
class RowGroup:
    region: Region
    cycle: Cycle
    rows: list[Row]


@dataclass
class Matrix:
    framework: Framework
    filters: MatrixFilters
    columns: list[Column]
    rows: list[Row]
    regions: list[Region]
    aggregate: list[RegionTallies]
    totals: list[Tally]

    @property
    def tallies(self) -> list[Tally]:
        """The aggregate, region by region, column by column."""
        return [tally for line in self.aggregate for tally in line.tallies]

    def lines(self) -> Iterator[Line]:
        """One line per initiative, column and provenance, as the CSV has them."""
        for row in self.rows:
            for cell in row.cells.values():
                for provenance in cell.provenances:
                    yield Line(row, cell, provenance)

    @property
    def aligned(self) -> list[Row]:
        return [row for row in self.rows if row.cells]

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def aligned_count(self) -> int:
        return len(self.aligned)

    @property
    def text_count(self) -> int:
        return sum(len(row.texts) for row in self.rows)

    @property
    def groups(self) -> list[RowGroup]:
        """The rows by region, then cycle."""
        groups: list[RowGroup] = []
        for row in self.rows:
            if groups and (groups[-1].region, groups[-1].cycle) == (row.region, row.cycle):
                groups[-1].rows.append(row)
            else:
                groups.append(RowGroup(row.region, row.cycle, [row]))
        return groups


def build_matrix(filters: MatrixFilters) -> Matrix:
    framework = FRAMEWORKS[filters.framework]
    columns = _columns(framework)
    regions = [
        region
        for region in Region.objects.all()
        if not filters.regions or region.code in filters.regions
    ]
    texts = Initiative.objects.for_listing()
    if filters.regions:
        texts = texts.filter(region__code__in=filters.regions)
    if filters.cycles:
        texts = texts.filter(cycle__slug__in=filters.cycles)
    if filters.stages:
        texts = texts.filter(stage__in=filters.stages)
    # What a row shows of its texts: not their objectives and notes.
    ordered = texts.defer("objective", "results_intro", "curation_note").order_by(
        "region__code", "cycle__start_year", "number", "stage"
    )
    rows, row_of = _fold(framework, list(ordered))

    links = framework.link_model.objects.published().filter(initiative__in=texts.values("pk"))
    if filters.provenances:
        links = links.filter(provenance__in=filters.provenances)
    by_id = {text.pk: text for row in rows for text in row.texts}
    columns_by_key = {column.key: column for column in columns}
    key_path = f"{framework.target}__{framework.key}"
    for initiative_id, key, provenance, rationale in links.order_by().values_list(
        "initiative_id", key_path, "provenance", "rationale"
    ):
        row, column = row_of[initiative_id], columns_by_key[str(key)]
        cell = row.cells.get(column.key)
        if cell is None:
            cell = row.cells[column.key] = Cell(row, column)
        cell.evidence.append(Evidence(by_id[initiative_id], provenance, rationale))
    for row in rows:
        row.cell_list = [row.cells.get(column.key) for column in columns]
        row.cells = {cell.column.key: cell for cell in row.cell_list if cell is not None}

    # The aggregate counts what the rest of the portal counts, the same way.
    per_region = ("initiative__region__code", key_path)
    counts = count_links(links, by=per_region, unit=(INITIATIVES, TEXTS))
    aggregate = [
        RegionTallies(region, _tallies(framework, filters, columns, counts, [region], region))
        for region in regions
    ]
    totals = _tallies(framework, filters, columns, counts, regions, None)
    return Matrix(framework, filters, columns, rows, regions, aggregate, totals)


def _fold(framework: Framework, texts: list[Initiative]) -> tuple[list[Row], dict[int, Row]]:
    """One row per initiative, an adopted text's draft in its row; and the row of each text."""
    rows, row_of = [], {}
    for adopted, draft in adopted_and_draft(texts):
        row = Row(framework, adopted, draft)
        rows.append(row)
        for text in row.texts:
            row_of[text.pk] = row
    return rows, row_of


def _tallies(framework, filters, columns, counts, regions, region) -> list[Tally]:
    """Per column, the initiatives (and texts) of `regions` aligned to it; an initiative
    is of one region, so the counts of several regions add up."""

    def total(unit, column) -> int:
        return sum(counts.get((each.code, column.key), {}).get(unit, 0) for each in regions)

    return [
        Tally(
            column,
            total(INITIATIVES, column),
            total(TEXTS, column),
            list_url(framework, filters, column, region),
            region,
        )
        for column in columns
    ]


def list_url(framework: Framework, filters: MatrixFilters, column: Column, region) -> str:
    """The initiatives list showing the texts of `region` (or of the regions filtered)
    aligned to `column` under the matrix's filters: `/initiatives/?region=AMS&sdg=9`."""
    regions = (region.code,) if region is not None else filters.regions
    parameters = [
        ("region", ",".join(regions)),
        (framework.list_parameter, column.key),
        ("cycle", ",".join(filters.cycles)),
        ("stage", ",".join(filters.stages)),
        ("provenance", ",".join(filters.provenances)),
    ]
    query = urlencode([(name, value) for name, value in parameters if value], safe=",")
    return f"{reverse('initiatives:list')}?{query}"
