"""Editors correct texts in the admin; nobody else gets in."""

import pytest
from django.urls import reverse

from initiatives.models import Initiative

pytestmark = pytest.mark.django_db


def test_the_admin_needs_a_login(client):
    response = client.get("/admin/initiatives/initiative/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_an_initiative_opens_with_its_expected_results_inline(editor_client):
    initiative = Initiative.objects.get(slug="2026-2029-afr1-draft")
    response = editor_client.get(
        reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Meaningful connectivity and resilient infrastructure" in page
    assert "Creation of a Network of Disaster Management Experts" in page
    assert 'name="expected_results-TOTAL_FORMS" value="17"' in page


def test_the_initiative_list_is_searchable_and_filterable(editor_client):
    response = editor_client.get("/admin/initiatives/initiative/", {"q": "incident response"})
    assert response.status_code == 200
    page = response.content.decode()
    for code in ("2023-2025", "AFR3", "CIS3", "EUR4"):
        assert code in page
    response = editor_client.get("/admin/initiatives/initiative/", {"stage__exact": "adopted"})
    assert response.status_code == 200
    assert "10 initiatives" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/initiatives/expectedresult/",
        "/admin/regions/preparatorymeeting/",
        "/admin/sources/source/",
        "/admin/sources/sourcesection/",
        "/admin/frameworks/sdg/",
        "/admin/roadmaps/roadmaprow/",
    ],
)
def test_every_admin_list_opens(editor_client, url):
    assert editor_client.get(url).status_code == 200
