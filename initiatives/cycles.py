"""HTML pages of the cycles: /cycles/, each cycle's page, and the address
/initiatives/<cycle>/, which leads to the initiatives list of that cycle."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.conditional import conditional_page
from core.querysets import one_or_none
from initiatives.models import Cycle, Initiative, Stage
from regions.models import Region

# The published initiatives of a cycle, by stage.
CYCLE_COUNTS = {
    "adopted": Count(
        "initiatives", filter=Q(initiatives__stage=Stage.ADOPTED, initiatives__published=True)
    ),
    "drafts": Count(
        "initiatives", filter=Q(initiatives__stage=Stage.DRAFT, initiatives__published=True)
    ),
}


def _list_url(**filters) -> str:
    return f"{reverse('initiatives:list')}?{urlencode(filters)}"


def _get(slug: str) -> Cycle:
    cycle = one_or_none(Cycle.objects.filter(slug=slug).annotate(**CYCLE_COUNTS))
    if cycle is None:
        raise Http404(_("There is no cycle %(cycle)s.") % {"cycle": slug})
    return cycle


@conditional_page
def cycle_list(request):
    cycles = Cycle.objects.annotate(**CYCLE_COUNTS).order_by("-start_year")
    return render(
        request,
        "initiatives/cycle_list.html",
        {
            "cycles": [
                {"cycle": cycle, "list_url": _list_url(cycle=cycle.slug)} for cycle in cycles
            ],
            "breadcrumbs": [{"label": _("Cycles")}],
        },
    )


@conditional_page
def cycle_detail(request, cycle):
    cycle = _get(cycle)
    counts = {
        (row["region__code"], row["stage"]): row["count"]
        for row in Initiative.objects.published()
        .filter(cycle=cycle)
        .values("region__code", "stage")
        .annotate(count=Count("pk"))
        .order_by()
    }
    regions = [
        {
            "region": region,
            "stages": [
                {
                    "label": label,
                    "count": counts.get((region.code, stage), 0),
                    "url": _list_url(region=region.code, cycle=cycle.slug, stage=stage),
                }
                for stage, label in (
                    # Read after a count of initiatives: "3 adopted", "2 RPM drafts".
                    (Stage.ADOPTED, pgettext("initiatives counted", "adopted")),
                    (Stage.DRAFT, pgettext("initiatives counted", "RPM drafts")),
                )
            ],
        }
        for region in Region.objects.all()
    ]
    return render(
        request,
        "initiatives/cycle_detail.html",
        {
            "cycle": cycle,
            "regions": regions,
            "list_url": _list_url(cycle=cycle.slug),
            "breadcrumbs": [
                {"label": _("Cycles"), "url": reverse("cycles")},
                {"label": cycle.name},
            ],
        },
    )


def cycle_initiatives(request, cycle):
    """`/initiatives/2026-2029/` names the initiatives of a cycle: the list, filtered so."""
    if not Cycle.objects.filter(slug=cycle).exists():
        raise Http404(_("There is no cycle %(cycle)s.") % {"cycle": cycle})
    return redirect(_list_url(cycle=cycle))
