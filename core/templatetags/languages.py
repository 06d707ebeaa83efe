"""Addresses in the page's language, for those stored in English (the search index's)."""

from django import template
from django.utils.translation import get_language

from core.languages import DEFAULT, path_in

register = template.Library()


@register.filter
def in_page_language(path: str) -> str:
    """The page at `path` (an English address of the portal) in the language being shown."""
    return path_in(path, get_language() or DEFAULT) if path.startswith("/") else path
