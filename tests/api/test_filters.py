"""The filters of §5: any-of within a filter, all-of across, each object once, 400 otherwise."""

import pytest

from initiatives.models import ExpectedResult, Initiative
from roadmaps.models import RoadmapRow
from tests.api.conftest import everything, get_json

pytestmark = pytest.mark.django_db


def slugs(client, **params) -> list[str]:
    return [obj["slug"] for obj in everything(client, "initiatives", **params)]


def test_a_region_filter_lists_that_regions_initiatives(client):
    found = slugs(client, region="AMS")
    assert sorted(found) == sorted(
        Initiative.objects.filter(region__code="AMS").values_list("slug", flat=True)
    )
    assert len(found) == 10


def test_repeating_a_filter_or_giving_a_comma_list_means_any_of(client):
    repeated = slugs(client, region=["AFR", "CIS"])
    comma = slugs(client, region="AFR,CIS")
    assert repeated == comma
    assert len(comma) == 15
    assert {slug.split("-")[2][:3] for slug in comma} == {"afr", "cis"}


def test_filters_on_different_fields_combine_all_of(client):
    found = slugs(client, region="AMS,EUR", stage="draft", cycle="2026-2029")
    assert len(found) == 10
    assert all(slug.endswith("-draft") for slug in found)


def test_an_sdg_filter_returns_each_initiative_once_whatever_the_matching_links(client):
    # EUR2's draft states SDGs 2, 3, 4, 9 and 11: asking for all of them lists it once.
    found = slugs(client, sdg="2,3,4,9,11")
    assert len(found) == len(set(found))
    assert "2026-2029-eur2-draft" in found
    count = get_json(client, "/api/v1/initiatives/", sdg="2,3,4,9,11")["count"]
    assert count == len(found)


@pytest.mark.parametrize(
    ("params", "relation"),
    [
        ({"sdg": "9,17"}, "sdg_links__sdg__number__in"),
        ({"action_line": "C2,C5,C6"}, "action_line_links__action_line__code__in"),
        ({"gdc": "1,2,3,4,5"}, "gdc_links__objective__number__in"),
    ],
)
def test_alignment_filters_never_repeat_an_initiative(client, params, relation):
    found = slugs(client, **params)
    value = next(iter(params.values())).split(",")
    joined = Initiative.objects.filter(**{relation: value})
    # The join repeats initiatives; the API must not.
    assert joined.count() > joined.distinct().count()
    assert len(found) == len(set(found)) == joined.distinct().count()


def test_provenance_narrows_the_alignment_filters(client):
    assert sorted(slugs(client, sdg="9", provenance="source")) == [
        "2026-2029-eur1-draft",
        "2026-2029-eur2-draft",
        "2026-2029-eur4-draft",
        "2026-2029-eur5-draft",
    ]
    assert slugs(client, gdc="3", provenance="source") == ["2026-2029-eur4-draft"]


def test_text_search_ranks_the_initiatives_it_finds(client):
    found = slugs(client, q="cybersecurity")
    assert found
    assert len(found) == len(set(found))
    assert set(found) < set(Initiative.objects.values_list("slug", flat=True))


def test_ordering_sorts_and_reverses(client):
    by_title = everything(client, "initiatives", ordering="title")
    titles = [obj["title"] for obj in by_title]
    assert titles == sorted(titles)
    assert slugs(client, ordering="-code") == list(reversed(slugs(client, ordering="code")))


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"region": "XYZ"}, "region"),
        ({"region": "AMS,XYZ"}, "region"),
        ({"cycle": "1999-2000"}, "cycle"),
        ({"stage": "final"}, "stage"),
        ({"sdg": "18"}, "sdg"),
        ({"sdg": "nine"}, "sdg"),
        ({"sdg": "99999999999999999999"}, "sdg"),
        ({"action_line": "C12"}, "action_line"),
        ({"gdc": "1.5"}, "gdc"),
        ({"provenance": "guess"}, "provenance"),
        ({"ordering": "colour"}, "ordering"),
        ({"q": "the"}, "q"),
        ({"q": "!!!"}, "q"),
    ],
)
def test_an_unknown_filter_value_answers_400_naming_the_parameter(client, params, parameter):
    body = get_json(client, "/api/v1/initiatives/", status=400, **params)
    assert parameter in body["errors"]
    assert parameter in body["detail"]


