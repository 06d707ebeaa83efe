"""A comparable picture of everything in the knowledge base, for before/after tests."""

from django.apps import apps
from django.conf import settings
from simple_history.models import HistoricalChanges

# The knowledge base, and the version it is at.
PORTAL_APPS = [*settings.PORTAL_DATA_APPS, "core"]


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every portal model, as sorted tuples of all its field values."""
    picture = {}
    for label in PORTAL_APPS:
        for model in apps.get_app_config(label).get_models():
            if issubclass(model, HistoricalChanges):
                continue  # the record of changes, not content (core/history.py)
            names = [f.attname for f in model._meta.concrete_fields]
            rows = model._default_manager.order_by("pk").values_list(*names)
            picture[model._meta.label] = [tuple(map(repr, row)) for row in rows]
    return picture
