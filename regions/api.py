"""API endpoints of the regions and their preparatory meetings."""

from core.viewsets import ReadOnlyViewSet, described_lookup, upper_code
from regions.models import PreparatoryMeeting, Region
from regions.serializers import MeetingDetailSerializer, MeetingSerializer, RegionSerializer


@described_lookup("code", str, "AFR, AMS, ARB, ASP, CIS or EUR, in either case.", "AMS")
class RegionViewSet(ReadOnlyViewSet):
    """The six ITU-D regions."""

    queryset = Region.objects.all()
    list_serializer_class = serializer_class = RegionSerializer
    lookup_field = lookup_url_kwarg = "code"
    csv_name = "regions"
    orderings = {"code": ["code"], "name": ["name"]}

    def lookup_value(self, value):
        return upper_code(value)


@described_lookup("name", str, "The meeting's name as printed, in either case.", "RPM-AMS")
class MeetingViewSet(ReadOnlyViewSet):
    """The six Regional Preparatory Meetings of 2025 for WTDC-25."""

    queryset = PreparatoryMeeting.objects.for_listing()
    list_serializer_class = MeetingSerializer
    serializer_class = MeetingDetailSerializer
    lookup_field = lookup_url_kwarg = "name"
    csv_name = "meetings"
    orderings = {"start_date": ["start_date"], "region": ["region__code"], "name": ["name"]}

    def lookup_value(self, value):
        return upper_code(value)
