"""Keeping the index current: rebuilt when the curated data loads, refreshed on every save."""

from django.db.models.signals import post_delete, post_save

from search import indexing, registry


def rebuild_after_loading(sender, report=lambda line: None, **kwargs):
    indexing.rebuild(report=report)


def _refresher(registration: registry.Registration, affected_ids):
    def refresh(sender, instance, raw=False, **kwargs):
        # Fixtures loaded raw (loaddata) may refer to rows not loaded yet; the index is
        # rebuilt after loading instead.
        if raw:
            return
        indexing.refresh(registration.kind, affected_ids(instance))

    return refresh


def connect() -> None:
    from sources.loading import portal_data_loaded

    portal_data_loaded.connect(rebuild_after_loading, dispatch_uid="search.rebuild_after_loading")
    for registration in registry.registrations():
        for model, affected_ids in registration.refreshed_by.items():
            receiver = _refresher(registration, affected_ids)
            uid = f"search.refresh.{registration.kind}.{model._meta.label_lower}"
            # weak=False: the receiver is a closure that nothing else keeps alive.
            post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ".delete")
