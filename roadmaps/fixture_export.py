"""The roadmaps app's fixture section as the fixture holds it: the inverse of its
``fixture_sections`` (roadmaps), in the layout build_roadmaps_fixture writes.

Rich cells are written as their sanitised HTML; their plain-text twins are the loader's.
"""

from core.exporting import register_export
from core.loading import normalise_whitespace
from roadmaps.models import Roadmap, RoadmapRow
from roadmaps.parsing import CELL_FIELDS, EXTRA_FIELD


def export_roadmaps(template: list) -> list[dict]:
    records = []
    roadmaps = Roadmap.objects.select_related("action_line", "source").order_by(
        "action_line__number"
    )
    for roadmap in roadmaps:
        rows = RoadmapRow.objects.filter(roadmap=roadmap).with_links().order_by("order")
        # As build_roadmaps_fixture writes them: every key, "extra" where the table has
        # that column.
        extra_column = len(roadmap.column_headings) > len(CELL_FIELDS)
        records.append(
            {
                "action_line": roadmap.action_line.code,
                "year": roadmap.year,
                "title": normalise_whitespace(roadmap.title),
                "source": roadmap.source.slug,
                "source_locator": normalise_whitespace(roadmap.source_locator),
                "column_headings": [normalise_whitespace(h) for h in roadmap.column_headings],
                "section_headings": {
                    key: normalise_whitespace(value)
                    for key, value in roadmap.section_headings.items()
                },
                "introduction": normalise_whitespace(roadmap.introduction),
                "curation_note": normalise_whitespace(roadmap.curation_note),
                "rows": [_row(row, extra_column) for row in rows],
            }
        )
    return records


def _row(row: RoadmapRow, extra_column: bool) -> dict:
    record: dict = {
        "section": row.section,
        "label": row.label,
        "source_locator": normalise_whitespace(row.source_locator),
    }
    fields = CELL_FIELDS + ([EXTRA_FIELD] if extra_column or row.extra else [])
    for name in fields:
        value = getattr(row, name)
        record[name] = normalise_whitespace(value) if name == "timing" else value
    sdgs = []
    for link in sorted(row.sdg_links.all(), key=lambda link: link.sdg.number):
        data: dict = {"sdg": link.sdg.number}
        if link.targets.strip():
            data["targets"] = normalise_whitespace(link.targets)
        sdgs.append(data)
    record["sdgs"] = sdgs
    record["citations"] = [
        {
            "code": citation.code,
            "cycle": citation.cycle.slug,
            "cited_text": normalise_whitespace(citation.cited_text),
        }
        for citation in row.citations.all()
    ]
    record["curation_note"] = normalise_whitespace(row.curation_note)
    return record


register_export("roadmaps", export_roadmaps, by_source=True)
