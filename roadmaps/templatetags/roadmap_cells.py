"""Rendering the rich cells of a roadmap row."""

import re

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def rich_cell(value: str) -> str:
    # Cells are stored sanitised: RoadmapRow.save and the loader pass them through the
    # allow-list, a restore refuses a backup holding one the sanitiser would change, and
    # `check_data` reports any. Sanitising again here cost 40% of a roadmap page.
    return mark_safe(value or "")  # noqa: S308


# The block elements the sanitiser allows (it leaves them without attributes), and the
# span each becomes where only phrasing content may stand: a row's outcome is shown in
# its <summary>, which may not hold paragraphs or lists. The styles keep them blocks.
_BLOCK_TAG = re.compile(r"<(/?)(p|ul|ol|li)>")


@register.filter
def rich_phrasing(value: str) -> str:
    return mark_safe(  # noqa: S308 - stored sanitised, as above; only tag names change
        _BLOCK_TAG.sub(
            lambda tag: "</span>" if tag[1] else f'<span class="rich-{tag[2]}">', value or ""
        )
    )
