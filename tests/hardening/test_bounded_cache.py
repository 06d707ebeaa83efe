"""Memory stays bounded whatever addresses are asked: parameters a page does not
understand make no new entry, the in-process cache has an entry cap, and the Redis
configuration the portal ships caps its memory and evicts."""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.test import override_settings

from core.checks import redis_is_bounded

pytestmark = pytest.mark.django_db

REDIS_CONF = Path(settings.BASE_DIR) / "deploy" / "redis.conf"


def kept_responses() -> int:
    return sum(1 for key in cache._cache if "portal:response:" in key)


@pytest.mark.slow
def test_thousands_of_junk_parameters_leave_one_entry_per_page(client):
    pages = ["/", "/initiatives/?region=AMS", "/sdgs/9/", "/roadmaps/c2/"]
    for n in range(3000):
        page = pages[n % len(pages)]
        joiner = "&" if "?" in page else "?"
        response = client.get(f"{page}{joiner}junk{n}={n}&utm_source=x{n}")
        assert response.status_code == 200
    assert kept_responses() == len(pages)


def test_a_page_sees_only_what_it_understands_in_one_order(client):
    plain = client.get("/initiatives/?region=AMS&stage=draft")
    reordered = client.get("/initiatives/?stage=draft&utm_source=mail&region=AMS")
    assert reordered["ETag"] == plain["ETag"]
    assert reordered.content == plain.content
    # Not even the links of a page rendered for a junk address carry the junk.
    cache.clear()
    rendered = client.get("/initiatives/?utm_source=%3Cmail%3E&region=AMS&stage=draft")
    assert b"utm_source" not in rendered.content
    assert b"region=AMS" in rendered.content


def test_the_last_page_asked_is_the_page_shown(client):
    assert (
        client.get("/search/?q=digital&page=1&page=2").content
        == client.get("/search/?q=digital&page=2").content
    )


def test_the_in_process_cache_holds_at_most_its_entry_cap(client):
    assert settings.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"] == settings.PORTAL_CACHE_MAX_ENTRIES
    capped = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "capped",
            "OPTIONS": {"MAX_ENTRIES": 30},
        }
    }
    with override_settings(CACHES=capped):
        for n in range(150):
            # Every one a real, distinct list: a text filter with a word of its own.
            assert client.get(f"/api/v1/initiatives/?q=digital{n}").status_code == 200
        assert len(caches["default"]._cache) <= 30


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def shipped_redis(tmp_path):
    """A Redis started from deploy/redis.conf, with a small cap so that it fills fast."""
    server = shutil.which("redis-server")
    if server is None:
        message = "redis-server is not installed"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    process = subprocess.Popen(
        [
            server,
            str(REDIS_CONF),
            "--port",
            str(port),
            "--maxmemory",
            "4mb",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    try:
        yield url, client
    finally:
        process.terminate()
        process.wait(10)


def test_the_shipped_redis_configuration_caps_memory_and_evicts(shipped_redis):
    url, client = shipped_redis
    assert client.config_get("maxmemory-policy")["maxmemory-policy"] == "allkeys-lru"
    with override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        },
        REDIS_URL=url,
    ):
        assert redis_is_bounded() == []
        page = b"x" * 25_000
        for n in range(800):  # 20 MB written into a 4 MB cap
            caches["default"].set(f"portal:response:{n}", page, 3600)
        info = client.info()
        assert info["evicted_keys"] > 0
        assert info["used_memory"] <= 4 * 1024 * 1024 * 1.1
        # The newest entries are kept.
        assert caches["default"].get("portal:response:799") == page


def test_the_deployment_check_warns_of_a_redis_without_a_cap(shipped_redis):
    url, client = shipped_redis
    client.config_set("maxmemory", "0")
    client.config_set("maxmemory-policy", "noeviction")
    with override_settings(REDIS_URL=url):
        warnings = redis_is_bounded()
    assert [w.id for w in warnings] == ["portal.W001"]
    assert "no memory cap" in warnings[0].msg
    assert "noeviction" in warnings[0].msg


def test_the_deployment_check_warns_when_redis_cannot_be_asked():
    with override_settings(REDIS_URL=f"redis://127.0.0.1:{_free_port()}/0"):
        assert [w.id for w in redis_is_bounded()] == ["portal.W002"]
