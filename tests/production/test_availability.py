"""When the database cannot be reached the portal says so (503, no traceback) and comes
back by itself when it answers again; the health check reports both states."""

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


class DatabaseDown:
    """Every query fails as it does when the server is stopped."""

    def __call__(self, execute, sql, params, many, context):
        raise OperationalError(
            'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
        )

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)


def test_health_reports_the_database_and_the_cache(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["vendor"] == connection.vendor
    assert body["database"]["data_version"] > 0
    assert body["cache"] == {**body["cache"], "status": "ok", "backend": "LocMemCache"}
    assert "no-cache" in response["Cache-Control"]


def test_health_is_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/").status_code == 200
    assert client.get("/").status_code == 301


@pytest.mark.parametrize(
    "url", ["/", "/initiatives/2026-2029/ams4/", "/sdgs/9/", "/search/?q=satellite"]
)
def test_a_page_answers_503_with_a_clear_page_then_recovers(client, url):
    with DatabaseDown():
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "The portal is temporarily unavailable" in page
    assert "Traceback" not in page
    assert "OperationalError" not in page
    assert client.get(url).status_code == 200


def test_the_api_answers_503_in_json_then_recovers(client):
    with DatabaseDown():
        response = client.get("/api/v1/initiatives/?region=AMS")
    assert response.status_code == 503
    assert response.json() == {"detail": "The database is unavailable; please try again shortly."}
    assert client.get("/api/v1/initiatives/?region=AMS").status_code == 200


def test_health_reports_an_unreachable_database(client):
    with DatabaseDown():
        response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"]["status"] == "unavailable"
    # The kind of error, not its text (which names the database's host and port).
    assert body["database"]["error"] == "OperationalError"
    assert "127.0.0.1" not in response.content.decode()
    assert client.get("/health/").json()["status"] == "ok"


def test_a_cached_page_still_needs_the_database(client):
    # The data version is read for every page, so a page in the cache is not served
    # stale-but-unverified while the database is away: it answers 503 too.
    assert client.get("/regions/").status_code == 200
    with DatabaseDown():
        assert client.get("/regions/").status_code == 503


def test_the_api_stays_up_when_the_cache_is_down(client, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    def broken(*args, **kwargs):
        raise ConnectionError("cache server gone")

    monkeypatch.setattr(SimpleRateThrottle.cache, "get", broken)
    monkeypatch.setattr(SimpleRateThrottle.cache, "set", broken)
    response = client.get("/api/v1/initiatives/?region=AMS")
    assert response.status_code == 200
    assert response.json()["count"] == 10
    health = client.get("/health/").json()
    assert health["status"] == "ok"
    assert health["cache"]["status"] == "unavailable"
    assert health["cache"]["error"] == "ConnectionError"


def test_the_server_error_handler_answers_503_for_an_unreachable_database(rf):
    from core.views import server_error

    request = rf.get("/regions/")
    try:
        raise OperationalError("could not connect to server: Connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert "The portal is temporarily unavailable" in response.content.decode()
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
