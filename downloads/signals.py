"""Keeping the download files current: written again once a load, or an editor's save,
has committed."""

from django.db import transaction

from core.loading import portal_data_edited, portal_data_loaded


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
    portal_data_loaded.connect(data_loaded, dispatch_uid="downloads.data_loaded")
    portal_data_edited.connect(data_loaded, dispatch_uid="downloads.data_edited")
