"""HTML pages: the home page, the initiatives list and the initiative pages."""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.conditional import conditional_page, kept_for_data, when_shown
from core.filters import error_messages, filter_query
from core.models import DataVersion
from core.querysets import RecordById
from core.views import lower_case_codes, without_blank_parameters
from frameworks.models import SDG, ActionLine, GDCObjective, Provenance
from initiatives import citations, related, tallies
from initiatives.comparison import compare
from initiatives.filters import InitiativeFilter
from initiatives.models import Cycle, Initiative, Stage
from regions.models import Region
from search.engine import matching_snippets

LIST_PAGE_SIZE = 50


LIST_QUERY = [*InitiativeFilter.base_filters, "page", "drafts"]
# Without a text to rank by or an order asked for, the current cycle comes first.
DEFAULT_ORDER = ["-cycle__start_year", "region__code", "number", "stage"]
# Long option lists are folded under their own summary, so that a phone reaches "Apply"
# without scrolling through every SDG.
FOLDED_GROUPS = {"sdg", "action_line", "gdc", "provenance"}


@conditional_page(query=LIST_QUERY)
@without_blank_parameters(fragment="results")
def initiative_list(request):
    # What a query finds (its rows' ids, counts, facets, the filters named) is kept per
    # data version under the query (made canonical by conditional_page): a list asked
    # for again, by another address or after the page cache let it go, is not searched
    # again, and its rows are read by id.
    query = request.GET.urlencode()
    found = kept_for_data(request, "initiative-list", query, lambda: _found(request))
    records = functools.cache(
        lambda: (
            Initiative.objects.for_listing()
            .select_related("draft__cycle", "adopted_version__cycle")
            .order_by()
            .in_bulk(found["ids"])
        )
    )
    rows = [ListedInitiative(pk, records) for pk in found["ids"]]
    if found["snippets"] is not None:
        for row in rows:
            row.match_snippet = found["snippets"].get(row.pk, "")
    page = Paginator(range(found["count"]), LIST_PAGE_SIZE).page(found["page"])
    return render(
        request,
        "initiatives/list.html",
        {
            "form_data": request.GET,
            # The filters' form shows the query's state: kept under the query too.
            "list_query": query,
            "download_query": found["download_query"],
            "page": page,
            "initiatives": rows,
            # What the rows' lines show besides the data: which records, and why they
            # matched when found by words. One kept part for the page's lines, built from
            # each record's own kept line.
            "rows_shown": ",".join(str(pk) for pk in found["ids"])
            + ("?" + query if found["snippets"] is not None else ""),
            "separate_drafts": found["separate_drafts"],
            "show_other_stage": True,
            "order_note": found["order_note"],
            "facet_groups": found["facet_groups"],
            "active_filters": found["active_filters"],
            "errors": found["errors"],
            "nav": "initiatives",
            "breadcrumbs": [{"label": _("Initiatives")}],
            "search_query": request.GET.get("q", ""),
        },
    )


class ListedInitiative(RecordById):
    """A row of the list. Its line is kept per data version
    ({% kept %} in includes/initiative_item.html); a row found by words carries the
    snippet that says why, set by the list (the record never has one)."""

    match_snippet = ""


def _found(request) -> dict:
    """What the list's query finds, in values that keep (ids, counts, labels)."""
    filterset = InitiativeFilter(request.GET, queryset=Initiative.objects.for_listing())
    filterset.is_valid()
    initiatives = filterset.qs
    if filterset.ordered:
        order_note = _("In the order chosen in the filters.")
    elif filterset.text_rank:
        order_note = _("Best match first.")
    else:
        initiatives = initiatives.order_by(*DEFAULT_ORDER)
        order_note = _("Newest cycle first, then by region and number.")
    # One row per initiative, its adopted text standing for its RPM draft, unless the
    # reader asks for every text.
    separate_drafts = request.GET.get("drafts") == "separate"
    if not separate_drafts:
        initiatives = tallies.one_text_per_initiative(initiatives)
        filterset.counting = tallies.INITIATIVES
    paginator = Paginator(initiatives.values_list("pk", flat=True), LIST_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    ids = list(page.object_list)
    snippets = None
    if filterset.text_rank:
        # Why each row matched: the words found, in the text that holds them.
        snippets = matching_snippets(filterset.form.cleaned_data["q"], "initiative", ids)
    # The counts depend on the filters and the data, not on the page or the order.
    filters = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name not in ("page", "ordering")
        for value in values
    )
    facets = kept_for_data(request, "facets", filters, filterset.facet_counts)
    facet_groups = _facet_groups(request, filterset, facets)
    return {
        "ids": ids,
        "count": paginator.count,
        "page": page.number,
        "snippets": snippets,
        "separate_drafts": separate_drafts,
        "order_note": order_note,
        "facet_groups": facet_groups,
        "active_filters": _active_filters(request, filterset, facet_groups),
        "errors": error_messages(filterset),
        "download_query": filter_query(filterset),
    }


