"""Fixture section of the roadmaps app: roadmaps, with their rows, SDG links and citations.

A roadmap record nests its rows in table order; a row nests the SDGs its SDG cell names
and the regional initiatives its goals cell cites. Citations are resolved here, against
the initiatives loaded before, and each resolved one gives the initiative an alignment of
provenance "roadmap" to the roadmap's action line. This loader owns every such alignment:
it creates them, and deletes those no citation supports any more.
"""

from collections import defaultdict

from django.db.models import F

from core.loading import LoadContext, normalise_whitespace, register_section
from frameworks.models import SDG, ActionLine, Provenance
from initiatives.models import Cycle, Initiative, InitiativeActionLine, Stage
from roadmaps.models import Citation, Roadmap, RoadmapRow, RoadmapRowSDG, Section
from sources.models import Source

ROADMAP_FIELDS = {
    "required": [
        "action_line",
        "year",
        "title",
        "source",
        "source_locator",
        "column_headings",
        "rows",
    ],
    "optional": ["section_headings", "introduction", "curation_note"],
}
ROW_FIELDS = {
    "required": ["section", "label", "source_locator", "outcome"],
    "optional": [
        "timing",
        "goals_and_resolutions",
        "sdg_linkages",
        "evidence",
        "results",
        "extra",
        "sdgs",
        "citations",
        "curation_note",
    ],
}


# Rows moving to a new position wait above every real position (a table has far fewer rows).
_ASIDE = 10_000


def _text(data: dict, key: str) -> str:
    return normalise_whitespace(str(data.get(key) or ""))


def _list(context: LoadContext, record: str, data: dict, key: str) -> list:
    value = data.get(key) or []
    if not isinstance(value, list):
        context.fail(record, f"{key}: must be a list")
    return value


def load_roadmaps(context: LoadContext, records: list) -> None:
    kept_by_source: dict[Source, list[Roadmap]] = defaultdict(list)
    # (initiative, action line) -> labels of the rows that cite the initiative
    cited: dict[tuple[Initiative, ActionLine], list[str]] = defaultdict(list)
    for data in records:
        record = f"roadmap {data.get('action_line')}" if isinstance(data, dict) else "roadmap"
        context.fields(data, record, **ROADMAP_FIELDS)
        headings = data["column_headings"]
        if not isinstance(headings, list) or not all(isinstance(h, str) for h in headings):
            context.fail(record, "column_headings: must be a list of headings")
        section_headings = data.get("section_headings") or {}
        if not isinstance(section_headings, dict) or set(section_headings) - set(Section.values):
            context.fail(
                record, f"section_headings: keys must be among {', '.join(Section.values)}"
            )
        action_line = context.get(ActionLine, record, code=data["action_line"])
        source = context.get(Source, record, slug=data["source"])
        roadmap = context.upsert(
            Roadmap,
            record,
            {"action_line": action_line},
            {
                "year": data["year"],
                "title": _text(data, "title"),
                "column_headings": [normalise_whitespace(h) for h in headings],
                "section_headings": {
                    key: normalise_whitespace(value) for key, value in section_headings.items()
                },
                "introduction": _text(data, "introduction"),
                "source": source,
                "source_locator": _text(data, "source_locator"),
                "curation_note": _text(data, "curation_note"),
            },
        )
        kept_by_source[source].append(roadmap)
        rows_data = _list(context, record, data, "rows")
        _make_room(context, roadmap, rows_data)
        rows = []
        for order, row_data in enumerate(rows_data, start=1):
            row, citations = _load_row(context, record, roadmap, order, row_data)
            rows.append(row)
            for citation in citations:
                if citation.initiative:
                    cited[(citation.initiative, action_line)].append(row.label)
        if not rows:
            context.fail(record, "rows: a roadmap has at least one row")
        context.prune(roadmap.rows.all(), rows)
    for source, kept in kept_by_source.items():
        context.prune(Roadmap.objects.filter(source=source), kept)
    _load_roadmap_alignments(context, cited)


def _make_room(context: LoadContext, roadmap: Roadmap, rows_data: list) -> None:
    """Delete the rows the file no longer lists; move the rows whose position changes aside.

    A row is identified by its label in its section (its citations and SDG links belong to
    it, not to a position); a row removed or inserted above it changes its order, which
    must not collide, even for a moment, with the order another row still holds.
    """
    wanted = {
        (str(row.get("section")), str(row.get("label"))): order
        for order, row in enumerate(rows_data, start=1)
        if isinstance(row, dict)
    }
    existing = list(roadmap.rows.all())
    context.prune(
        roadmap.rows.all(), [row for row in existing if (row.section, row.label) in wanted]
    )
    moving = [
        row.pk
        for row in existing
        if (row.section, row.label) in wanted and wanted[(row.section, row.label)] != row.order
    ]
    if moving:
        roadmap.rows.filter(pk__in=moving).update(order=F("order") + _ASIDE)


