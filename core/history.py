"""The change history of the curated records (django-simple-history), in batches.

Every curated model keeps `history = recorded_history()`: each save and delete writes a
historical row holding the record's values after it, when, who (the admin user; none for
a load) and a note (`history_change_reason`: "load_portal_data" for a load, "admin" for
an admin request, unless the saving code gave its own). Rows also carry the `batch` of
the changes made together: one per load of the fixtures, one per admin request (the
request `simple_history.middleware.HistoryRequestMiddleware` exposes), else one per save.

Batch ids are UUIDs of version 7 (RFC 9562), which begin with the time: they sort in the
order the batches began, so a list of batches, newest first, is ordered by its ids.
"""

import secrets
import threading
import time
import uuid

from django.db import models
from simple_history.models import HistoricalRecords
from simple_history.signals import (
    post_create_historical_record,
    pre_create_historical_record,
)

from core.loading import current_load, is_loading

LOAD_REASON = "load_portal_data"
RESTORE_REASON = "restore_portal_data"
ADMIN_REASON = "admin"

_clock = threading.Lock()
_last: list[int] = [0, 0]  # the millisecond of the last id made, and its counter


def new_batch_id() -> uuid.UUID:
    """A UUID version 7: 48 bits of Unix time in milliseconds, then a counter (12 bits,
    RFC 9562's method 1) so that the ids one process makes keep their order within a
    millisecond, then 62 random bits."""
    with _clock:
        now = time.time_ns() // 1_000_000
        millisecond, counter = _last
        if now > millisecond:
            millisecond, counter = now, secrets.randbits(8)
        elif counter < 0xFFF:
            counter += 1
        else:  # 4096 ids in one millisecond: borrow the next one
            millisecond, counter = millisecond + 1, 0
        _last[:] = [millisecond, counter]
    value = (millisecond & (1 << 48) - 1) << 80
    value |= 0x7 << 76 | counter << 64 | 0b10 << 62 | secrets.randbits(62)
    return uuid.UUID(int=value)


class BatchedHistory(models.Model):
    """What every historical row adds to django-simple-history's: its batch."""

    batch = models.UUIDField(
        default=new_batch_id,
        editable=False,
        db_index=True,
        help_text="The changes made together (one load, one admin request, one save).",
    )

    class Meta:
        abstract = True


def recorded_history(**options) -> HistoricalRecords:
    """The history of a curated model: every save and delete, in batches."""
    return HistoricalRecords(bases=[BatchedHistory], **options)


def _batch_of_this_load() -> uuid.UUID:
    """The batch of the load under way, made at its first recorded change: a load that is
    refused and rolled back takes its rows, and its batch, with it."""
    load = current_load()
    if load is None:
        return new_batch_id()
    if load.history_batch is None:
        load.history_batch = new_batch_id()
    return load.history_batch


def _batch_of_request(request) -> uuid.UUID:
    batch = getattr(request, "history_batch", None)
    if batch is None:
        batch = request.history_batch = new_batch_id()
    return batch


def stamp_batch(sender, history_instance, **kwargs) -> None:
    """Before a historical row is written: its batch, and the note of a load or a request."""
    if not issubclass(sender, BatchedHistory):
        return
    request = getattr(HistoricalRecords.context, "request", None)
    if is_loading():
        history_instance.batch = _batch_of_this_load()
        default_reason = LOAD_REASON
    elif request is not None:
        history_instance.batch = _batch_of_request(request)
        default_reason = ADMIN_REASON
    else:
        return
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = default_reason


def drop_unchanged(sender, history_instance, **kwargs) -> None:
    """A save that changed nothing (an editor saving an untouched form in the admin) is no
    change: its historical row goes, so that every row the history keeps is one."""
    if not issubclass(sender, BatchedHistory) or history_instance.history_type != "~":
        return
    previous = history_instance.prev_record
    if previous is not None and not history_instance.diff_against(previous).changes:
        history_instance.delete()


def connect() -> None:
    pre_create_historical_record.connect(stamp_batch, dispatch_uid="core.history.batch")
    post_create_historical_record.connect(drop_unchanged, dispatch_uid="core.history.unchanged")
