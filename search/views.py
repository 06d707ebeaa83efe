"""The search page: ranked results across every kind of record, filterable by kind."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from core.conditional import conditional_page, when_shown
from core.filters import listed_values
from search import registry
from search.engine import MATCH_ANY, MATCH_SIMILAR, QueryError, knows_none_of, search_kept
from search.languages import language_hint
from search.query import MAX_QUERY_LENGTH

PAGE_SIZE = 20
# Searches a person can try from the empty page: the words people type before codes.
EXAMPLES = ["incident response", "early warning", "e-waste", "satellite"]
PHRASE_EXAMPLE = '"persons with disabilities"'
# Said, in the language of the interface the searcher reads, when a search that looks
# written in another language finds nothing: the query's language is a guess, the
# interface's a choice.
ENGLISH_TEXTS = gettext_noop(
    "The texts of this knowledge base are in English: search with English words."
)


@conditional_page(cached=False, query=["q", "kind", "page"])
def results(request):
    raw = request.GET.get("q", "")
    kinds = listed_values(request.GET.getlist("kind"))
    number = _page_number(request)
    context = {
        # What the page's content is rendered from, besides the data, the language and
        # the site: it is kept under these ({% kept_shared %}), and a search asked again is not
        # rendered again.
        "asked": urlencode(
            [("q", raw[:MAX_QUERY_LENGTH]), ("kind", ",".join(kinds)), ("page", number)]
        ),
        "nav": "search",
        "breadcrumbs": [{"label": gettext("Search")}],
        # What was typed, as far as the search boxes accept it (their maxlength).
        "search_query": raw[:MAX_QUERY_LENGTH],
        "query": raw[:MAX_QUERY_LENGTH],
        # What only the page's content shows is computed when it is rendered, not when it
        # comes from what was kept (when_shown).
        "kind_options": when_shown(
            lambda: [
                {"kind": r.kind, "name": r.name_plural, "count": None, "selected": r.kind in kinds}
                for r in registry.registrations()
            ]
        ),
        "examples": when_shown(lambda: [{"text": text, "url": _url(text)} for text in EXAMPLES]),
        "phrase_example": when_shown(lambda: {"text": PHRASE_EXAMPLE, "url": _url(PHRASE_EXAMPLE)}),
    }
    if not raw.strip():
        return render(request, "search/results.html", context)
    try:
        page = search_kept(request, raw, kinds=kinds, page=number, page_size=PAGE_SIZE)
    except QueryError as error:
        context["error"] = str(error)
        return render(request, "search/results.html", context, status=400)
    context.update(
        page=page,
        query=page.query,
        search_query=page.query,
        results=when_shown(lambda: one_entry_per_initiative(page.results)),
        kind_options=when_shown(
            lambda: [
                {"kind": c.kind, "name": c.name_plural, "count": c.count, "selected": c.selected}
                for c in page.kind_counts
            ]
        ),
        similar=page.match == MATCH_SIMILAR,
        relaxed=page.match == MATCH_ANY,
        pages=when_shown(lambda: _pages(page, kinds)),
        all_kinds_url=_url(page.query) if kinds else "",
        english_notice=None if page.count else when_shown(lambda: _english_notice(page.query)),
    )
    return render(request, "search/results.html", context)


# What an initiative's RPM draft adds to an address: its adopted text's address without it
# is the same record's (initiatives.models.Initiative.get_absolute_url).
DRAFT_STEP = "/draft/"


def one_entry_per_initiative(results) -> list[dict]:
    """The hits of a page, an adopted text's and its RPM draft's hits on the same record
    (the initiative, or its expected result 2) as one entry: the better ranked stands, the
    other is linked in it."""
    entries: list[dict] = []
    by_record: dict[tuple[str, str], dict] = {}
    for result in results:
        record = (result.kind, result.html_url.replace(DRAFT_STEP, "/", 1))
        if record in by_record:
            by_record[record]["others"].append(
                {"result": result, "is_draft": DRAFT_STEP in result.html_url}
            )
            continue
        entry = by_record[record] = {"result": result, "others": []}
        entries.append(entry)
    return entries


def _english_notice(query: str) -> dict | None:
    """For a search that found nothing and looks written in another language: a notice that
    the texts are English, in the language of the interface, and the English searches the
    editors' glossary offers for the words typed."""
    hint = language_hint(query)
    if not (hint.language or hint.suggestions or _all_unknown(query)):
        return None
    language = translation.get_language() or "en"
    text = gettext(ENGLISH_TEXTS)
    translated = language == "en" or text != ENGLISH_TEXTS
    return {
        "text": text,
        # Marked as what it is: English where the catalog of the language lacks it.
        "language": language if translated else "en",
        "direction": "rtl" if translated and translation.get_language_bidi() else "ltr",
        "suggestions": [
            {"typed": s.typed, "language": s.language, "english": s.english, "url": _url(s.english)}
            for s in hint.suggestions
        ],
    }


def _all_unknown(query: str) -> bool:
    try:
        return knows_none_of(query)
    except QueryError:
        return False


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
