"""Integrity checks of the loaded roadmaps, run by `manage.py check_data`."""

from collections import defaultdict

from django.db.models import Count

from core.integrity import data_check
from frameworks.models import Provenance
from initiatives.models import InitiativeActionLine, Stage
from regions.models import Region
from roadmaps.models import Citation, Roadmap, RoadmapRow, Section
from roadmaps.sanitise import plain_text, sanitise


@data_check
def roadmaps_have_rows():
    for roadmap in Roadmap.objects.for_listing().filter(row_count=0):
        yield f"{roadmap}: no rows"


@data_check
def roadmap_rows_are_ordered_without_gaps_and_sections_in_document_order():
    rows = defaultdict(list)
    for roadmap, order, section in RoadmapRow.objects.values_list(
        "roadmap__action_line__code", "order", "section"
    ).order_by("roadmap", "order"):
        rows[roadmap].append((order, section))
    sequence = list(Section.values)
    for roadmap, found in sorted(rows.items()):
        orders = [order for order, _ in found]
        if orders != list(range(1, len(orders) + 1)):
            yield f"{roadmap} roadmap: row orders {orders} are not 1 to {len(orders)}"
        positions = [sequence.index(section) for _, section in found]
        if positions != sorted(positions):
            yield f"{roadmap} roadmap: a Geneva Plan of Action row follows a WSIS+10 row"


@data_check
def roadmap_row_labels_are_unique_per_section():
    duplicates = (
        RoadmapRow.objects.values("roadmap__action_line__code", "section", "label")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    for found in duplicates:
        yield (
            f"{found['roadmap__action_line__code']} roadmap: label {found['label']} appears "
            f"{found['n']} times in {found['section']}"
        )


@data_check
def roadmap_rich_cells_are_sanitised_and_their_twins_current():
    for row in RoadmapRow.objects.for_listing():
        for name in RoadmapRow.RICH_CELLS:
            value = getattr(row, name)
            if sanitise(value) != value:
                yield f"{row}: {name} holds HTML the sanitiser would change"
            if plain_text(value) != getattr(row, f"{name}_text"):
                yield f"{row}: {name}_text is not the plain text of {name}"


@data_check
def roadmap_rows_with_an_sdg_cell_link_its_sdgs():
    rows = RoadmapRow.objects.for_listing().exclude(sdg_linkages_text="")
    for row in rows.annotate(n=Count("sdg_links")).filter(n=0):
        yield f"{row}: its SDG cell names no SDG that is linked"


@data_check
def citations_name_a_known_region():
    regions = set(Region.objects.values_list("code", flat=True))
    for citation in Citation.objects.select_related("row__roadmap__action_line"):
        if citation.code[:3] not in regions:
            yield f"{citation}: {citation.code[:3]} is not a known region"


@data_check
def resolved_citations_point_to_the_cited_initiative():
    resolved = Citation.objects.exclude(initiative=None).select_related(
        "initiative__cycle", "cycle", "row__roadmap__action_line"
    )
    for citation in resolved:
        initiative = citation.initiative
        if (initiative.code, initiative.cycle_id, initiative.stage) != (
            citation.code,
            citation.cycle_id,
            Stage.ADOPTED,
        ):
            yield (
                f"{citation} ({citation.cycle.slug}) resolves to {initiative.slug}, "
                "another initiative"
            )


@data_check
def roadmap_alignments_match_the_citations():
    cited = set(
        Citation.objects.exclude(initiative=None).values_list(
            "initiative_id", "row__roadmap__action_line_id"
        )
    )
    links = InitiativeActionLine.objects.filter(provenance=Provenance.ROADMAP).select_related(
        "initiative", "action_line"
    )
    aligned = set()
    for link in links:
        aligned.add((link.initiative_id, link.action_line_id))
        if (link.initiative_id, link.action_line_id) not in cited:
            yield f"{link}: no roadmap citation supports this alignment"
    for initiative_id, action_line_id in sorted(cited - aligned):
        yield (
            f"initiative #{initiative_id} is cited by the roadmap of action line "
            f"#{action_line_id} but has no roadmap alignment to it"
        )
