"""The SDGs, WSIS action lines and GDC objectives in the API, as vocabulary."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.names import NAME_LANGUAGES
from core.rest import ApiUrl, PageUrl
from frameworks.models import SDG, ActionLine, GDCObjective

LANGUAGE_CODES = sorted(("en", *NAME_LANGUAGES))


@extend_schema_field(
    {
        "type": "object",
        "properties": {code: {"type": "string"} for code in LANGUAGE_CODES},
        "required": LANGUAGE_CODES,
        "additionalProperties": False,
    }
)
class NamesByLanguageField(serializers.DictField):
    """A vocabulary record's name in the six UN languages (`NamedInLanguages`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "The name in the six UN languages, by language code (ar, en, es, fr, ru, zh: "
            "Simplified Chinese), as the UN publishes it in each; the English name where a "
            "language's is not recorded.",
        )
        super().__init__(
            child=serializers.CharField(), source="names_by_language", read_only=True, **kwargs
        )


class SDGSerializer(serializers.ModelSerializer):
    url = ApiUrl("sdg-detail", lambda sdg: sdg.number)
    html_url = PageUrl()
    # Added within v1: the name in every UN language (the SDG's short name).
    names = NamesByLanguageField()

    class Meta:
        model = SDG
        fields = ["number", "title", "url", "html_url", "names"]


class ActionLineSerializer(serializers.ModelSerializer):
    url = ApiUrl("action-line-detail", lambda line: line.code)
    html_url = PageUrl()
    # Added within v1: the title in every UN language.
    names = NamesByLanguageField()

    class Meta:
        model = ActionLine
        fields = ["code", "title", "url", "html_url", "names"]


class GDCObjectiveSerializer(serializers.ModelSerializer):
    url = ApiUrl("gdc-objective-detail", lambda objective: objective.number)
    html_url = PageUrl()
    # Added within v1: the title in every UN language.
    names = NamesByLanguageField()

    class Meta:
        model = GDCObjective
        fields = ["number", "title", "url", "html_url", "names"]
