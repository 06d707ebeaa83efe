"""Conditional GET: an ETag from the data version, 304 without building the body, and caching
headers fit for public read-only data."""

import io

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory

from core.conditional import conditional_page
from core.models import DataVersion
from initiatives.models import Initiative

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "/api/v1/",
    "/api/v1/regions/",
    "/api/v1/regions/AMS/",
    "/api/v1/cycles/2026-2029/",
    "/api/v1/initiatives/?region=AMS",
    "/api/v1/initiatives/2026-2029-ams1/",
    "/api/v1/expected-results/",
    "/api/v1/roadmaps/C5/",
    "/api/v1/roadmap-rows/?sdg=9",
    "/api/v1/sdgs/9/",
    "/api/v1/action-lines/C5/",
    "/api/v1/gdc-objectives/3/",
    "/api/v1/meetings/",
    "/api/v1/sources/",
    "/api/v1/search/?q=connectivity",
    "/api/v1/downloads/",
    "/api/v1/initiatives/?format=csv",
]


@pytest.mark.parametrize("url", ADDRESSES)
def test_every_response_carries_an_etag_and_public_caching(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Accept" in response["Vary"]


@pytest.mark.parametrize("url", ADDRESSES)
def test_a_matching_if_none_match_gets_304_with_no_body(client, url):
    etag = client.get(url)["ETag"]
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=300"


def test_304_is_answered_without_building_the_response(client, django_assert_num_queries):
    url = "/api/v1/initiatives/2026-2029-ams1/"
    etag = client.get(url)["ETag"]
    # One query: the data version. The initiative, its results and links are never read.
    with django_assert_num_queries(1):
        response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304


def test_weak_and_listed_etags_match_too(client):
    etag = client.get("/api/v1/regions/")["ETag"]
    for header in (f"W/{etag}", f'"other", {etag}', "*"):
        assert client.get("/api/v1/regions/", headers={"If-None-Match": header}).status_code == 304
    assert client.get("/api/v1/regions/", headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_etag_depends_on_the_address_and_the_representation(client):
    tags = {
        client.get("/api/v1/initiatives/")["ETag"],
        client.get("/api/v1/initiatives/?region=AMS")["ETag"],
        client.get("/api/v1/initiatives/?format=csv")["ETag"],
        client.get("/api/v1/initiatives/", headers={"Accept": "text/csv"})["ETag"],
        client.get("/api/v1/initiatives/", headers={"Host": "localhost"})["ETag"],
    }
    assert len(tags) == 5
    assert client.get("/api/v1/initiatives/")["ETag"] == client.get("/api/v1/initiatives/")["ETag"]


def test_saving_a_record_changes_every_etag(client):
    before = client.get("/api/v1/regions/")["ETag"]
    initiative = Initiative.objects.get(slug="2026-2029-ams1")
    initiative.title = "A new title"
    initiative.save()
    response = client.get("/api/v1/regions/", headers={"If-None-Match": before})
    assert response.status_code == 200
    assert response["ETag"] != before


def test_deleting_a_record_raises_the_data_version():
    before = DataVersion.current()
    Initiative.objects.get(slug="2026-2029-ams1").expected_results.first().delete()
    assert DataVersion.current() > before


def test_saving_something_outside_the_knowledge_base_keeps_the_version(django_user_model):
    before = DataVersion.current()
    django_user_model.objects.create(username="editor")
    assert DataVersion.current() == before


def test_error_responses_carry_no_etag(client):
    assert "ETag" not in client.get("/api/v1/initiatives/?sdg=99")
    assert "ETag" not in client.get("/api/v1/initiatives/nope/")


def test_the_schema_and_its_documentation_get_etags_from_their_content(client):
    for url in ("/api/v1/schema/", "/api/v1/docs/", "/api/v1/docs/?script="):
        etag = client.get(url)["ETag"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_a_page_view_can_answer_304_from_the_data_version(client):
    calls = []

    @conditional_page
    def page(request):
        calls.append(request)
        return HttpResponse("<h1>A page</h1>")

    first = page(RequestFactory().get("/a-page/"))
    assert first["ETag"]
    again = page(RequestFactory().get("/a-page/", headers={"If-None-Match": first["ETag"]}))
    assert again.status_code == 304
    assert len(calls) == 1
    DataVersion.bump()
    assert (
        page(RequestFactory().get("/a-page/", headers={"If-None-Match": first["ETag"]})).status_code
        == 200
    )


@pytest.mark.slow
def test_a_load_that_changes_nothing_keeps_the_version_and_every_etag(client, settings, tmp_path):
    settings.PORTAL_DOWNLOADS_DIR = tmp_path
    before, etag = DataVersion.current(), client.get("/api/v1/regions/")["ETag"]
    call_command("load_portal_data", stdout=io.StringIO())
    assert DataVersion.current() == before
    assert client.get("/api/v1/regions/", headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.slow
def test_a_load_that_changes_a_record_raises_the_version(settings, tmp_path):
    settings.PORTAL_DOWNLOADS_DIR = tmp_path
    # Changed behind the signals' back, as an edit of the database by hand would be; the
    # load, told to discard it, writes the fixture's title back.
    Initiative.objects.filter(slug="2026-2029-ams1").update(title="Edited by hand")
    settings.PORTAL_DISCARDED_EDITS_DIR = tmp_path / "discarded"
    before = DataVersion.current()
    call_command("load_portal_data", discard_edits=True, stdout=io.StringIO())
    assert DataVersion.current() > before
    assert Initiative.objects.get(slug="2026-2029-ams1").title != "Edited by hand"
