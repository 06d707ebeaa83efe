"""HTML pages of the WSIS Action Line Roadmaps."""

import functools
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.conditional import conditional_page, kept_for_data, when_shown
from core.filters import error_messages
from core.querysets import RecordById, one_or_none
from core.views import lower_case_codes, without_blank_parameters
from frameworks.models import SDG
from roadmaps.filters import RoadmapPageFilter
from roadmaps.models import Roadmap, RoadmapRow, row_links


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
    # Each is read at most once: for what is kept when it is not, and for the parts
    # rendered afresh.
    @functools.cache
    def record() -> Roadmap | None:
        return one_or_none(Roadmap.objects.for_listing().filter(action_line__code=code.upper()))

    # What reading the query's rows read besides, when they are not kept.
    read: dict = {"rows": [], "sdgs": None}

    heading = kept_for_data(
        request,
        "roadmap-heading",
        code.upper(),
        lambda: None if record() is None else RoadmapHeading.of(record()),
    )
    if heading is None:
        raise Http404(
            _("There is no ITU roadmap for %(code)s; ITU's roadmaps are C2, C4, C5 and C6.")
            % {"code": code.upper()}
        )
    # What the query finds (the page's rows, their count, the filters understood) is kept
    # per data version under the query (made canonical by conditional_page).
    found = kept_for_data(
        request,
        "roadmap-rows",
        (heading.pk, request.GET.urlencode()),
        lambda: _found(request, heading.pk, read),
    )
    page = Paginator(range(found["count"]), Roadmap.rows_per_page).page(found["page"])

    # The record, its rows and their links are read only when a part of the page kept per
    # data version ({% kept %}) is rendered afresh: every row of the page at once.
    @functools.cache
    def records() -> dict[int, RoadmapRow]:
        if read["rows"]:
            return {row.pk: row for row in read["rows"]}
        return RoadmapRow.objects.order_by().in_bulk([pk for pk, _section in found["rows"]])

    rows = {pk: RecordById(pk, records) for pk, _section in found["rows"]}
    row_links_read = when_shown(
        lambda: prefetch_related_objects(list(records().values()), *row_links()) or True
    )
    sections = []
    for value, title, printed in heading.sections:
        in_section = [rows[pk] for pk, section in found["rows"] if section == value]
        if in_section:
            sections.append(
                {
                    "value": value,
                    "heading": title,
                    "printed": printed,
                    "rows": in_section,
                    # What the section's kept parts show, besides the data.
                    "row_ids": ",".join(str(row.pk) for row in in_section),
                }
            )
    roadmap = when_shown(record)
    # What the page's index and sections show, besides the data: each is one kept part,
    # built from the sections' own kept parts when it is missed.
    rows_shown = ";".join(f"{section['value']}:{section['row_ids']}" for section in sections)
    # The summary, and the filters' form it fills, are kept per data version: read only
    # when rendered afresh.
    summary = when_shown(lambda: record().summary())
    numbers = found["sdgs"]
    filters = {
        "sdgs": when_shown(
            lambda: sorted(
                {*summary.sdgs, *(read["sdgs"] or SDG.objects.filter(number__in=numbers))},
                key=lambda sdg: sdg.number,
            )
        ),
        "sdg": numbers[0] if len(numbers) == 1 else None,
        "sections": found["sections"],
        "cites": found["cites"],
    }
    filtered_sdgs = [SimpleNamespace(number=number) for number in numbers]
    filtered = bool(numbers or filters["sections"] or filters["cites"])
    expanded = request.GET.get("expanded") == "1"
    return render(
        request,
        "roadmaps/detail.html",
        {
            "heading": heading,
            "roadmap": roadmap,
            "summary": summary,
            "sections": sections,
            "rows_shown": rows_shown,
            "row_count": heading.row_count,
            "page": page,
            "filters": filters,
            "filtered": filtered,
            "filtered_sdgs": filtered_sdgs,
            "expanded": expanded,
            "toggle_query": _query_with(request, expanded=None if expanded else "1"),
            "errors": found["errors"],
            "headings": when_shown(lambda: record().column_headings),
            "row_links_read": row_links_read,
            "query": request.GET.urlencode(),
            "nav": "roadmaps",
            "breadcrumbs": [
                {"label": _("Roadmaps"), "url": reverse("roadmaps:list")},
                {"label": heading.code},
            ],
        },
        # A filter value the page cannot use is the request's fault: it says which.
        status=400 if found["errors"] else 200,
    )


@dataclass(frozen=True)
class RoadmapHeading:
    """What every response for a roadmap's address says outside its parts kept per data
    version: read once per data version."""

    pk: int
    code: str
    title: str
    year: int
    url: str
    row_count: int
    curation_note: str
    # (section, its heading, whether the table prints it), for each section with rows.
    sections: tuple[tuple[str, str, bool], ...]

    @classmethod
    def of(cls, roadmap: Roadmap) -> "RoadmapHeading":
        return cls(
            pk=roadmap.pk,
            code=roadmap.action_line.code,
            title=roadmap.title,
            year=roadmap.year,
            url=roadmap.get_absolute_url(),
            row_count=roadmap.row_count,
            curation_note=roadmap.curation_note,
            sections=tuple(
                (held.value, str(held.heading), held.printed) for held in roadmap.sections_held
            ),
        )


def _found(request, roadmap_pk: int, read: dict) -> dict:
    """The rows the query shows, in values that keep: ([(id, section)], their count, the
    page, the filters understood, what could not be used). The rows and the SDGs read on
    the way are left in `read`."""
    all_rows = RoadmapRow.objects.filter(roadmap_id=roadmap_pk)
    filterset = RoadmapPageFilter(request.GET, queryset=all_rows)
    valid = filterset.is_valid()
    chosen = filterset.form.cleaned_data if valid else {}
    # Unfiltered, the rows are numbered 1 to n, so page k holds orders (k-1)·size+1 to
    # k·size: the page a row's own address names (RoadmapRow.page_number).
    rows_shown = filterset.qs if valid else all_rows
    paginator = Paginator(rows_shown.order_by("order"), Roadmap.rows_per_page)
    page = paginator.get_page(request.GET.get("page"))
    read["rows"] = list(page.object_list)
    read["sdgs"] = list(chosen.get("sdg") or [])
    return {
        "rows": [(row.pk, row.section) for row in read["rows"]],
        "count": paginator.count,
        "page": page.number,
        "sdgs": [sdg.number for sdg in read["sdgs"]],
        "sections": list(chosen.get("section") or []),
        "cites": chosen.get("cites") or "",
        "errors": error_messages(filterset),
    }


def _query_with(request, **changes) -> str:
    """The request's query string with `changes` made (None removes a parameter)."""
    query = request.GET.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None:
            query[name] = value
    return query.urlencode()
