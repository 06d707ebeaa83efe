"""Related initiatives: explainable similarity across regions and cycles."""

import pytest

from initiatives import related
from initiatives.models import Initiative, RelatedInitiative

pytestmark = pytest.mark.django_db

CYBERSECURITY = {
    "2023-2025-cis2",
    "2026-2029-ams4",
    "2026-2029-ams4-draft",
    "2026-2029-afr3-draft",
    "2026-2029-asp5-draft",
    "2026-2029-cis3-draft",
    "2026-2029-eur4-draft",
}


def matches(slug):
    initiative = Initiative.objects.get(slug=slug)
    return list(initiative.related.select_related("related").order_by("rank"))


def test_related_initiatives_of_a_cybersecurity_initiative_are_cybersecurity_initiatives():
    found = [m.related.slug for m in matches("2023-2025-cis2")]
    assert len(found) == related.TOP_MATCHES
    assert set(found) <= CYBERSECURITY
    assert all("cybersecurity" in m.shared_terms for m in matches("2023-2025-cis2"))


def test_an_ai_initiative_finds_the_other_region_s_ai_initiative_first():
    best = matches("2026-2029-afr2-draft")[0]
    assert best.related.slug == "2026-2029-cis5-draft"
    assert "ai" in best.shared_terms


def test_matches_come_from_other_regions_or_cycles_never_the_same_initiative_twice():
    for initiative in Initiative.objects.all():
        keys = []
        for match in matches(initiative.slug):
            other = match.related
            assert (other.region_id, other.cycle_id) != (initiative.region_id, initiative.cycle_id)
            keys.append((other.cycle_id, other.code))
        assert len(keys) == len(set(keys)), initiative.slug


def test_scores_fall_with_rank_and_stay_within_cosine_bounds():
    for initiative in Initiative.objects.all():
        scores = [m.score for m in matches(initiative.slug)]
        assert scores == sorted(scores, reverse=True)
        assert all(related.MIN_SCORE <= s <= 1 for s in scores)


def test_the_similarity_is_the_cosine_of_tf_idf_vectors():
    vectors = related.vectors(
        {1: "cybersecurity incident response", 2: "cybersecurity drills", 3: "spectrum"}
    )
    assert related.cosine(vectors[1], vectors[1]) == pytest.approx(1.0)
    assert related.cosine(vectors[1], vectors[3]) == 0
    assert 0 < related.cosine(vectors[1], vectors[2]) < 1
    assert related.shared_terms(vectors[1], vectors[2]) == ["cybersecurity"]


def test_rebuilding_changes_nothing_when_the_texts_did_not_change():
    before = list(RelatedInitiative.objects.order_by("pk").values_list())
    lines = []
    related.rebuild(report=lines.append)
    assert list(RelatedInitiative.objects.order_by("pk").values_list()) == before
    assert lines == [f"  related initiatives: {RelatedInitiative.objects.count()} unchanged"]


def test_the_initiative_page_lists_related_initiatives_with_their_shared_terms(client):
    html = client.get(
        "/initiatives/2023-2025-cis2/".replace("2023-2025-cis2", "2023-2025/cis2")
    ).content.decode()
    assert "Related initiatives in other regions and cycles" in html
    assert 'href="/initiatives/2026-2029/afr3/draft/"' in html
    assert "shared terms: cybersecurity" in html
