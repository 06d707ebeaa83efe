"""The public JSON API, v1: one router, the OpenAPI schema and its documentation page.

Mounted at /api/v1/ by config.urls; DESIGN.md §5 is its contract.
"""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from core.api import DocsView, Router, not_found
from core.conditional import conditional_on_content
from downloads.api import DownloadViewSet
from hubs.api import (
    ActionLineViewSet,
    ChangeViewSet,
    GDCObjectiveViewSet,
    MatrixViewSet,
    SDGViewSet,
)
from hubs.coverage_api import CoverageViewSet
from initiatives.api import CycleViewSet, ExpectedResultViewSet, InitiativeViewSet
from regions.api import MeetingViewSet, RegionViewSet
from roadmaps.api import RoadmapRowViewSet, RoadmapViewSet
from search.api import SearchViewSet
from sources.api import SourceViewSet

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
router.register("changes", ChangeViewSet, basename="change")
router.register("matrix", MatrixViewSet, basename="matrix")
router.register("coverage", CoverageViewSet, basename="coverage")


app_name = "api"
urlpatterns = [
    path(
        "schema/",
        conditional_on_content(
            SpectacularAPIView.as_view(
                custom_settings={
                    "POSTPROCESSING_HOOKS": [
                        "drf_spectacular.hooks.postprocess_schema_enums",
                        "core.schema.add_servers",
                    ]
                }
            )
        ),
        name="schema",
    ),
    path(
        "docs/",
        conditional_on_content(DocsView.as_view(url_name="api:schema")),
        name="docs",
    ),
    *router.urls,
    # Any character, line breaks included: an address no route matches still answers JSON.
    re_path(r"^(?P<rest>[\s\S]*)$", not_found),
]
