"""What the knowledge base holds and what it lacks, region × cycle × stage: for the page
/coverage/, the API's coverage/, and the one-sentence notes of the home, region and cycle
pages (`{% coverage_note %}`).

Every fact is read from the data, none is written by hand:

- held: the published initiatives of each region, cycle and stage, with the source
  documents they come from;
- cited, not held: the codes the WSIS Action Line Roadmaps cite (`roadmaps.Citation`)
  that resolve to no published initiative, in the cycle the roadmap cites them under, as
  adopted texts (a citation resolves only to an adopted text);
- priorities, not initiatives: the priorities a Regional Preparatory Meeting agreed in
  place of draft initiatives (`regions.MeetingPriority`), in the stage of the RPM drafts
  of the cycle that meeting prepared (the first cycle to start after it);
- an action plan's texts not held: a cycle of which some region's adopted texts are held
  is one whose conference adopted initiatives; the other regions' adopted texts of it
  are then known to exist, and not held.

Where a source's publisher address is known it is given (`Source.address`); it is never
guessed. Whatever the data, `build_coverage` runs five queries: the regions, the cycles,
the initiatives counted per region, cycle, stage and source, the unresolved citations,
the priorities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext

from core.conditional import kept_for_data
from initiatives.models import Cycle, Initiative, Stage
from regions.models import MeetingPriority, Region
from roadmaps.models import Citation
from sources.models import Source

# Adopted texts first: what a delegate looks for, then the drafts they grew from.
STAGES = [Stage.ADOPTED, Stage.DRAFT]


@dataclass(frozen=True)
class SourceRef:
    """A source document, as coverage names it: where to read what a cell speaks of."""

    slug: str
    title: str
    address: str

    @property
    def html_url(self) -> str:
        return reverse("sources:detail", args=[self.slug])


def _source_ref(source: Source) -> SourceRef:
    return SourceRef(source.slug, source.title, source.address)


@dataclass
class CitedRow:
    """A roadmap row citing a code the knowledge base does not hold."""

    action_line: str
    label: str
    html_url: str


@dataclass
class CitedCode:
    """An initiative the roadmaps cite that the knowledge base does not hold."""

    code: str
    cited_text: str  # the words of its first citation, as printed
    rows: list[CitedRow] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)


@dataclass
class Priority:
    """A priority an RPM agreed in place of draft initiatives."""

    number: int
    title: str
    meeting: str
    html_url: str
    source: SourceRef


@dataclass
class Cell:
    """One region, cycle and stage: what is held, and what is known to exist but is not."""

    region: Region
    cycle: Cycle
    stage: str
    held: int = 0
    sources: list[SourceRef] = field(default_factory=list)
    cited: list[CitedCode] = field(default_factory=list)
    priorities: list[Priority] = field(default_factory=list)
    # The cycle's conference adopted this region's initiatives (see the module's docstring).
    adopted_elsewhere: bool = False

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label

    @property
    def list_url(self) -> str:
        query = urlencode(
            {"region": self.region.code, "cycle": self.cycle.slug, "stage": self.stage}
        )
        return f"{reverse('initiatives:list')}?{query}"

    @property
    def missing(self) -> bool:
        """Something of this cell is known to exist and is not held."""
        return bool(self.cited or self.priorities or (self.adopted_elsewhere and not self.held))

    @property
    def status(self) -> str:
        if self.held:
            return "partial" if self.missing else "held"
        return "missing" if self.missing else "unknown"

    @property
    def missing_sources(self) -> list[SourceRef]:
        """The documents that name what is missing, each once."""
        found = {ref.slug: ref for code in self.cited for ref in code.sources}
        found.update({p.source.slug: p.source for p in self.priorities})
        return list(found.values())


@dataclass
class CoverageRow:
    region: Region
    cells: list[Cell]


@dataclass
class Coverage:
    regions: list[Region]
    cycles: list[Cycle]
    cells: dict[tuple[str, str, str], Cell]

    def cell(self, region: str, cycle: str, stage: str) -> Cell:
        return self.cells[(region, cycle, stage)]

    @property
    def rows(self) -> list[CoverageRow]:
        return [
            CoverageRow(
                region,
                [
                    self.cell(region.code, cycle.slug, stage)
                    for cycle in self.cycles
                    for stage in STAGES
                ],
            )
            for region in self.regions
        ]

    @property
    def columns(self) -> list[tuple[Cycle, str]]:
        """(cycle, stage) of each column of the table, in the order of a row's cells."""
        return [(cycle, stage) for cycle in self.cycles for stage in STAGES]

    def cells_of(self, region: str | None = None, cycle: str | None = None) -> list[Cell]:
        return [
            cell
            for (region_code, cycle_slug, _), cell in self.cells.items()
            if region in (None, region_code) and cycle in (None, cycle_slug)
        ]

    @property
    def cell_list(self) -> list[Cell]:
        """Every cell, by region, then cycle, then stage (adopted first)."""
        return [cell for row in self.rows for cell in row.cells]

    @property
    def held_count(self) -> int:
        return sum(cell.held for cell in self.cells.values())

    @property
    def cited_codes(self) -> list[CitedCode]:
        return [code for cell in self.cells.values() for code in cell.cited]

    def note(self, region: str | None = None, cycle: str | None = None) -> Note:
        """The one-sentence note of the home page (neither), a region's page or a cycle's
        page: what is held, and what is known to exist but is not."""
        cells = self.cells_of(region, cycle)
        scope = "region" if region else "cycle" if cycle else "all"
        return Note(
            held=_held_phrases(cells, scope),
            missing=_missing_phrases(cells, scope),
            cited=[code.code for cell in cells for code in cell.cited],
            priorities=sum(len(cell.priorities) for cell in cells),
            held_count=sum(cell.held for cell in cells),
        )