def test_expected_results_filter_by_their_initiatives_region_cycle_and_stage(client):
    results = everything(client, "expected-results", region="CIS", cycle="2023-2025")
    expected = ExpectedResult.objects.filter(
        initiative__region__code="CIS", initiative__cycle__slug="2023-2025"
    )
    assert len(results) == expected.count()
    assert {r["initiative"] for r in results} == {f"2023-2025-cis{n}" for n in range(1, 6)}
    drafts = everything(client, "expected-results", stage="draft", region="AMS")
    assert all(r["initiative"].endswith("-draft") for r in drafts)


def test_expected_results_filter_by_initiatives_any_of(client):
    results = everything(
        client, "expected-results", initiative="2026-2029-ams1,2026-2029-ams2-draft"
    )
    assert {r["initiative"] for r in results} == {"2026-2029-ams1", "2026-2029-ams2-draft"}
    expected = ExpectedResult.objects.filter(
        initiative__slug__in=["2026-2029-ams1", "2026-2029-ams2-draft"]
    )
    assert len(results) == expected.count()


def test_expected_results_text_search_finds_results_holding_the_words(client):
    results = everything(client, "expected-results", q="broadband")
    assert results
    assert any("broadband" in r["text"].lower() for r in results)
    assert len({r["url"] for r in results}) == len(results)


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"region": "EU"}, "region"),
        ({"initiative": "2026-2029-xyz1"}, "initiative"),
        ({"stage": "adopted,final"}, "stage"),
        ({"q": "the"}, "q"),
    ],
)
def test_expected_results_refuse_unknown_values(client, params, parameter):
    body = get_json(client, "/api/v1/expected-results/", status=400, **params)
    assert list(body["errors"]) == [parameter]


def row_ids(client, **params) -> list[int]:
    return [row["id"] for row in everything(client, "roadmap-rows", **params)]


def test_roadmap_rows_filter_by_action_line_and_section(client):
    rows = everything(client, "roadmap-rows", action_line="c5", section="wsis-plus-10")
    assert rows
    assert {(row["action_line"], row["section"]) for row in rows} == {("C5", "wsis-plus-10")}
    assert (
        len(rows)
        == RoadmapRow.objects.filter(
            roadmap__action_line__code="C5", section="wsis-plus-10"
        ).count()
    )


def test_roadmap_rows_sdg_filter_lists_each_row_once(client):
    found = row_ids(client, sdg="9,17")
    joined = RoadmapRow.objects.filter(sdgs__number__in=[9, 17])
    assert joined.count() > joined.distinct().count()
    assert len(found) == len(set(found)) == joined.distinct().count()


def test_roadmap_rows_filter_by_the_initiatives_they_cite(client):
    cited = Initiative.objects.filter(citations__isnull=False).distinct()[:2]
    found = row_ids(client, initiative=[initiative.slug for initiative in cited])
    expected = RoadmapRow.objects.filter(citations__initiative__in=cited).distinct()
    assert sorted(found) == sorted(expected.values_list("pk", flat=True))
    assert len(found) == len(set(found))


def test_roadmap_rows_text_search(client):
    found = everything(client, "roadmap-rows", q="cybersecurity", action_line="C5")
    assert found
    assert {row["action_line"] for row in found} == {"C5"}


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"action_line": "C99"}, "action_line"),
        ({"section": "tunis"}, "section"),
        ({"sdg": "0"}, "sdg"),
        ({"initiative": "cis1"}, "initiative"),
    ],
)
def test_roadmap_rows_refuse_unknown_values(client, params, parameter):
    body = get_json(client, "/api/v1/roadmap-rows/", status=400, **params)
    assert list(body["errors"]) == [parameter]
