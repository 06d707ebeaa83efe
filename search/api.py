"""The API's search endpoint: ranked results across every kind of record.

It answers from `search.engine`, as the search page does; each kind's registration says
how its records are addressed in the API, so this module imports no domain app.
"""

import re

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core.conditional import kept_for_data, request_site
from core.filters import listed_values
from core.rest import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    CSVRenderer,
    absolute,
    csv_columns,
    csv_response,
    link_header,
    positive_int,
)
from core.viewsets import PortalAPIMixin
from search import registry
from search.engine import QueryError, is_kept, search_kept


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
    # Added within v1: what tells two hits apart ("AMS1 expected result 2" of the adopted
    # text and of its draft), and how well each matched.
    cycle = serializers.CharField(
        allow_null=True,
        help_text="The cycle's slug of an initiative or of an expected result's initiative; "
        "null for other kinds.",
    )
    stage = serializers.CharField(
        allow_null=True,
        help_text="adopted or draft, for an initiative or an expected result; null otherwise.",
    )
    region = serializers.CharField(
        allow_null=True,
        help_text="The region code of an initiative or an expected result; null otherwise.",
    )
    score = serializers.FloatField(
        help_text="How well the record matches: higher is better; comparable within one "
        "answer only (the scale depends on the database's ranking)."
    )


class SearchViewSet(PortalAPIMixin, viewsets.GenericViewSet):
    """Search the knowledge base: every word and "quoted phrase" must appear; the best
    matches come first. With no record holding them all, near spellings and then records
    holding some of the words are found, as on the portal's search page."""

    serializer_class = SearchResultSerializer
    filter_backends = []
    extra_query_parameters = ("q", "kind", "page", "page_size")
    # As the search page: conditional, but its responses are not kept in the page cache,
    # whose addresses would be as many as the words typed; what a search finds is kept
    # (search_kept), and the rows made of it (_rows).
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
            found = search_kept(request, query, kinds=kinds, page=page, page_size=page_size)
        except QueryError as error:
            raise ValidationError({"q": [str(error)]}) from error
        if found.page != page:
            raise NotFound(f"Invalid page: there are {found.num_pages} pages of results.")
        if request.accepted_renderer.format == CSVRenderer.format:
            fields = csv_columns(self.get_serializer())
            return csv_response(self._all_pages(found, query, kinds), fields, "search")
        next_url = self._page_link(found.page + 1) if found.has_next else None
        previous_url = self._page_link(found.page - 1) if found.has_previous else None
        link = link_header(next_url, previous_url)
        return Response(
            {
                "count": found.count,
                "next": next_url,
                "previous": previous_url,
                "results": self._rows(found),
            },
            headers={"Link": link} if link else None,
        )

    def _page_link(self, number: int) -> str:
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, "page")
        return replace_query_param(url, "page", number)

    def _all_pages(self, found, query, kinds):
        yield from self._rows(found)
        while found.has_next:
            found = search_kept(
                self.request, query, kinds=kinds, page=found.page + 1, page_size=found.page_size
            )
            yield from self._rows(found)

    def _rows(self, found):
        """The rows of a page of results, kept with it: their absolute addresses name the
        site asked."""
        request = self.request
        if not is_kept(found.page_size):
            return self._results(found.results)
        asked = (found.query, tuple(found.kinds), found.page, found.page_size)
        return kept_for_data(
            request,
            "search-api-rows",
            (request_site(request), *asked),
            lambda: self._results(found.results),
            in_process=False,
        )

    def _results(self, results):
        keys = _api_keys(results)
        rows = []
        for result in results:
            key = keys.get((result.kind, result.object_id))
            view = registry.get(result.kind).api_view
            url = reverse(view, args=[key]) if key is not None and view else None
            owner = keys.get((result.owner_kind, result.owner_id))
            rows.append(
                {
                    "kind": result.kind,
                    "title": result.title,
                    "snippet": str(result.snippet),
                    "url": absolute(self.request, url) if url else None,
                    "html_url": absolute(self.request, result.html_url),
                    **_initiative_facts(owner if result.owner_kind == INITIATIVE else None),
                    "score": result.rank,
                }
            )
        return rows


INITIATIVE = "initiative"
# An initiative's permanent slug (DESIGN.md §2): {cycle}-{code}, with -draft for an RPM
# draft; its code is the region's code and a number.
INITIATIVE_SLUG = re.compile(
    r"(?P<cycle>[0-9]{4}-[0-9]{4})-(?P<region>[a-z]+)[0-9]+(?P<draft>-draft)?"
)


def _initiative_facts(slug) -> dict[str, str | None]:
    """The cycle, stage and region of the initiative a hit belongs to (itself, or an
    expected result's), read from its slug; nulls for the other kinds."""
    found = INITIATIVE_SLUG.fullmatch(slug) if isinstance(slug, str) else None
    if found is None:
        return {"cycle": None, "stage": None, "region": None}
    return {
        "cycle": found["cycle"],
        "stage": "draft" if found["draft"] else "adopted",
        "region": found["region"].upper(),
    }


def _api_keys(results) -> dict[tuple[str, int], object]:
    """What each result's API address is built from, by (kind, id), and the slugs of the
    initiatives that own them: one query at most per kind addressed by something other
    than its id."""
    ids_by_kind: dict[str, list[int]] = {}
    for result in results:
        ids_by_kind.setdefault(result.kind, []).append(result.object_id)
        if result.owner_kind == INITIATIVE:
            ids_by_kind.setdefault(INITIATIVE, []).append(result.owner_id)
    return {
        (kind, object_id): key
        for kind, ids in ids_by_kind.items()
        for object_id, key in registry.get(kind).api_addresses(ids).items()
    }
