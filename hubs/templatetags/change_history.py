"""`{% last_changed KIND ID %}`: when a record or one of its parts last changed, linked to
its changes. For the pages of the records `/changes/?record=` names (an initiative, a
roadmap), whose templates load this library: the hub that spans the knowledge base
answers for every app below it."""

from django import template

from core.conditional import kept_for_data
from hubs.changes import ChangeFilters, ChangeLog

register = template.Library()


@register.inclusion_tag("hubs/last_changed.html", takes_context=True)
def last_changed(context, kind: str, key: int) -> dict:
    """One query per data version: the newest change readers may see of the record and
    its parts."""
    found = kept_for_data(
        context.get("request"),
        "last-changed",
        (kind, key),
        ChangeLog(ChangeFilters(record=(kind, key))).latest,
    )
    return {"last_changed": found, "record": f"{kind}:{key}"}
