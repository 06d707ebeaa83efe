"""HTML pages of the WSIS Action Line Roadmaps."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from core.conditional import conditional_page
from core.views import lower_case_codes
from roadmaps.filters import RoadmapPageFilter
from roadmaps.models import Roadmap, Section


@conditional_page
def roadmap_list(request):
    return render(
        request,
        "roadmaps/list.html",
        {
            "roadmaps": Roadmap.objects.for_listing(),
            "nav": "roadmaps",
            "breadcrumbs": [{"label": "WSIS Action Line Roadmaps"}],
        },
    )


@conditional_page(query=[*RoadmapPageFilter.base_filters, "page"])
@lower_case_codes
def roadmap_detail(request, code):
    roadmap = Roadmap.objects.for_listing().filter(action_line__code=code.upper()).first()
    if roadmap is None:
        raise Http404(
            f"There is no ITU roadmap for {code.upper()}; ITU's roadmaps are C2, C4, C5 and C6."
        )
    filterset = RoadmapPageFilter(request.GET, queryset=roadmap.rows.with_links())
    filterset.is_valid()
    sdgs = filterset.form.cleaned_data.get("sdg") or []
    # Unfiltered, the rows are numbered 1 to n, so page k holds orders (k-1)·size+1 to
    # k·size: the page a row's own address names (RoadmapRow.page_number).
    paginator = Paginator(filterset.qs.order_by("order"), Roadmap.rows_per_page)
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    sections = []
    for value, label in Section.choices:
        in_section = [row for row in rows if row.section == value]
        if in_section:
            heading = roadmap.section_headings.get(value) or label
            sections.append({"value": value, "heading": heading, "rows": in_section})
    headings = roadmap.column_headings
    return render(
        request,
        "roadmaps/detail.html",
        {
            "roadmap": roadmap,
            "sections": sections,
            "row_count": roadmap.row_count,
            "page": page,
            "filtered_sdgs": sdgs,
            "errors": filterset.form.errors,
            "headings": headings,
            "nav": "roadmaps",
            "breadcrumbs": [
                {"label": "Roadmaps", "url": reverse("roadmaps:list")},
                {"label": roadmap.action_line.code},
            ],
        },
    )
