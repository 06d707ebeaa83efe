"""The base of every API view: conditional GET, strict parameters, JSON errors, CSV lists,
orders and facet counts."""

import functools
import re
from collections.abc import Sequence
from typing import cast

from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.conditional import ConditionalGetMixin, kept_for_data
from core.filters import listed_values
from core.querysets import one_or_none
from core.rest import (
    SMALL_NUMBER,
    CSVRenderer,
    PortalFilterBackend,
    PortalOrderingFilter,
    csv_columns,
    csv_response,
)

FACETS_PARAMETER = "facets"


def reject_nul_characters(request) -> None:
    # PostgreSQL cannot compare text holding NUL; no identifier or word contains one.
    for name, values in request.query_params.lists():
        if any("\x00" in value for value in values):
            raise ValidationError({name: ["Must not contain NUL characters."]})


class PortalAPIMixin(ConditionalGetMixin):
    """What every API view does: conditional GET, only the parameters it understands and no
    NUL in them, JSON errors."""

    # Query parameters a view reads itself, besides its filters and pagination.
    extra_query_parameters: tuple[str, ...] = ()
    # A list's orders (`?ordering=`): public name -> the model fields it sorts by.
    orderings: dict[str, list[str]] = {}
    # A list's facets (`?facets=`): the name of a filter -> the field whose values are
    # counted, as the filter takes them (codes, slugs, numbers); None when the list's
    # filter set counts its facets itself (`facet_counts()`).
    facets: dict[str, str | None] = {}

    def initial(self, request, *args, **kwargs):
        reject_nul_characters(request)
        self.reject_unknown_parameters(request)
        super().initial(request, *args, **kwargs)

    def query_parameters(self) -> set[str]:
        """The query parameters this view understands (its OpenAPI operation's)."""
        names = {"format", *self.extra_query_parameters}
        if getattr(self, "action", None) != "list":
            return names
        filterset = getattr(self, "filterset_class", None)
        if filterset is not None and getattr(self, "filter_backends", None):
            names.update(filterset.base_filters)
        if self.orderings:
            names.add(PortalOrderingFilter.ordering_param)
        if self.facets:
            names.add(FACETS_PARAMETER)
        paginator = getattr(self, "paginator", None)
        if paginator is not None:
            names.update({paginator.page_query_param, paginator.page_size_query_param})
        return names

    def reject_unknown_parameters(self, request) -> None:
        # A mistyped filter (`?regoin=AMS`) would otherwise answer everything, silently;
        # and every unknown parameter would be one more response to compute and keep.
        known = self.query_parameters()
        unknown = sorted(name for name in request.query_params if name not in known)
        if unknown:
            listed = ", ".join(sorted(known))
            message = f"Unknown parameter; this address takes: {listed}."
            raise ValidationError({name[:40]: [message] for name in unknown[:5]})

    def finalize_response(self, request, response, *args, **kwargs):
        # An error answers in JSON even when CSV was asked for.
        renderer = getattr(request, "accepted_renderer", None)
        is_error = isinstance(response, Response) and response.exception
        if is_error and renderer is not None and renderer.format == CSVRenderer.format:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


def requested_facets(request, offered: dict[str, str | None]) -> list[str]:
    """The facets `?facets=` asks for, each once; a name the list does not count is a 400."""
    names = listed_values(request.query_params.getlist(FACETS_PARAMETER))
    unknown = [name for name in names if name not in offered]
    if unknown:
        listed = ", ".join(offered)
        raise ValidationError(
            {
                FACETS_PARAMETER: [
                    f"Unknown facet: {', '.join(n[:40] for n in unknown[:5])}; "
                    f"this list counts: {listed}."
                ]
            }
        )
    return names


def filtered_without(filterset, name: str) -> QuerySet:
    """The records of a validated filter set with every active filter applied but `name`."""
    queryset = filterset.queryset.all()
    for other, value in filterset.form.cleaned_data.items():
        if other != name and other != PortalOrderingFilter.ordering_param:
            queryset = filterset.filters[other].filter(queryset, value)
    return queryset


def count_facets(filterset, fields: dict[str, str | None], names: list[str]) -> dict[str, dict]:
    """For each facet, how many records each value of `fields[name]` would give with every
    other filter applied: one grouped query per facet, whatever the number of records."""
    counts = {}
    for name in names:
        field = fields[name]
        assert field is not None, f"{name}: counted by the filter set itself"
        rows = (
            filtered_without(filterset, name)
            .order_by()
            .exclude(**{f"{field}__isnull": True})
            .values_list(field)
            .annotate(count=Count("pk", distinct=True))
        )
        counts[name] = dict(rows)
    return counts


def _natural(value) -> tuple:
    # C2 before C10; numbers by value.
    if isinstance(value, int):
        return (value,)
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"([0-9]+)", value))


def facet_values(counts: dict) -> list[dict]:
    """A facet's counts as the API gives them: `[{"value", "count"}]` in the values' order,
    numbers (SDGs, GDC objectives) as integers."""
    values = {
        int(value) if isinstance(value, str) and value.isdigit() else value: count
        for value, count in counts.items()
        if count
    }
    return [{"value": value, "count": values[value]} for value in sorted(values, key=_natural)]


