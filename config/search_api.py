"""The API's search endpoint: ranked results across every kind of record.

It answers from `search.engine`, as the search page does, and spans every app, so it
lives beside the router rather than in one of them.
"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from config.rest import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    CSVRenderer,
    absolute,
    csv_response,
    positive_int,
)
from config.viewsets import PortalAPIMixin
from initiatives.models import Initiative
from regions.models import PreparatoryMeeting
from search import registry
from search.engine import QueryError, search

# The API address of a result, by kind, from its id; kinds without one answer null.
API_VIEWS = {
    "initiative": "api:initiative-detail",
    "expected-result": "api:expected-result-detail",
    "meeting": "api:meeting-detail",
    "roadmap-row": "api:roadmap-row-detail",
}
ADDRESSED_BY = {"initiative": (Initiative, "slug"), "meeting": (PreparatoryMeeting, "name")}


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


def _values(request, name: str) -> list[str]:
    values = [part.strip() for raw in request.query_params.getlist(name) for part in raw.split(",")]
    return list(dict.fromkeys(value for value in values if value))


class SearchViewSet(PortalAPIMixin, viewsets.GenericViewSet):
    """Search the knowledge base: every word and "quoted phrase" must appear; the best
    matches come first. With no record holding them all, near spellings and then records
    holding some of the words are found, as on the portal's search page."""

    serializer_class = SearchResultSerializer
    filter_backends = []
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
        kinds = _values(request, "kind")
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
            fields = list(self.get_serializer().fields)
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
            url = reverse(API_VIEWS[result.kind], args=[key]) if key is not None else None
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
    """What each result's API address is built from: its id, or for initiatives and meetings
    their slug and name (one query each)."""
    keys = {
        (result.kind, result.object_id): result.object_id
        for result in results
        if result.kind in API_VIEWS and result.kind not in ADDRESSED_BY
    }
    for kind, (model, field) in ADDRESSED_BY.items():
        ids = [result.object_id for result in results if result.kind == kind]
        if ids:
            pairs = model.objects.filter(pk__in=ids).values_list("pk", field)
            keys.update({(kind, pk): value for pk, value in pairs})
    return keys
