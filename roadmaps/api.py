"""API endpoints of ITU's WSIS Action Line Roadmaps and their rows."""

from core.viewsets import ReadOnlyViewSet, described_lookup, small_number, upper_code
from roadmaps.filters import RoadmapRowFilter
from roadmaps.models import Roadmap, RoadmapRow
from roadmaps.serializers import (
    RoadmapDetailSerializer,
    RoadmapRowDetailSerializer,
    RoadmapRowSerializer,
    RoadmapSerializer,
)


@described_lookup(
    "action_line", str, "The action line's code, in either case: C2, C4, C5 or C6.", "C5"
)
class RoadmapViewSet(ReadOnlyViewSet):
    """ITU's WSIS Action Line Roadmaps; a roadmap's detail lists its rows."""

    list_serializer_class = RoadmapSerializer
    serializer_class = RoadmapDetailSerializer
    lookup_field = "action_line__code"
    lookup_url_kwarg = "action_line"
    csv_name = "roadmaps"
    orderings = {
        "action_line": ["action_line__number"],
        "year": ["year", "action_line__number"],
        "row_count": ["row_count", "action_line__number"],
    }

    def lookup_value(self, value):
        return upper_code(value)

    def get_queryset(self):
        if self.action == "list":
            # Counting rows groups the query, which drops the model's default ordering.
            return Roadmap.objects.for_listing().order_by("action_line__number")
        return Roadmap.objects.for_detail()


@described_lookup("id", int, "The row's id.", 1)
class RoadmapRowViewSet(ReadOnlyViewSet):
    """The rows of every roadmap: a WSIS outcome and ITU's work towards it."""

    list_serializer_class = RoadmapRowSerializer
    serializer_class = RoadmapRowDetailSerializer
    filterset_class = RoadmapRowFilter
    lookup_field = "pk"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9]+"
    csv_name = "roadmap-rows"
    facets = {
        "action_line": "roadmap__action_line__code",
        "section": "section",
        "sdg": "sdg_links__sdg__number",
    }
    # Table order: by roadmap, then as printed.
    orderings = {
        "action_line": ["roadmap__action_line__number", "order"],
        "section": ["section", "roadmap__action_line__number", "order"],
    }

    def lookup_value(self, value):
        return small_number(value)

    def get_queryset(self):
        if self.action == "list":
            return RoadmapRow.objects.for_listing()
        return RoadmapRow.objects.for_detail()
