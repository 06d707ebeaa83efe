"""The pages that span the knowledge base: the home page, the hubs of everything aligned to
an SDG, a WSIS action line or a GDC objective, what changed, and the alignment matrix."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.conditional import conditional_page, kept_for_data, when_shown
from core.querysets import one_or_none
from core.views import lower_case_codes
from frameworks.models import SDG, ActionLine, GDCObjective, Provenance
from hubs import charts
from hubs.changes import KINDS, ChangeLog
from hubs.filters import ChangeFilterForm, MatrixFilterForm
from hubs.matrix import FRAMEWORKS, SHAPES, build_matrix
from initiatives import tallies
from initiatives.models import (
    Cycle,
    ExpectedResult,
    Initiative,
    Stage,
)
from regions.models import REGION_CODES, Region

# What the home page counts per region and cycle: its published texts of each stage.
STAGE_COUNTS = {
    "adopted": Count(
        "initiatives", filter=Q(initiatives__stage=Stage.ADOPTED, initiatives__published=True)
    ),
    "drafts": Count(
        "initiatives", filter=Q(initiatives__stage=Stage.DRAFT, initiatives__published=True)
    ),
}


@conditional_page
def home(request):
    # Everything the page shows is kept per data version ({% kept "home" %}): read only
    # when it is rendered afresh, and once.
    action_lines = when_shown(
        lambda: tallies.with_initiative_counts(
            ActionLine.objects.with_counts(row_count="roadmap__rows")
        )
    )
    sdgs = when_shown(lambda: tallies.with_initiative_counts(SDG.objects.all()))
    totals = when_shown(
        lambda: {
            **tallies.count_texts(
                Initiative.objects.published(), unit=(tallies.INITIATIVES, tallies.TEXTS)
            ),
            "results": ExpectedResult.objects.published().count(),
        }
    )
    return render(
        request,
        "hubs/home.html",
        {
            "regions": when_shown(
                lambda: Region.objects.annotate(**STAGE_COUNTS).select_related("meeting")
            ),
            "cycles": when_shown(lambda: Cycle.objects.annotate(**STAGE_COUNTS)),
            "sdgs": sdgs,
            "action_lines": action_lines,
            "gdc_objectives": GDCObjective.objects.all(),
            "totals": totals,
            # Drawn from the rows the lists below show, read once.
            "charts": when_shown(
                lambda: [
                    charts.initiatives_per_sdg(sdgs, totals["initiatives"]),
                    charts.initiatives_per_action_line(action_lines, totals["initiatives"]),
                ]
            ),
        },
    )


PROVENANCE_ORDER = [Provenance.SOURCE, Provenance.ROADMAP, Provenance.CURATED]
PROVENANCE_HEADINGS = {
    Provenance.SOURCE: gettext_lazy("Stated in the source documents"),
    Provenance.ROADMAP: gettext_lazy("Via a citation in a WSIS Action Line Roadmap"),
    Provenance.CURATED: gettext_lazy("Curated by the editors of this portal"),
}


# A hub shows at most this many initiatives under each provenance, and links to the
# initiatives list filtered the same way for the rest: its size, and its cost, stay the
# same however many initiatives the cycles to come align (no group reaches it today).
HUB_GROUP_LIMIT = 50


def _initiatives_by_provenance(links, filter_query: str):
    """Aligned initiatives grouped by provenance, then by region and cycle, one entry per
    initiative (its adopted text, with its RPM draft when that is aligned too), each group
    capped at HUB_GROUP_LIMIT, with its full count and the address of the full list."""
    links = links.select_related("initiative__region", "initiative__cycle").order_by(
        "initiative__region__code",
        "-initiative__cycle__start_year",
        "initiative__number",
        "initiative__stage",
    )
    counts = tallies.count_links(links, by="provenance")
    groups = []
    for provenance in PROVENANCE_ORDER:
        total = counts.get(provenance, 0)
        if not total:
            continue
        # An initiative has two texts at most: twice the cap in links holds the cap.
        shown = links.filter(provenance=provenance)[: 2 * HUB_GROUP_LIMIT]
        entries = _one_per_initiative(shown)[:HUB_GROUP_LIMIT]
        groups.append(
            {
                "provenance": provenance,
                "heading": PROVENANCE_HEADINGS[provenance],
                "entries": entries,
                "total": total,
                "more": total - len(entries),
                "list_url": f"{reverse('initiatives:list')}?{filter_query}&provenance={provenance}",
            }
        )
    return groups


def _one_per_initiative(links) -> list[dict]:
    """The links, in their order, as one entry per initiative: the first text's link (the
    adopted text's, links being ordered by stage) and the links of its other text."""
    entries = []
    for first, *others in tallies.by_initiative(links, lambda link: link.initiative):
        rationales = dict.fromkeys(link.rationale for link in (first, *others))
        entries.append(
            {"link": first, "others": others, "rationales": [text for text in rationales if text]}
        )
    return entries


