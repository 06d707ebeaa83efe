"""Counts of what is aligned to each SDG and action line, as the home page and /sdgs/ show them."""

import pytest
from django.db.models import Count

from frameworks.models import SDG, ActionLine

pytestmark = pytest.mark.django_db


def test_action_line_counts_agree_with_a_plain_count_including_zero():
    counted = {
        line.code: (line.initiative_count, line.row_count)
        for line in ActionLine.objects.with_counts(
            initiative_count="initiative_links__initiative", row_count="roadmap__rows"
        )
    }
    expected = {
        line.code: (
            ActionLine.objects.filter(pk=line.pk).aggregate(
                n=Count("initiative_links__initiative", distinct=True)
            )["n"],
            line.roadmap.rows.count() if hasattr(line, "roadmap") else 0,
        )
        for line in ActionLine.objects.select_related("roadmap")
    }
    assert counted == expected
    assert counted["C2"][1] > 0
    assert counted["C1"][1] == 0  # C1 has no roadmap


def test_sdg_counts_agree_with_a_plain_count():
    counted = {
        sdg.number: (sdg.initiative_count, sdg.row_count)
        for sdg in SDG.objects.with_counts(
            initiative_count="initiative_links__initiative", row_count="roadmap_row_links__row"
        )
    }
    expected = {
        sdg.number: (
            sdg.initiative_links.values("initiative").distinct().count(),
            sdg.roadmap_row_links.values("row").distinct().count(),
        )
        for sdg in SDG.objects.all()
    }
    assert counted == expected
    assert 0 in {initiatives for initiatives, _ in counted.values()} | {
        rows for _, rows in counted.values()
    }


def test_counting_from_a_field_that_is_no_reverse_relation_is_refused():
    with pytest.raises(ValueError, match="number: counts start from a reverse relation"):
        ActionLine.objects.with_counts(wrong="number")
