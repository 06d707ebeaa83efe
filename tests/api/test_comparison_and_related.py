"""The comparison of draft and adopted text, and related initiatives, as structured data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_the_comparison_gives_every_part_with_word_segments(client):
    response = client.get("/api/v1/initiatives/2026-2029-ams1/compare/")
    assert response.status_code == 200
    data = response.json()
    assert (data["draft"], data["adopted"]) == ("2026-2029-ams1-draft", "2026-2029-ams1")
    assert data["html_url"] == "http://testserver/initiatives/2026-2029/ams1/compare/"
    assert [p["part"] for p in data["parts"]] == ["title", "objective"] + ["expected_result"] * 5
    assert [p["status"] for p in data["parts"]] == ["changed"] * 2 + ["unchanged"] + ["changed"] * 4
    # The title changed only in case; the objective in wording too.
    assert [p["substantive"] for p in data["parts"][:2]] == [False, True]
    objective = data["parts"][1]
    assert [s for s in objective["segments"] if s["op"] != "equal"] == [
        {"op": "delete", "text": "secure,", "minor": True},
        {"op": "insert", "text": "secure", "minor": True},
        {"op": "insert", "text": "(ICT)", "minor": False},
    ]
    for part in data["parts"]:
        kept = [s["text"] for s in part["segments"] if s["op"] in ("equal", "insert")]
        assert " ".join(kept) == part["adopted"]


def test_either_stage_gives_the_same_comparison(client):
    from_adopted = client.get("/api/v1/initiatives/2026-2029-ams4/compare/").json()
    from_draft = client.get("/api/v1/initiatives/2026-2029-ams4-draft/compare/").json()
    assert from_adopted == from_draft


def test_comparing_an_initiative_with_one_stage_is_a_json_404(client):
    response = client.get("/api/v1/initiatives/2026-2029-eur1-draft/compare/")
    assert response.status_code == 404
    assert "only one stage" in response.json()["detail"]
    assert client.get("/api/v1/initiatives/nothing/compare/").status_code == 404


def test_the_comparison_runs_a_fixed_number_of_queries(client):
    counts = []
    for slug in ("2026-2029-ams1", "2026-2029-ams3-draft"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/v1/initiatives/{slug}/compare/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_an_initiative_detail_lists_its_related_initiatives_with_shared_terms(client):
    data = client.get("/api/v1/initiatives/2023-2025-cis2/").json()
    related = data["related"]
    # Its number in the next cycle first, then five by wording.
    assert len(related) == 6
    assert (related[0]["slug"], related[0]["relation"]) == ("2026-2029-cis2-draft", "next_cycle")
    similar = related[1:]
    assert {match["relation"] for match in similar} == {"similar_wording"}
    assert similar[0]["slug"] == "2026-2029-afr3-draft"
    assert "cybersecurity" in similar[0]["shared_terms"]
    assert similar[0]["url"] == "http://testserver/api/v1/initiatives/2026-2029-afr3-draft/"
    scores = [match["score"] for match in similar]
    assert scores == sorted(scores, reverse=True)
    # The fields of v1 are all still there.
    assert set(related[0]) >= {
        "slug",
        "code",
        "title",
        "region",
        "cycle",
        "stage",
        "score",
        "shared_terms",
        "url",
        "html_url",
    }


def test_the_draft_of_the_next_cycle_names_its_earlier_cycle(client):
    related = client.get("/api/v1/initiatives/2026-2029-cis2-draft/").json()["related"]
    assert (related[0]["slug"], related[0]["relation"]) == ("2023-2025-cis2", "earlier_cycle")
