"""The API's search endpoint: ranked results across every kind of record.

It answers from `search.engine`, as the search page does; each kind's registration says
how its records are addressed in the API, so this module imports no domain app.
"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core.filters import listed_values
from core.rest import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    CSVRenderer,
    absolute,
    csv_columns,
    csv_response,
    positive_int,
)
from core.viewsets import PortalAPIMixin
from search import registry
from search.engine import QueryError, search


class SearchResultSerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text="initiative, expected-result, meeting, roadmap-row or source-section."
    )
    title = serializers.CharField()
    snippet = serializers.CharField(
        help_text="HTML: an extract of the record with the words found marked <mark>."
    )
    url = serializers.URLField(
        allow_null=True, help_text="The record's API address; null for a source section."
    )
    html_url = serializers.URLField(help_text="The record's page on the portal.")


class SearchViewSet(PortalAPIMixin, viewsets.GenericViewSet):
    """Search the knowledge base: every word and "quoted phrase" must appear; the best
    matches come first. With no record holding them all, near spellings and then records
    holding some of the words are found, as on the portal's search page."""

    serializer_class = SearchResultSerializer
    filter_backends = []
    extra_query_parameters = ("q", "kind", "page", "page_size")
    # As the search page: conditional, but the answers to what people type are not kept.
    keeps_responses = False

    def get_renderers(self):
        return [JSONRenderer(), CSVRenderer()]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "minLength": 1, "maxLength": 200},
                required=True,
                description='Words to find; "quoted words" are found as a phrase.',
                examples=[OpenApiExample("Words", value="early warning")],
            ),
            OpenApiParameter(
                "kind",
                {"type": "array", "items": {"type": "string", "enum": registry.kinds()}},
                description="Only records of these kinds. Several values, repeated or "
                "comma-separated, match any of them.",
                explode=True,
                examples=[OpenApiExample("Kinds", value=["initiative", "roadmap-row"])],
            ),
        ]
    )
    def list(self, request, *args, **kwargs):
        query = request.query_params.get("q", "")
        if not query.strip():
            raise ValidationError({"q": ["Required: the words to search for."]})
        kinds = listed_values(request.query_params.getlist("kind"))
        unknown = [kind for kind in kinds if kind not in registry.kinds()]
        if unknown:
            known = ", ".join(registry.kinds())
            raise ValidationError({"kind": [f"Unknown kind “{unknown[0][:40]}”; kinds: {known}."]})
        page_size = positive_int(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        page = positive_int(request, "page", 1)
        if request.accepted_renderer.format == CSVRenderer.format:
            page, page_size = 1, MAX_PAGE_SIZE
        try:
            found = search(query, kinds=kinds, page=page, page_size=page_size)
        except QueryError as error:
            raise ValidationError({"q": [str(error)]}) from error
        if found.page != page:
            raise NotFound(f"Invalid page: there are {found.num_pages} pages of results.")
        if request.accepted_renderer.format == CSVRenderer.format:
            fields = csv_columns(self.get_serializer())
            return csv_response(self._all_pages(found, query, kinds), fields, "search")
        return Response(
            {
                "count": found.count,
                "next": self._page_link(found.page + 1) if found.has_next else None,
                "previous": self._page_link(found.page - 1) if found.has_previous else None,
                "results": self._results(found.results),
            }
        )

    def _page_link(self, number: int) -> str:
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, "page")
        return replace_query_param(url, "page", number)

    def _all_pages(self, found, query, kinds):
        yield from self._results(found.results)
        while found.has_next:
            found = search(query, kinds=kinds, page=found.page + 1, page_size=found.page_size)
            yield from self._results(found.results)

    def _results(self, results):
        keys = _api_keys(results)
        rows = []
        for result in results:
            key = keys.get((result.kind, result.object_id))
            view = registry.get(result.kind).api_view
            url = reverse(view, args=[key]) if key is not None and view else None
            rows.append(
                {
                    "kind": result.kind,
                    "title": result.title,
                    "snippet": str(result.snippet),
                    "url": absolute(self.request, url) if url else None,
                    "html_url": absolute(self.request, result.html_url),
                }
            )
        return rows


def _api_keys(results) -> dict[tuple[str, int], object]:
    """What each result's API address is built from, by (kind, id): one query at most per
    kind addressed by something other than its id."""
    ids_by_kind: dict[str, list[int]] = {}
    for result in results:
        ids_by_kind.setdefault(result.kind, []).append(result.object_id)
    return {
        (kind, object_id): key
        for kind, ids in ids_by_kind.items()
        for object_id, key in registry.get(kind).api_addresses(ids).items()
    }