@dataclass
class Note:
    held: list[str]  # "the adopted texts of CIS (2023-2025)", ...
    missing: list[str]  # "the adopted texts of AFR and ARB (2026-2029)", ...
    cited: list[str]  # the codes cited, not held
    priorities: int
    held_count: int

    @property
    def held_text(self) -> str:
        return get_text_list(self.held, gettext("and"))

    @property
    def missing_text(self) -> str:
        return get_text_list(self.missing, gettext("and"))


# Above this many codes cited but not held, a note counts them rather than naming them.
NAMED_CODES = 8


def _stage_texts(stage: str) -> str:
    return gettext("the adopted texts") if stage == Stage.ADOPTED else gettext("the RPM drafts")


def _held_phrases(cells: list[Cell], scope: str) -> list[str]:
    groups: dict[tuple[str, int, str], list[str]] = {}
    for cell in cells:
        if cell.held:
            key = (cell.stage, cell.cycle.start_year, cell.cycle.slug)
            groups.setdefault(key, []).append(cell.region.code)
    phrases = []
    for (stage, _, cycle), regions in sorted(groups.items()):
        texts = _stage_texts(stage)
        if scope == "region":
            phrases.append(gettext("%(texts)s of %(cycle)s") % {"texts": texts, "cycle": cycle})
        elif scope == "cycle":
            phrases.append(
                gettext("%(texts)s of %(regions)s")
                % {"texts": texts, "regions": get_text_list(regions, gettext("and"))}
            )
        else:
            phrases.append(
                gettext("%(texts)s of %(regions)s (%(cycle)s)")
                % {
                    "texts": texts,
                    "regions": get_text_list(regions, gettext("and")),
                    "cycle": cycle,
                }
            )
    return phrases


def _cited_phrase(codes: list[str], of_them: bool) -> str:
    if len(codes) <= NAMED_CODES:
        named = get_text_list(codes, gettext("and"))
        if of_them:
            return gettext("the WSIS Action Line Roadmaps cite %(codes)s") % {"codes": named}
        return gettext("the initiatives %(codes)s, which the WSIS Action Line Roadmaps cite") % {
            "codes": named
        }
    if of_them:
        return gettext("the WSIS Action Line Roadmaps cite %(count)d of them") % {
            "count": len(codes)
        }
    return gettext("%(count)d initiatives the WSIS Action Line Roadmaps cite") % {
        "count": len(codes)
    }


def _missing_phrases(cells: list[Cell], scope: str) -> list[str]:
    adopted: dict[tuple[int, str], list[Cell]] = {}
    loose_citations: list[str] = []
    priorities: dict[str, int] = {}
    for cell in cells:
        if cell.adopted_elsewhere and not cell.held:
            adopted.setdefault((cell.cycle.start_year, cell.cycle.slug), []).append(cell)
        else:
            loose_citations += [code.code for code in cell.cited]
        for priority in cell.priorities:
            priorities[priority.meeting] = priorities.get(priority.meeting, 0) + 1
    phrases = []
    for (_, cycle), group in sorted(adopted.items()):
        regions = get_text_list([cell.region.code for cell in group], gettext("and"))
        if scope == "region":
            phrase = gettext("its adopted texts of %(cycle)s") % {"cycle": cycle}
        elif scope == "cycle":
            phrase = gettext("the adopted texts of %(regions)s") % {"regions": regions}
        else:
            phrase = gettext("the adopted texts of %(regions)s for %(cycle)s") % {
                "regions": regions,
                "cycle": cycle,
            }
        cited = [code.code for cell in group for code in cell.cited]
        if cited:
            phrase += f" ({_cited_phrase(cited, of_them=True)})"
        phrases.append(phrase)
    if loose_citations:
        phrases.append(_cited_phrase(loose_citations, of_them=False))
    for meeting, count in priorities.items():
        phrases.append(
            ngettext(
                "the %(count)d priority that %(meeting)s agreed in place of draft initiatives",
                "the %(count)d priorities that %(meeting)s agreed in place of draft initiatives",
                count,
            )
            % {"count": count, "meeting": meeting}
        )
    return phrases


