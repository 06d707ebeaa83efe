"""The knowledge base as normalised tables: every published record and every relationship,
each table declared once, with its columns, their types and meanings, and its keys.

The CSV files of /downloads/, the workbook's sheets and the Data Package's table schemas
are all derived from `TABLES`, so they cannot disagree. Tables join by the records'
permanent identifiers (slugs, codes, numbers); a roadmap row's key is its id, its permanent
address in the API (`/api/v1/roadmap-rows/<id>/`). The first columns of the tables that
were the API's list columns before (initiatives.csv, ...) stay first and keep their values:
the file names and those columns are permanent addresses.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, NamedTuple

from django.urls import reverse
from django.utils.translation import gettext_noop

from frameworks.models import SDG, ActionLine, GDCObjective, Provenance
from initiatives.models import (
    Cycle,
    ExpectedResult,
    ExpectedResultSubitem,
    Footnote,
    Initiative,
    InitiativeActionLine,
    InitiativeGDCObjective,
    InitiativeSDG,
    RelatedInitiative,
    Stage,
)
from regions.models import REGION_CODES, MeetingPriority, PreparatoryMeeting, Region
from roadmaps.models import Citation, Roadmap, RoadmapRow, RoadmapRowSDG, Section
from sources.models import Source, SourceKind, SourceSection

# Table Schema types (https://specs.frictionlessdata.io/table-schema/#types-and-formats).
STRING, INTEGER, NUMBER, BOOLEAN, DATE, ARRAY, OBJECT = (
    "string",
    "integer",
    "number",
    "boolean",
    "date",
    "array",
    "object",
)


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    # How the value is read from a record: an attribute path, or a function; the name by default.
    read: str | Callable[[Any], Any] | None = None
    required: bool = False
    enum: tuple[str, ...] = ()

    def value(self, record) -> Any:
        read = self.read or self.name
        value = attrgetter(read)(record) if isinstance(read, str) else read(record)
        if self.type in (ARRAY, OBJECT):
            # A JSON text, as Table Schema reads these types.
            return json.dumps(value, ensure_ascii=False)
        return value


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    table_columns: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    # In English in the files; marked (gettext_noop) for the downloads page, which shows
    # them in the reader's language.
    title: str
    description: str
    records: Callable[[], Iterable]
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def rows(self) -> list[dict]:
        return [
            {column.name: column.value(record) for column in self.columns}
            for record in self.records()
        ]


NAME_LANGUAGE_LABELS = {
    "ar": "Arabic",
    "es": "Spanish",
    "fr": "French",
    "ru": "Russian",
    "zh": "Chinese (Simplified)",
}


def names_by_language(what: str) -> tuple[Column, ...]:
    """A vocabulary's name in the UN languages: as the API's `names` (so that the file
    keeps every column of the API's list), then a column for each language but English
    (name_ar, ...), for spreadsheets."""
    return (
        Column(
            "names",
            OBJECT,
            f"The {what} in the six UN languages, by language code (ar, en, es, fr, ru, zh: "
            "Simplified Chinese), as the API's `names`.",
            "names_by_language",
        ),
        *(
            Column(
                f"name_{code}",
                STRING,
                f"The {what} in {label}, as the UN publishes it; empty where it is not recorded.",
                lambda record, code=code: (record.names or {}).get(code, ""),
            )
            for code, label in NAME_LANGUAGE_LABELS.items()
        ),
    )


def fk(columns: str, table: str, table_columns: str | None = None) -> ForeignKey:
    """A foreign key; several columns are written "a b"."""
    return ForeignKey(tuple(columns.split()), table, tuple((table_columns or columns).split()))


# ----------------------------------------------------------------------------- columns


def api_url(view_name: str, lookup: str) -> Column:
    return Column(
        "url",
        STRING,
        "The record's address in the JSON API, relative to this site.",
        lambda record: reverse(f"api:{view_name}", args=[attrgetter(lookup)(record)]),
    )


def page_url(read: Callable[[Any], str] | None = None, what: str = "record") -> Column:
    return Column(
        "html_url",
        STRING,
        f"The {what}'s page on this site, relative to it.",
        read or (lambda record: record.get_absolute_url()),
    )


def source_columns(what: str) -> tuple[Column, ...]:
    return (
        Column(
            "source",
            STRING,
            f"The slug of the source document the {what} is reproduced from (sources.csv).",
            "source.slug",
        ),
        Column(
            "source_locator",
            STRING,
            f"Where in that document the {what} stands, as the editors located it.",
        ),
    )


CURATION_NOTE = Column(
    "curation_note",
    STRING,
    "The editors' note on a judgement they made where the document's text is damaged or "
    "ambiguous (a restored number or code, an inferred section, a fused line); empty when "
    "the text is taken as printed. An editorial addition, not ITU's words.",
)

REGION = Column(
    "region", STRING, "The region's code (regions.csv).", "region.code", True, tuple(REGION_CODES)
)
STAGE = Column(
    "stage",
    STRING,
    "`adopted`: the text adopted by the World Telecommunication Development Conference; "
    "`draft`: the draft agreed by the Regional Preparatory Meeting.",
    required=True,
    enum=tuple(Stage.values),
)
PROVENANCE = Column(
    "provenance",
    STRING,
    "Who states the link: `source`, the source document; `roadmap`, a WSIS Action Line "
    "roadmap row citing the initiative; `curated`, the editors (with a rationale), never "
    "ITU's own statement.",
    required=True,
    enum=tuple(Provenance.values),
)


def published_slug(initiative: Initiative | None) -> str | None:
    return initiative.slug if initiative is not None and initiative.published else None


def adopted_slug(initiative: Initiative) -> str | None:
    return published_slug(initiative.adopted_version_or_none())


# ----------------------------------------------------------------------------- records


class Alignment(NamedTuple):
    """One alignment link, whichever framework it points to."""

    initiative: str
    framework: str
    code: str
    sdg: int | None
    action_line: str | None
    gdc_objective: int | None
    provenance: str
    rationale: str


def alignments() -> Iterable[Alignment]:
    for link in InitiativeSDG.objects.published().select_related("initiative", "sdg"):
        number = link.sdg.number
        yield Alignment(
            link.initiative.slug, "sdg", str(number), number, None, None,
            link.provenance, link.rationale,
        )  # fmt: skip
    for link in InitiativeActionLine.objects.published().select_related(
        "initiative", "action_line"
    ):
        code = link.action_line.code
        yield Alignment(
            link.initiative.slug, "action-line", code, None, code, None,
            link.provenance, link.rationale,
        )  # fmt: skip
    for link in InitiativeGDCObjective.objects.published().select_related(
        "initiative", "objective"
    ):
        number = link.objective.number
        yield Alignment(
            link.initiative.slug, "gdc-objective", str(number), None, None, number,
            link.provenance, link.rationale,
        )  # fmt: skip


def published_result_parts(model):
    """Sub-items or footnotes of the published results of published initiatives."""
    return model.objects.filter(
        result__published=True, result__initiative__published=True
    ).select_related("result__initiative")


RICH_CELL_TITLES = {
    "outcome": "the WSIS outcome",
    "goals_and_resolutions": "ITU's strategic goals and resolutions",
    "sdg_linkages": "the SDG linkages",
    "evidence": "the evidence-based analysis",
    "results": "the expected and achieved results",
    "extra": "a roadmap's extra column (C6: COVID-19 Response)",
}


def rich_cell_columns() -> tuple[Column, ...]:
    """Each rich cell as plain text and as the sanitised HTML (paragraphs, lists, emphasis).
    `outcome` is already the row's third column, as the API lists it."""
    columns = []
    for name, title in RICH_CELL_TITLES.items():
        if name != "outcome":
            columns.append(
                Column(name, STRING, f"{title.capitalize()}, as plain text.", f"{name}_text")
            )
        columns.append(
            Column(f"{name}_html", STRING, f"{title.capitalize()}, as sanitised HTML.", name)
        )
    return tuple(columns)


# ----------------------------------------------------------------------------- tables

TABLES: list[Table] = [
    Table(
        "sources",
        gettext_noop("Source documents"),
        gettext_noop(
            "The five ITU documents the knowledge base is curated from. Every record names one."
        ),
        lambda: Source.objects.all(),
        (
            Column("slug", STRING, "The document's permanent identifier.", required=True),
            Column("title", STRING, "The document's title.", required=True),
            Column("publisher", STRING, "Who published it.", required=True),
            Column(
                "date",
                STRING,
                "ISO 8601 at the precision the document gives: 2025-05-12, 2025-11 or 2025.",
                required=True,
            ),
            Column("kind", STRING, "What kind of document it is.", enum=tuple(SourceKind.values)),
            api_url("source-detail", "slug"),
            page_url(what="document"),
            Column("file_name", STRING, "The text file of the document, as the portal keeps it."),
            Column(
                "address",
                STRING,
                "The publisher's own address of the document, where confirmed; empty when unknown.",
            ),
            Column("symbol", STRING, "The document's symbol, as it prints it; empty if none."),
            Column(
                "document_url",
                STRING,
                "The document's text on this site, relative to it.",
                lambda source: reverse("sources:document", args=[source.slug]),
            ),
            Column("description", STRING, "What the document is and what it gives (editors')."),
            Column("order", INTEGER, "The document's place in the list of sources."),
        ),
        ("slug",),
    ),
    Table(
        "source-sections",
        gettext_noop("Source sections"),
        gettext_noop(
            "The headed parts of the source documents that are not stored as other records, such "
            "as the questions and answers of the CSTD questionnaire; verbatim."
        ),
        lambda: SourceSection.objects.select_related("source"),
        (
            Column("source", STRING, "The document's slug (sources.csv).", "source.slug", True),
            Column("order", INTEGER, "The section's place in the document, from 0.", required=True),
            Column("heading", STRING, "The heading as printed; empty where there is none."),
            Column("body", STRING, "The text, paragraphs separated by blank lines, verbatim."),
            CURATION_NOTE,
            page_url(what="section"),
        ),
        ("source", "order"),
        (fk("source", "sources", "slug"),),
    ),
    Table(
        "regions",
        gettext_noop("Regions"),
        gettext_noop("The six ITU-D regions."),
        lambda: Region.objects.all(),
        (
            Column("code", STRING, "The region's code.", required=True, enum=tuple(REGION_CODES)),
            Column("name", STRING, "The region's name.", required=True),
            api_url("region-detail", "code"),
            page_url(what="region"),
            *names_by_language("region's name"),
        ),
        ("code",),
    ),
    Table(
        "meetings",
        gettext_noop("Regional Preparatory Meetings"),
        gettext_noop(
            "The six Regional Preparatory Meetings (RPMs) for WTDC-25, as reported to the RPM "
            "Coordination Meeting of 12 May 2025."
        ),
        lambda: PreparatoryMeeting.objects.for_listing(),
        (
            REGION,
            Column("name", STRING, "The meeting's name, as printed.", required=True),
            Column("start_date", DATE, "The first day.", required=True),
            Column("end_date", DATE, "The last day.", required=True),
            Column("city", STRING, "Where it met."),
            Column("country", STRING, "The host country."),
            Column("chair", STRING, "The Chair, as printed."),
            Column(
                "vice_chairs",
                STRING,
                "The Vice-Chairs as printed, in order, separated by “;”.",
                lambda meeting: ";".join(meeting.vice_chairs),
            ),
            Column(
                "priorities",
                STRING,
                "The regional priorities the meeting agreed instead of draft initiatives "
                "(RPM-ARB), separated by “;” (one row each in meeting-priorities.csv).",
                lambda meeting: ";".join(priority.title for priority in meeting.priorities.all()),
            ),
            api_url("meeting-detail", "name"),
            page_url(what="meeting"),
            Column("dates_as_printed", STRING, "The dates as the report prints them."),
            Column("summary", STRING, "The report's summary of the contributions received."),
            *source_columns("meeting"),
            CURATION_NOTE,
        ),
        ("name",),
        (fk("region", "regions", "code"), fk("source", "sources", "slug")),
    ),
    Table(
        "meeting-priorities",
        gettext_noop("Meeting priorities"),
        gettext_noop(
            "The regional priorities an RPM agreed in place of draft initiatives (RPM-ARB), "
            "numbered as printed."
        ),
        lambda: MeetingPriority.objects.select_related("meeting"),
        (
            Column("meeting", STRING, "The meeting's name (meetings.csv).", "meeting.name", True),
            Column("number", INTEGER, "The priority's number, as printed.", required=True),
            Column("title", STRING, "The priority, as printed.", required=True),
        ),
        ("meeting", "number"),
        (fk("meeting", "meetings", "name"),),
    ),
    Table(
        "cycles",
        gettext_noop("Cycles"),
        gettext_noop(
            "The planning periods adopted by the World Telecommunication Development Conferences."
        ),
        lambda: Cycle.objects.all(),
        (
            Column("slug", STRING, "The cycle's identifier, e.g. 2026-2029.", required=True),
            Column("name", STRING, "The cycle's name."),
            Column("conference", STRING, "The conference that adopted it, e.g. WTDC-25."),
            Column("start_year", INTEGER, "The first year."),
            Column("end_year", INTEGER, "The last year."),
            api_url("cycle-detail", "slug"),
            page_url(
                lambda cycle: f"{reverse('initiatives:list')}?cycle={cycle.slug}",
                "cycle's initiatives list (a cycle has no page of its own)",
            ),
            Column("conference_city", STRING, "Where the conference met."),
            Column("action_plan", STRING, "The conference's action plan, e.g. Baku Action Plan."),
        ),
        ("slug",),
    ),
    Table(
        "sdgs",
        gettext_noop("Sustainable Development Goals"),
        gettext_noop("The 17 SDGs (UN General Assembly resolution 70/1)."),
        lambda: SDG.objects.all(),
        (
            Column("number", INTEGER, "The goal's number, 1 to 17.", required=True),
            Column("title", STRING, "The official goal text."),
            api_url("sdg-detail", "number"),
            page_url(what="goal"),
            Column("short_name", STRING, "The goal's short name."),
            Column("colour", STRING, "The official UN colour, as #RRGGBB."),
            *names_by_language("goal's short name"),
        ),
        ("number",),
    ),
    Table(
        "action-lines",
        gettext_noop("WSIS Action Lines"),
        gettext_noop("The WSIS Action Lines C1 to C11 (Geneva Plan of Action, 2003)."),
        lambda: ActionLine.objects.all(),
        (
            Column("code", STRING, "The action line's code, C1 to C11.", required=True),
            Column("title", STRING, "The action line's title."),
            api_url("action-line-detail", "code"),
            page_url(what="action line"),
            Column("number", INTEGER, "The action line's number, 1 to 11."),
            *names_by_language("action line's title"),
        ),
        ("code",),
    ),
    Table(
        "gdc-objectives",
        gettext_noop("Global Digital Compact objectives"),
        gettext_noop("The five objectives of the Global Digital Compact (2024)."),
        lambda: GDCObjective.objects.all(),
        (
            Column("number", INTEGER, "The objective's number, 1 to 5.", required=True),
            Column("title", STRING, "As written in the RPM Coordination Meeting report."),
            api_url("gdc-objective-detail", "number"),
            page_url(what="objective"),
            *names_by_language("objective"),
        ),
        ("number",),
    ),
    Table(
        "initiatives",
        gettext_noop("Regional initiatives"),
        gettext_noop(
            "Each regional initiative in one stage (RPM draft or adopted text) of one cycle, with "
            "its objective and the editors' notes; its expected results, alignments and citations "
            "are in their own tables, joined by `slug`."
        ),
        lambda: Initiative.objects.published().select_related(
            "cycle", "region", "source", "draft", "adopted_version"
        ),
        (
            Column(
                "slug",
                STRING,
                "The permanent identifier: {cycle}-{code}, with -draft for the RPM draft.",
                required=True,
            ),
            Column("code", STRING, "The initiative's code, e.g. AMS1.", required=True),
            Column("title", STRING, "The title, verbatim.", required=True),
            REGION,
            Column("cycle", STRING, "The cycle's slug (cycles.csv).", "cycle.slug", True),
            STAGE,
            api_url("initiative-detail", "slug"),
            page_url(what="initiative"),
            Column("number", INTEGER, "The initiative's number in its region and cycle."),
            Column(
                "label_as_printed",
                STRING,
                "The code as the source prints it, e.g. “RI 1” for CIS1.",
            ),
            Column(
                "label_differs_from_code",
                BOOLEAN,
                "True where the source prints another label than the code: the code is the "
                "editors' reading, and curation_note says why.",
                lambda initiative: initiative.label_as_printed != initiative.code,
            ),
            Column("objective", STRING, "The objective, verbatim."),
            Column(
                "results_intro",
                STRING,
                "The lead-in to the expected results, as printed; empty where there is none.",
            ),
            *source_columns("initiative"),
            CURATION_NOTE,
            Column(
                "draft",
                STRING,
                "For adopted text, the slug of the RPM draft it grew from, when the knowledge "
                "base has it.",
                lambda initiative: published_slug(initiative.draft),
            ),
            Column(
                "adopted",
                STRING,
                "For an RPM draft, the slug of the text adopted from it, when the knowledge "
                "base has it.",
                adopted_slug,
            ),
        ),
        ("slug",),
        (
            fk("region", "regions", "code"),
            fk("cycle", "cycles", "slug"),
            fk("source", "sources", "slug"),
            fk("draft", "initiatives", "slug"),
            fk("adopted", "initiatives", "slug"),
        ),
    ),
    Table(
        "expected-results",
        gettext_noop("Expected results"),
        gettext_noop(
            "The numbered expected results of each initiative, verbatim; lettered sub-items and "
            "footnotes are in their own tables."
        ),
        lambda: ExpectedResult.objects.for_listing().select_related("initiative__region"),
        (
            Column(
                "initiative",
                STRING,
                "The initiative's slug (initiatives.csv).",
                "initiative.slug",
                True,
            ),  # fmt: skip
            Column("number", INTEGER, "The result's number within the initiative.", required=True),
            Column("text", STRING, "The result, verbatim, its footnote markers removed."),
            api_url("expected-result-detail", "pk"),
            page_url(what="result"),
            Column("id", INTEGER, "The result's identifier in the API (expected-results/<id>/)."),
            Column("code", STRING, "The initiative's code.", "initiative.code"),
            Column(
                "region",
                STRING,
                "The initiative's region (regions.csv).",
                "initiative.region.code",
                enum=tuple(REGION_CODES),
            ),
            Column(
                "cycle", STRING, "The initiative's cycle (cycles.csv).", "initiative.cycle.slug"
            ),
            Column(
                "stage",
                STRING,
                "The initiative's stage: `adopted` or `draft`.",
                "initiative.stage",
                enum=tuple(Stage.values),
            ),
            CURATION_NOTE,
        ),
        ("initiative", "number"),
        (
            fk("initiative", "initiatives", "slug"),
            fk("region", "regions", "code"),
            fk("cycle", "cycles", "slug"),
        ),
    ),
    Table(
        "expected-result-subitems",
        gettext_noop("Sub-items of expected results"),
        gettext_noop("The lettered sub-items a), b), ... of an expected result, verbatim."),
        lambda: published_result_parts(ExpectedResultSubitem),
        (
            Column("initiative", STRING, "The initiative's slug.", "result.initiative.slug", True),
            Column("result", INTEGER, "The result's number.", "result.number", True),
            Column("label", STRING, "The letter, without its parenthesis.", required=True),
            Column("order", INTEGER, "The sub-item's place under the result, from 1."),
            Column("text", STRING, "The sub-item, verbatim."),
        ),
        ("initiative", "result", "label"),
        (fk("initiative result", "expected-results", "initiative number"),),
    ),
    Table(
        "expected-result-footnotes",
        gettext_noop("Footnotes of expected results"),
        gettext_noop(
            "The source's footnotes, attached to the expected result whose text carried the marker "
            "(the marker is removed from that text)."
        ),
        lambda: published_result_parts(Footnote),
        (
            Column("initiative", STRING, "The initiative's slug.", "result.initiative.slug", True),
            Column("result", INTEGER, "The result's number.", "result.number", True),
            Column("marker", STRING, "The marker as printed in the source.", required=True),
            Column("text", STRING, "The footnote, verbatim."),
        ),
        ("initiative", "result", "marker"),
        (fk("initiative result", "expected-results", "initiative number"),),
    ),
    Table(
        "alignments",
        gettext_noop("Alignments"),
        gettext_noop(
            "Every link of an initiative to an SDG, a WSIS Action Line or a Global Digital Compact "
            "objective, with who states it (provenance) and, for the editors' links, why."
        ),
        alignments,
        (
            Column("initiative", STRING, "The initiative's slug (initiatives.csv).", required=True),
            Column(
                "framework",
                STRING,
                "What the link points to: `sdg`, `action-line` or `gdc-objective`.",
                required=True,
                enum=("sdg", "action-line", "gdc-objective"),
            ),
            Column(
                "code",
                STRING,
                "The SDG's number, the action line's code (C1..C11) or the GDC objective's number.",
                required=True,
            ),
            Column("sdg", INTEGER, "The SDG's number, for an SDG link (sdgs.csv)."),
            Column("action_line", STRING, "The action line's code, for an action line link."),
            Column("gdc_objective", INTEGER, "The objective's number, for a GDC link."),
            PROVENANCE,
            Column(
                "rationale",
                STRING,
                "For a curated link, the editors' one-line reason, quoting the initiative's "
                "own words; empty for the others.",
            ),
        ),
        ("initiative", "framework", "code", "provenance"),
        (
            fk("initiative", "initiatives", "slug"),
            fk("sdg", "sdgs", "number"),
            fk("action_line", "action-lines", "code"),
            fk("gdc_objective", "gdc-objectives", "number"),
        ),
    ),
    Table(
        "related-initiatives",
        gettext_noop("Related initiatives"),
        gettext_noop(
            "For each initiative, others of another region or cycle that address the same things: "
            "computed from the texts when the data loads (TF-IDF cosine similarity), with the "
            "terms that weigh most in both. Computed, neither ITU's statement nor the editors'."
        ),
        lambda: RelatedInitiative.objects.filter(
            initiative__published=True, related__published=True
        ).select_related("initiative", "related"),
        (
            Column("initiative", STRING, "The initiative's slug.", "initiative.slug", True),
            Column("related", STRING, "The related initiative's slug.", "related.slug", True),
            Column("rank", INTEGER, "1 for the closest."),
            Column("score", NUMBER, "The cosine similarity of the two texts, 0 to 1."),
            Column("shared_terms", ARRAY, "The terms that weigh most in both texts."),
        ),
        ("initiative", "related"),
        (fk("initiative", "initiatives", "slug"), fk("related", "initiatives", "slug")),
    ),
    Table(
        "roadmaps",
        gettext_noop("WSIS Action Line Roadmaps"),
        gettext_noop(
            "ITU's roadmaps for the WSIS Action Lines it facilitates alone (C2, C4, C5, C6)."
        ),
        lambda: Roadmap.objects.for_listing().order_by("action_line__number"),
        (
            Column(
                "action_line",
                STRING,
                "The action line's code (action-lines.csv).",
                "action_line.code",
                True,
            ),
            Column("title", STRING, "The roadmap's title, as printed."),
            Column("year", INTEGER, "The year of the roadmap."),
            Column("row_count", INTEGER, "How many rows its table has (roadmap-rows.csv)."),
            api_url("roadmap-detail", "action_line.code"),
            page_url(what="roadmap"),
            Column("introduction", STRING, "The introduction printed before the table."),
            Column(
                "column_headings",
                ARRAY,
                "The table's column headings, as printed, as a JSON array.",
            ),
            Column(
                "section_headings",
                OBJECT,
                "The headings the table prints over its sections, as a JSON object (section → "
                "heading); a section without one was inferred by the editors.",
            ),
            *source_columns("roadmap"),
            CURATION_NOTE,
        ),
        ("action_line",),
        (fk("action_line", "action-lines", "code"), fk("source", "sources", "slug")),
    ),
    Table(
        "roadmap-rows",
        gettext_noop("Roadmap rows"),
        gettext_noop(
            "Each row of a roadmap table: a WSIS outcome and ITU's work towards it, every cell as "
            "plain text and as the sanitised HTML of the document's markup."
        ),
        lambda: RoadmapRow.objects.for_listing(),
        (
            Column("id", INTEGER, "The row's permanent identifier, as in the API.", required=True),
            Column(
                "action_line",
                STRING,
                "The roadmap's action line (roadmaps.csv).",
                "roadmap.action_line.code",
                True,
            ),
            Column(
                "section",
                STRING,
                "`geneva-tunis` (Geneva Plan of Action and Tunis Agenda) or `wsis-plus-10` "
                "(WSIS+10 Outcome Documents).",
                required=True,
                enum=tuple(Section.values),
            ),
            Column("label", STRING, "The row's label, as printed: A, B, a, ...", required=True),
            Column("outcome", STRING, "The WSIS outcome, as plain text.", "outcome_text"),
            Column("timing", STRING, "The proposed timing, as printed."),
            api_url("roadmap-row-detail", "pk"),
            page_url(what="row"),
            Column("order", INTEGER, "The row's place in its table, from 1."),
            Column(
                "section_heading",
                STRING,
                "The heading the document prints over the row's section; empty where it "
                "prints none.",
                lambda row: row.roadmap.section_headings.get(row.section, ""),
            ),
            Column(
                "section_inferred",
                BOOLEAN,
                "True where the document prints no heading for the row's section and the "
                "editors inferred it from where the labels restart (see the roadmap's "
                "curation_note).",
                lambda row: not row.roadmap.section_headings.get(row.section),
            ),
            Column("source_locator", STRING, "Where in the roadmaps document the row stands."),
            *rich_cell_columns(),
            CURATION_NOTE,
        ),
        ("id",),
        (fk("action_line", "roadmaps", "action_line"),),
    ),
    Table(
        "roadmap-row-sdgs",
        gettext_noop("SDG links of roadmap rows"),
        gettext_noop(
            "The SDGs a roadmap row's “SDG linkages” cell names, with the targets it names."
        ),
        lambda: RoadmapRowSDG.objects.select_related("sdg"),
        (
            Column("row", INTEGER, "The row's id (roadmap-rows.csv).", "row_id", True),
            Column("sdg", INTEGER, "The SDG's number (sdgs.csv).", "sdg.number", True),
            Column("targets", STRING, "The target numbers the cell names, e.g. 16.2; as printed."),
            PROVENANCE,
        ),
        ("row", "sdg"),
        (fk("row", "roadmap-rows", "id"), fk("sdg", "sdgs", "number")),
    ),
    Table(
        "citations",
        gettext_noop("Citations of initiatives in roadmap rows"),
        gettext_noop(
            "Each regional initiative a roadmap row cites, as cited, and the initiative of the "
            "knowledge base it resolves to; unresolved when the knowledge base lacks it."
        ),
        lambda: Citation.objects.select_related("cycle", "initiative"),
        (
            Column("row", INTEGER, "The row's id (roadmap-rows.csv).", "row_id", True),
            Column("order", INTEGER, "The citation's place in the row, from 1.", required=True),
            Column("code", STRING, "The initiative's code, as cited, e.g. AFR4.", required=True),
            Column("cycle", STRING, "The cycle the roadmap cites it under.", "cycle.slug"),
            Column("cited_text", STRING, "The words of the citation, as printed."),
            Column(
                "initiative",
                STRING,
                "The slug of the initiative cited; empty when the knowledge base lacks it.",
                lambda citation: published_slug(citation.initiative),
            ),
            Column(
                "resolved",
                BOOLEAN,
                "Whether the citation resolves to an initiative of the knowledge base.",
                lambda citation: published_slug(citation.initiative) is not None,
            ),
        ),
        ("row", "order"),
        (
            fk("row", "roadmap-rows", "id"),
            fk("cycle", "cycles", "slug"),
            fk("initiative", "initiatives", "slug"),
        ),
    ),
]

TABLES_BY_NAME = {table.name: table for table in TABLES}