def _load_row(context: LoadContext, roadmap_record: str, roadmap: Roadmap, order: int, data):
    label = data.get("label") if isinstance(data, dict) else None
    record = f"{roadmap_record}, row {order} ({label})"
    context.fields(data, record, **ROW_FIELDS)
    if data["section"] not in Section.values:
        context.fail(record, f"section must be one of {', '.join(Section.values)}")
    record = f"{roadmap_record}, row {data['label']} ({data['section']})"
    cells = RoadmapRow.cell_values({name: data.get(name) for name in RoadmapRow.RICH_CELLS})
    if not cells["outcome"]:
        context.fail(record, "outcome: must not be empty")
    row = context.upsert(
        RoadmapRow,
        record,
        {"roadmap": roadmap, "section": data["section"], "label": str(data["label"])},
        {
            "order": order,
            "source_locator": _text(data, "source_locator"),
            "timing": _text(data, "timing"),
            "curation_note": _text(data, "curation_note"),
            **cells,
        },
    )
    links = []
    for link in _list(context, record, data, "sdgs"):
        link_record = f"{record}, SDG {link.get('sdg') if isinstance(link, dict) else '?'}"
        context.fields(link, link_record, required=["sdg"], optional=["targets"])
        links.append(
            context.upsert(
                RoadmapRowSDG,
                link_record,
                {"row": row, "sdg": context.get(SDG, link_record, number=link["sdg"])},
                {"targets": _text(link, "targets"), "provenance": Provenance.SOURCE},
            )
        )
    context.prune(row.sdg_links.all(), links)
    citations = []
    for number, citation in enumerate(_list(context, record, data, "citations"), start=1):
        code = citation.get("code") if isinstance(citation, dict) else "?"
        citation_record = f"{record}, citation {number} ({code})"
        context.fields(citation, citation_record, required=["code", "cycle", "cited_text"])
        cycle = context.get(Cycle, citation_record, slug=str(citation["cycle"]))
        citations.append(
            context.upsert(
                Citation,
                citation_record,
                {"row": row, "order": number},
                {
                    "code": citation["code"],
                    "cycle": cycle,
                    "cited_text": _text(citation, "cited_text"),
                    "initiative": _resolve(cycle, citation["code"]),
                },
            )
        )
        resolved = (
            "resolved" if citations[-1].initiative else "unresolved (not in the knowledge base)"
        )
        context.stats[("citations", resolved)] += 1
    context.prune(row.citations.all(), citations)
    return row, citations


def _resolve(cycle: Cycle, code: str) -> Initiative | None:
    """The adopted initiative of that code in the cycle the roadmap cites, if it is known.

    A code alone would also match the initiative of the same number in another cycle
    (AMS1 2023-2025 is not AMS1 2026-2029), or an RPM draft: neither is what was cited.
    """
    return Initiative.objects.filter(cycle=cycle, code=code, stage=Stage.ADOPTED).first()


def _load_roadmap_alignments(context: LoadContext, cited: dict) -> None:
    kept = []
    for (initiative, action_line), labels in sorted(
        cited.items(), key=lambda item: (item[0][0].slug, item[0][1].number)
    ):
        roadmap = action_line.roadmap
        rows = _row_list(list(dict.fromkeys(labels)))
        kept.append(
            context.upsert(
                InitiativeActionLine,
                f"roadmap alignment of {initiative.slug} to {action_line.code}",
                {
                    "initiative": initiative,
                    "action_line": action_line,
                    "provenance": Provenance.ROADMAP,
                },
                {
                    "rationale": (
                        f"Cited in {rows} of the WSIS Action Line {action_line.code} roadmap "
                        f"({roadmap.year})"
                    )
                },
            )
        )
    context.prune(InitiativeActionLine.objects.filter(provenance=Provenance.ROADMAP), kept)


def _row_list(labels: list[str]) -> str:
    if len(labels) == 1:
        return f"row {labels[0]}"
    return f"rows {', '.join(labels[:-1])} and {labels[-1]}"


register_section("roadmaps", load_roadmaps)
