"""Rendering the rich cells of a roadmap row."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def rich_cell(value: str) -> str:
    # Cells are stored sanitised: RoadmapRow.save and the loader pass them through the
    # allow-list, a restore refuses a backup holding one the sanitiser would change, and
    # `check_data` reports any. Sanitising again here cost 40% of a roadmap page.
    return mark_safe(value or "")  # noqa: S308
