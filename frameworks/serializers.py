"""The SDGs, WSIS action lines and GDC objectives in the API, as vocabulary."""

from rest_framework import serializers

from core.rest import ApiUrl, PageUrl
from frameworks.models import SDG, ActionLine, GDCObjective


class SDGSerializer(serializers.ModelSerializer):
    url = ApiUrl("sdg-detail", lambda sdg: sdg.number)
    html_url = PageUrl()

    class Meta:
        model = SDG
        fields = ["number", "title", "url", "html_url"]


class ActionLineSerializer(serializers.ModelSerializer):
    url = ApiUrl("action-line-detail", lambda line: line.code)
    html_url = PageUrl()

    class Meta:
        model = ActionLine
        fields = ["code", "title", "url", "html_url"]


class GDCObjectiveSerializer(serializers.ModelSerializer):
    url = ApiUrl("gdc-objective-detail", lambda objective: objective.number)
    html_url = PageUrl()

    class Meta:
        model = GDCObjective
        fields = ["number", "title", "url", "html_url"]