def _facet_groups(request, filterset, facets):
    """The filter options of the page, each with its label, value, count and state."""
    data = filterset.form.data

    def selected(name):
        widget = filterset.form.fields[name].widget
        return set(widget.value_from_datadict(data, None, name))

    options = kept_for_data(request, "filter-options", (), _filter_options)
    groups = []
    for name, choices in options.items():
        chosen = selected(name)
        groups.append(
            {
                "name": name,
                "label": str(filterset.filters[name].label),
                "folded": name in FOLDED_GROUPS,
                "chosen": sum(1 for value, _ in choices if value in chosen),
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


def _filter_options() -> dict[str, list[tuple[str, str]]]:
    """(value, label) of every option of each filter of the list, in the language shown."""
    return {
        "region": [(r.code, r.local_name) for r in Region.objects.all()],
        "cycle": [(c.slug, f"{c.name} ({c.conference})") for c in Cycle.objects.all()],
        "stage": [(value, str(label)) for value, label in Stage.choices],
        "sdg": [
            (
                str(s.number),
                _("SDG %(number)s: %(name)s") % {"number": s.number, "name": s.local_name},
            )
            for s in SDG.objects.all()
        ],
        "action_line": [(a.code, f"{a.code}: {a.local_name}") for a in ActionLine.objects.all()],
        "gdc": [
            (
                str(g.number),
                _("Objective %(number)s: %(title)s") % {"number": g.number, "title": g.local_name},
            )
            for g in GDCObjective.objects.all()
        ],
        "provenance": [(value, str(label)) for value, label in Provenance.choices],
    }


# The options whose labels name their group already ("SDG 9: Industry, ...").
SELF_NAMED_GROUPS = {"sdg", "action_line", "gdc"}


def _active_filters(request, filterset, facet_groups):
    """Each active filter value, named as its option is, with the address of the list
    without it."""
    names = {
        group["name"]: {option["value"]: option["label"] for option in group["options"]}
        for group in facet_groups
    }
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
            shown = names.get(name, {}).get(value)
            if shown and name in SELF_NAMED_GROUPS:
                label = shown
            elif name == "q":
                label = _("Words: “%(words)s”") % {"words": value}
            else:
                label = _("%(filter)s: %(value)s") % {
                    "filter": filterset.filters[name].label,
                    "value": shown or value,
                }
            active.append(
                {
                    "label": label,
                    "remove_url": f"{reverse('initiatives:list')}{'?' + query if query else ''}",
                }
            )
    return active


def initiative_or_404(texts, cycle: str, code: str, draft: bool = False) -> Initiative:
    """What the address `/initiatives/<cycle>/<code>/` (with `draft`, `.../draft/`) shows,
    read from `texts`, or a 404 saying what is not there."""
    initiative = texts.at_address(cycle, code, draft=draft)
    if initiative is None:
        raise _not_there(cycle, code, draft)
    return initiative


def _not_there(cycle: str, code: str, draft: bool) -> Http404:
    if draft:
        message = _("There is no RPM draft of %(code)s in the %(cycle)s cycle.")
    else:
        message = _("There is no initiative %(code)s in the %(cycle)s cycle.")
    return Http404(message % {"code": code.upper(), "cycle": cycle})


@dataclass(frozen=True)
class InitiativeHeading:
    """What a response for an initiative's address says outside its parts kept per data
    version (the head, the breadcrumbs, the keys of those parts): read once per data
    version and language, so that a page rendered from kept parts reads no model."""

    pk: int
    code: str
    title: str
    objective: str
    stage: str
    cycle_slug: str
    region_name: str
    region_url: str
    url: str

    @classmethod
    def of(cls, initiative: Initiative) -> "InitiativeHeading":
        return cls(
            pk=initiative.pk,
            code=initiative.code,
            title=initiative.title,
            objective=initiative.objective,
            stage=initiative.stage,
            cycle_slug=initiative.cycle.slug,
            region_name=str(initiative.region.local_name),
            region_url=initiative.region.get_absolute_url(),
            url=initiative.get_absolute_url(),
        )


def _heading_or_404(request, cycle: str, code: str, draft: bool = False) -> InitiativeHeading:
    def read() -> InitiativeHeading | None:
        initiative = Initiative.objects.for_listing().at_address(cycle, code, draft=draft)
        return None if initiative is None else InitiativeHeading.of(initiative)

    heading = kept_for_data(request, "initiative-heading", (cycle, code.upper(), draft), read)
    if heading is None:
        raise _not_there(cycle, code, draft)
    return heading


@conditional_page
@lower_case_codes
def initiative_detail(request, cycle, code):
    return _render_initiative(request, _heading_or_404(request, cycle, code))


@conditional_page
@lower_case_codes
def initiative_draft(request, cycle, code):
    return _render_initiative(request, _heading_or_404(request, cycle, code, draft=True))


ALIGNMENT_KINDS = [
    ("sdg_links", gettext_lazy("Sustainable Development Goals"), "sdg"),
    ("action_line_links", gettext_lazy("WSIS Action Lines"), "action_line"),
    ("gdc_links", gettext_lazy("Global Digital Compact objectives"), "objective"),
]


def _render_initiative(request, heading: InitiativeHeading):
    # The breadcrumb names the text shown: one whole message per stage.
    if heading.stage == Stage.DRAFT:
        current_label = _("%(code)s (%(cycle)s, rpm draft)")
    else:
        current_label = _("%(code)s (%(cycle)s, adopted)")
    permanent_url = request.build_absolute_uri(heading.url)

    # The record with everything it shows is read only when its parts are rendered
    # afresh ({% kept %} in the template); every response names it from its heading.
    @functools.cache
    def record() -> Initiative:
        return Initiative.objects.for_detail().get(pk=heading.pk)

    @functools.cache
    def shown() -> dict:
        return _shown_of_initiative(record(), permanent_url)

    return render(
        request,
        "initiatives/detail.html",
        {
            "initiative": heading,
            "record": when_shown(record),
            **{name: when_shown(lambda name=name: shown()[name]) for name in SHOWN_OF_INITIATIVE},
            "citation_files": when_shown(lambda: _citation_files(record())),
            "permanent_url": permanent_url,
            "nav": "initiatives",
            "breadcrumbs": [
                {"label": _("Initiatives"), "url": reverse("initiatives:list")},
                {"label": heading.region_name, "url": heading.region_url},
                {"label": current_label % {"code": heading.code, "cycle": heading.cycle_slug}},
            ],
        },
    )


SHOWN_OF_INITIATIVE = (
    "other_stage",
    "alignment_groups",
    "citations",
    "results",
    "across_cycles",
    "similar",
    "citation",
)


def _shown_of_initiative(initiative: Initiative, permanent_url: str) -> dict:
    """What an initiative's page shows of its parts (SHOWN_OF_INITIATIVE), from the
    initiative as `Initiative.objects.for_detail()` reads it."""
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
    across_cycles, similar = [], []
    for match in initiative.related.all():
        relation = related.relation(initiative, match.related)
        if relation == related.SIMILAR_WORDING:
            similar.append(match)
        else:
            across_cycles.append({"match": match, "earlier": relation == related.EARLIER_CYCLE})
    cited = _citation_data()
    return {
        "other_stage": initiative.other_stage(),
        "alignment_groups": alignment_groups,
        "citations": list(initiative.citations.all()),
        "results": [
            {
                "result": result,
                "citation": citations.all_formats(
                    citations.for_result(result, permanent_url, *cited)
                ),
                "files": _citation_files(initiative, result.number),
            }
            for result in initiative.expected_results.all()
        ],
        "across_cycles": across_cycles,
        "similar": similar,
        "citation": citations.all_formats(
            citations.for_initiative(initiative, permanent_url, *cited)
        ),
    }


def _citation_files(initiative: Initiative, number: int | None = None) -> list[dict]:
    """The addresses of the citation files of an initiative (or of its result `number`)."""
    name = "citation" if number is None else "result-citation"
    if initiative.stage == Stage.DRAFT:
        name = f"draft-{name}"
    kwargs = {"cycle": initiative.cycle.slug, "code": initiative.code.lower()}
    if number is not None:
        kwargs["number"] = number
    return [
        {
            "label": label,
            "url": reverse(f"initiatives:{name}", kwargs={**kwargs, "file_format": fmt}),
        }
        for fmt, label in (("bib", "BibTeX"), ("ris", "RIS"), ("json", "CSL-JSON"))
    ]


def _citation_data() -> tuple:
    """What a citation says besides its record: when the data last changed (the one date
    a page cached by the data's version can carry) and the portal's name."""
    return DataVersion.last_changed(), settings.PORTAL_SITE_NAME


@conditional_page
@lower_case_codes
def initiative_citation(request, cycle, code, file_format, number=None, draft=False):
    """A citation file: the initiative at the address, or one of its expected results."""
    found = initiative_or_404(Initiative.objects.for_detail(), cycle, code, draft=draft)
    url = request.build_absolute_uri(found.get_absolute_url())
    if number is None:
        citation = citations.for_initiative(found, url, *_citation_data())
        name = found.slug
    else:
        result = next((r for r in found.expected_results.all() if r.number == number), None)
        if result is None:
            raise Http404(
                _("%(code)s has no expected result %(number)s.")
                % {"code": found.code, "number": number}
            )
        citation = citations.for_result(result, url, *_citation_data())
        name = f"{found.slug}-result-{number}"
    response = HttpResponse(
        citations.FORMATS[file_format](citation), content_type=citations.MEDIA_TYPES[file_format]
    )
    response["Content-Disposition"] = f'inline; filename="{name}.{file_format}"'
    return response


PART_NAMES = {
    "title": gettext_lazy("Title"),
    "objective": gettext_lazy("Objective"),
    "results_intro": gettext_lazy("Lead-in to the expected results"),
}


def _find(cycle: str, code: str, stage: str) -> Initiative | None:
    return Initiative.objects.for_detail().filter(cycle__slug=cycle, code=code, stage=stage).first()


# ?changes=substantive: only the parts whose wording changed, without the minor marks.
SUBSTANTIVE_ONLY = "substantive"


@conditional_page(query=["changes"])
@lower_case_codes
def initiative_compare(request, cycle, code):
    changes = request.GET.get("changes", "")
    if changes not in ("", SUBSTANTIVE_ONLY):
        raise BadRequest(f"changes={changes!r}: the only choice is changes={SUBSTANTIVE_ONLY}.")
    substantive_only = changes == SUBSTANTIVE_ONLY
    adopted = _find(cycle, code.upper(), Stage.ADOPTED)
    draft = _find(cycle, code.upper(), Stage.DRAFT)
    if adopted is None or draft is None:
        if adopted is None:
            message = _(
                "%(code)s of %(cycle)s cannot be compared: the knowledge base has no adopted text."
            )
        else:
            message = _(
                "%(code)s of %(cycle)s cannot be compared: the knowledge base has no RPM draft."
            )
        raise Http404(message % {"code": code.upper(), "cycle": cycle})
    parts = compare(draft, adopted)
    for part in parts:
        if part.name == "expected_result":
            part.heading = _expected_result_heading(part.draft_number, part.adopted_number)
        else:
            part.heading = PART_NAMES[part.name]
    shown = [part for part in parts if part.substantive] if substantive_only else parts
    return render(
        request,
        "initiatives/compare.html",
        {
            "draft": draft,
            "adopted": adopted,
            "parts": shown,
            "part_count": len(parts),
            "changed_count": sum(1 for part in parts if part.substantive),
            "minor_count": sum(1 for part in parts if part.changed and not part.substantive),
            "substantive_only": substantive_only,
            "nav": "initiatives",
            "breadcrumbs": [
                {"label": _("Initiatives"), "url": reverse("initiatives:list")},
                {"label": adopted.code, "url": adopted.get_absolute_url()},
                {"label": _("Draft and adopted compared")},
            ],
        },
    )


def _expected_result_heading(draft_number: int | None, adopted_number: int | None) -> str:
    numbers = {"draft": draft_number, "adopted": adopted_number}
    if draft_number and adopted_number:
        return _("Expected result: draft result %(draft)s → adopted result %(adopted)s") % numbers
    if draft_number:
        return _("Expected result: draft result %(draft)s") % numbers
    return _("Expected result: adopted result %(adopted)s") % numbers
