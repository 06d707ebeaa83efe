"""API endpoints of the cycles, the initiatives and their expected results."""

from config.viewsets import ReadOnlyViewSet, described_lookup, small_number
from initiatives.filters import ExpectedResultFilter, InitiativeFilter
from initiatives.models import Cycle, ExpectedResult, Initiative
from initiatives.serializers import (
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

    def lookup_value(self, value):
        return value.lower()

    def get_queryset(self):
        if self.action == "list":
            return Initiative.objects.for_listing()
        return Initiative.objects.for_detail()


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

    def lookup_value(self, value):
        return small_number(value)

    def get_queryset(self):
        if self.action == "list":
            return ExpectedResult.objects.for_listing()
        return ExpectedResult.objects.for_detail()
