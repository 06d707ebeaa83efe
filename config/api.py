"""The public JSON API, v1: one router, the OpenAPI schema and its documentation page.

Mounted at /api/v1/ by config.urls; DESIGN.md §5 is its contract.
"""

from csp.constants import UNSAFE_INLINE
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, path, re_path, resolve
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers

from config.conditional import conditional_on_content
from config.search_api import SearchViewSet
from config.viewsets import PortalAPIMixin
from downloads.api import DownloadViewSet
from frameworks.api import ActionLineViewSet, GDCObjectiveViewSet, SDGViewSet
from initiatives.api import CycleViewSet, ExpectedResultViewSet, InitiativeViewSet
from regions.api import MeetingViewSet, RegionViewSet
from roadmaps.api import RoadmapRowViewSet, RoadmapViewSet
from sources.api import SourceViewSet


class APIRoot(PortalAPIMixin, routers.APIRootView):
    """The endpoints of the API; the schema is at schema/, its documentation at docs/."""


class DocsView(SpectacularSwaggerSplitView):
    """The interactive documentation, its assets served from this site (drf-spectacular-sidecar)
    and its script from its own address, not inline.

    Swagger UI would send a CSRF token with requests other than GET; a read-only API has
    none to protect, and leaving it out keeps the page free of cookies, the same for everyone
    and so cacheable.

    drf-spectacular's page sets its layout in a `<style>` element: the only page whose
    policy allows inline style elements (scripts stay files).
    """

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["csrf_token"] = ""
        response._csp_update = {"style-src-elem": [UNSAFE_INLINE]}
        return response


class Router(routers.DefaultRouter):
    APIRootView = APIRoot
    # One way to ask for CSV (?format=csv), not two.
    include_format_suffixes = False


router = Router()
router.register("regions", RegionViewSet, basename="region")
router.register("cycles", CycleViewSet, basename="cycle")
router.register("initiatives", InitiativeViewSet, basename="initiative")
router.register("expected-results", ExpectedResultViewSet, basename="expected-result")
router.register("roadmaps", RoadmapViewSet, basename="roadmap")
router.register("roadmap-rows", RoadmapRowViewSet, basename="roadmap-row")
router.register("sdgs", SDGViewSet, basename="sdg")
router.register("action-lines", ActionLineViewSet, basename="action-line")
router.register("gdc-objectives", GDCObjectiveViewSet, basename="gdc-objective")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("sources", SourceViewSet, basename="source")
router.register("search", SearchViewSet, basename="search")
router.register("downloads", DownloadViewSet, basename="download")


def not_found(request, rest=""):
    """Any other address under the API: 404 in JSON, or the address with its slash."""
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{request.path}/{'?' + query if query else ''}")
    return JsonResponse({"detail": "Not found."}, status=404)


app_name = "api"
urlpatterns = [
    path("schema/", conditional_on_content(SpectacularAPIView.as_view()), name="schema"),
    path(
        "docs/",
        conditional_on_content(DocsView.as_view(url_name="api:schema")),
        name="docs",
    ),
    *router.urls,
    # Any character, line breaks included: an address no route matches still answers JSON.
    re_path(r"^(?P<rest>[\s\S]*)$", not_found),
]
