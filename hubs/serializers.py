"""The SDGs, WSIS action lines and GDC objectives in the API, with what is aligned to them,
the changes to the knowledge base, and the alignment matrix."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from core.rest import ApiUrl, PageUrl, absolute
from frameworks.models import Provenance
from frameworks.serializers import ActionLineSerializer, GDCObjectiveSerializer, SDGSerializer
from hubs.changes import ACTIONS, KINDS
from hubs.matrix import FRAMEWORKS


class AlignedInitiativeSerializer(serializers.Serializer):
    """An initiative aligned to the framework target, with who states it and why."""

    slug = serializers.CharField(source="initiative.slug")
    code = serializers.CharField(source="initiative.code")
    provenance = serializers.ChoiceField(choices=Provenance.choices)
    rationale = serializers.CharField()
    url = ApiUrl("initiative-detail", lambda link: link.initiative.slug)
    html_url = PageUrl(lambda link: link.initiative.get_absolute_url())


class AlignedRoadmapRowSerializer(serializers.Serializer):
    """A roadmap row whose SDG linkages name the goal."""

    id = serializers.IntegerField(source="row_id")
    action_line = serializers.CharField(source="row.roadmap.action_line.code")
    label = serializers.CharField(source="row.label")
    targets = serializers.CharField(help_text="The targets the row names, e.g. 16.2.")
    provenance = serializers.ChoiceField(choices=Provenance.choices)
    url = ApiUrl("roadmap-row-detail", lambda link: link.row_id)
    html_url = PageUrl(lambda link: link.row.get_absolute_url())


class SDGDetailSerializer(SDGSerializer):
    initiatives = AlignedInitiativeSerializer(source="initiative_links", many=True)
    roadmap_rows = AlignedRoadmapRowSerializer(source="roadmap_row_links", many=True)

    class Meta(SDGSerializer.Meta):
        fields = [*SDGSerializer.Meta.fields, "short_name", "colour", "initiatives", "roadmap_rows"]


class ActionLineDetailSerializer(ActionLineSerializer):
    initiatives = AlignedInitiativeSerializer(source="initiative_links", many=True)
    roadmap = serializers.SerializerMethodField(
        help_text="The API address of ITU's roadmap for this action line, if there is one."
    )

    class Meta(ActionLineSerializer.Meta):
        fields = [*ActionLineSerializer.Meta.fields, "number", "initiatives", "roadmap"]

    def get_roadmap(self, line) -> str | None:
        if not hasattr(line, "roadmap"):
            return None
        path = reverse("api:roadmap-detail", args=[line.code])
        return absolute(self.context.get("request"), path)


class GDCObjectiveDetailSerializer(GDCObjectiveSerializer):
    initiatives = AlignedInitiativeSerializer(source="initiative_links", many=True)

    class Meta(GDCObjectiveSerializer.Meta):
        fields = [*GDCObjectiveSerializer.Meta.fields, "initiatives"]


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class AddressOrNull(serializers.Field):
    """An address on this site, absolute; null when there is none (a record deleted since,
    or one without a page or an API object)."""

    def __init__(self, source: str, **kwargs):
        super().__init__(source=source, read_only=True, **kwargs)

    def to_representation(self, value):
        return absolute(self.context.get("request"), value)


class JSONValue(serializers.JSONField):
    """Any value of a field, as JSON writes it (a date as YYYY-MM-DD), so that the CSV of
    the list holds it as the JSON does."""

    def to_representation(self, value):
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(source="name", help_text="The field's name, e.g. title.")
    before = JSONValue(
        allow_null=True, help_text="Its value before the change; null for a record created."
    )
    after = JSONValue(
        allow_null=True, help_text="Its value after the change; null for a record deleted."
    )


class ChangeSerializer(serializers.Serializer):
    """One record created, changed or deleted, in its batch."""

    batch = serializers.UUIDField(
        help_text="The changes made together: one load of the fixtures, or one save in the "
        "admin. Batches sort by this id in the order they began."
    )
    date = serializers.DateTimeField(help_text="When the change was made.")
    user = serializers.CharField(
        allow_null=True,
        help_text="The name of the editor who made it; null for a load of the curated fixtures.",
    )
    reason = serializers.CharField(
        help_text="The note the change was made with: load_portal_data for a load, admin for "
        "an edit in the admin, or the editor's own."
    )
    kind = serializers.ChoiceField(choices=list(KINDS), help_text="The kind of record changed.")
    action = serializers.ChoiceField(
        choices=list(ACTIONS.values()),
        help_text="Whether the record was created, changed or deleted.",
    )
    record = serializers.CharField(help_text="The record, as its page names it.")
    html_url = AddressOrNull("html_path")
    api_url = AddressOrNull("api_path")
    changes = FieldChangeSerializer(
        source="fields",
        many=True,
        help_text="The fields changed, before and after; all of a record created or deleted.",
    )


# The alignment matrix (hubs.matrix): one object, the columns, the rows and the aggregate.
PROVENANCES_BY_COLUMN = {
    "type": "object",
    "additionalProperties": {
        "type": "array",
        "items": {"type": "string", "enum": Provenance.values},
    },
    "description": "The provenances aligning the initiative (either stage) to each column, "
    "by column key; a column nothing aligns is left out.",
    "example": {"9": ["source", "curated"], "17": ["curated"]},
}


@extend_schema_field(PROVENANCES_BY_COLUMN)
class MatrixCellsField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return {key: cell.provenances for key, cell in value.items()}


class MatrixColumnSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="The column's key in each row's cells, and its value in the initiatives "
        "list's filter: an SDG number (9), an action line code (C5), a GDC objective number (3)."
    )
    label = serializers.CharField(help_text="SDG 9, C5 or GDC objective 3.")
    title = serializers.CharField(help_text="The goal's short name, or the title.")
    colour = serializers.CharField(
        allow_null=True, help_text="An SDG's official colour, as #RRGGBB; null for the others."
    )
    url = serializers.SerializerMethodField(help_text="Its address in this API.")
    html_url = PageUrl(lambda column: column.html_url)

    def get_url(self, column) -> str:
        path = reverse(f"api:{column.api_view}", args=[column.lookup])
        return absolute(self.context.get("request"), path)


class MatrixRowSerializer(serializers.Serializer):
    initiative = serializers.CharField(
        source="slug",
        help_text="The initiative's slug: its adopted text's, or its RPM draft's when no "
        "adopted text is shown.",
    )
    code = serializers.CharField()
    title = serializers.CharField()
    region = serializers.CharField(source="region.code")
    cycle = serializers.CharField(source="cycle.slug")
    adopted = serializers.CharField(
        source="adopted.slug", allow_null=True, help_text="The adopted text's slug, or null."
    )
    draft = serializers.CharField(
        source="draft.slug", allow_null=True, help_text="The RPM draft's slug, or null."
    )
    html_url = PageUrl(lambda row: row.html_url)
    cells = MatrixCellsField()


class MatrixTallySerializer(serializers.Serializer):
    region = serializers.CharField(
        source="region.code", allow_null=True, help_text="The region; null for the totals."
    )
    column = serializers.CharField(source="column.key")
    count = serializers.IntegerField(
        help_text="The initiatives aligned: an adopted text and its RPM draft count once."
    )
    texts = serializers.IntegerField(
        help_text="The texts aligned, adopted texts and RPM drafts apart: what the "
        "initiatives list at html_url counts."
    )
    html_url = PageUrl(lambda tally: tally.url)


@extend_schema_serializer(many=False)
class MatrixSerializer(serializers.Serializer):
    framework = serializers.ChoiceField(choices=list(FRAMEWORKS), source="framework.slug")
    count = serializers.IntegerField(source="row_count", help_text="The initiatives (rows).")
    aligned = serializers.IntegerField(
        source="aligned_count", help_text="The initiatives aligned to at least one column."
    )
    texts = serializers.IntegerField(
        source="text_count", help_text="The texts of the rows: adopted texts and RPM drafts."
    )
    columns = MatrixColumnSerializer(many=True)
    rows = MatrixRowSerializer(many=True)
    aggregate = MatrixTallySerializer(
        source="tallies", many=True, help_text="Every region shown, against every column."
    )
    totals = MatrixTallySerializer(many=True, help_text="Every region shown, together.")


class MatrixLineSerializer(serializers.Serializer):
    """One line of the matrix's CSV: an initiative aligned to a column by one provenance."""

    initiative = serializers.CharField(source="row.slug")
    code = serializers.CharField(source="row.code")
    region = serializers.CharField(source="row.region.code")
    cycle = serializers.CharField(source="row.cycle.slug")
    framework = serializers.CharField(source="row.framework.slug")
    column = serializers.CharField(source="cell.column.key")
    provenance = serializers.CharField()
    texts = serializers.SerializerMethodField()
    rationale = serializers.SerializerMethodField()
    html_url = PageUrl(lambda line: line.cell.url)

    def get_texts(self, line) -> list[str]:
        return list(dict.fromkeys(item.text.slug for item in line.evidence))

    def get_rationale(self, line) -> list[str]:
        return list(dict.fromkeys(item.rationale for item in line.evidence if item.rationale))
