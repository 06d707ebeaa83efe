"""HTML pages of the WSIS Action Line Roadmaps."""

from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.conditional import conditional_page, when_shown
from core.querysets import one_or_none
from core.views import lower_case_codes, without_blank_parameters
from roadmaps.filters import RoadmapPageFilter
from roadmaps.models import Roadmap, Section, row_links


@conditional_page
def roadmap_list(request):
    return render(
        request,
        "roadmaps/list.html",
        {
            "roadmaps": Roadmap.objects.for_listing(),
            "nav": "roadmaps",
            "breadcrumbs": [{"label": _("WSIS Action Line Roadmaps")}],
        },
    )


@conditional_page(query=[*RoadmapPageFilter.base_filters, "page", "expanded"])
@lower_case_codes
@without_blank_parameters
def roadmap_detail(request, code):
    roadmap = one_or_none(Roadmap.objects.for_listing().filter(action_line__code=code.upper()))
    if roadmap is None:
        raise Http404(
            _("There is no ITU roadmap for %(code)s; ITU's roadmaps are C2, C4, C5 and C6.")
            % {"code": code.upper()}
        )
    filterset = RoadmapPageFilter(request.GET, queryset=roadmap.rows.all())
    valid = filterset.is_valid()
    chosen = filterset.form.cleaned_data if valid else {}
    # Unfiltered, the rows are numbered 1 to n, so page k holds orders (k-1)·size+1 to
    # k·size: the page a row's own address names (RoadmapRow.page_number).
    rows_shown = filterset.qs if valid else roadmap.rows.all()
    paginator = Paginator(rows_shown.order_by("order"), Roadmap.rows_per_page)
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    # A row's cells are kept per data version ({% kept %}): their links are read, for
    # every row of the page at once, only when one of them is rendered afresh.
    row_links_read = when_shown(lambda: prefetch_related_objects(rows, *row_links()) or True)
    sections = []
    for value in Section.values:
        in_section = [row for row in rows if row.section == value]
        if in_section:
            heading, printed = roadmap.section_heading(value)
            sections.append(
                {"value": value, "heading": heading, "printed": printed, "rows": in_section}
            )
    # The summary, and the filters' form it fills, are kept per data version: read only
    # when rendered afresh.
    summary = when_shown(roadmap.summary)
    filtered_sdgs = list(chosen.get("sdg") or [])
    filters = {
        "sdgs": when_shown(
            lambda: sorted({*summary.sdgs, *filtered_sdgs}, key=lambda sdg: sdg.number)
        ),
        "sdg": filtered_sdgs[0].number if len(filtered_sdgs) == 1 else None,
        "sections": chosen.get("section") or [],
        "cites": chosen.get("cites") or "",
    }
    filtered = bool(filtered_sdgs or filters["sections"] or filters["cites"])
    expanded = request.GET.get("expanded") == "1"
    return render(
        request,
        "roadmaps/detail.html",
        {
            "roadmap": roadmap,
            "summary": summary,
            "sections": sections,
            "row_count": roadmap.row_count,
            "page": page,
            "filters": filters,
            "filtered": filtered,
            "filtered_sdgs": filtered_sdgs,
            "expanded": expanded,
            "toggle_query": _query_with(request, expanded=None if expanded else "1"),
            "errors": filterset.form.errors,
            "headings": roadmap.column_headings,
            "row_links_read": row_links_read,
            "query": request.GET.urlencode(),
            "nav": "roadmaps",
            "breadcrumbs": [
                {"label": _("Roadmaps"), "url": reverse("roadmaps:list")},
                {"label": roadmap.action_line.code},
            ],
        },
        # A filter value the page cannot use is the request's fault: it says which.
        status=200 if valid else 400,
    )


def _query_with(request, **changes) -> str:
    """The request's query string with `changes` made (None removes a parameter)."""
    query = request.GET.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None:
            query[name] = value
    return query.urlencode()
