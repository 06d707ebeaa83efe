"""Every address of the public surface, asked with every method and with hostile Host and
header values, gets a deliberate answer: never a 5xx."""

import logging

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from initiatives.models import ExpectedResult
from regions.models import PreparatoryMeeting
from roadmaps.models import RoadmapRow

pytestmark = pytest.mark.django_db

READ = {"GET", "HEAD", "OPTIONS"}
WRITES = ["POST", "PUT", "PATCH", "DELETE", "TRACE", "CONNECT", "PROPFIND", "BREW"]


def sample_kwargs() -> dict[str, dict]:
    """An existing object for each route that addresses one: a new route must be added."""
    meeting = PreparatoryMeeting.objects.order_by("pk").first()
    return {
        "regions:detail": {"code": "ams"},
        "frameworks:sdg": {"number": 9},
        "frameworks:action_line": {"code": "c5"},
        "frameworks:gdc": {"number": 3},
        "frameworks:og_initiative": {"cycle": "2026-2029", "code": "ams4"},
        "frameworks:og_initiative_draft": {"cycle": "2026-2029", "code": "ams1"},
        "frameworks:og_sdg": {"number": 9},
        "frameworks:og_action_line": {"code": "c5"},
        "frameworks:og_gdc": {"number": 3},
        "cycle": {"cycle": "2026-2029"},
        "initiatives:cycle": {"cycle": "2026-2029"},
        "initiatives:detail": {"cycle": "2026-2029", "code": "ams4"},
        "initiatives:draft": {"cycle": "2026-2029", "code": "ams1"},
        "initiatives:compare": {"cycle": "2026-2029", "code": "ams1"},
        "initiatives:citation": {"cycle": "2026-2029", "code": "ams4", "file_format": "bib"},
        "initiatives:draft-citation": {"cycle": "2026-2029", "code": "ams1", "file_format": "ris"},
        "initiatives:result-citation": {
            "cycle": "2026-2029",
            "code": "ams4",
            "number": 1,
            "file_format": "json",
        },
        "initiatives:draft-result-citation": {
            "cycle": "2026-2029",
            "code": "ams1",
            "number": 1,
            "file_format": "bib",
        },
        "roadmaps:detail": {"code": "c2"},
        "sources:detail": {"slug": "cstd-priority-theme-2-2023-24"},
        "sources:document": {"slug": "cstd-priority-theme-2-2023-24"},
        "api:region-detail": {"code": "AMS"},
        "api:cycle-detail": {"slug": "2026-2029"},
        "api:initiative-detail": {"slug": "2026-2029-ams4"},
        "api:initiative-compare": {"slug": "2026-2029-ams1"},
        "api:expected-result-detail": {"id": ExpectedResult.objects.order_by("pk")[0].pk},
        "api:roadmap-detail": {"action_line": "C2"},
        "api:roadmap-row-detail": {"id": RoadmapRow.objects.order_by("pk")[0].pk},
        "api:sdg-detail": {"number": 9},
        "api:action-line-detail": {"code": "C5"},
        "api:gdc-objective-detail": {"number": 3},
        "api:meeting-detail": {"name": meeting.name},
        "api:source-detail": {"slug": "cstd-priority-theme-2-2023-24"},
        "downloads:file": {"name": "initiatives.csv"},
        "choose_language": {"prefix": "fr"},
    }