def _hub(request, template, target, published_links, filter_query, title, extra=None):
    # The aligned initiatives per region and cycle, which add up to the hub's count; an
    # SDG's hub draws them in the goal's colour.
    # What the hub shows is kept per data version ({% kept %}): read only when rendered,
    # its querysets made only then.
    links = when_shown(published_links)
    chart = when_shown(
        lambda: charts.regions_and_cycles(links, filter_query, title, getattr(target, "colour", ""))
    )
    context = {
        "target": target,
        "groups": when_shown(lambda: _initiatives_by_provenance(links, filter_query)),
        "initiative_count": when_shown(lambda: chart.total_with_left_out),
        "chart": chart,
        "nav": None,
        "breadcrumbs": [{"label": title}],
        **(extra or {}),
    }
    return render(request, template, context)


@conditional_page
def sdg_list(request):
    sdgs = tallies.with_initiative_counts(
        SDG.objects.with_counts(row_count="roadmap_row_links__row")
    )
    return render(
        request,
        "hubs/sdg_list.html",
        {"sdgs": sdgs, "breadcrumbs": [{"label": _("Sustainable Development Goals")}]},
    )


def _target(request, kind: str, key, find):
    """The goal, action line or objective a hub's address names, kept per data version:
    a copy for this request (the kept record is never shared), or None."""
    return kept_for_data(request, f"hub-target:{kind}", key, lambda: one_or_none(find()))


@conditional_page
def sdg_detail(request, number):
    sdg = _target(request, "sdg", number, lambda: SDG.objects.filter(number=number))
    if sdg is None:
        raise Http404(
            _("There is no SDG %(number)s; the goals are numbered 1 to 17.") % {"number": number}
        )
    row_links = when_shown(
        lambda: sdg.roadmap_row_links.order_by("row__roadmap__action_line__number", "row__order")
    )

    @when_shown
    def row_links_shown():
        return list(
            row_links.select_related("row__roadmap__action_line").only(
                "sdg",
                "targets",
                "row__label",
                "row__section",
                "row__order",
                "row__outcome_text",
                "row__roadmap__action_line__code",
            )[:HUB_GROUP_LIMIT]
        )

    # Rows per roadmap, each with the address of that roadmap narrowed to this goal.
    @when_shown
    def rows_per_roadmap():
        roadmaps = [
            {
                "code": code,
                "count": count,
                "url": f"{reverse('roadmaps:detail', args=[code.lower()])}?sdg={sdg.number}",
            }
            for code, count in row_links.values_list("row__roadmap__action_line__code")
            .annotate(count=Count("pk"))
            .order_by("row__roadmap__action_line__number")
        ]
        return {"roadmaps": roadmaps, "total": sum(roadmap["count"] for roadmap in roadmaps)}

    return _hub(
        request,
        "hubs/sdg_detail.html",
        sdg,
        lambda: sdg.initiative_links.published(),
        f"sdg={sdg.number}",
        _("SDG %(number)s") % {"number": sdg.number},
        {
            "row_links": row_links_shown,
            "rows_per_roadmap": rows_per_roadmap,
            "breadcrumbs": [
                {"label": _("SDGs"), "url": reverse("frameworks:sdgs")},
                {"label": _("SDG %(number)s") % {"number": sdg.number}},
            ],
        },
    )


@conditional_page
def action_line_list(request):
    lines = tallies.with_initiative_counts(ActionLine.objects.select_related("roadmap"))
    return render(
        request,
        "hubs/action_line_list.html",
        {"action_lines": lines, "breadcrumbs": [{"label": _("WSIS Action Lines")}]},
    )


@conditional_page
@lower_case_codes
def action_line_detail(request, code):
    # The line, its roadmap and the roadmap's row count in one query.
    line = _target(
        request,
        "action-line",
        code.upper(),
        lambda: (
            ActionLine.objects.filter(code=code.upper())
            .select_related("roadmap")
            .annotate(roadmap_row_count=Count("roadmap__rows"))
        ),
    )
    if line is None:
        raise Http404(
            _("There is no WSIS action line %(code)s; they are C1 to C11.") % {"code": code.upper()}
        )
    return _hub(
        request,
        "hubs/action_line_detail.html",
        line,
        lambda: line.initiative_links.published(),
        f"action_line={line.code}",
        line.code,
        {
            "roadmap": getattr(line, "roadmap", None),
            "roadmap_row_count": line.roadmap_row_count,
            "breadcrumbs": [
                {"label": _("WSIS Action Lines"), "url": reverse("frameworks:action_lines")},
                {"label": line.code},
            ],
        },
    )


@conditional_page
def gdc_list(request):
    objectives = tallies.with_initiative_counts(GDCObjective.objects.all())
    return render(
        request,
        "hubs/gdc_list.html",
        {"objectives": objectives, "breadcrumbs": [{"label": _("Global Digital Compact")}]},
    )


