"""The initiatives app's fixture sections as the fixtures hold them: the inverse of its
``fixture_sections`` (cycles, initiatives, curated_alignments).

What the database keeps in no order of its own (the initiatives of a source document,
an initiative's links, a result's footnotes) keeps the order of the fixture; what is new
comes after what it follows in the database's order.
"""

from collections import defaultdict

from core.exporting import in_file_order, register_export
from core.loading import normalise_whitespace
from frameworks.models import Provenance
from initiatives.models import (
    Cycle,
    ExpectedResult,
    Initiative,
    InitiativeActionLine,
    InitiativeGDCObjective,
    InitiativeSDG,
)


def export_cycles(template: list) -> list[dict]:
    return [
        {
            "slug": cycle.slug,
            "name": cycle.name,
            "conference": cycle.conference,
            "conference_city": cycle.conference_city,
            "action_plan": cycle.action_plan,
            "start_year": cycle.start_year,
            "end_year": cycle.end_year,
        }
        for cycle in Cycle.objects.order_by("start_year")
    ]


def _initiative_key(record: dict) -> tuple:
    return (str(record.get("cycle")), str(record.get("code")), record.get("stage"))


# (file key, link model, link field to the target, the target's field the file names)
_ALIGNMENT_KINDS = [
    ("sdgs", InitiativeSDG, "sdg", "number"),
    ("action_lines", InitiativeActionLine, "action_line", "code"),
    ("gdc_objectives", InitiativeGDCObjective, "objective", "number"),
]


def _links(provenance: str) -> dict[str, dict[int, list]]:
    """The links of one provenance, by kind and initiative, in the order they were made."""
    links: dict[str, dict[int, list]] = {}
    for kind, model, field, _ in _ALIGNMENT_KINDS:
        by_initiative = links[kind] = defaultdict(list)
        for link in (
            model.objects.filter(provenance=provenance).select_related(field).order_by("pk")
        ):
            by_initiative[link.initiative_id].append(link)
    return links


def _target(link, kind: str):
    _, _, field, name = next(entry for entry in _ALIGNMENT_KINDS if entry[0] == kind)
    return getattr(getattr(link, field), name)


def export_initiatives(template: list) -> list[dict]:
    old = {_initiative_key(record): record for record in template if isinstance(record, dict)}
    source_links = _links(Provenance.SOURCE)
    results = defaultdict(list)
    for result in ExpectedResult.objects.prefetch_related("subitems", "footnotes").order_by(
        "initiative", "number"
    ):
        results[result.initiative_id].append(result)
    records = []
    initiatives = Initiative.objects.select_related("cycle", "source", "draft__cycle").order_by(
        "cycle__start_year", "region__code", "number", "stage"
    )
    for initiative in initiatives:
        record: dict = {
            "code": initiative.code,
            "cycle": initiative.cycle.slug,
            "stage": initiative.stage,
        }
        if not initiative.published:
            record["published"] = False
        record |= {
            "label_as_printed": initiative.label_as_printed,
            "source": initiative.source.slug,
            "source_locator": initiative.source_locator,
        }
        if initiative.draft:
            record["draft"] = initiative.draft.slug
        record["title"] = normalise_whitespace(initiative.title)
        record["objective"] = normalise_whitespace(initiative.objective)
        if initiative.results_intro.strip():
            record["results_intro"] = normalise_whitespace(initiative.results_intro)
        if initiative.curation_note.strip():
            record["curation_note"] = normalise_whitespace(initiative.curation_note)
        before = old.get(_initiative_key(record), {})
        alignments = _source_alignments(initiative, source_links, before.get("source_alignments"))
        if alignments:
            record["source_alignments"] = alignments
        record["expected_results"] = [
            _result(result, before.get("expected_results")) for result in results[initiative.pk]
        ]
        records.append(record)
    return records


def _source_alignments(initiative: Initiative, links: dict, before) -> dict:
    """The links the source document states, under the one statement they all carry."""
    before = before if isinstance(before, dict) else {}
    by_kind = {kind: links[kind].get(initiative.pk, []) for kind, *_ in _ALIGNMENT_KINDS}
    rationales = [
        normalise_whitespace(link.rationale) for kind in by_kind for link in by_kind[kind]
    ]
    statement = ""
    if rationales:
        # The loader gives every link the statement; an edit changes one link's copy.
        old_statement = normalise_whitespace(str(before.get("statement") or ""))
        statement = next((r for r in rationales if r != old_statement), rationales[0])
    data: dict = {}
    if statement:
        data["statement"] = statement
    for kind in ("action_lines", "gdc_objectives", "sdgs"):
        targets = [_target(link, kind) for link in by_kind[kind]]
        if targets:
            data[kind] = in_file_order(targets, before.get(kind) or [], lambda target: target)
    return data


def _result(result: ExpectedResult, before) -> dict:
    old = {}
    for data in before if isinstance(before, list) else []:
        if isinstance(data, dict):
            old[data.get("number")] = data
    record: dict = {"number": result.number}
    if not result.published:
        record["published"] = False
    record["text"] = normalise_whitespace(result.text)
    subitems = sorted(result.subitems.all(), key=lambda item: item.order)
    if subitems:
        record["subitems"] = [
            {"label": item.label, "text": normalise_whitespace(item.text)} for item in subitems
        ]
    footnotes = sorted(result.footnotes.all(), key=lambda note: note.pk)
    if footnotes:
        notes = [
            {"marker": note.marker, "text": normalise_whitespace(note.text)} for note in footnotes
        ]
        before_notes = old.get(result.number, {}).get("footnotes") or []
        record["footnotes"] = in_file_order(
            notes, before_notes, lambda note: str(note.get("marker"))
        )
    if result.curation_note.strip():
        record["curation_note"] = normalise_whitespace(result.curation_note)
    return record


def export_curated_alignments(template: list) -> list[dict]:
    """The editors' links, one record per initiative, by the initiative's slug."""
    old = {record.get("initiative"): record for record in template if isinstance(record, dict)}
    links = _links(Provenance.CURATED)
    slugs = dict(Initiative.objects.values_list("pk", "slug"))
    records = []
    for pk in sorted({pk for kind in links for pk in links[kind]}, key=slugs.__getitem__):
        before = old.get(slugs[pk], {})
        record: dict = {"initiative": slugs[pk]}
        for kind, _, _, name in _ALIGNMENT_KINDS:
            items = [
                {name: _target(link, kind), "rationale": normalise_whitespace(link.rationale)}
                for link in links[kind].get(pk, [])
            ]
            if items:
                previous = before.get(kind) or []
                record[kind] = in_file_order(
                    items, previous, lambda item, name=name: item.get(name)
                )
        records.append(record)
    return records


register_export("cycles", export_cycles)
register_export("initiatives", export_initiatives, by_source=True, key=_initiative_key)
register_export(
    "curated_alignments",
    export_curated_alignments,
    key=lambda record: record.get("initiative"),
)
