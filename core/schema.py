"""How the API describes itself in OpenAPI 3, beyond what drf-spectacular infers.

Every operation documents its errors (400, 404, 429) and its caching headers; a list's CSV
form is text, not JSON; every filter carries a description and an example, and one
without an example is a schema warning, which the test suite treats as a failure.
"""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.drainage import warn
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from core.rest import CSVRenderer


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in a sentence.")
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For a 400: the messages of each parameter in error, by parameter name.",
    )

    class Meta:
        ref_name = "Error"


ERRORS = {
    "400": "A malformed parameter or an unknown filter value; `errors` names each parameter.",
    "404": "No such object, or a page past the last one.",
    "429": "Too many requests; the Retry-After header says how many seconds to wait.",
}

CACHING_HEADERS = {
    "ETag": {
        "schema": {"type": "string"},
        "description": "Changes when the data does; send it back in If-None-Match to get 304.",
    },
    "Cache-Control": {"schema": {"type": "string"}, "description": "public, max-age=300"},
}


class PortalAutoSchema(AutoSchema):
    def _get_format_parameters(self):
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            parameter["description"] = "json (the default) or csv: the whole list, streamed."
            parameter["example"] = "csv"
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        content = responses.get("200", {}).get("content", {})
        if CSVRenderer.media_type in content:
            content[CSVRenderer.media_type] = {
                "schema": {
                    "type": "string",
                    "description": "The whole filtered list as CSV (UTF-8 with a byte-order "
                    "mark), one column per field of the JSON list, lists joined with ';'.",
                }
            }
        for code, description in ERRORS.items():
            error = self._get_response_for_code(
                ErrorSerializer, code, media_types=["application/json"], direction=direction
            )
            responses[code] = {**error, "description": description}
        return responses

    def _get_response_headers_for_code(self, status_code, direction="response"):
        headers = super()._get_response_headers_for_code(status_code, direction)
        if status_code == "200":
            headers = {**CACHING_HEADERS, **headers}
        return headers


class PortalFilterExtension(DjangoFilterExtension):
    """Filters of `core.rest.PortalFilterBackend`, described from their own declaration.

    A filter's type comes from `@extend_schema_field({...})` on the filter, holding an
    `example` (a list of values for a filter taking several); its description from its
    `help_text`.
    """

    target_class = "core.rest.PortalFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            schema = parameter["schema"]
            many = schema.get("type") == "array"
            example = (schema["items"] if many else schema).pop("example", None)
            if example is None:
                warn(f"The filter {field_name!r} of {filterset_class.__name__} has no example.")
            elif many and not isinstance(example, list):
                example = [example]
            if example is not None:
                parameter["example"] = example
            description = parameter.get("description") or filter_field.extra.get("help_text")
            if not description:
                warn(f"The filter {field_name!r} of {filterset_class.__name__} has no help_text.")
            elif many:
                description += " Several values, repeated or comma-separated, match any of them."
            if description:
                parameter["description"] = description
        return parameters
