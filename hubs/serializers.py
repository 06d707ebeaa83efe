"""The SDGs, WSIS action lines and GDC objectives in the API, with what is aligned to them,
and the changes to the knowledge base."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.rest import ApiUrl, PageUrl, absolute
from frameworks.models import Provenance
from frameworks.serializers import ActionLineSerializer, GDCObjectiveSerializer, SDGSerializer
from hubs.changes import ACTIONS, KINDS


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
