"""Every response carries the security headers production needs; the policy allows no
inline script anywhere."""

import json
import re

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/initiatives/?region=AMS",
    "/initiatives/2026-2029/ams4/",
    "/roadmaps/c2/",
    "/sdgs/9/",
    "/search/?q=satellite",
    "/api/v1/initiatives/",
    "/api/v1/docs/",
    "/admin/login/",
    "/no-such-page/",
]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize("url", PAGES)
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url, secure=True)
    assert response.status_code in (200, 404)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]


@pytest.mark.parametrize("url", PAGES)
def test_no_inline_script_is_allowed(client, url):
    policy = directives(client.get(url))
    assert policy["script-src"] == ["'self'"]
    # Style elements only from files too, but on the API docs (drf-spectacular's page);
    # only `style` attributes may be inline.
    allowed = {"style-src-attr"} | ({"style-src-elem"} if url == "/api/v1/docs/" else set())
    if url != "/api/v1/docs/":
        assert policy["style-src-elem"] == ["'self'"]
    for name, values in policy.items():
        if name not in allowed:
            assert "'unsafe-inline'" not in values, name
            assert "'unsafe-eval'" not in values, name


@pytest.mark.parametrize(
    "url", ["/", "/initiatives/2026-2029/ams4/", "/sdgs/9/", "/roadmaps/c2/", "/api/v1/docs/"]
)
def test_pages_hold_no_inline_script(client, url):
    page = client.get(url).content.decode()
    if url != "/api/v1/docs/":
        assert "<style" not in page
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, flags=re.S)
    for attributes, body in scripts:
        if 'type="application/ld+json"' in attributes:
            # Linked data: a data block, never run, and well-formed JSON.
            assert "src=" not in attributes
            json.loads(body)
            continue
        # Every script is a file of the site's own, loaded by address.
        assert re.search(r'\bsrc="/(static/[^"]+\.js|api/v1/docs/\?script=)"', attributes), (
            attributes
        )
        assert not body.strip()


def test_hsts_is_only_sent_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/")


@override_settings(DEBUG=False)
def test_an_error_shows_no_debug_output(client):
    response = client.get("/initiatives/2026-2029/nope/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Traceback" not in page
    assert "URLconf" not in page
    assert "DEBUG = True" not in page


def test_production_settings_pass_the_deployment_checks(capsys):
    # The test settings are the production settings with a throwaway secret; only the
    # HTTPS redirect is off, for the test client, so it is turned back on here.
    with override_settings(SECURE_SSL_REDIRECT=True):
        call_command("check", "--deploy", "--fail-level", "WARNING")
    assert "no issues" in capsys.readouterr().out
