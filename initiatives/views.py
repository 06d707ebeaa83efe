"""HTML pages: the home page, the initiatives list and the initiative pages."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from core.conditional import conditional_page, kept_for_data
from core.views import lower_case_codes
from frameworks.models import SDG, ActionLine, GDCObjective, Provenance
from initiatives.comparison import compare
from initiatives.filters import InitiativeFilter
from initiatives.models import Cycle, Initiative, Stage
from regions.models import Region

LIST_PAGE_SIZE = 50


@conditional_page(query=[*InitiativeFilter.base_filters, "page"])
def initiative_list(request):
    filterset = InitiativeFilter(request.GET, queryset=Initiative.objects.for_listing())
    filterset.is_valid()
    initiatives = filterset.qs
    paginator = Paginator(initiatives, LIST_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    # The counts depend on the filters and the data, not on the page or the order.
    filters = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name not in ("page", "ordering")
        for value in values
    )
    facets = kept_for_data(request, "facets", filters, filterset.facet_counts)
    return render(
        request,
        "initiatives/list.html",
        {
            "filterset": filterset,
            "page": page,
            "initiatives": page.object_list,
            "facet_groups": _facet_groups(filterset, facets),
            "active_filters": _active_filters(request, filterset),
            "errors": filterset.form.errors,
            "nav": "initiatives",
            "breadcrumbs": [{"label": "Initiatives"}],
            "search_query": request.GET.get("q", ""),
        },
    )


def _facet_groups(filterset, facets):
    """The filter options of the page, each with its label, value, count and state."""
    data = filterset.form.data

    def selected(name):
        widget = filterset.form.fields[name].widget
        return set(widget.value_from_datadict(data, None, name))

    options = {
        "region": [(r.code, r.name) for r in Region.objects.all()],
        "cycle": [(c.slug, f"{c.name} ({c.conference})") for c in Cycle.objects.all()],
        "stage": [(value, label) for value, label in Stage.choices],
        "sdg": [(str(s.number), f"SDG {s.number}: {s.short_name}") for s in SDG.objects.all()],
        "action_line": [(a.code, f"{a.code}: {a.title}") for a in ActionLine.objects.all()],
        "gdc": [
            (str(g.number), f"Objective {g.number}: {g.title}") for g in GDCObjective.objects.all()
        ],
        "provenance": [(value, label) for value, label in Provenance.choices],
    }
    groups = []
    for name, choices in options.items():
        chosen = selected(name)
        groups.append(
            {
                "name": name,
                "label": filterset.filters[name].label,
                "options": [
                    {
                        "value": value,
                        "label": label,
                        "count": facets[name].get(value, 0),
                        "checked": value in chosen,
                        "id": f"filter-{name}-{value}".lower(),
                    }
                    for value, label in choices
                ],
            }
        )
    return groups


def _active_filters(request, filterset):
    """Each active filter value, with the address of the list without it."""
    active = []
    for name in ("region", "cycle", "stage", "sdg", "action_line", "gdc", "provenance", "q"):
        field = filterset.form.fields[name]
        values = field.widget.value_from_datadict(request.GET, None, name) or []
        if isinstance(values, str):
            values = [values] if values.strip() else []
        for value in values:
            remaining = request.GET.copy()
            remaining.pop("page", None)
            kept = [v for v in values if v != value]
            if kept and name != "q":
                remaining.setlist(name, [",".join(kept)])
            else:
                remaining.pop(name, None)
            query = remaining.urlencode()
            active.append(
                {
                    "label": f"{filterset.filters[name].label}: {value}",
                    "remove_url": f"{reverse('initiatives:list')}{'?' + query if query else ''}",
                }
            )
    return active


@conditional_page
@lower_case_codes
def initiative_detail(request, cycle, code):
    initiative = Initiative.objects.for_detail().at_address(cycle, code)
    if initiative is None:
        raise Http404(f"There is no initiative {code.upper()} in the {cycle} cycle.")
    return _render_initiative(request, initiative)


@conditional_page
@lower_case_codes
def initiative_draft(request, cycle, code):
    initiative = Initiative.objects.for_detail().at_address(cycle, code, draft=True)
    if initiative is None:
        raise Http404(f"There is no RPM draft of {code.upper()} in the {cycle} cycle.")
    return _render_initiative(request, initiative)


ALIGNMENT_KINDS = [
    ("sdg_links", "Sustainable Development Goals", "sdg"),
    ("action_line_links", "WSIS Action Lines", "action_line"),
    ("gdc_links", "Global Digital Compact objectives", "objective"),
]


def _render_initiative(request, initiative: Initiative):
    other = initiative.other_stage()
    alignment_groups = []
    for attribute, title, target in ALIGNMENT_KINDS:
        links = list(getattr(initiative, attribute).all())
        alignment_groups.append(
            {
                "title": title,
                "links": [
                    {"target": getattr(link, target), "provenance": link.provenance, "link": link}
                    for link in links
                ],
            }
        )
    citations = list(initiative.citations.all())
    stage_label = "RPM draft" if initiative.stage == Stage.DRAFT else "Adopted"
    return render(
        request,
        "initiatives/detail.html",
        {
            "initiative": initiative,
            "other_stage": other,
            "alignment_groups": alignment_groups,
            "citations": citations,
            "permanent_url": request.build_absolute_uri(initiative.get_absolute_url()),
            "nav": "initiatives",
            "breadcrumbs": [
                {"label": "Initiatives", "url": reverse("initiatives:list")},
                {
                    "label": initiative.region.name,
                    "url": initiative.region.get_absolute_url(),
                },
                {"label": f"{initiative.code} ({initiative.cycle.slug}, {stage_label.lower()})"},
            ],
        },
    )


PART_NAMES = {
    "title": "Title",
    "objective": "Objective",
    "results_intro": "Lead-in to the expected results",
}


def _find(cycle: str, code: str, stage: str) -> Initiative | None:
    return Initiative.objects.for_detail().filter(cycle__slug=cycle, code=code, stage=stage).first()


@conditional_page
@lower_case_codes
def initiative_compare(request, cycle, code):
    adopted = _find(cycle, code.upper(), Stage.ADOPTED)
    draft = _find(cycle, code.upper(), Stage.DRAFT)
    if adopted is None or draft is None:
        missing = "adopted text" if adopted is None else "RPM draft"
        raise Http404(
            f"{code.upper()} of {cycle} cannot be compared: the knowledge base has no {missing}."
        )
    parts = compare(draft, adopted)
    for part in parts:
        if part.name == "expected_result":
            numbers = [
                f"draft result {part.draft_number}" if part.draft_number else "",
                f"adopted result {part.adopted_number}" if part.adopted_number else "",
            ]
            part.heading = "Expected result: " + " → ".join(n for n in numbers if n)
        else:
            part.heading = PART_NAMES[part.name]
    return render(
        request,
        "initiatives/compare.html",
        {
            "draft": draft,
            "adopted": adopted,
            "parts": parts,
            "changed_count": sum(1 for part in parts if part.status != "unchanged"),
            "nav": "initiatives",
            "breadcrumbs": [
                {"label": "Initiatives", "url": reverse("initiatives:list")},
                {"label": adopted.code, "url": adopted.get_absolute_url()},
                {"label": "Draft and adopted compared"},
            ],
        },
    )
