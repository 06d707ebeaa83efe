"""The regions and their 2025 preparatory meetings in the API."""

from rest_framework import serializers

from core.rest import ApiUrl, PageUrl
from frameworks.serializers import NamesByLanguageField
from regions.models import PreparatoryMeeting, Region

CURATION_NOTE_HELP = (
    "The editors' note on this record where the source was damaged or ambiguous; empty "
    "when the record is as the source prints it."
)


class RegionSerializer(serializers.ModelSerializer):
    url = ApiUrl("region-detail", lambda region: region.code)
    html_url = PageUrl()
    # Added within v1: the name in every UN language.
    names = NamesByLanguageField()

    class Meta:
        model = Region
        fields = ["code", "name", "url", "html_url", "names"]


class MeetingSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    vice_chairs = serializers.ListField(child=serializers.CharField())
    priorities = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="title",
        help_text="The regional priorities the meeting agreed instead of draft initiatives "
        "(RPM-ARB), in their printed order.",
    )
    url = ApiUrl("meeting-detail", lambda meeting: meeting.name)
    html_url = PageUrl()
    source_locator = serializers.CharField(
        help_text="Where in its source document the record stands, as the editors note it."
    )
    curation_note = serializers.CharField(help_text=CURATION_NOTE_HELP)

    class Meta:
        model = PreparatoryMeeting
        fields = [
            "region",
            "name",
            "start_date",
            "end_date",
            "city",
            "country",
            "chair",
            "vice_chairs",
            "priorities",
            "url",
            "html_url",
            # Added within v1: the editorial facts.
            "source_locator",
            "curation_note",
        ]


class MeetingDetailSerializer(MeetingSerializer):
    source = serializers.CharField(source="source.slug")

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "dates_as_printed", "summary", "source"]
