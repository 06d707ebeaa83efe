"""Fixture sections of the initiatives app: cycles, initiatives.

An initiative record nests its expected results (with sub-items and footnotes) and the
alignments its source document states; the loader keeps the database equal to the file.
"""

from core.loading import LoadContext, normalise_whitespace, register_section
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
    Stage,
)
from initiatives.rules import (
    code_problem,
    draft_problem,
    initiative_words,
    rationale_problem,
    stated_problem,
)
from regions.models import Region
from sources.models import Source

INITIATIVE_FIELDS = {
    "required": [
        "code",
        "cycle",
        "stage",
        "label_as_printed",
        "title",
        "objective",
        "source",
        "source_locator",
        "expected_results",
    ],
    "optional": ["results_intro", "curation_note", "draft", "source_alignments", "published"],
}


def load_cycles(context: LoadContext, records: list) -> None:
    for data in records:
        record = f"cycle {data.get('slug')!r}" if isinstance(data, dict) else "cycle"
        context.fields(
            data,
            record,
            required=[
                "slug",
                "name",
                "conference",
                "conference_city",
                "action_plan",
                "start_year",
                "end_year",
            ],
        )
        values = {key: value for key, value in data.items() if key != "slug"}
        context.upsert(Cycle, record, {"slug": data["slug"]}, values)


def _text(data: dict, key: str) -> str:
    return normalise_whitespace(data.get(key) or "")


def _published(context: LoadContext, record: str, data: dict) -> bool:
    """A record is published unless its fixture says `published: false`."""
    published = data.get("published", True)
    if not isinstance(published, bool):
        context.fail(record, f"published: must be true or false, not {published!r}")
    return published


def load_initiatives(context: LoadContext, records: list) -> None:
    kept_by_source: dict[Source, list[Initiative]] = {}
    for data in records:
        record = (
            f"initiative {data.get('code')} {data.get('cycle')} ({data.get('stage')})"
            if isinstance(data, dict)
            else "initiative"
        )
        context.fields(data, record, **INITIATIVE_FIELDS)
        code, stage = str(data["code"]), data["stage"]
        if stage not in Stage.values:
            context.fail(record, f"stage must be one of {', '.join(Stage.values)}, not {stage!r}")
        if problem := code_problem(code):
            context.fail(record, problem)
        region_code, number = code[:3], code[3:]
        cycle = context.get(Cycle, record, slug=str(data["cycle"]))
        source = context.get(Source, record, slug=data["source"])
        draft = None
        if data.get("draft"):
            draft = context.get(Initiative, record, slug=data["draft"])
            if problem := draft_problem(draft, code, cycle):
                context.fail(record, problem)
        initiative = context.upsert(
            Initiative,
            record,
            {"cycle": cycle, "code": code, "stage": stage},
            {
                "region": context.get(Region, record, code=region_code),
                "number": int(number),
                "slug": Initiative.make_slug(cycle.slug, code, stage),
                "label_as_printed": data["label_as_printed"],
                "title": _text(data, "title"),
                "objective": _text(data, "objective"),
                "results_intro": _text(data, "results_intro"),
                "source": source,
                "source_locator": data["source_locator"],
                "curation_note": _text(data, "curation_note"),
                "draft": draft,
                "published": _published(context, record, data),
            },
        )
        _load_results(context, record, initiative, data["expected_results"])
        _load_source_alignments(context, record, initiative, data.get("source_alignments") or {})
        kept_by_source.setdefault(source, []).append(initiative)
    for source, kept in kept_by_source.items():
        context.prune(Initiative.objects.filter(source=source), kept)


