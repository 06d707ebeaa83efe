"""With REDIS_URL, pages are kept in Redis, shared by every process, and a save makes
every process render afresh. Runs against the Redis server at 127.0.0.1:6379 (or
PORTAL_TEST_REDIS_URL); in CI a missing server fails the test."""

import os
import socket
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

from initiatives.models import Initiative

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_cache():
    if not _redis_answers():
        message = f"no Redis server answers at {REDIS_URL}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    prefix = f"portal-test-{uuid.uuid4().hex}"
    settings = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=settings):
        yield caches["default"]
        client = caches["default"]._cache.get_client(write=True)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


def test_pages_are_kept_in_redis_and_renewed_on_save(client, redis_cache):
    url = "/initiatives/2026-2029/ams4/"
    first = client.get(url)
    assert first.status_code == 200
    client_side = redis_cache._cache.get_client(write=False)
    keys = list(client_side.scan_iter(f"{redis_cache.key_prefix}:*portal:response:*"))
    assert len(keys) == 1
    # Another process (its own empty memory) reads the same rendered page.
    assert client.get(url).content == first.content
    initiative = Initiative.objects.get(slug="2026-2029-ams4")
    initiative.title = "A title corrected in the admin"
    initiative.save()
    assert "A title corrected in the admin" in client.get(url).content.decode()
    keys = list(client_side.scan_iter(f"{redis_cache.key_prefix}:*portal:response:*"))
    assert len(keys) == 2


def test_health_names_the_redis_cache(client, redis_cache):
    body = client.get("/health/").json()
    assert body["cache"]["status"] == "ok"
    assert body["cache"]["backend"] == "RedisCache"
