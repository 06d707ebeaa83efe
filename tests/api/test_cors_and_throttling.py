"""Other sites' browsers may read the API; no key is needed; a flood is answered 429."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

pytestmark = pytest.mark.django_db

ORIGIN = "https://data.example.org"


def test_a_browser_on_another_site_may_read_the_api(client):
    response = client.get("/api/v1/regions/", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    exposed = response["Access-Control-Expose-Headers"].lower()
    for header in ("etag", "retry-after", "link", "ratelimit-remaining", "ratelimit-reset"):
        assert header in exposed, header


def test_a_preflight_for_a_conditional_get_is_allowed(client):
    response = client.options(
        "/api/v1/initiatives/",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "if-none-match" in response["Access-Control-Allow-Headers"]


def test_the_downloads_may_be_read_from_another_site_too(client):
    response = client.get("/downloads/", headers={"Origin": ORIGIN})
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_pages_do_not_open_to_other_sites(client):
    response = client.get("/regions/", headers={"Origin": ORIGIN})
    assert "Access-Control-Allow-Origin" not in response


def test_reading_needs_no_key_nor_cookie(client):
    response = client.get("/api/v1/initiatives/")
    assert response.status_code == 200
    assert not response.cookies


def with_rate(rate: str):
    return override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": rate}}
    )


def computed(n: int) -> str:
    """A distinct address, so that its answer must be computed, not taken from the cache."""
    return f"/api/v1/regions/?page_size={n}"


def test_too_many_requests_are_answered_429_with_retry_after(client):
    with with_rate("3/minute"):
        statuses = [client.get(computed(n)).status_code for n in range(1, 5)]
        response = client.get("/api/v1/sdgs/")
    assert statuses == [200, 200, 200, 429]
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"].lower()


def test_the_throttle_counts_each_client_apart(client):
    with with_rate("2/minute"):
        for n in range(1, 3):
            client.get(computed(n), REMOTE_ADDR="192.0.2.1")
        assert client.get(computed(3), REMOTE_ADDR="192.0.2.1").status_code == 429
        assert client.get(computed(4), REMOTE_ADDR="192.0.2.2").status_code == 200


def test_answers_from_the_cache_are_not_counted(client):
    # A kept response or a 304 costs what a static file costs; only work is rationed.
    with with_rate("2/minute"):
        first = client.get("/api/v1/regions/")
        for _ in range(5):
            assert client.get("/api/v1/regions/").content == first.content
            assert (
                client.get("/api/v1/regions/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
            )
        assert client.get(computed(1)).status_code == 200
        assert client.get(computed(2)).status_code == 429


def test_the_default_rate_is_generous():
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]
    count, period = rate.split("/")
    assert period.startswith("m")
    assert int(count) >= 600


@pytest.mark.parametrize("rate", ["lots", "600", "600/fortnight", "0/minute"])
def test_a_malformed_rate_in_the_environment_stops_the_start(rate):
    environment = {**os.environ, "DJANGO_API_THROTTLE_RATE": rate, "DJANGO_DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_API_THROTTLE_RATE" in result.stderr
