"""Keeping the index current: rebuilt when the curated data loads, refreshed on every save
made outside a load."""

from django.db.models.signals import post_delete, post_save

from core.loading import is_loading, portal_data_loaded
from search import indexing, registry


def rebuild_after_loading(sender, report=lambda line: None, **kwargs):
    indexing.rebuild(report=report)


def _refresher(registration: registry.Registration, affected_ids):
    def refresh(sender, instance, raw=False, **kwargs):
        # Fixtures loaded raw (loaddata) may refer to rows not loaded yet, and a load
        # rebuilds the whole index once it is done: each record is indexed once.
        if raw or is_loading():
            return
        indexing.refresh(registration.kind, affected_ids(instance))

    return refresh


def connect() -> None:
    portal_data_loaded.connect(rebuild_after_loading, dispatch_uid="search.rebuild_after_loading")
    for registration in registry.registrations():
        for model, affected_ids in registration.refreshed_by.items():
            receiver = _refresher(registration, affected_ids)
            uid = f"search.refresh.{registration.kind}.{model._meta.label_lower}"
            # weak=False: the receiver is a closure that nothing else keeps alive.
            post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ".delete")
