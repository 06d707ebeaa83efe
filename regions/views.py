"""HTML pages of the regions and their 2025 preparatory meetings."""

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.conditional import conditional_page
from core.querysets import one_or_none
from core.views import lower_case_codes
from regions.models import PreparatoryMeeting, Region


@conditional_page
def region_list(request):
    regions = Region.objects.select_related("meeting").annotate(
        adopted=Count(
            "initiatives", filter=Q(initiatives__stage="adopted", initiatives__published=True)
        ),
        drafts=Count(
            "initiatives", filter=Q(initiatives__stage="draft", initiatives__published=True)
        ),
    )
    return render(
        request,
        "regions/list.html",
        {"regions": regions, "nav": "regions", "breadcrumbs": [{"label": _("Regions")}]},
    )


@conditional_page
@lower_case_codes
def region_detail(request, code):
    region = one_or_none(
        Region.objects.filter(code=code.upper())
        .select_related("meeting__source")
        .prefetch_related("meeting__priorities")
    )
    if region is None:
        raise Http404(
            _("There is no region %(code)s; the regions are AFR, AMS, ARB, ASP, CIS and EUR.")
            % {"code": code.upper()}
        )
    meeting = getattr(region, "meeting", None)
    return render(
        request,
        "regions/detail.html",
        {
            "region": region,
            "meeting": meeting,
            "priorities": meeting.priorities.all() if meeting else [],
            "nav": "regions",
            "breadcrumbs": [
                {"label": _("Regions"), "url": reverse("regions:list")},
                {"label": region.local_name},
            ],
        },
    )


@conditional_page
def meeting_list(request):
    meetings = PreparatoryMeeting.objects.for_listing()
    return render(
        request,
        "regions/meetings.html",
        {
            "meetings": meetings,
            "nav": "meetings",
            "breadcrumbs": [{"label": _("Regional Preparatory Meetings 2025")}],
        },
    )
