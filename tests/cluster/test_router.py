"""Which database the router sends each request's reads to (core/routers.py); the same
choices against a real replica are in test_read_replica.py."""

import pytest
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpResponse
from django.test import RequestFactory

from core import routers
from core.models import DataVersion
from tests.test_settings import run_django


def read_from(request, reachable: bool = True, monkeypatch=None) -> str:
    seen = []
    middleware = routers.ReplicaRoutingMiddleware(
        lambda request: (
            seen.append(routers.ReplicaRouter().db_for_read(DataVersion)) or HttpResponse()
        )
    )
    monkeypatch.setattr(routers, "replica_reachable", lambda: reachable)
    middleware(request)
    return seen[0]


@pytest.mark.parametrize("path", ["/", "/initiatives/2026-2029/ams4/", "/api/v1/initiatives/"])
def test_an_anonymous_read_of_a_public_address_reads_the_replica(path, monkeypatch):
    assert read_from(RequestFactory().get(path), monkeypatch=monkeypatch) == routers.REPLICA


def test_a_head_request_reads_the_replica_too(monkeypatch):
    assert read_from(RequestFactory().head("/"), monkeypatch=monkeypatch) == routers.REPLICA


def test_a_write_reads_the_primary(monkeypatch):
    assert read_from(RequestFactory().post("/api/v1/initiatives/"), monkeypatch=monkeypatch) == (
        DEFAULT_DB_ALIAS
    )


def test_the_admin_reads_the_primary(monkeypatch):
    request = RequestFactory().get("/admin/initiatives/initiative/")
    assert read_from(request, monkeypatch=monkeypatch) == DEFAULT_DB_ALIAS


def test_a_signed_in_editor_reads_the_primary_on_public_pages_too(monkeypatch, settings):
    request = RequestFactory().get("/initiatives/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "an-editors-session"
    assert read_from(request, monkeypatch=monkeypatch) == DEFAULT_DB_ALIAS


def test_an_unreachable_replica_leaves_the_reads_to_the_primary(monkeypatch):
    request = RequestFactory().get("/")
    assert read_from(request, reachable=False, monkeypatch=monkeypatch) == DEFAULT_DB_ALIAS


def test_outside_a_request_reads_and_writes_go_to_the_primary():
    router = routers.ReplicaRouter()
    assert router.db_for_read(DataVersion) == DEFAULT_DB_ALIAS
    assert router.db_for_write(DataVersion) == DEFAULT_DB_ALIAS
    assert routers.read_database() == DEFAULT_DB_ALIAS


def test_writes_and_migrations_go_to_the_primary_even_during_a_public_read(monkeypatch):
    router = routers.ReplicaRouter()
    seen = []
    monkeypatch.setattr(routers, "replica_reachable", lambda: True)
    routers.ReplicaRoutingMiddleware(
        lambda request: (
            seen.append(
                (router.db_for_write(DataVersion), router.allow_migrate(routers.REPLICA, "core"))
            )
            or HttpResponse()
        )
    )(RequestFactory().get("/"))
    assert seen == [(DEFAULT_DB_ALIAS, False)]
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "core") is True


def test_a_replica_url_adds_the_replica_the_router_and_its_middleware():
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['replica']['PORT'], s.DATABASES['replica']['TEST']['MIRROR'], "
        "s.DATABASE_ROUTERS, s.MIDDLEWARE.index('core.routers.ReplicaRoutingMiddleware') "
        "+ 1 == s.MIDDLEWARE.index('core.middleware.CachedResponseMiddleware'))"
    )
    result = run_django(
        {
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/portal",
            "DATABASE_REPLICA_URL": "postgres://postgres@127.0.0.1:5433/portal",
        },
        "shell",
        "-c",
        code,
    )
    assert result.stdout.split("\n")[-2] == ("5433 default ['core.routers.ReplicaRouter'] True"), (
        result.stderr
    )


def test_without_a_replica_url_there_is_no_router():
    code = "from django.conf import settings as s; print(list(s.DATABASES), s.DATABASE_ROUTERS)"
    result = run_django({"DJANGO_DEBUG": "1"}, "shell", "-c", code)
    assert result.stdout.split("\n")[-2] == "['default'] []", result.stderr


def test_a_replica_of_sqlite_is_refused():
    result = run_django(
        {"DJANGO_DEBUG": "1", "DATABASE_REPLICA_URL": "postgres://postgres@127.0.0.1/portal"},
        "check",
    )
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL needs PostgreSQL" in result.stderr
