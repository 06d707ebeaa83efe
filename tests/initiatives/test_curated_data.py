"""The curated initiatives say what the documents say, including where they were damaged."""

import pytest

from frameworks.models import Provenance
from initiatives.models import Initiative

pytestmark = pytest.mark.django_db


def test_adopted_americas_initiatives_link_their_rpm_drafts():
    links = dict(
        Initiative.objects.adopted().filter(region__code="AMS").values_list("slug", "draft__slug")
    )
    assert links == {f"2026-2029-ams{n}": f"2026-2029-ams{n}-draft" for n in range(1, 6)}


def test_slugs_follow_cycle_code_and_stage():
    assert Initiative.objects.get(cycle__slug="2023-2025", code="CIS3").slug == "2023-2025-cis3"
    assert Initiative.objects.get(code="EUR5", stage="draft").slug == "2026-2029-eur5-draft"


def test_europe_drafts_carry_their_stated_alignments_as_source():
    eur2 = Initiative.objects.get(slug="2026-2029-eur2-draft")
    links = {
        "sdgs": sorted(
            eur2.sdg_links.filter(provenance="source").values_list("sdg__number", "provenance")
        ),
        "action_lines": sorted(
            eur2.action_line_links.filter(provenance="source").values_list(
                "action_line__code", "provenance"
            )
        ),
        "gdc": sorted(
            eur2.gdc_links.filter(provenance="source").values_list(
                "objective__number", "provenance"
            )
        ),
    }
    assert links == {
        "sdgs": [(2, "source"), (3, "source"), (4, "source"), (9, "source"), (11, "source")],
        "action_lines": [("C1", "source"), ("C11", "source"), ("C7", "source")],
        "gdc": [(4, "source"), (5, "source")],
    }
    eur5 = Initiative.objects.get(slug="2026-2029-eur5-draft")
    assert sorted(
        eur5.action_line_links.filter(provenance="source").values_list(
            "action_line__number", flat=True
        )
    ) == [
        1,
        4,
        5,
        6,
        7,
        11,
    ]
    assert (
        Initiative.objects.exclude(region__code="EUR")
        .filter(sdg_links__provenance=Provenance.SOURCE)
        .count()
        == 0
    )


def test_europe_titles_and_objectives_are_split_where_the_report_fused_them():
    eur1 = Initiative.objects.get(slug="2026-2029-eur1-draft")
    assert eur1.title == "Digital infrastructure development"
    assert eur1.objective.startswith("Objective of this initiative is to facilitate the attainment")
    assert eur1.results_intro == "Assistance to the countries in need in the following areas:"
    assert "title and objective on one line" in eur1.curation_note


def test_the_inline_footnote_is_attached_to_its_result_and_removed_from_the_text():
    result = Initiative.objects.get(slug="2026-2029-ams1-draft").expected_results.get(number=1)
    assert "[footnoteRef" not in result.text
    assert "for developing countries, including support" in result.text
    assert list(result.footnotes.values_list("marker", "text")) == [
        (
            "1",
            "These include the least developed countries, small island developing states, "
            "landlocked developing countries and countries with economies in transition.",
        ),
    ]


def test_results_that_lost_their_number_are_restored_from_the_draft_with_a_note():
    ams4 = Initiative.objects.get(slug="2026-2029-ams4")
    restored = ams4.expected_results.get(number=4)
    assert restored.text.startswith("Promote human-capacity development")
    assert "RPM draft of AMS4" in restored.curation_note
    ams5 = Initiative.objects.get(slug="2026-2029-ams5").expected_results.get(number=5)
    assert ams5.text.startswith("Support for the establishment of national e-waste")


def test_a_result_split_into_two_paragraphs_is_one_result():
    result = Initiative.objects.get(slug="2026-2029-ams2").expected_results.get(number=1)
    assert (
        "capacity-building programmes and platforms to enhance overall digital literacy"
        in result.text
    )
    assert result.curation_note


def test_sub_items_keep_their_order_and_letters():
    result = Initiative.objects.get(slug="2026-2029-ams4").expected_results.get(number=1)
    assert [(s.order, s.label, s.text[:30]) for s in result.subitems.all()] == [
        (1, "a", "Development of national cybers"),
        (2, "b", "Technical assistance, training"),
    ]


def test_unlabelled_cis_draft_objectives_are_kept_with_a_note():
    cis1 = Initiative.objects.get(slug="2026-2029-cis1-draft")
    assert cis1.objective.startswith(
        "The need to bridge the digital divide in terms of the technical"
    )
    assert 'no "Objective:" label' in cis1.curation_note


def test_the_cis_page_labels_are_kept_as_printed():
    assert list(
        Initiative.objects.filter(cycle__slug="2023-2025").values_list("code", "label_as_printed")
    ) == [(f"CIS{n}", f"RI {n}") for n in range(1, 6)]


def test_the_detail_queryset_reads_an_initiative_in_a_fixed_number_of_queries(
    django_assert_num_queries,
):
    # 1 initiative with cycle, region, source, draft and adopted version; 2 results;
    # 3 sub-items; 4 footnotes; 5 SDG links; 6 action-line links; 7 GDC links;
    # 8 roadmap citations with their rows; 9 related initiatives.
    for slug in ("2026-2029-afr1-draft", "2026-2029-eur2-draft"):
        with django_assert_num_queries(9):
            initiative = Initiative.objects.for_detail().get(slug=slug)
            for result in initiative.expected_results.all():
                list(result.subitems.all())
                list(result.footnotes.all())
            [link.sdg.number for link in initiative.sdg_links.all()]
            [link.action_line.code for link in initiative.action_line_links.all()]
            [link.objective.number for link in initiative.gdc_links.all()]
            str(initiative.source), initiative.region.name, initiative.cycle.slug
