"""Reads of the public surface from a read replica; everything else from the primary.

Active only when a replica is configured (`DATABASE_REPLICA_URL`: settings add the
"replica" alias, this router and its middleware). `ReplicaRoutingMiddleware` decides,
before anything reads the database, whether a request may read from the replica: an
anonymous GET or HEAD of a public address may; a write, the admin, and any request of a
signed-in editor (a session cookie: the public surface never sets one) may not, so an
editor reads their own save at once. Outside a request (loads, management commands)
nothing reads from the replica. Every write goes to the primary.

A replica that cannot be reached is left aside by the process for a few seconds and the
request reads from the primary (docs/decisions/0012-read-replica.md).
"""

import logging
import time
from contextvars import ContextVar
from functools import cache

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import DatabaseError
from django.urls import reverse

logger = logging.getLogger("portal.availability")

REPLICA = "replica"
# How long a process reads from the primary after failing to reach the replica (seconds):
# long enough not to try a stopped replica on every request, short enough to come back
# to it soon after it returns.
REPLICA_RETRY_AFTER = 5.0

_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_read_database: ContextVar[str] = ContextVar("read_database", default=DEFAULT_DB_ALIAS)
_replica_down_until = 0.0


def read_database() -> str:
    """The alias the current request (or command) reads from."""
    return _read_database.get()


class ReplicaRouter:
    """Reads to the database `ReplicaRoutingMiddleware` chose for the request; writes, and
    migrations, to the primary only (the replica follows it through streaming replication)."""

    def db_for_read(self, model, **hints):
        return _read_database.get()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's data: records read from either relate freely.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def may_read_from_replica(request) -> bool:
    """An anonymous read of a public address: what a replica a moment behind serves well."""
    return (
        request.method in _READ_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(_admin_prefix())
    )


@cache
def _admin_prefix() -> str:
    return reverse("admin:index")


def replica_reachable() -> bool:
    """Whether the replica answers now; remembered as down for REPLICA_RETRY_AFTER seconds.

    Connecting (or Django's health check of a kept connection) happens here rather than
    at the request's first query, so that a replica that is down costs one refused
    connection, not an error page. A refused connection on a private network takes well
    under a millisecond; `connect_timeout` bounds a replica that does not answer at all.
    """
    global _replica_down_until
    if time.monotonic() < _replica_down_until:
        return False
    replica = connections[REPLICA]
    try:
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except DatabaseError as error:
        _replica_down_until = time.monotonic() + REPLICA_RETRY_AFTER
        logger.warning(
            "Read replica unavailable (%s); reading from the primary for %.0f s.",
            type(error).__name__,
            REPLICA_RETRY_AFTER,
        )
        replica.close()
        return False
    return True


class ReplicaRoutingMiddleware:
    """Sets the database the request reads from, before the cached responses are looked up
    (their ETag reads the data version, which must come from where the content does)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        alias = REPLICA if may_read_from_replica(request) and replica_reachable() else None
        if alias is None:
            return self.get_response(request)
        token = _read_database.set(alias)
        try:
            return self.get_response(request)
        finally:
            _read_database.reset(token)
