"""API responses in their default JSON are kept rendered in the cache like pages, and
answered (with their 304s) before DRF, the throttle and the view run."""

import pytest
from django.core.cache import cache

from initiatives.models import Initiative

pytestmark = pytest.mark.django_db

DETAIL = "/api/v1/initiatives/2026-2029-ams4/"
LIST = "/api/v1/initiatives/?region=AMS"


def kept_keys() -> list[str]:
    # LocMemCache keeps its entries in a dict; its keys carry a version prefix.
    return [key for key in cache._cache if "portal:response:" in key]


@pytest.fixture
def views_must_not_run(monkeypatch):
    """Make any API view that runs fail loudly."""
    from core.viewsets import ReadOnlyViewSet

    def must_not_run(*args, **kwargs):
        raise AssertionError("the view ran")

    def forbid():
        monkeypatch.setattr(ReadOnlyViewSet, "list", must_not_run)
        monkeypatch.setattr(ReadOnlyViewSet, "retrieve", must_not_run)

    return forbid


@pytest.mark.parametrize("url", [DETAIL, LIST, "/api/v1/roadmap-rows/?sdg=9", "/api/v1/sdgs/9/"])
def test_a_kept_response_is_the_rendered_response_and_needs_no_view(
    client, views_must_not_run, url
):
    first = client.get(url)
    assert first.status_code == 200
    views_must_not_run()
    again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content
    for header in ("Content-Type", "ETag", "Cache-Control", "Allow"):
        assert again[header] == first[header], header
    assert again["Content-Type"] == "application/json"
    assert again["X-Content-Type-Options"] == "nosniff"


def test_a_kept_response_carries_the_cors_headers(client):
    client.get(DETAIL)
    again = client.get(DETAIL, headers={"Origin": "https://data.example.org"})
    assert again["Access-Control-Allow-Origin"] == "*"
    assert "etag" in again["Access-Control-Expose-Headers"].lower()


def test_a_kept_response_and_an_api_304_run_one_query(client, django_assert_num_queries):
    etag = client.get(DETAIL)["ETag"]
    with django_assert_num_queries(1):
        assert client.get(DETAIL).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(DETAIL, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_an_api_304_needs_no_view_even_with_the_cache_off(client, settings, views_must_not_run):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    etag = client.get(DETAIL)["ETag"]
    assert kept_keys() == []
    views_must_not_run()
    response = client.get(DETAIL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag


@pytest.mark.parametrize("accept", [None, "*/*", "application/json"])
def test_the_default_representation_is_looked_up_whatever_way_it_is_asked(client, accept):
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    first = client.get(DETAIL, **headers)
    assert len(kept_keys()) == 1
    for again in ({}, {"HTTP_ACCEPT": "*/*"}, {"HTTP_ACCEPT": "application/json"}):
        assert client.get(DETAIL, **again).content == first.content
    assert len(kept_keys()) == 1


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        (f"{LIST}&format=csv", {}),
        ("/api/v1/initiatives/", {"HTTP_ACCEPT": "text/csv"}),
        ("/api/v1/search/?q=satellite", {}),
        ("/api/v1/downloads/", {}),
        ("/api/v1/initiatives/2026-2029-nope/", {}),
        ("/api/v1/initiatives/?region=XYZ", {}),
    ],
)
def test_other_representations_searches_downloads_and_errors_are_not_kept(client, url, headers):
    response = client.get(url, **headers)
    assert response.status_code in (200, 400, 404)
    assert kept_keys() == []


def test_a_csv_request_is_not_answered_with_the_kept_json(client):
    client.get("/api/v1/initiatives/")
    csv = client.get("/api/v1/initiatives/", HTTP_ACCEPT="text/csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert b"".join(csv.streaming_content).startswith("\ufeffslug,code,title".encode())


def test_saving_a_record_changes_the_api_response_at_once(client):
    before = client.get(DETAIL)
    initiative = Initiative.objects.get(slug="2026-2029-ams4")
    initiative.title = "A title the editors corrected"
    initiative.save()
    after = client.get(DETAIL)
    assert after["ETag"] != before["ETag"]
    assert after.json()["title"] == "A title the editors corrected"
    assert client.get(DETAIL, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200
