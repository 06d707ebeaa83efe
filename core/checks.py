"""Deployment checks of the portal's own (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Policies under which a full Redis refuses writes, or evicts only what has an expiry
# (every entry of the portal has one, but the throttle's counters are the first to go).
_UNBOUNDED = {"noeviction"}


@register(Tags.caches, deploy=True)
def redis_is_bounded(app_configs=None, **kwargs):
    """The shared cache keeps one entry per distinct address asked: its server must have a
    memory cap and forget entries when full (deploy/redis.conf)."""
    if not settings.REDIS_URL:
        return []
    try:
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
        config = client.config_get("maxmemory*")
    except Exception as error:  # unreachable, or CONFIG refused by a managed service
        return [
            Warning(
                "Could not read the memory cap of the Redis at REDIS_URL "
                f"({type(error).__name__}).",
                hint="Make sure it has maxmemory and an eviction policy (deploy/redis.conf).",
                id="portal.W002",
            )
        ]
    problems = []
    if int(config.get("maxmemory") or 0) == 0:
        problems.append("no memory cap (maxmemory 0)")
    if config.get("maxmemory-policy") in _UNBOUNDED:
        problems.append("refuses writes when full (maxmemory-policy noeviction)")
    if not problems:
        return []
    return [
        Warning(
            f"The Redis at REDIS_URL has {' and '.join(problems)}.",
            hint="Set maxmemory and maxmemory-policy allkeys-lru (deploy/redis.conf).",
            id="portal.W001",
        )
    ]
