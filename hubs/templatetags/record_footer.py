"""What every page and record page says of the data: when the data last changed (the
site's footer), and the address that reports an error in a record (a record's footer,
`templates/includes/record_footer.html`)."""

from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.db import DatabaseError

from core.models import DataVersion

register = template.Library()


@register.simple_tag
def data_last_changed():
    """When the curated data last changed; no query, read with the data version. The error
    pages show this footer too, the database unreachable one among them: without it, the
    footer says nothing of the data."""
    try:
        return DataVersion.last_changed()
    except DatabaseError:
        return None


@register.simple_tag(takes_context=True)
def report_error_url(context, record, title: str = "") -> str:
    """PORTAL_FEEDBACK_ADDRESS, with the record's title as subject and its absolute
    address in the body: a mailto: opens a message ready to write, a form gets both."""
    request = context.get("request")
    path = record.get_absolute_url()
    address = request.build_absolute_uri(path) if request is not None else path
    name = title or str(record)
    query = urlencode(
        {
            "subject": f"Error in {name}"[:200],
            "body": f"Record: {address}\n\nWhat is wrong, and where it is:\n",
        },
        quote_via=quote,
    )
    base = settings.PORTAL_FEEDBACK_ADDRESS
    return f"{base}{'&' if '?' in base else '?'}{query}"
