"""API endpoints of the source documents."""

from core.viewsets import ReadOnlyViewSet, described_lookup
from sources.models import Source
from sources.serializers import SourceDetailSerializer, SourceSerializer


@described_lookup("slug", str, "The source's slug.", "rpm-coordination-meeting-2025")
class SourceViewSet(ReadOnlyViewSet):
    """The documents the knowledge base is curated from; a source's detail has its sections."""

    list_serializer_class = SourceSerializer
    serializer_class = SourceDetailSerializer
    lookup_field = lookup_url_kwarg = "slug"
    csv_name = "sources"
    orderings = {"date": ["date", "order"], "title": ["title"]}

    def get_queryset(self):
        if self.action == "list":
            return Source.objects.all()
        return Source.objects.prefetch_related("sections")
