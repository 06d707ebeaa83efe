"""The machinery every API endpoint shares: pagination, CSV, errors, filtering, throttling,
and the `url` and `html_url` fields of every object.

REST_FRAMEWORK in the settings names these classes, and DRF imports them while it defines
its own views: this module must not import `rest_framework.views` (nor anything that
does) at its top. The base viewset is in `core.viewsets`.
"""

import csv
import json
import logging
import math
import re
from collections.abc import Callable, Iterable, Iterator

from django.http import StreamingHttpResponse
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BaseRenderer
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from core.clients import client_address

logger = logging.getLogger("portal.cache")

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
SMALL_NUMBER = re.compile(r"[0-9]{1,9}")


def positive_int(request, name: str, default: int, maximum: int | None = None) -> int:
    """A query parameter that must be a whole number from 1 to `maximum`, or a 400."""
    maximum = maximum or 999_999_999
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return default
    if not SMALL_NUMBER.fullmatch(raw) or not 1 <= int(raw) <= maximum:
        raise ValidationError(
            {name: [f"Must be a whole number from 1 to {maximum}, not “{raw[:40]}”."]}
        )
    return int(raw)


class PortalPagination(PageNumberPagination):
    """`?page=` and `?page_size=` (50 by default, at most 500), strictly read.

    A malformed value answers 400 naming the parameter; a page past the last one, 404.
    """

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    last_page_strings = ()
    invalid_page_message = "There is no page {page_number}: {message}"

    def get_page_size(self, request):
        return positive_int(request, self.page_size_query_param, self.page_size, self.max_page_size)

    def get_page_number(self, request, paginator):
        return positive_int(request, self.page_query_param, 1)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        link = link_header(self.get_next_link(), self.get_previous_link())
        if link:
            response["Link"] = link
        return response

    def get_paginated_response_schema(self, schema):
        envelope = super().get_paginated_response_schema(schema)
        envelope["required"] = ["count", "next", "previous", "results"]
        envelope["properties"]["facets"] = FACETS_SCHEMA
        return envelope

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "The page to return, from 1.",
                "schema": {"type": "integer", "minimum": 1},
                "example": 1,
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page: {DEFAULT_PAGE_SIZE} by default, "
                f"at most {MAX_PAGE_SIZE}.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                "example": 100,
            },
        ]


def link_header(next_url: str | None, previous_url: str | None) -> str:
    """The pages around this one as an HTTP `Link` header (RFC 8288), which clients that
    walk pages follow without reading the body."""
    links = [(next_url, "next"), (previous_url, "prev")]
    return ", ".join(f'<{url}>; rel="{rel}"' for url, rel in links if url)


FACETS_SCHEMA = {
    "type": "object",
    "description": "Only with `?facets=`: for each facet asked, the values found under "
    "every other filter of the request, each with the number of records it would give. "
    "Values no record has are left out.",
    "additionalProperties": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "value": {
                    "oneOf": [{"type": "string"}, {"type": "integer"}],
                    "description": "A value of the filter of that name, as the filter "
                    "takes it: a code, a slug, or a number.",
                },
                "count": {"type": "integer", "minimum": 1},
            },
            "required": ["value", "count"],
        },
    },
    "example": {"region": [{"value": "AMS", "count": 10}, {"value": "EUR", "count": 5}]},
}


class _Echo:
    """A file-like object that hands back what the csv writer writes, for streaming."""

    def write(self, value):
        return value


def flat(value) -> str:
    """A value as one CSV cell: lists joined with ";", nothing for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(flat(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"); a number,
# negative or signed, is left as it is.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?")


def spreadsheet_safe(cell: str) -> str:
    """The cell, with a leading apostrophe when a spreadsheet would otherwise run it as a
    formula (docs/decisions/0008-csv-formula-cells.md); the JSON keeps the exact text."""
    if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def csv_lines(rows: Iterable[dict], columns: list[str]) -> Iterator[str]:
    """The CSV text of `rows`, line by line, led by a byte-order mark so that spreadsheets
    read it as UTF-8, no cell of it a formula."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(columns)
    for row in rows:
        yield writer.writerow([spreadsheet_safe(flat(row.get(column))) for column in columns])


class CSVRenderer(BaseRenderer):
    """`?format=csv`. Lists stream their rows themselves (`csv_response`); this
    renders whatever else is asked in CSV: a list of objects, or one."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data.get("results", [data]) if isinstance(data, dict) else list(data or [])
        columns = list(rows[0]) if rows else []
        return "".join(csv_lines(rows, columns)).encode(self.charset)


def csv_columns(serializer: serializers.BaseSerializer) -> list[str]:
    """The CSV columns of a list: the fields of its serializer, in order."""
    assert isinstance(serializer, serializers.Serializer)
    return list(serializer.fields)


def csv_response(rows: Iterable[dict], columns: list[str], name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(rows, columns)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


class PortalContentNegotiation(DefaultContentNegotiation):
    """An unknown `?format=` is a malformed parameter (400), not a missing page (404)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        asked = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        offered = [renderer.format for renderer in renderers]
        if asked and asked not in offered:
            raise ValidationError(
                {
                    self.settings.URL_FORMAT_OVERRIDE: [
                        f"“{asked[:40]}” is not offered here; ask for {' or '.join(offered)}."
                    ]
                }
            )
        return super().select_renderer(request, renderers, format_suffix)


