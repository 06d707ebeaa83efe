"""What the frame of every page (templates/base.html) builds from the page's own values."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def breadcrumb_items(breadcrumbs) -> SafeString:
    """The trail's items after "Home": each a link, the last one (no address) the page's
    own name. A crumb is a dict of `label`, and `url` and `lang` when it has them."""
    items = []
    for crumb in breadcrumbs:
        language = crumb.get("lang")
        lang = format_html(' lang="{}"', language) if language else ""
        if crumb.get("url"):
            item = format_html('<a href="{}"{}>{}</a>', crumb["url"], lang, crumb["label"])
        else:
            item = format_html('<span aria-current="page"{}>{}</span>', lang, crumb["label"])
        items.append(format_html("\n      <li>{}</li>\n      ", item))
    return mark_safe("".join(items))  # each item escaped by format_html
