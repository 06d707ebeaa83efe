"""Rendering the rich cells of a roadmap row."""

from django import template
from django.utils.safestring import mark_safe

from roadmaps.sanitise import sanitise

register = template.Library()


@register.filter
def rich_cell(value: str) -> str:
    # Cells are sanitised when stored; sanitising again on output means a cell written
    # around the model (a bulk update, a restored dump) still cannot inject markup.
    return mark_safe(sanitise(value or ""))  # noqa: S308
