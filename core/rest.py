"""The machinery every API endpoint shares: pagination, CSV, errors, filtering, throttling,
and the `url` and `html_url` fields of every object.

REST_FRAMEWORK in the settings names these classes, and DRF imports them while it defines
its own views: this module must not import `rest_framework.views` (nor anything that
does) at its top. The base viewset is in `core.viewsets`.
"""

import csv
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator

from django.http import StreamingHttpResponse
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
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

    def get_paginated_response_schema(self, schema):
        envelope = super().get_paginated_response_schema(schema)
        envelope["required"] = ["count", "next", "previous", "results"]
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
    return response


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
        return queryset


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
