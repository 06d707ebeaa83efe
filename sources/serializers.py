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
        fields = ["slug", "title", "publisher", "date", "kind", "url", "html_url"]


class SectionSerializer(serializers.ModelSerializer):
    html_url = PageUrl()

    class Meta:
        model = SourceSection
        fields = ["order", "heading", "body", "html_url"]


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
