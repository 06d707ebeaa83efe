"""API endpoints of the SDGs, WSIS action lines and GDC objectives, each detail with
everything aligned to it, of the changes to the knowledge base, and the alignment matrix."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.rest import CSVRenderer, csv_columns, csv_response
from core.viewsets import (
    PortalAPIMixin,
    ReadOnlyViewSet,
    described_lookup,
    small_number,
    upper_code,
)
from frameworks.models import SDG, ActionLine, GDCObjective
from frameworks.serializers import ActionLineSerializer, GDCObjectiveSerializer, SDGSerializer
from hubs.changes import KINDS, RECORD_KINDS, ChangeLog
from hubs.filters import ChangeFilterForm, MatrixFilterForm
from hubs.matrix import FRAMEWORKS, build_matrix
from hubs.serializers import (
    ActionLineDetailSerializer,
    ChangeSerializer,
    GDCObjectiveDetailSerializer,
    MatrixLineSerializer,
    MatrixSerializer,
    SDGDetailSerializer,
)
from initiatives.filters import CYCLE_SCHEMA, PROVENANCE_SCHEMA, REGION_SCHEMA, STAGE_SCHEMA
from initiatives.models import InitiativeActionLine, InitiativeGDCObjective, InitiativeSDG
from regions.models import REGION_CODES
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
    """The target's published alignment links (`initiative_links`), each with its
    initiative, in one query."""
    links = (
        link_model.objects.published()
        .select_related("initiative__cycle")
        .order_by(*INITIATIVE_ORDER)
    )
    return Prefetch("initiative_links", queryset=links)


@described_lookup("number", int, "The goal's number, 1 to 17.", 9)
class SDGViewSet(ReadOnlyViewSet):
    """The 17 Sustainable Development Goals; a goal's detail lists everything aligned to it."""

    list_serializer_class = SDGSerializer
    serializer_class = SDGDetailSerializer
    lookup_field = lookup_url_kwarg = "number"
    lookup_value_regex = "[0-9]+"
    csv_name = "sdgs"
    object_name = "SDG"
    orderings = {"number": ["number"], "title": ["title"]}

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
    orderings = {"code": ["number"], "title": ["title"]}

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
    object_name = "GDC objective"
    orderings = {"number": ["number"], "title": ["title"]}

    def lookup_value(self, value):
        return small_number(value)

    def get_queryset(self):
        if self.action == "list":
            return GDCObjective.objects.all()
        return GDCObjective.objects.prefetch_related(aligned_initiatives(InitiativeGDCObjective))


def _parameter(
    name: str, schema: dict, example, form=ChangeFilterForm, **kwargs
) -> OpenApiParameter:
    form_field = form.base_fields[name]
    many = schema.get("type") == "array"
    description = str(form_field.help_text)
    if many:
        description += " Several values, repeated or comma-separated, match any of them."
    return OpenApiParameter(
        name,
        schema,
        description=description,
        explode=True if many else None,
        examples=[OpenApiExample(name.capitalize(), value=example)],
        **kwargs,
    )


CHANGE_PARAMETERS = [
    _parameter(
        "kind",
        {"type": "array", "items": {"type": "string", "enum": list(KINDS)}},
        ["initiative", "expected-result"],
    ),
    _parameter(
        "region",
        {"type": "array", "items": {"type": "string", "enum": REGION_CODES}},
        ["AMS"],
    ),
    _parameter("since", {"type": "string", "format": "date"}, "2025-01-01"),
    _parameter("until", {"type": "string", "format": "date"}, "2025-12-31"),
    _parameter(
        "record",
        {"type": "string", "pattern": f"^({'|'.join(RECORD_KINDS)}):[0-9]{{1,9}}$"},
        "initiative:12",
    ),
    _parameter(
        "batch", {"type": "string", "format": "uuid"}, "0192e3a4-5b6c-7d8e-9f01-23456789abcd"
    ),
]


class ChangeViewSet(PortalAPIMixin, viewsets.GenericViewSet):
    """What changed in the published knowledge base, newest first: one object per record
    created, changed or deleted, with its batch (the changes of one load of the curated
    fixtures, or of one save in the admin), who made it, when, and each field before and
    after."""

    serializer_class = ChangeSerializer
    filter_backends = []
    extra_query_parameters = tuple(ChangeFilterForm.base_fields)

    def get_renderers(self):
        return [JSONRenderer(), CSVRenderer()]

    @extend_schema(parameters=CHANGE_PARAMETERS)
    def list(self, request, *args, **kwargs):
        form = ChangeFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        log = ChangeLog(form.filters())
        if request.accepted_renderer.format == CSVRenderer.format:
            serializer = self.get_serializer()
            rows = (serializer.to_representation(change) for change in log.all_changes())
            return csv_response(rows, csv_columns(serializer), "changes")
        entries = self.paginate_queryset(log.entries())
        changes = log.changes_at(entries)
        return self.get_paginated_response(self.get_serializer(changes, many=True).data)


def _items(schema: dict) -> dict:
    """Several values of a filter of the initiatives list, typed as that filter's."""
    return {"type": "array", "items": {k: v for k, v in schema.items() if k != "example"}}


MATRIX_PARAMETERS = [
    _parameter(
        "framework", {"type": "string", "enum": list(FRAMEWORKS)}, "action-line", MatrixFilterForm
    ),
    _parameter("region", _items(REGION_SCHEMA), ["AMS", "EUR"], MatrixFilterForm),
    _parameter("cycle", _items(CYCLE_SCHEMA), ["2026-2029"], MatrixFilterForm),
    _parameter("stage", _items(STAGE_SCHEMA), ["adopted"], MatrixFilterForm),
    _parameter("provenance", _items(PROVENANCE_SCHEMA), ["source", "roadmap"], MatrixFilterForm),
]


class MatrixViewSet(PortalAPIMixin, viewsets.GenericViewSet):
    """The alignment matrix of /matrix/, as one object: the columns (the SDGs, the WSIS
    action lines or the GDC objectives), one row per initiative (an adopted text and its RPM
    draft together) with the provenances aligning it to each column, and the aggregate:
    per region and column, the initiatives aligned and the address of the list of them.
    As CSV: one line per initiative, column and provenance."""

    serializer_class = MatrixSerializer
    filter_backends = []
    pagination_class = None
    extra_query_parameters = tuple(MatrixFilterForm.base_fields)

    def get_renderers(self):
        return [JSONRenderer(), CSVRenderer()]

    @extend_schema(parameters=MATRIX_PARAMETERS)
    def list(self, request, *args, **kwargs):
        form = MatrixFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        matrix = build_matrix(form.filters())
        if request.accepted_renderer.format == CSVRenderer.format:
            line = MatrixLineSerializer(context=self.get_serializer_context())
            rows = (line.to_representation(each) for each in matrix.lines())
            return csv_response(rows, csv_columns(line), "matrix")
        return Response(self.get_serializer(matrix).data)
