"""The search page: ranked results across every kind of record, filterable by kind."""

from urllib.parse import urlencode

from django.shortcuts import render

from core.conditional import conditional_page
from core.filters import listed_values
from search import registry
from search.engine import MATCH_ANY, MATCH_SIMILAR, QueryError, search
from search.query import MAX_QUERY_LENGTH

PAGE_SIZE = 20
# Searches a person can try from the empty page: the words people type before codes.
EXAMPLES = ["incident response", "early warning", "e-waste", "satellite"]
PHRASE_EXAMPLE = '"persons with disabilities"'


@conditional_page(cached=False, query=["q", "kind", "page"])
def results(request):
    raw = request.GET.get("q", "")
    kinds = listed_values(request.GET.getlist("kind"))
    context = {
        "nav": "search",
        "breadcrumbs": [{"label": "Search"}],
        # What was typed, as far as the search boxes accept it (their maxlength).
        "search_query": raw[:MAX_QUERY_LENGTH],
        "query": raw[:MAX_QUERY_LENGTH],
        "kind_options": [
            {"kind": r.kind, "name": r.name_plural, "count": None, "selected": r.kind in kinds}
            for r in registry.registrations()
        ],
        "examples": [{"text": text, "url": _url(text)} for text in EXAMPLES],
        "phrase_example": {"text": PHRASE_EXAMPLE, "url": _url(PHRASE_EXAMPLE)},
    }
    if not raw.strip():
        return render(request, "search/results.html", context)
    try:
        page = search(raw, kinds=kinds, page=_page_number(request), page_size=PAGE_SIZE)
    except QueryError as error:
        context["error"] = str(error)
        return render(request, "search/results.html", context, status=400)
    context.update(
        page=page,
        query=page.query,
        search_query=page.query,
        results=page.results,
        kind_options=[
            {"kind": c.kind, "name": c.name_plural, "count": c.count, "selected": c.selected}
            for c in page.kind_counts
        ],
        similar=page.match == MATCH_SIMILAR,
        relaxed=page.match == MATCH_ANY,
        pages=_pages(page, kinds),
        all_kinds_url=_url(page.query) if kinds else "",
    )
    return render(request, "search/results.html", context)


def _page_number(request) -> int:
    # Like Paginator.get_page: a page that is not a number is the first one, and the
    # engine answers a number past the end with the last page.
    try:
        return max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError, OverflowError):
        return 1


def _url(query: str, kinds=(), page: int = 1) -> str:
    params = [("q", query), *(("kind", kind) for kind in kinds)]
    if page > 1:
        params.append(("page", page))
    return f"?{urlencode(params)}"


def _pages(page, kinds) -> dict:
    def link(number):
        return _url(page.query, kinds, number)

    return {
        "previous": link(page.page - 1) if page.has_previous else "",
        "next": link(page.page + 1) if page.has_next else "",
        "first": link(1) if page.page > 2 else "",
        "last": link(page.num_pages) if page.page < page.num_pages - 1 else "",
    }