def exception_handler(exc, context):
    """DRF's errors, with every 400 shaped alike: a `detail` line and the `errors` of each
    parameter by name."""
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"request": response.data}
        names = ", ".join(errors)
        response.data = {"detail": f"Invalid parameter: {names}.", "errors": errors}
    if response is not None and isinstance(exc, Throttled):
        wait = getattr(exc, "wait", None)  # set by DRF on every Throttled; the stubs lack it
        for name, value in rate_limit_headers(context.get("view"), wait).items():
            response[name] = value
    return response


def rate_limit_headers(view, wait: float | None) -> dict[str, str]:
    """The limit a throttled client ran into, in the `RateLimit-*` headers of the IETF
    draft (draft-ietf-httpapi-ratelimit-headers): how many requests a window allows, how
    many are left (none), and the seconds until more are."""
    for throttle in view.get_throttles() if view is not None else []:
        rate = throttle.get_rate() if hasattr(throttle, "get_rate") else None
        if not rate:
            continue
        limit, window = throttle.parse_rate(rate)
        reset = str(math.ceil(wait)) if wait is not None else str(window)
        return {
            "RateLimit-Limit": str(limit),
            "RateLimit-Remaining": "0",
            "RateLimit-Reset": reset,
            "RateLimit-Policy": f"{limit};w={window}",
        }
    return {}


class PortalFilterBackend(DjangoFilterBackend):
    """django-filter, answering 400 also for errors found while filtering (a search query
    that cannot be searched for), which the pages show beside the list instead."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        queryset = filterset.qs
        if filterset.errors:
            raise ValidationError(filterset.errors)
        # The list's facets are counted under the same filters (core.viewsets).
        view.applied_filterset = filterset
        return queryset


class PortalOrderingFilter(OrderingFilter):
    """`?ordering=` on lists whose view names its orders in `orderings`: a public name (a
    leading `-` reverses it) for the model fields it sorts by. Any other value is a 400,
    never an order silently ignored. Without it, a list keeps its own order (or, with
    `?q=`, its relevance)."""

    def orderings(self, view) -> dict[str, list[str]]:
        return getattr(view, "orderings", {})

    def choices(self, view) -> list[str]:
        names = list(self.orderings(view))
        return [*names, *(f"-{name}" for name in names)]

    def get_ordering(self, request, queryset, view):
        value = request.query_params.get(self.ordering_param, "").strip()
        if not value or not self.orderings(view):
            return None
        if value not in self.choices(view):
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"“{value[:40]}” is not an order of this list; it takes: "
                        f"{', '.join(self.choices(view))}."
                    ]
                }
            )
        fields = self.orderings(view)[value.lstrip("-")]
        if value.startswith("-"):
            fields = [field[1:] if field.startswith("-") else f"-{field}" for field in fields]
        # Records equal in the order asked for (a draft and its adopted text share a title)
        # keep one order, so that no record is on two pages and none on neither.
        return [*fields, "pk"]

    def get_schema_operation_parameters(self, view):
        if not self.orderings(view):
            return []
        names = ", ".join(self.orderings(view))
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": f"The order of the list: {names}; a leading - reverses it.",
                "schema": {"type": "string", "enum": self.choices(view)},
                "example": next(iter(self.orderings(view))),
            }
        ]


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, reading its rate when it runs rather than at import, so
    that a changed setting applies without a restart (and a test can lower it)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "anon")

    def get_ident(self, request):
        # The client as the proxies in front report it (core/clients.py), not the whole
        # X-Forwarded-For header, which any client may write.
        return client_address(request)

    def allow_request(self, request, view):
        # The counts live in the cache (Redis when shared): if it is down, the public data
        # stays available, unthrottled, rather than every request failing with it.
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache client's errors differ by backend
            logger.warning("Throttle cache unavailable; request let through.", exc_info=True)
            return True


def absolute(request, path: str) -> str:
    """Absolute when serving a request; site-relative in the downloadable exports."""
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(OpenApiTypes.URI)
class ApiUrl(serializers.Field):
    """The object's address in this API."""

    def __init__(self, view_name: str, lookup: Callable, **kwargs):
        self.view_name, self.lookup = view_name, lookup
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        path = reverse(f"api:{self.view_name}", args=[self.lookup(value)])
        return absolute(self.context.get("request"), path)


@extend_schema_field(OpenApiTypes.URI)
class PageUrl(serializers.Field):
    """The object's page on the portal."""

    def __init__(self, path: Callable = lambda obj: obj.get_absolute_url(), **kwargs):
        self.path = path
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return absolute(self.context.get("request"), self.path(value))
