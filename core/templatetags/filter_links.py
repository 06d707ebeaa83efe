"""Addresses built from a page's filters, for links that carry them elsewhere (the API)."""

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.filter
def filter_query(filterset) -> str:
    """The query string of the filters a filter set was given, its own parameters only
    (not the page number, nor a page's display options), blanks left out: what the API
    list with the same filter set takes."""
    data = filterset.form.data
    pairs = [
        (name, value)
        for name in filterset.filters
        for value in (data.getlist(name) if hasattr(data, "getlist") else [data.get(name)])
        if value not in (None, "")
    ]
    return urlencode(pairs)
