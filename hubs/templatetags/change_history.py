"""`{% last_changed KIND ID %}`: when a record or one of its parts last changed, linked to
its changes. For the pages of the records `/changes/?record=` names (an initiative, a
roadmap), whose templates load this library: the hub that spans the knowledge base
answers for every app below it."""

from django import template

from hubs.changes import ChangeFilters, ChangeLog

register = template.Library()


@register.inclusion_tag("hubs/last_changed.html")
def last_changed(kind: str, key: int) -> dict:
    """One query: the newest change readers may see of the record and its parts."""
    found = ChangeLog(ChangeFilters(record=(kind, key))).latest()
    return {"last_changed": found, "record": f"{kind}:{key}"}
