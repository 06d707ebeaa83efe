"""API endpoints of the SDGs, WSIS action lines and GDC objectives, each detail with
everything aligned to it."""

from django.db.models import Prefetch

from core.viewsets import ReadOnlyViewSet, described_lookup, small_number, upper_code
from frameworks.models import SDG, ActionLine, GDCObjective
from frameworks.serializers import ActionLineSerializer, GDCObjectiveSerializer, SDGSerializer
from hubs.serializers import (
    ActionLineDetailSerializer,
    GDCObjectiveDetailSerializer,
    SDGDetailSerializer,
)
from initiatives.models import InitiativeActionLine, InitiativeGDCObjective, InitiativeSDG
from roadmaps.models import RoadmapRowSDG

# Aligned initiatives in the order of the initiatives list: cycle, region, number, stage.
INITIATIVE_ORDER = [
    "initiative__cycle__start_year",
    "initiative__region__code",
    "initiative__number",
    "initiative__stage",
    "provenance",
]


def aligned_initiatives(link_model) -> Prefetch:
    """The target's alignment links (`initiative_links`), each with its initiative, in one
    query."""
    links = link_model.objects.select_related("initiative__cycle").order_by(*INITIATIVE_ORDER)
    return Prefetch("initiative_links", queryset=links)


@described_lookup("number", int, "The goal's number, 1 to 17.", 9)
class SDGViewSet(ReadOnlyViewSet):
    """The 17 Sustainable Development Goals; a goal's detail lists everything aligned to it."""

    list_serializer_class = SDGSerializer
    serializer_class = SDGDetailSerializer
    lookup_field = lookup_url_kwarg = "number"
    lookup_value_regex = "[0-9]+"
    csv_name = "sdgs"

    def lookup_value(self, value):
        return small_number(value)

    def get_queryset(self):
        if self.action == "list":
            return SDG.objects.all()
        row_links = RoadmapRowSDG.objects.select_related("row__roadmap__action_line")
        return SDG.objects.prefetch_related(
            aligned_initiatives(InitiativeSDG),
            Prefetch(
                "roadmap_row_links",
                queryset=row_links.order_by("row__roadmap__action_line__number", "row__order"),
            ),
        )


@described_lookup("code", str, "The action line's code, C1 to C11, in either case.", "C5")
class ActionLineViewSet(ReadOnlyViewSet):
    """The eleven WSIS Action Lines; an action line's detail lists what is aligned to it."""

    list_serializer_class = ActionLineSerializer
    serializer_class = ActionLineDetailSerializer
    lookup_field = lookup_url_kwarg = "code"
    csv_name = "action-lines"

    def lookup_value(self, value):
        return upper_code(value)

    def get_queryset(self):
        if self.action == "list":
            return ActionLine.objects.all()
        return ActionLine.objects.select_related("roadmap").prefetch_related(
            aligned_initiatives(InitiativeActionLine)
        )


@described_lookup("number", int, "The objective's number, 1 to 5.", 3)
class GDCObjectiveViewSet(ReadOnlyViewSet):
    """The five objectives of the Global Digital Compact and the initiatives aligned to each."""

    list_serializer_class = GDCObjectiveSerializer
    serializer_class = GDCObjectiveDetailSerializer
    lookup_field = lookup_url_kwarg = "number"
    lookup_value_regex = "[0-9]+"
    csv_name = "gdc-objectives"

    def lookup_value(self, value):
        return small_number(value)

    def get_queryset(self):
        if self.action == "list":
            return GDCObjective.objects.all()
        return GDCObjective.objects.prefetch_related(aligned_initiatives(InitiativeGDCObjective))
