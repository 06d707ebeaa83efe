"""What a miss of the page cache is built from: parts kept per data version (a record's
rendered parts, the filters' options, what a query found), the same as built afresh."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from core import conditional
from initiatives.models import Initiative
from roadmaps.models import Roadmap
from search import views as search_views
from tests.page_types import PAGE_TYPES

pytestmark = pytest.mark.django_db

# Besides one page of each type: the other answers of the pages that read what they name
# from kept values (another stage, another query, a filter refused, nothing there).
MORE_PAGES = [
    "/initiatives/2026-2029/afr1/draft/",
    "/initiatives/2026-2029/zz9/",
    "/roadmaps/c4/?sdg=4",
    "/roadmaps/c2/?section=wsis-plus-10&expanded=1",
    "/roadmaps/c2/?sdg=99",
    "/roadmaps/c9/",
    "/search/?q=satelite&kind=initiative&kind=roadmap-row",
    "/search/?q=digital&page=3",
    "/search/?q=%22digital",
    "/search/?q=digital&kind=nothing",
    "/search/",
]

API_ADDRESSES = [
    "/api/v1/initiatives/",
    "/api/v1/initiatives/?region=AMS",
    "/api/v1/initiatives/?q=cyber&facets=region,sdg",
    "/api/v1/initiatives/?ordering=-title&page_size=5&page=2",
    "/api/v1/initiatives/2026-2029-ams4/",
    "/api/v1/expected-results/?q=satellite",
    "/api/v1/roadmap-rows/?sdg=9",
    "/api/v1/roadmaps/c2/",
    "/api/v1/sdgs/9/",
    "/api/v1/initiatives/?page=99",
    "/api/v1/initiatives/?region=XX",
    "/api/v1/search/?q=early+warning",
    "/api/v1/search/?q=digital&page=2&page_size=7",
    "/api/v1/search/?q=satellite&format=csv",
]


def _answers(client, addresses):
    answers = []
    for address in addresses:
        response = client.get(address)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        answers.append((address, response.status_code, body.decode()))
    return answers


@pytest.mark.parametrize("language", ["", "/ar"])
def test_every_page_is_the_same_built_afresh_and_from_kept_parts(client, settings, language):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    addresses = [language + path for path in [*PAGE_TYPES, *MORE_PAGES]] + API_ADDRESSES
    settings.PORTAL_DERIVED_CACHE_SECONDS = 0
    afresh = _answers(client, addresses)
    settings.PORTAL_DERIVED_CACHE_SECONDS = 3600
    keeping = _answers(client, addresses)
    assert conditional._kept_in_process, "nothing was kept"
    from_kept_parts = _answers(client, addresses)
    for built, kept_first, kept_again in zip(afresh, keeping, from_kept_parts, strict=True):
        assert kept_first == built
        assert kept_again == built


def _queries(client, address, django_assert_max_num_queries, most):
    client.get(address)
    with django_assert_max_num_queries(most):
        assert client.get(address).status_code == 200


@pytest.mark.parametrize(
    ("address", "most"),
    [
        # The data version (read on every request here: PORTAL_DATA_VERSION_MAX_AGE=0),
        # then what the page names outside its kept parts.
        ("/", 1),
        ("/sdgs/9/", 2),
        ("/initiatives/2026-2029/ams4/", 1),
        ("/initiatives/?region=AMS,AFR&sdg=9", 1),
        ("/roadmaps/c2/", 1),
        ("/roadmaps/c4/?sdg=4", 1),
        ("/api/v1/initiatives/?region=AMS", 1),
        ("/api/v1/initiatives/2026-2029-ams4/", 1),
        ("/search/?q=early+warning", 1),
        ("/api/v1/search/?q=early+warning", 1),
    ],
)
def test_a_miss_of_the_page_cache_reads_little_once_its_parts_are_kept(
    client, settings, django_assert_max_num_queries, address, most
):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    _queries(client, address, django_assert_max_num_queries, most)


def test_a_save_shows_at_once_in_every_kept_part(client, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    initiative = Initiative.objects.get(slug="2026-2029-ams4")
    sdg = initiative.sdg_links.filter(published=True).first().sdg
    pages = [
        "/initiatives/2026-2029/ams4/",
        "/initiatives/?region=AMS",
        f"/sdgs/{sdg.number}/",
        "/api/v1/initiatives/?region=AMS",
        "/api/v1/initiatives/2026-2029-ams4/",
        "/search/?q=AMS4",
        "/api/v1/search/?q=AMS4",
    ]
    marker = "A title changed by an editor"
    for page in pages:
        assert marker not in client.get(page).content.decode()
    initiative.title = marker
    initiative.save()
    for page in pages:
        assert marker in client.get(page).content.decode(), page


def test_a_roadmap_saved_shows_at_once_in_its_head_and_rows(client, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    roadmap = Roadmap.objects.get(action_line__code="C2")
    row = roadmap.rows.order_by("order").first()
    before = client.get("/roadmaps/c2/").content.decode()
    assert "A roadmap retitled" not in before
    assert "An outcome rewritten" not in before
    roadmap.title = "A roadmap retitled"
    roadmap.save()
    row.outcome = "An outcome rewritten"
    row.save()
    after = client.get("/roadmaps/c2/").content.decode()
    assert "<title>A roadmap retitled (" in after
    assert '<h1 lang="en">A roadmap retitled</h1>' in after
    assert "An outcome rewritten" in after


def test_parts_are_kept_apart_by_language(client, settings):
    # The coverage note links to the roadmaps in the page's language.
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    assert 'href="/roadmaps/c2/#' in client.get("/coverage/").content.decode()
    french = client.get("/fr/coverage/").content.decode()
    assert 'href="/fr/roadmaps/c2/#' in french
    assert 'href="/roadmaps/c2/#' not in french


def test_a_search_is_kept_apart_by_language_and_site(client, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    assert "Roadmap rows" in client.get("/search/?q=satellite").content.decode()
    french = client.get("/fr/search/?q=satellite").content.decode()
    assert "Lignes de feuilles de route" in french
    assert "Roadmap rows" not in french
    assert 'href="/fr/initiatives/' in french
    here = client.get("/api/v1/search/?q=satellite").json()["results"][0]
    mirrored = client.get("/api/v1/search/?q=satellite", HTTP_HOST="mirror.example").json()
    assert here["html_url"].startswith("http://testserver/")
    assert mirrored["results"][0]["html_url"] == here["html_url"].replace(
        "//testserver/", "//mirror.example/"
    )


def test_a_search_asked_again_reads_no_index(client, settings, django_assert_num_queries):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    first = client.get("/search/?q=early+warning&kind=roadmap-row")
    # Asked again in other words: the same search once the query is cleaned.
    with django_assert_num_queries(1):  # the data version
        again = client.get("/search/?q=early%20%20warning&kind=roadmap-row")
    assert _results_list(again) == _results_list(first)
    assert "/roadmaps/" in _results_list(first)


def _results_list(response) -> str:
    page = response.content.decode()
    start = page.index('<ol class="result-list"')
    return page[start : page.index("</ol>", start)]


def test_searches_are_held_by_the_shared_cache_alone(client, settings):
    # As many as the words people type: the process's own store, bounded by its number of
    # entries only, keeps none of them; nor is a page larger than the API's default kept.
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    client.get("/search/?q=satellite")
    client.get("/api/v1/search/?q=satellite")
    client.get("/api/v1/search/?q=digital&page_size=500")
    per_search = ("portal:search:", "portal:fragment:search-page:", "portal:search-api-rows:")
    assert not [key for key in conditional._kept_in_process if key.startswith(per_search)]
    shared = sorted(
        key.split(":")[-2]
        for key in conditional.cache._cache
        if any(name in key for name in per_search)
    )
    # The page's search and content, the API's search (another page size) and rows.
    assert shared == ["search", "search", "search-api-rows", "search-page"]
    # What a record's result shows is kept per record, as many as the records.
    assert [key for key in conditional._kept_in_process if "search-result" in key]


def test_a_query_that_fails_is_not_kept(client, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    for _ in range(2):
        response = client.get("/api/v1/initiatives/", {"region": "XX"})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["region"]
    assert not [key for key in conditional.cache._cache if "api-found" in key]


def test_each_process_keeps_a_bounded_number_of_parts(client, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    settings.PORTAL_KEPT_IN_PROCESS_ENTRIES = 5
    for path in ["/", "/sdgs/9/", "/initiatives/", "/roadmaps/c2/"]:
        assert client.get(path).status_code == 200
    assert len(conditional._kept_in_process) == 5


def test_nothing_is_kept_when_keeping_is_off(client, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    settings.PORTAL_DERIVED_CACHE_SECONDS = 0
    assert client.get("/initiatives/?region=AMS").status_code == 200
    assert not conditional._kept_in_process
    assert not list(conditional.cache._cache)


def test_a_kept_part_takes_only_ids_numbers_and_short_strings(rf):
    template = Template('{% load kept %}{% kept "name" record %}{{ record }}{% endkept %}')
    request = rf.get("/")
    with pytest.raises(TemplateSyntaxError, match="ids, numbers and short strings"):
        template.render(Context({"request": request, "record": Initiative.objects.first()}))
    with pytest.raises(TemplateSyntaxError, match="a name in quotes"):
        Template("{% load kept %}{% kept name %}{% endkept %}")


@pytest.mark.parametrize("tag", ["kept", "kept_shared", "fixed"])
def test_a_kept_part_holds_no_block(tag):
    # Rendered once and kept, a block in it could not be overridden by a page.
    with pytest.raises(TemplateSyntaxError, match="cannot hold a"):
        Template(
            f'{{% load kept %}}{{% {tag} "name" %}}{{% block title %}}{{% endblock %}}'
            f"{{% end{tag} %}}"
        )


def test_the_view_of_an_address_is_found_once_per_address_and_language():
    conditional._resolved.cache_clear()
    with translation.override("fr"):
        assert conditional.view_at("/fr/search/") is search_views.results
        assert conditional.view_at("/search/") is None
    with translation.override("en"):
        assert conditional.view_at("/fr/search/") is None
        assert conditional.view_at("/search/") is search_views.results
        assert conditional.view_at("/nowhere/") is None
        assert conditional.view_at("/search/") is search_views.results
    assert conditional._resolved.cache_info().currsize == 5


def test_a_fixed_part_takes_only_ids_numbers_and_short_strings(rf):
    template = Template('{% load kept %}{% fixed "name" record %}{{ record }}{% endfixed %}')
    with pytest.raises(TemplateSyntaxError, match="ids, numbers and short strings"):
        template.render(Context({"request": rf.get("/"), "record": Initiative.objects.first()}))
    with pytest.raises(TemplateSyntaxError, match="a name in quotes"):
        Template("{% load kept %}{% fixed name %}{% endfixed %}")


def test_the_frame_is_kept_apart_by_language_site_and_section(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "portal.example.org"]
    english = client.get("/initiatives/").content.decode()
    assert english.startswith('<!doctype html>\n<html lang="en" dir="ltr">')
    assert 'href="/initiatives/" aria-current="page">Initiatives</a>' in english
    assert "--page-origin: 'http://testserver'" in english
    arabic = client.get("/ar/roadmaps/").content.decode()
    assert arabic.startswith('<!doctype html>\n<html lang="ar" dir="rtl">')
    assert 'href="/ar/roadmaps/" aria-current="page">' in arabic
    assert 'href="/ar/initiatives/" aria-current="page">' not in arabic
    elsewhere = client.get("/initiatives/", HTTP_HOST="portal.example.org").content.decode()
    assert "--page-origin: 'http://portal.example.org'" in elsewhere
    assert "Printed from http://portal.example.org/initiatives/" in elsewhere
    assert 'hreflang="fr" href="http://portal.example.org/fr/initiatives/"' in elsewhere


def test_the_site_search_shows_the_words_searched_around_its_fixed_parts(client):
    page = client.get("/search/", {"q": "<early> warning"}).content.decode()
    assert 'name="q" value="&lt;early&gt; warning" placeholder="Search the portal"' in page
    elsewhere = client.get("/sdgs/").content.decode()
    assert 'name="q" value="" placeholder="Search the portal"' in elsewhere


def test_the_breadcrumbs_escape_and_mark_the_language_of_each_crumb(rf):
    from core.templatetags.frame import breadcrumb_items

    items = breadcrumb_items(
        [{"label": "Sources", "url": "/sources/"}, {"label": "<b>WSIS</b>", "lang": "en"}]
    )
    link = '<a href="/sources/">Sources</a>'
    name = '<span aria-current="page" lang="en">&lt;b&gt;WSIS&lt;/b&gt;</span>'
    assert items == f"\n      <li>{link}</li>\n      \n      <li>{name}</li>\n      "


def test_what_an_address_names_is_kept_once_per_process(client, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    client.get("/initiatives/2026-2029/ams4/")
    headings = [
        value for key, value in conditional._kept_in_process.items() if "initiative-heading" in key
    ]
    assert [(heading.code, heading.cycle_slug) for heading in headings] == [("AMS4", "2026-2029")]
    # A value that could change is kept only in the shared cache, read afresh each time.
    assert not conditional._unchangeable({"code": "AMS4"})
    assert not conditional._unchangeable(Initiative.objects.first())