def _load_results(context: LoadContext, record: str, initiative: Initiative, results) -> None:
    if not isinstance(results, list) or not results:
        context.fail(record, "expected_results: must be a non-empty list")
    kept = []
    for data in results:
        result_record = (
            f"{record}, expected result {data.get('number') if isinstance(data, dict) else '?'}"
        )
        context.fields(
            data,
            result_record,
            required=["number", "text"],
            optional=["subitems", "footnotes", "curation_note", "published"],
        )
        result = context.upsert(
            ExpectedResult,
            result_record,
            {"initiative": initiative, "number": data["number"]},
            {
                "text": _text(data, "text"),
                "curation_note": _text(data, "curation_note"),
                "published": _published(context, result_record, data),
            },
        )
        kept.append(result)
        subitems = []
        for order, item in enumerate(data.get("subitems") or [], start=1):
            item_record = f"{result_record}, sub-item {order}"
            context.fields(item, item_record, required=["label", "text"])
            subitems.append(
                context.upsert(
                    ExpectedResultSubitem,
                    item_record,
                    {"result": result, "order": order},
                    {"label": str(item["label"]), "text": _text(item, "text")},
                )
            )
        context.prune(result.subitems.all(), subitems)
        footnotes = []
        for note in data.get("footnotes") or []:
            note_record = (
                f"{result_record}, footnote {note.get('marker') if isinstance(note, dict) else '?'}"
            )
            context.fields(note, note_record, required=["marker", "text"])
            footnotes.append(
                context.upsert(
                    Footnote,
                    note_record,
                    {"result": result, "marker": str(note["marker"])},
                    {"text": _text(note, "text")},
                )
            )
        context.prune(result.footnotes.all(), footnotes)
    context.prune(initiative.expected_results.all(), kept)


# (fixture key, link model, target model, target lookup field, link field to target)
_ALIGNMENT_KINDS = [
    ("sdgs", InitiativeSDG, SDG, "number", "sdg"),
    ("action_lines", InitiativeActionLine, ActionLine, "code", "action_line"),
    ("gdc_objectives", InitiativeGDCObjective, GDCObjective, "number", "objective"),
]


def _load_source_alignments(
    context: LoadContext, record: str, initiative: Initiative, data
) -> None:
    """Alignments the source document states; other provenances are managed elsewhere."""
    context.fields(
        data,
        f"{record}, source_alignments",
        optional=["statement", *(kind for kind, *_ in _ALIGNMENT_KINDS)],
    )
    statement = _text(data, "statement")
    for key, link_model, target_model, lookup, link_field in _ALIGNMENT_KINDS:
        kept = []
        for value in data.get(key) or []:
            link_record = f"{record}, source alignment {key} {value!r}"
            target = context.get(target_model, link_record, **{lookup: value})
            kept.append(
                context.upsert(
                    link_model,
                    link_record,
                    {"initiative": initiative, link_field: target, "provenance": Provenance.SOURCE},
                    {"rationale": statement},
                )
            )
        context.prune(
            link_model.objects.filter(initiative=initiative, provenance=Provenance.SOURCE), kept
        )


def load_curated_alignments(context: LoadContext, records: list) -> None:
    """The editors' alignments: each with a rationale quoting the initiative's own words."""
    kept: dict[type, list] = {link_model: [] for _, link_model, *_ in _ALIGNMENT_KINDS}
    for data in records:
        record = (
            f"curated alignments of {data.get('initiative')!r}" if isinstance(data, dict) else ""
        )
        context.fields(
            data, record, required=["initiative"], optional=[k for k, *_ in _ALIGNMENT_KINDS]
        )
        initiative = context.get(Initiative, record, slug=data["initiative"])
        words = initiative_words(initiative)
        for key, link_model, target_model, lookup, link_field in _ALIGNMENT_KINDS:
            for link in data.get(key) or []:
                link_record = (
                    f"{record}, {key} {link.get(lookup) if isinstance(link, dict) else '?'}"
                )
                context.fields(link, link_record, required=[lookup, "rationale"])
                rationale = normalise_whitespace(link["rationale"])
                if problem := rationale_problem(rationale, words):
                    context.fail(link_record, problem)
                target = context.get(target_model, link_record, **{lookup: link[lookup]})
                if problem := stated_problem(link_model, initiative, link_field, target):
                    context.fail(link_record, problem)
                kept[link_model].append(
                    context.upsert(
                        link_model,
                        link_record,
                        {
                            "initiative": initiative,
                            link_field: target,
                            "provenance": Provenance.CURATED,
                        },
                        {"rationale": rationale},
                    )
                )
    for link_model, links in kept.items():
        context.prune(link_model.objects.filter(provenance=Provenance.CURATED), links)


register_section("cycles", load_cycles)
register_section("initiatives", load_initiatives)
register_section("curated_alignments", load_curated_alignments)