def _cycle_prepared_by(meeting_year: int, cycles: list[Cycle]) -> Cycle | None:
    """An RPM prepares the conference that adopts the next cycle's initiatives."""
    later = [cycle for cycle in cycles if cycle.start_year > meeting_year]
    return min(later, key=lambda cycle: cycle.start_year) if later else None


def kept_coverage(request) -> Coverage:
    """`build_coverage()`, built once per data version (`core.conditional.kept_for_data`):
    the home page, hubs and /coverage/ all show it."""
    return kept_for_data(request, "coverage", (), build_coverage)


def build_coverage() -> Coverage:
    """The coverage of every region, cycle and stage, in five queries."""
    regions = list(Region.objects.all())
    cycles = list(Cycle.objects.all())
    by_region = {region.code: region for region in regions}
    cells = {
        (region.code, cycle.slug, stage): Cell(region, cycle, stage)
        for region in regions
        for cycle in cycles
        for stage in STAGES
    }

    held = (
        Initiative.objects.published()
        .values(
            "region__code",
            "cycle__slug",
            "stage",
            "source__slug",
            "source__title",
            "source__address",
        )
        .annotate(count=Count("pk"))
        .order_by("region__code", "cycle__slug", "stage", "source__order")
    )
    for group in held:
        cell = cells.get((group["region__code"], group["cycle__slug"], group["stage"]))
        if cell is None:
            continue
        cell.held += group["count"]
        cell.sources.append(
            SourceRef(group["source__slug"], group["source__title"], group["source__address"])
        )

    # A cycle of which some adopted texts are held is one whose conference adopted
    # initiatives for the regions; the sources say so of both ("for each major region").
    adopting = {
        cycle for (_, cycle, stage), cell in cells.items() if stage == Stage.ADOPTED and cell.held
    }
    for (_, cycle, stage), cell in cells.items():
        if stage == Stage.ADOPTED and cycle in adopting:
            cell.adopted_elsewhere = True

    unresolved = (
        Citation.objects.filter(Q(initiative__isnull=True) | Q(initiative__published=False))
        .select_related("cycle", "row__roadmap__action_line", "row__roadmap__source")
        .order_by("code", "row__roadmap__action_line__number", "row__order", "order")
    )
    cited: dict[tuple[str, str], CitedCode] = {}
    for citation in unresolved:
        region = citation.code[:3]
        cell = cells.get((region, citation.cycle.slug, Stage.ADOPTED))
        if cell is None:
            continue
        key = (citation.cycle.slug, citation.code)
        code = cited.get(key)
        if code is None:
            code = cited[key] = CitedCode(citation.code, citation.cited_text)
            cell.cited.append(code)
        row = citation.row
        if not any(r.html_url == row.get_absolute_url() for r in code.rows):
            code.rows.append(
                CitedRow(row.roadmap.action_line.code, row.label, row.get_absolute_url())
            )
        source = _source_ref(row.roadmap.source)
        if source not in code.sources:
            code.sources.append(source)
    for cell in cells.values():
        cell.cited.sort(key=lambda code: (len(code.code), code.code))

    priorities = MeetingPriority.objects.select_related(
        "meeting__region", "meeting__source"
    ).order_by("meeting__region__code", "number")
    for priority in priorities:
        meeting = priority.meeting
        cycle = _cycle_prepared_by(meeting.start_date.year, cycles)
        if cycle is None or meeting.region.code not in by_region:
            continue
        cells[(meeting.region.code, cycle.slug, Stage.DRAFT)].priorities.append(
            Priority(
                priority.number,
                priority.title,
                meeting.name,
                meeting.get_absolute_url(),
                _source_ref(meeting.source),
            )
        )
    return Coverage(regions, cycles, cells)
