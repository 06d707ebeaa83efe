"""The version of the curated data as a whole, which every cached response depends on."""

import time
from datetime import datetime

from django.db import models
from django.utils import timezone


class DataVersion(models.Model):
    """A counter raised whenever the curated data changes.

    Conditional GETs of the API and the pages derive their ETag from it, so a request can
    be answered 304 without building its body. A single row, pk 1.
    """

    # The last version this process read, when (time.monotonic()), and when it changed.
    _last_read: tuple[float, int, datetime | None] | None = None

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table the sources app created before the version moved here: kept, with its row.
        db_table = "sources_dataversion"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="data_version_is_a_singleton"),
        ]

    def __str__(self):
        return f"data version {self.version}"

    @classmethod
    def current(cls, max_age: float = 0) -> int:
        """The version; with `max_age`, the one this process read less than that many
        seconds ago, if any. A change made by this process is seen at once, one made by
        another process (a load, another worker's save) within `max_age`."""
        last = cls._last_read
        if max_age > 0 and last is not None and time.monotonic() - last[0] < max_age:
            return last[1]
        version, changed_at = cls.objects.filter(pk=1).values_list(
            "version", "changed_at"
        ).first() or (0, None)
        cls._last_read = (time.monotonic(), version, changed_at)
        return version

    @classmethod
    def last_changed(cls) -> datetime | None:
        """When the data last changed, read with the version (`current()`): every page
        reads the version first, for its ETag, and shows this in its footer at no cost."""
        if cls._last_read is None:
            cls.current()
        return cls._last_read[2] if cls._last_read is not None else None

    @classmethod
    def bump(cls) -> None:
        cls._last_read = None
        now = timezone.now()
        if not cls.objects.filter(pk=1).update(version=models.F("version") + 1, changed_at=now):
            cls.objects.get_or_create(pk=1, defaults={"version": 1, "changed_at": now})


class LoadedRecord(models.Model):
    """What the last load wrote for one record: the values its fixture gave.

    The next load compares the database with them: a value that differs was changed
    since, in the admin, and the load refuses to overwrite it unless the fixture already
    holds the change (`core.loading`).
    """

    model = models.CharField(max_length=100, help_text="app_label.model_name")
    identity = models.TextField(help_text="The record's lookup in its fixture, as JSON.")
    values = models.JSONField(help_text="The fields the fixture set, as loaded.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "identity"], name="unique_loaded_record"),
        ]

    def __str__(self):
        return f"{self.model} {self.identity}"
