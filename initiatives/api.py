"""API endpoints of the cycles, the initiatives and their expected results."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.viewsets import ReadOnlyViewSet, described_lookup, small_number
from initiatives.comparison import compare
from initiatives.filters import ORDERINGS as INITIATIVE_ORDERINGS
from initiatives.filters import ExpectedResultFilter, InitiativeFilter
from initiatives.models import Cycle, ExpectedResult, Initiative, Stage
from initiatives.serializers import (
    ComparisonSerializer,
    CycleDetailSerializer,
    CycleSerializer,
    ExpectedResultDetailSerializer,
    ExpectedResultSerializer,
    InitiativeDetailSerializer,
    InitiativeSerializer,
)


@described_lookup("slug", str, "The cycle's slug.", "2026-2029")
class CycleViewSet(ReadOnlyViewSet):
    """The planning cycles, each adopted by a World Telecommunication Development Conference."""

    queryset = Cycle.objects.all()
    list_serializer_class = CycleSerializer
    serializer_class = CycleDetailSerializer
    lookup_field = lookup_url_kwarg = "slug"
    csv_name = "cycles"
    orderings = {"start_year": ["start_year"]}


@described_lookup(
    "slug",
    str,
    "Permanent: {cycle}-{code} for adopted text, {cycle}-{code}-draft for an RPM draft.",
    "2026-2029-ams1",
)
class InitiativeViewSet(ReadOnlyViewSet):
    """The regional initiatives, adopted text and RPM drafts, filtered as on the portal's
    initiatives page; an initiative's detail has its text, results and alignments."""

    list_serializer_class = InitiativeSerializer
    serializer_class = InitiativeDetailSerializer
    filterset_class = InitiativeFilter
    lookup_field = lookup_url_kwarg = "slug"
    csv_name = "initiatives"
    # Counted by InitiativeFilter.facet_counts, as on the list page (`?ordering=` is one
    # of its filters too).
    facets = dict.fromkeys(
        ("region", "cycle", "stage", "sdg", "action_line", "gdc", "provenance"), None
    )

    def lookup_value(self, value):
        return value.lower()

    def get_queryset(self):
        if self.action == "list":
            return Initiative.objects.for_listing()
        return Initiative.objects.for_detail()

    @extend_schema(
        summary="The RPM draft and the adopted text compared",
        description=(
            "Title, objective, lead-in and every expected result of the draft beside the "
            "adopted text, word by word; results are matched by their wording. Either "
            "stage's slug gives the same comparison; 404 when one of the two is missing."
        ),
        responses=ComparisonSerializer,
    )
    @action(detail=True, url_path="compare", filter_backends=[], pagination_class=None)
    def compare(self, request, *args, **kwargs):
        initiative = self.get_object()
        other = initiative.other_stage()
        if other is None:
            raise NotFound(
                f"{initiative.slug} cannot be compared: the knowledge base has only one stage."
            )
        # The initiative asked for is already read with its results; read the other stage
        # the same way.
        other = Initiative.objects.for_detail().get(pk=other.pk)
        draft, adopted = (
            (initiative, other) if initiative.stage == Stage.DRAFT else (other, initiative)
        )
        page = reverse("initiatives:compare", args=[adopted.cycle.slug, adopted.code.lower()])
        data = {
            "draft": draft.slug,
            "adopted": adopted.slug,
            "html_url": request.build_absolute_uri(page),
            "parts": compare(draft, adopted),
        }
        return Response(ComparisonSerializer(data).data)


@described_lookup("id", int, "The expected result's id.", 1)
class ExpectedResultViewSet(ReadOnlyViewSet):
    """The expected results of every initiative, filtered by their initiative."""

    list_serializer_class = ExpectedResultSerializer
    serializer_class = ExpectedResultDetailSerializer
    filterset_class = ExpectedResultFilter
    lookup_field = "pk"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9]+"
    csv_name = "expected-results"
    facets = {
        "region": "initiative__region__code",
        "cycle": "initiative__cycle__slug",
        "stage": "initiative__stage",
        "initiative": "initiative__slug",
    }
    # Each as the initiatives list orders them, then by the result's number.
    orderings = {
        "code": [*(f"initiative__{field}" for field in INITIATIVE_ORDERINGS["code"]), "number"],
        "cycle": [*(f"initiative__{field}" for field in INITIATIVE_ORDERINGS["cycle"]), "number"],
        "region": [
            *(f"initiative__{field}" for field in INITIATIVE_ORDERINGS["region"]),
            "number",
        ],
    }

    def lookup_value(self, value):
        return small_number(value)

    def get_queryset(self):
        if self.action == "list":
            return ExpectedResult.objects.for_listing()
        return ExpectedResult.objects.for_detail()
