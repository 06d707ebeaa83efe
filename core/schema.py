"""How the API describes itself in OpenAPI 3, beyond what drf-spectacular infers.

Every operation has a summary and documents each status it may answer (304, 400, 404,
405, 406, 429, 503) and its headers (caching, pages); a list's CSV form is a second media
type, text, which `Accept: text/csv` or `?format=csv` asks for; a list's facets are a
parameter naming its own; every filter carries a description and an example, and one
without an example is a schema warning, which the test suite treats as a failure.
"""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.drainage import warn
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import force_instance
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from rest_framework import serializers
from rest_framework.fields import empty

from core.rest import CSVRenderer
from core.viewsets import FACETS_PARAMETER


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
    "400": "A malformed parameter, an unknown filter value, or a parameter this address "
    "does not take (`?regoin=AMS`); `errors` names each parameter.",
    "404": "No such object, or a page past the last one.",
    "405": "A method other than GET, HEAD or OPTIONS: the API only reads. `Allow` lists "
    "the methods.",
    "406": "The Accept header asks only for types this address does not offer "
    "(application/json, and text/csv on lists).",
    "429": "Too many requests; the Retry-After header says how many seconds to wait, the "
    "RateLimit-* headers what the limit is.",
    "503": "The database cannot be reached for a moment; Retry-After says when to try again.",
}

ERROR_HEADERS = {
    "405": {"Allow": {"schema": {"type": "string"}, "description": "GET, HEAD, OPTIONS"}},
    "429": {
        "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."},
        "RateLimit-Limit": {
            "schema": {"type": "integer"},
            "description": "Requests allowed per window.",
        },
        "RateLimit-Remaining": {
            "schema": {"type": "integer"},
            "description": "Requests left in this window: 0.",
        },
        "RateLimit-Reset": {
            "schema": {"type": "integer"},
            "description": "Seconds until requests are allowed again.",
        },
        "RateLimit-Policy": {
            "schema": {"type": "string"},
            "description": "The limit and its window in seconds, e.g. 600;w=60.",
        },
    },
    "503": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
}

NOT_MODIFIED = {
    "description": "Not modified: If-None-Match named the current ETag; no body.",
    "headers": {
        "ETag": {"schema": {"type": "string"}, "description": "The current ETag, unchanged."}
    },
}

LINK_HEADER = {
    "Link": {
        "schema": {"type": "string"},
        "description": 'The next and previous pages, when there are: <address>; rel="next", '
        '<address>; rel="prev" (RFC 8288).',
    }
}

CACHING_HEADERS = {
    "ETag": {
        "schema": {"type": "string"},
        "description": "Changes when the data does; send it back in If-None-Match to get 304.",
    },
    "Cache-Control": {"schema": {"type": "string"}, "description": "public, max-age=300"},
}


class PortalAutoSchema(AutoSchema):
    def get_summary(self):
        """The operation in a few words: the view's own first words for a list, its
        object's kind for a detail (Redocly wants a summary on every operation)."""
        summary = super().get_summary()
        if summary:
            return summary
        if self._is_list_view():
            first = (self.view.__doc__ or "").strip().split("\n\n")[0]
            for stop in (".", ";", ":"):
                first = first.split(stop)[0]
            return " ".join(first.split())
        # What one object is called: the view's `object_name`, else the router's name of
        # the resource ("expected-result" for expected-results/).
        basename = getattr(self.view, "basename", "") or "object"
        name = getattr(self.view, "object_name", None) or basename.replace("-", " ")
        return f"One {name}"

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        facets = getattr(self.view, "facets", None)
        if facets and self._is_list_view():
            names = list(facets)
            parameters.append(
                OpenApiParameter(
                    FACETS_PARAMETER,
                    {"type": "array", "items": {"type": "string", "enum": names}},
                    description="Count these facets: for each, the values its filter "
                    "takes, each with the number of records it would give under the other "
                    "filters of the request, in a `facets` object beside `results`. "
                    "Several names, repeated or comma-separated.",
                    explode=True,
                    examples=[OpenApiExample("Facets", value=names[:2])],
                )
            )
        return parameters

    def _map_basic_serializer(self, serializer, direction):
        """In a response every field is present, whatever the model allows to be blank,
        unless the serializer declares it optional (`required=False`, no default): a
        generated client then types them as always there."""
        schema = super()._map_basic_serializer(serializer, direction)
        if direction != "response":
            return schema
        serializer = force_instance(serializer)
        declared = getattr(serializer, "_declared_fields", {})
        optional = {
            name
            for name, field in serializer.fields.items()
            if name in declared
            and not field.read_only
            and not field.required
            and field.default is empty
        }
        required = [name for name in schema.get("properties", {}) if name not in optional]
        if required:
            schema["required"] = required
        return schema

    def _get_format_parameters(self):
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            parameter["description"] = (
                "json (the default) or csv: the whole list, streamed. The same as the "
                "header Accept: text/csv."
            )
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
        responses["304"] = NOT_MODIFIED
        for code, description in ERRORS.items():
            error = self._get_response_for_code(
                ErrorSerializer, code, media_types=["application/json"], direction=direction
            )
            responses[code] = {**error, "description": description}
            if code in ERROR_HEADERS:
                responses[code]["headers"] = {
                    **responses[code].get("headers", {}),
                    **ERROR_HEADERS[code],
                }
        return dict(sorted(responses.items()))

    def _get_response_headers_for_code(self, status_code, direction="response"):
        headers = super()._get_response_headers_for_code(status_code, direction)
        if status_code == "200":
            headers = {**CACHING_HEADERS, **headers}
            if self._is_list_view() and self._get_paginator() is not None:
                headers = {**headers, **LINK_HEADER}
        return headers


def add_servers(result, generator, request, public):
    """drf-spectacular postprocessing hook: the schema names the server it was served
    from, so that a client generated from it knows where to send its requests."""
    if request is not None and not result.get("servers"):
        result["servers"] = [
            {"url": request.build_absolute_uri("/").rstrip("/"), "description": "This portal"}
        ]
    return result


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
