"""Pages answer conditional GETs like the API, and aggregate pages are kept rendered in
the cache until the data changes."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from core.conditional import RESPONSE_CACHE_PREFIX
from core.models import DataVersion
from initiatives.models import Initiative

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/regions/ams/",
    "/meetings/",
    "/initiatives/?region=AMS&sdg=9",
    "/initiatives/2026-2029/ams4/",
    "/initiatives/2026-2029/ams4/draft/",
    "/initiatives/2026-2029/ams4/compare/",
    "/roadmaps/c2/",
    "/sdgs/9/",
    "/action-lines/c5/",
    "/gdc/1/",
    "/sources/rpm-coordination-meeting-2025/",
    "/search/?q=satellite",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_page_has_an_etag_and_answers_304(client, url):
    response = client.get(url)
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag.startswith('"')
    assert len(etag) == 42
    assert response["Cache-Control"] == "public, max-age=300"
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_304_runs_one_query(client, django_assert_num_queries):
    etag = client.get("/initiatives/2026-2029/ams4/")["ETag"]
    with django_assert_num_queries(1):
        assert client.get("/initiatives/2026-2029/ams4/", HTTP_IF_NONE_MATCH=etag).status_code == (
            304
        )


def test_the_cached_page_is_the_rendered_page(client):
    first = client.get("/sdgs/9/")
    second = client.get("/sdgs/9/")
    assert second.content == first.content
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert second["ETag"] == first["ETag"]


def test_saving_a_record_changes_the_page_at_once(client):
    url = "/initiatives/2026-2029/ams4/"
    before = client.get(url)
    initiative = Initiative.objects.get(slug="2026-2029-ams4")
    initiative.title = "A title the editors corrected"
    initiative.save()
    after = client.get(url)
    assert after["ETag"] != before["ETag"]
    assert "A title the editors corrected" in after.content.decode()
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


@pytest.mark.slow
def test_a_load_that_changes_nothing_keeps_pages_cached(client):
    before = client.get("/")["ETag"]
    version = DataVersion.current()
    call_command("load_portal_data", stdout=None)
    assert DataVersion.current() == version
    assert client.get("/", HTTP_IF_NONE_MATCH=before).status_code == 304


def test_errors_are_not_cached(client):
    assert client.get("/initiatives/2026-2029/nope/").status_code == 404
    assert client.get("/regions/xyz/").status_code == 404
    assert _keys() == []
    assert client.get("/regions/").status_code == 200
    assert len(_keys()) == 1


def test_pages_are_not_kept_when_the_cache_is_off(client, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    assert client.get("/sdgs/9/").status_code == 200
    assert _keys() == []


def test_search_results_are_not_kept(client):
    assert client.get("/search/?q=satellite").status_code == 200
    assert _keys() == []


def test_a_broken_cache_costs_a_rendering_not_the_page(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache server gone")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/sdgs/9/")
    assert response.status_code == 200
    assert "SDG 9" in response.content.decode()


def _keys():
    """The responses kept. LocMemCache keeps its entries in a dict; its keys carry the
    version prefix. What many responses share (`kept_for_data`) is kept apart, under
    other names, and is not a response."""
    names = [key.partition(":")[2].partition(":")[2] for key in cache._cache]
    return [name for name in names if name.startswith(RESPONSE_CACHE_PREFIX)]


def test_a_cached_page_is_served_before_sessions_and_views(client, monkeypatch):
    from initiatives import views

    first = client.get("/initiatives/2026-2029/ams4/")

    def must_not_render(*args, **kwargs):
        raise AssertionError("the view ran for a cached page")

    monkeypatch.setattr(views, "render", must_not_render)
    again = client.get("/initiatives/2026-2029/ams4/")
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    # The headers of the middleware above it are still set.
    assert again["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in again["Content-Security-Policy"]
    assert again["X-Content-Type-Options"] == "nosniff"
    assert client.get(
        "/initiatives/2026-2029/ams4/", HTTP_IF_NONE_MATCH=first["ETag"]
    ).status_code == (304)


def test_only_pages_are_looked_up(client, django_assert_num_queries):
    # The schema, the admin's login and static files read no data version.
    with django_assert_num_queries(0):
        assert client.get("/api/v1/schema/").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/no/such/page/").status_code == 404


def test_a_process_reuses_the_data_version_it_read_for_a_moment(
    client, settings, django_assert_num_queries
):
    settings.PORTAL_DATA_VERSION_MAX_AGE = 60
    DataVersion.current()
    with django_assert_num_queries(0):
        assert DataVersion.current(max_age=60) == DataVersion.current(max_age=60)
    client.get("/sdgs/9/")
    with django_assert_num_queries(0):
        assert client.get("/sdgs/9/").status_code == 200
    # Its own change is seen at once.
    initiative = Initiative.objects.get(slug="2026-2029-ams4")
    initiative.title = "Changed by this process"
    initiative.save()
    assert "Changed by this process" in client.get("/initiatives/2026-2029/ams4/").content.decode()


def test_a_304_needs_no_view_even_with_the_page_cache_off(client, settings, monkeypatch):
    from search import views

    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    etag = client.get("/search/?q=satellite")["ETag"]

    def must_not_run(*args, **kwargs):
        raise AssertionError("the view ran for a 304")

    monkeypatch.setattr(views, "search_kept", must_not_run)
    assert client.get("/search/?q=satellite", HTTP_IF_NONE_MATCH=etag).status_code == 304
    # Another address, or a stale ETag, still reaches the view.
    with pytest.raises(AssertionError, match="the view ran"):
        client.get("/search/?q=satellites", HTTP_IF_NONE_MATCH=etag)
