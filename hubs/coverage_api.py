"""The API's coverage/: what /coverage/ shows, as one object (`hubs.coverage`); as CSV,
one line per region, cycle and stage."""

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.rest import CSVRenderer, PageUrl, csv_columns, csv_response
from core.viewsets import PortalAPIMixin
from hubs.coverage import kept_coverage
from initiatives.models import Stage


class CoverageSourceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    address = serializers.CharField(
        help_text="The publisher's own address of the document, where it is confirmed; "
        "empty when it is not known."
    )
    html_url = PageUrl(lambda source: source.html_url)


class CitedRowSerializer(serializers.Serializer):
    action_line = serializers.CharField(help_text="The roadmap's action line, e.g. C2.")
    label = serializers.CharField(help_text="The row's label as printed, e.g. D.")
    html_url = PageUrl(lambda row: row.html_url)


class CitedCodeSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The initiative's code as cited, e.g. ARB1.")
    cited_text = serializers.CharField(help_text="The words of its first citation, as printed.")
    rows = CitedRowSerializer(many=True, help_text="The roadmap rows citing it.")
    sources = CoverageSourceSerializer(many=True, help_text="The documents that cite it.")


class PrioritySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    meeting = serializers.CharField(help_text="The meeting that agreed it, e.g. RPM-ARB.")
    html_url = PageUrl(lambda priority: priority.html_url)
    source = CoverageSourceSerializer()


class CoverageCellSerializer(serializers.Serializer):
    region = serializers.CharField(source="region.code")
    cycle = serializers.CharField(source="cycle.slug")
    stage = serializers.ChoiceField(choices=Stage.values)
    status = serializers.ChoiceField(
        choices=["held", "partial", "missing", "unknown"],
        help_text="held: texts are held and nothing more is known; partial: texts are held "
        "and more are known to exist; missing: none is held, some are known to exist; "
        "unknown: none is held and no source names any.",
    )
    held = serializers.IntegerField(help_text="The published initiatives held.")
    html_url = PageUrl(
        lambda cell: cell.list_url,
        help_text="The initiatives list of this region, cycle and stage.",
    )
    sources = CoverageSourceSerializer(many=True, help_text="The documents they come from.")
    adopted_not_held = serializers.BooleanField(
        source="adopted_elsewhere",
        help_text="For adopted texts: the cycle's conference adopted initiatives (some "
        "regions' texts are held), so this region's exist; true even when some are held.",
    )
    cited_not_held = CitedCodeSerializer(
        source="cited",
        many=True,
        help_text="Initiatives the WSIS Action Line Roadmaps cite, under this cycle, that "
        "the knowledge base does not hold.",
    )
    priorities = PrioritySerializer(
        many=True,
        help_text="Priorities a Regional Preparatory Meeting agreed in place of draft "
        "initiatives: not initiatives, not held as such.",
    )


@extend_schema_serializer(many=False)
class CoverageSerializer(serializers.Serializer):
    held = serializers.IntegerField(source="held_count", help_text="The initiatives held.")
    cells = CoverageCellSerializer(
        source="cell_list", many=True, help_text="Every region, cycle and stage."
    )


class CoverageLineSerializer(serializers.Serializer):
    """One line of the CSV: a region, cycle and stage."""

    region = serializers.CharField(source="region.code")
    cycle = serializers.CharField(source="cycle.slug")
    stage = serializers.CharField()
    status = serializers.CharField()
    held = serializers.IntegerField()
    cited_not_held = serializers.SerializerMethodField()
    priorities = serializers.SerializerMethodField()
    sources = serializers.SerializerMethodField()
    html_url = PageUrl(lambda cell: cell.list_url)

    def get_cited_not_held(self, cell) -> str:
        return " ".join(code.code for code in cell.cited)

    def get_priorities(self, cell) -> int:
        return len(cell.priorities)

    def get_sources(self, cell) -> str:
        return " ".join(source.slug for source in cell.sources)


class CoverageViewSet(PortalAPIMixin, viewsets.GenericViewSet):
    """What the knowledge base holds and what it lacks, region × cycle × stage, as on
    /coverage/: the initiatives held, with their documents; the initiatives the WSIS
    Action Line Roadmaps cite that it does not hold; the priorities a Regional
    Preparatory Meeting agreed in place of draft initiatives; whether a cycle's adopted
    texts exist that are not held. As CSV: one line per region, cycle and stage."""

    serializer_class = CoverageSerializer
    filter_backends = []
    pagination_class = None

    def get_renderers(self):
        return [JSONRenderer(), CSVRenderer()]

    @extend_schema(responses=CoverageSerializer)
    def list(self, request, *args, **kwargs):
        coverage = kept_coverage(request)
        if request.accepted_renderer.format == CSVRenderer.format:
            line = CoverageLineSerializer(context=self.get_serializer_context())
            rows = (line.to_representation(cell) for cell in coverage.cell_list)
            return csv_response(rows, csv_columns(line), "coverage")
        return Response(self.get_serializer(coverage).data)