@conditional_page
def gdc_detail(request, number):
    objective = _target(request, "gdc", number, lambda: GDCObjective.objects.filter(number=number))
    if objective is None:
        raise Http404(
            _("There is no GDC objective %(number)s; they are numbered 1 to 5.")
            % {"number": number}
        )
    return _hub(
        request,
        "hubs/gdc_detail.html",
        objective,
        lambda: objective.initiative_links.published(),
        f"gdc={objective.number}",
        _("GDC objective %(number)s") % {"number": objective.number},
        {
            "breadcrumbs": [
                {
                    "label": _("Global Digital Compact"),
                    "url": reverse("frameworks:gdc_objectives"),
                },
                {"label": _("Objective %(number)s") % {"number": objective.number}},
            ]
        },
    )


# Batches of changes per page: a batch lists every record it changed, and most hold few.
CHANGES_PER_PAGE = 20


@conditional_page(query=[*ChangeFilterForm.base_fields, "page"])
def changes(request):
    form = ChangeFilterForm(request.GET)
    log = ChangeLog(form.filters())
    page = Paginator(log.batches(), CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    data = form.cleaned_data
    return render(
        request,
        "hubs/changes.html",
        {
            "page": page,
            "batches": log.batch_page(list(page.object_list), oldest=not page.has_next()),
            "kinds": [
                {"value": kind, "label": label, "checked": kind in (data.get("kind") or ())}
                for kind, label in KINDS.items()
            ],
            "regions": [
                {"value": code, "checked": code in (data.get("region") or ())}
                for code in REGION_CODES
            ],
            "form": form,
            "active_filters": _active_change_filters(request, form),
            "errors": form.errors,
            "breadcrumbs": [{"label": _("Changes")}],
        },
    )


def _active_change_filters(request, form):
    """Each filter given, with the address of the changes without it."""
    active = []
    for name, field in form.fields.items():
        given = field.widget.value_from_datadict(request.GET, None, name) or []
        values = [given] if isinstance(given, str) else list(given)
        for value in values:
            if not value.strip():
                continue
            remaining = request.GET.copy()
            remaining.pop("page", None)
            remaining.setlist(name, [v for v in values if v != value])
            query = remaining.urlencode()
            active.append(
                {
                    "label": f"{name}: {value}",
                    "remove_url": f"{reverse('changes')}{'?' + query if query else ''}",
                }
            )
    return active


# The matrix's two views: initiatives (the default) or regions as rows.
MATRIX_VIEWS = {"initiatives": gettext_lazy("Initiatives"), "regions": gettext_lazy("Regions")}


@conditional_page(query=[*MatrixFilterForm.base_fields, "view"])
def matrix(request):
    form = MatrixFilterForm(request.GET)
    table = build_matrix(form.filters())
    view = request.GET.get("view") if request.GET.get("view") in MATRIX_VIEWS else "initiatives"
    chosen = table.filters
    options = {
        "region": [
            (r.code, f"{r.local_name} ({r.code})", chosen.regions) for r in Region.objects.all()
        ],
        "cycle": [(c.slug, f"{c.name} ({c.conference})", chosen.cycles) for c in form.cycles],
        "stage": [(value, label, chosen.stages) for value, label in Stage.choices],
        "provenance": [(value, label, chosen.provenances) for value, label in Provenance.choices],
    }
    labels = {
        "region": _("Region"),
        "cycle": _("Cycle"),
        "stage": _("Stage"),
        "provenance": _("Provenance"),
    }
    return render(
        request,
        "hubs/matrix.html",
        {
            "matrix": table,
            "view": view,
            "frameworks": [
                {
                    "label": framework.short_name,
                    "url": _matrix_url(request, framework=slug),
                    "current": slug == table.framework.slug,
                }
                for slug, framework in FRAMEWORKS.items()
            ],
            "views": [
                {"label": label, "url": _matrix_url(request, view=name), "current": name == view}
                for name, label in MATRIX_VIEWS.items()
            ],
            "filter_groups": [
                {
                    "name": name,
                    "label": labels[name],
                    "options": [
                        {
                            "value": value,
                            "label": label,
                            "checked": value in checked,
                            "id": f"matrix-{name}-{value}".lower(),
                        }
                        for value, label, checked in choices
                    ],
                }
                for name, choices in options.items()
            ],
            "shapes": [
                {"shape": shape, "label": provenance.label} for provenance, shape in SHAPES.items()
            ],
            "clear_url": _matrix_url(request, region=None, cycle=None, stage=None, provenance=None),
            "api_url": _matrix_url(request, view=None, path=reverse("api:matrix-list")),
            "errors": form.errors,
            "nav": "matrix",
            "breadcrumbs": [{"label": _("Alignment matrix")}],
        },
    )


def _matrix_url(request, path: str | None = None, **changes) -> str:
    """The matrix's address (or `path`, its API's) with this request's parameters, those in
    `changes` set or, for None, removed."""
    query = request.GET.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None:
            query[name] = value
    encoded = query.urlencode(safe=",")
    return f"{path or reverse('frameworks:matrix')}{'?' + encoded if encoded else ''}"
