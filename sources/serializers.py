"""The source documents in the API."""

from django.urls import reverse
from rest_framework import serializers

from core.rest import ApiUrl, PageUrl
from sources.models import Source, SourceSection


class SourceSerializer(serializers.ModelSerializer):
    date = serializers.CharField(
        help_text="ISO 8601 at the precision the document gives: 2025-05-12, 2025-11 or 2025."
    )
    url = ApiUrl("source-detail", lambda source: source.slug)
    html_url = PageUrl()

    class Meta:
        model = Source
        fields = [
            "slug",
            "title",
            "publisher",
            "date",
            "kind",
            "address",
            "symbol",
            "url",
            "html_url",
        ]
        extra_kwargs = {
            "address": {
                "help_text": "The publisher's own address of the document, where it is "
                "confirmed; empty when it is not known."
            },
            "symbol": {"help_text": "The document's symbol as it prints it; empty when none."},
        }


class SectionSerializer(serializers.ModelSerializer):
    html_url = PageUrl()
    curation_note = serializers.CharField(
        help_text="The editors' note on this section where the document was damaged or "
        "ambiguous; empty when it is as printed."
    )

    class Meta:
        model = SourceSection
        # `curation_note` added within v1.
        fields = ["order", "heading", "body", "html_url", "curation_note"]


class SourceDetailSerializer(SourceSerializer):
    document_url = PageUrl(
        lambda source: reverse("sources:document", args=[source.slug]),
        help_text="The repository's copy of the document, as plain text.",
    )
    sections = SectionSerializer(many=True)

    class Meta(SourceSerializer.Meta):
        fields = [
            *SourceSerializer.Meta.fields,
            "description",
            "file_name",
            "document_url",
            "sections",
        ]
