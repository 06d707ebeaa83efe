"""The SDGs, WSIS action lines and GDC objectives in the API, with what is aligned to them."""

from django.urls import reverse
from rest_framework import serializers

from core.rest import ApiUrl, PageUrl, absolute
from frameworks.models import Provenance
from frameworks.serializers import ActionLineSerializer, GDCObjectiveSerializer, SDGSerializer


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