class ReadOnlyViewSet(PortalAPIMixin, viewsets.ReadOnlyModelViewSet):
    """A list (JSON or CSV) and a detail, read-only.

    Subclasses set `list_serializer_class` (the flat fields of the list and its CSV) and
    `serializer_class` (the detail), `lookup_field` (the model lookup) and
    `lookup_url_kwarg`, and may normalise the looked-up value in `lookup_value()`.
    """

    list_serializer_class: type[serializers.Serializer]
    csv_name: str
    # What one object is called in the schema's summaries, when the router's name for it
    # does not say it well ("sdg").
    object_name: str | None = None
    filter_backends = [PortalFilterBackend, PortalOrderingFilter]
    # Set by PortalFilterBackend: the filter set this request's list was filtered with.
    applied_filterset = None

    def get_serializer_class(self):
        return self.list_serializer_class if self.action == "list" else self.serializer_class

    def get_renderers(self):
        if self.action == "list":
            return [JSONRenderer(), CSVRenderer()]
        return [JSONRenderer()]

    def lookup_value(self, value: str):
        return value

    def get_object(self):
        raw = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        found = None
        if "\x00" not in raw:
            value = self.lookup_value(raw)
            if value is not None:
                found = one_or_none(self.get_queryset().filter(**{self.lookup_field: value}))
        if found is None:
            name = self.get_queryset().model._meta.verbose_name
            raise NotFound(f"There is no {name} “{raw[:80]}”.")
        return found

    def retrieve(self, request, *args, **kwargs):
        # A detail depends on nothing but the data, its address and the site's address
        # (the links it gives are absolute): built once per data version.
        data = kept_for_data(
            request,
            f"api-detail:{type(self).__name__}",
            (tuple(sorted(kwargs.items())), request.build_absolute_uri("/")),
            lambda: self.get_serializer(self.get_object()).data,
        )
        return Response(data)

    def facet_counts(self, names: list[str]) -> dict[str, list[dict]]:
        """The counts of the facets asked for, under the request's other filters. A filter
        set that counts its own facets (the initiatives', which the list page shows) is
        asked for them; any other is counted from `facets`."""
        filterset = self.applied_filterset
        own = getattr(filterset, "facet_counts", None)
        counts = own() if own is not None else count_facets(filterset, self.facets, names)
        return {name: facet_values(counts.get(name, {})) for name in names}

    def list(self, request, *args, **kwargs):
        facets = requested_facets(request, self.facets)
        if request.accepted_renderer.format == CSVRenderer.format:
            queryset = self.filter_queryset(self.get_queryset())
            serializer = self.get_serializer()
            rows = (serializer.to_representation(obj) for obj in queryset.iterator(chunk_size=500))
            return csv_response(rows, csv_columns(serializer), self.csv_name)
        # What a query finds (its page's ids, the count, the facets) is kept per data
        # version under the query, and each record's representation under its id: a list
        # asked for again, or listing records shown before, is assembled from them. Only
        # a query that passed every check is kept; any other answers 400 each time.
        name = type(self).__name__
        self.page_records: dict | None = None
        found = kept_for_data(
            request,
            f"api-found:{name}",
            sorted(request.query_params.lists()),
            lambda: self._found(facets),
        )
        # The records of the page: read by the query just now, or by id when one of them
        # is to be represented afresh.
        objects = functools.cache(
            lambda: self.page_records or self.get_queryset().order_by().in_bulk(found["ids"])
        )
        serializer = self.get_serializer()
        site = request.build_absolute_uri("/")
        items = [
            kept_for_data(
                request,
                f"api-item:{name}",
                (pk, site),
                lambda pk=pk: serializer.to_representation(objects()[pk]),
            )
            for pk in found["ids"]
        ]
        pagination = cast(PageNumberPagination, self.paginator)
        pagination.request = request
        pagination.page = Paginator(range(found["count"]), found["page_size"]).page(found["page"])
        response = self.get_paginated_response(items)
        if facets:
            response.data["facets"] = found["facets"]
        return response

    def _found(self, facets: Sequence[str]) -> dict:
        """What the request's query finds: the ids of its page, in order, the page, the
        count and the facets asked for; raises the 400 or 404 of a query that fails."""
        queryset = self.filter_queryset(self.get_queryset())
        records = cast(list, self.paginate_queryset(queryset))
        page = cast(DjangoPage, cast(PageNumberPagination, self.paginator).page)
        self.page_records = {obj.pk: obj for obj in records}
        return {
            "ids": [obj.pk for obj in records],
            "count": page.paginator.count,
            "page": page.number,
            "page_size": page.paginator.per_page,
            "facets": self.facet_counts(list(facets)) if facets else None,
        }


def upper_code(value: str) -> str:
    return value.upper()


def small_number(value: str) -> int | None:
    """A number in a path, or None (a 404) when it cannot be one of ours."""
    return int(value) if SMALL_NUMBER.fullmatch(value) else None


def described_lookup(name: str, kind: type, description: str, example):
    """Class decorator: the detail's path parameter, described with an example in the schema."""
    parameter = OpenApiParameter(
        name,
        kind,
        OpenApiParameter.PATH,
        description=description,
        examples=[OpenApiExample(str(example), value=example)],
    )

    def decorate(viewset):
        # The detail and every extra action on one object (e.g. an initiative's
        # comparison) take the same path parameter.
        names = ["retrieve"] + [a.__name__ for a in viewset.get_extra_actions() if a.detail]
        views = {name: extend_schema(parameters=[parameter]) for name in names}
        return extend_schema_view(**views)(viewset)

    return decorate
