"""Editors find and correct roadmap rows in the admin."""

import pytest
from django.urls import reverse

from frameworks.models import SDG
from roadmaps.models import Roadmap, RoadmapRow

pytestmark = pytest.mark.django_db


def test_rows_are_searchable_by_their_text_and_the_codes_they_cite(editor_client):
    page = editor_client.get("/admin/roadmaps/roadmaprow/", {"q": "CIS2"}).content.decode()
    assert "1 roadmap row" in page
    page = editor_client.get("/admin/roadmaps/roadmaprow/", {"q": "spam"}).content.decode()
    assert "C5 D" in page


def test_rows_filter_by_roadmap_section_and_sdg(editor_client):
    c5 = Roadmap.objects.get(action_line__code="C5")
    response = editor_client.get(
        "/admin/roadmaps/roadmaprow/",
        {
            "roadmap__id__exact": c5.pk,
            "section__exact": "wsis-plus-10",
            "sdgs__id__exact": SDG.objects.get(number=16).pk,
        },
    )
    assert response.status_code == 200
    assert "1 roadmap row" in response.content.decode()


def test_a_row_opens_with_its_sdg_links_and_citations_inline(editor_client):
    row = RoadmapRow.objects.get(roadmap__action_line__code="C2", section="geneva-tunis", label="D")
    page = editor_client.get(
        reverse("admin:roadmaps_roadmaprow_change", args=[row.pk])
    ).content.decode()
    assert 'name="sdg_links-TOTAL_FORMS" value="2"' in page
    assert 'name="citations-TOTAL_FORMS" value="11"' in page


@pytest.mark.parametrize(
    "url", ["/admin/roadmaps/roadmap/", "/admin/roadmaps/citation/?initiative__isempty=1"]
)
def test_roadmap_and_citation_lists_open(editor_client, url):
    assert editor_client.get(url).status_code == 200


def test_saving_a_row_sanitises_its_cells_and_refreshes_their_twins():
    row = RoadmapRow.objects.get(roadmap__action_line__code="C4", section="geneva-tunis", label="B")
    row.evidence = '<p onclick="x()">Edited <script>alert(1)</script>text</p>'
    row.save()
    row.refresh_from_db()
    assert (row.evidence, row.evidence_text) == ("<p>Edited text</p>", "Edited text")
