"""What the roadmaps app contributes to search: every row of every roadmap."""

from collections.abc import Collection

from django.urls import reverse
from django.utils.translation import gettext_lazy

from roadmaps.models import Roadmap, RoadmapRow
from search.registry import Document, Registration, register

CELLS = [
    "goals_and_resolutions_text",
    "sdg_linkages_text",
    "evidence_text",
    "results_text",
    "extra_text",
]


def row_documents(ids: Collection[int] | None):
    rows = RoadmapRow.objects.for_listing()
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    for row in rows:
        action_line = row.roadmap.action_line
        yield Document(
            kind="roadmap-row",
            object_id=row.pk,
            owner_kind="roadmap",
            owner_id=row.roadmap_id,
            title=f"{action_line.code} {row.label}: {row.outcome_text}",
            body="\n".join(filter(None, [getattr(row, cell) for cell in CELLS] + [row.timing])),
            html_url=_url(row, action_line.code),
            label=(f"{action_line.code} roadmap · {row.get_section_display()} · row {row.label}"),
            keywords=f"{action_line.code} {action_line.title}",
            # The WSIS outcome is the row's subject; the cells report ITU's work towards it.
            title_weight="B",
            body_weight="C",
            keywords_weight="D",
        )


def _url(row: RoadmapRow, code: str) -> str:
    # Rows have no page of their own: the roadmap's page anchors each of them.
    anchor = getattr(row, "anchor", None) or f"{row.section}-{row.label}"
    return f"{reverse('roadmaps:detail', args=[code.lower()])}#{anchor}"


register(
    Registration(
        kind="roadmap-row",
        name=gettext_lazy("Roadmap row"),
        name_plural=gettext_lazy("Roadmap rows"),
        documents=row_documents,
        refreshed_by={
            RoadmapRow: lambda row: [row.pk],
            Roadmap: lambda roadmap: roadmap.rows.values_list("pk", flat=True),
        },
        order=30,
        api_view="api:roadmap-row-detail",
    )
)