def public_routes(resolver=None, namespace=""):
    """(route name, pattern) of every named route outside the admin."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from public_routes(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def public_addresses() -> list[str]:
    samples = sample_kwargs()
    addresses = []
    for name, pattern in public_routes():
        wanted = set(pattern.pattern.regex.groupindex)
        kwargs = samples.get(name, {})
        assert set(kwargs) == wanted, f"give {name} sample values for {sorted(wanted)}"
        addresses.append(reverse(name, kwargs=kwargs))
    # The same pages in the other languages, the catch-all of the API, the admin's doors
    # and a static file.
    return [
        *addresses,
        "/ar/",
        "/zh/initiatives/2026-2029/ams4/",
        "/ru/search/?q=early+warning",
        "/api/v1/no-such-thing/",
        "/admin/",
        "/admin/login/",
        "/static/css/portal.css",
    ]


@pytest.fixture
def client():
    # A browser's client: the CSRF check runs, as it does for real requests.
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


def test_the_walk_covers_every_public_route():
    names = {name for name, _ in public_routes()}
    assert len(names) >= 50
    assert {"home", "api:initiative-detail", "downloads:file", "sources:document"} <= names


def test_every_address_answers_every_method_deliberately(client, caplog):
    caplog.set_level(logging.ERROR)
    failures = []
    for address in public_addresses():
        for method in ["GET", "HEAD", "OPTIONS", *WRITES]:
            response = client.generic(method, address)
            status = response.status_code
            public = not address.startswith("/admin/")
            if status >= 500:
                failures.append(f"{method} {address}: {status}")
            elif public and method in WRITES:
                allowed = {m.strip() for m in response.get("Allow", "").split(",")}
                if address == "/api/v1/no-such-thing/" and status == 404:
                    continue
                if status != 405 or not allowed or not allowed <= READ:
                    failures.append(f"{method} {address}: {status} Allow={allowed}")
            elif (
                public
                and method == "OPTIONS"
                and not address.startswith("/static/")
                and (status not in (200, 404) or (status == 200 and "GET" not in response["Allow"]))
            ):
                failures.append(f"OPTIONS {address}: {status}")
    assert failures == []
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_the_admin_login_still_takes_a_form(client):
    response = client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
    # The CSRF check answers first: the admin is the one place that takes writes.
    assert response.status_code == 403


HOSTILE_HOSTS = [
    "evil.example",
    "",
    "a" * 5000,
    "[::1",
    "localhost:99999999999",
    "127.0.0.1, evil.example",
    "xn--80ak6aa92e.com",
    "ex ample",
    "localhost/../admin",
    "%00",
    "тест.рф",
]


@pytest.mark.parametrize("host", HOSTILE_HOSTS, ids=range(len(HOSTILE_HOSTS)))
@pytest.mark.parametrize(
    "address",
    [
        "/",
        "/initiatives/?region=AMS",
        "/api/v1/initiatives/",
        "/admin/login/",
        "/health/",
        "/no/such/page/",
    ],
)
def test_a_bad_host_gets_a_short_400_and_one_log_line(client, caplog, host, address):
    caplog.set_level(logging.INFO)
    response = client.get(address, HTTP_HOST=host)
    if host.startswith("localhost:"):
        # A port is no part of the name ALLOWED_HOSTS checks.
        assert response.status_code < 500
        return
    assert response.status_code == 400
    assert len(response.content) < 100
    assert b"host name" in response.content
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1
    assert lines[0].exc_info is None
    assert len(lines[0].getMessage()) < 200


HOSTILE_HEADERS = {
    "HTTP_ACCEPT": ["", "text/html;q=x", "*/*;" * 500, "application/json; charset=\x00"],
    "HTTP_IF_NONE_MATCH": ['"', "W/", "*" * 9000, '"a", ,,, W/"b"'],
    "HTTP_ACCEPT_LANGUAGE": ["zz-" * 1000, "*;q=abc", "ar-\u200f"],
    "HTTP_COOKIE": ["sessionid=" + "x" * 4000, "csrftoken=\x00; a", "=; ;="],
    "HTTP_X_FORWARDED_FOR": ["1.2.3.4, evil", "not an address", ",,,", "::1, 2001:db8::1"],
    "HTTP_X_FORWARDED_PROTO": ["https", "gopher", "https, http"],
    "HTTP_RANGE": ["bytes=0-0", "bytes=-1", "bytes=x"],
    "HTTP_REFERER": ["javascript:alert(1)"],
    "HTTP_ORIGIN": ["null", "https://evil.example"],
    "HTTP_USER_AGENT": ["\u202e" * 100],
}


@pytest.mark.parametrize("header", HOSTILE_HEADERS)
def test_hostile_header_values_never_make_a_server_error(client, caplog, header):
    caplog.set_level(logging.ERROR)
    statuses = set()
    for value in HOSTILE_HEADERS[header]:
        for address in [
            "/",
            "/initiatives/2026-2029/ams4/",
            "/api/v1/initiatives/",
            "/api/v1/docs/",
            "/downloads/",
            "/static/css/portal.css",
        ]:
            statuses.add(client.get(address, **{header: value}).status_code)
    assert max(statuses) < 500
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
