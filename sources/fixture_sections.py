"""Fixture sections of the sources app: sources, source_sections."""

from core.loading import LoadContext, normalise_whitespace, register_section
from sources.models import Source, SourceKind, SourceSection


def load_sources(context: LoadContext, records: list) -> None:
    for data in records:
        record = f"source {data.get('slug')!r}" if isinstance(data, dict) else "source"
        context.fields(
            data,
            record,
            required=["slug", "order", "title", "publisher", "date", "kind", "file_name"],
            optional=["address", "symbol", "description"],
        )
        if data["kind"] not in SourceKind.values:
            context.fail(record, f"kind must be one of {', '.join(SourceKind.values)}")
        source = context.upsert(
            Source,
            record,
            {"slug": data["slug"]},
            {
                "order": data["order"],
                "title": normalise_whitespace(data["title"]),
                "publisher": data["publisher"],
                "date": str(data["date"]),
                "kind": data["kind"],
                "file_name": data["file_name"],
                "address": str(data.get("address", "")).strip(),
                "symbol": normalise_whitespace(str(data.get("symbol", ""))),
                "description": normalise_whitespace(data.get("description", "")),
            },
        )
        if not source.path.is_file():
            context.fail(
                record, f"names a document that is not in the repository: {source.path.name}"
            )


def load_source_sections(context: LoadContext, records: list) -> None:
    for data in records:
        record = f"sections of {data.get('source')!r}" if isinstance(data, dict) else "sections"
        context.fields(data, record, required=["source", "sections"])
        source = context.get(Source, record, slug=data["source"])
        kept = []
        for order, section in enumerate(data["sections"], start=1):
            section_record = f"{record}, section {order}"
            context.fields(
                section,
                section_record,
                required=["paragraphs"],
                optional=["heading", "curation_note"],
            )
            paragraphs = [normalise_whitespace(p) for p in section["paragraphs"]]
            if not paragraphs or not all(paragraphs):
                context.fail(section_record, "paragraphs: must be a list of non-empty texts")
            kept.append(
                context.upsert(
                    SourceSection,
                    section_record,
                    {"source": source, "order": order},
                    {
                        "heading": normalise_whitespace(section.get("heading", "")),
                        "body": "\n\n".join(paragraphs),
                        "curation_note": normalise_whitespace(section.get("curation_note", "")),
                    },
                )
            )
        context.prune(source.sections.all(), kept)


register_section("sources", load_sources)
register_section("source_sections", load_source_sections)
