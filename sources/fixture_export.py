"""The sources app's fixture sections as the fixtures hold them: the inverse of its
``fixture_sections`` (sources, source_sections)."""

import re

from core.exporting import register_export
from core.loading import normalise_whitespace
from sources.models import Source, SourceSection

# The loader joins a section's paragraphs with a blank line; an edit may add spaces to it.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def export_sources(template: list) -> list[dict]:
    records = []
    for source in Source.objects.order_by("order"):
        record = {
            "slug": source.slug,
            "order": source.order,
            "title": normalise_whitespace(source.title),
            "publisher": source.publisher,
            "date": source.date,
            "kind": source.kind,
            "file_name": source.file_name,
        }
        if source.address:
            record["address"] = source.address
        if source.symbol.strip():
            record["symbol"] = normalise_whitespace(source.symbol)
        if source.description.strip():
            record["description"] = normalise_whitespace(source.description)
        records.append(record)
    return records


def export_source_sections(template: list) -> list[dict]:
    """One record per source document with sections, each section in its order."""
    records: dict[str, dict] = {}
    sections = SourceSection.objects.select_related("source").order_by("source__order", "order")
    for section in sections:
        record = records.setdefault(
            section.source.slug, {"source": section.source.slug, "sections": []}
        )
        data = {}
        if section.heading.strip():
            data["heading"] = normalise_whitespace(section.heading)
        data["paragraphs"] = [
            normalise_whitespace(paragraph)
            for paragraph in _PARAGRAPH_BREAK.split(section.body)
            if paragraph.strip()
        ]
        if section.curation_note.strip():
            data["curation_note"] = normalise_whitespace(section.curation_note)
        record["sections"].append(data)
    return list(records.values())


register_export("sources", export_sources)
register_export("source_sections", export_source_sections, by_source=True)
