"""Keeping what derives from the whole data current: its version, and the download files.

Every save or delete of a portal record raises the data version (conditional GETs compare
it). A load writes through saves and deletes too, so a load that changes something raises
it, and a load that changes nothing leaves it, and every cached response valid. Once a load
has committed, the downloads are written again.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from sources.models import DataVersion

# The apps whose records make up the knowledge base.
PORTAL_APPS = {"frameworks", "sources", "regions", "initiatives", "roadmaps"}


def record_changed(sender, **kwargs):
    if sender._meta.app_label in PORTAL_APPS and sender is not DataVersion:
        DataVersion.bump()


def data_loaded(sender, report=lambda line: None, **kwargs):
    # After the commit: the files must never show data that a failed load rolled back.
    transaction.on_commit(lambda: export_after_loading(report))


def export_after_loading(report) -> None:
    from downloads.exports import export

    report("Writing the downloads ...")
    try:
        export(report=report)
    except OSError as error:
        # The data is loaded; only its copies are stale, and the downloads page says so.
        report(f"  downloads NOT written: {error}")


def connect() -> None:
    from sources.loading import portal_data_loaded

    post_save.connect(record_changed, dispatch_uid="downloads.record_saved")
    post_delete.connect(record_changed, dispatch_uid="downloads.record_deleted")
    portal_data_loaded.connect(data_loaded, dispatch_uid="downloads.data_loaded")
