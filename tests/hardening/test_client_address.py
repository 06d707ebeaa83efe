"""One notion of the client's address, from the connecting address and the number of
trusted proxies in front: the throttle, the admin lockout and the logs all use it, and
headers a client writes itself change nothing."""

import logging
import os
import subprocess
import sys
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from core.clients import ClientAddressFilter, client_address

LOGIN = "/admin/login/?next=/admin/"
PROXY = "10.0.0.5"


def request_from(peer: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("proxies", "peer", "forwarded", "client"),
    [
        (0, "192.0.2.1", None, "192.0.2.1"),
        (0, "192.0.2.1", "203.0.113.9", "192.0.2.1"),
        (1, PROXY, "203.0.113.9", "203.0.113.9"),
        (1, PROXY, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (2, PROXY, "6.6.6.6, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (2, PROXY, "203.0.113.9", "203.0.113.9"),
        (1, PROXY, "not-an-address", PROXY),
        (1, PROXY, "", PROXY),
        (1, PROXY, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_read_as_far_from_the_right_as_there_are_trusted_proxies(
    settings, proxies, peer, forwarded, client
):
    settings.PORTAL_TRUSTED_PROXIES = proxies
    assert client_address(request_from(peer, forwarded)) == client


def test_log_lines_name_the_client_as_the_throttle_sees_it(settings):
    settings.PORTAL_TRUSTED_PROXIES = 1
    record = logging.makeLogRecord(
        {"msg": "x", "request": request_from(PROXY, "1.1.1.1, 203.0.113.9")}
    )
    assert ClientAddressFilter().filter(record)
    assert record.client == "203.0.113.9"
    bare = logging.makeLogRecord({"msg": "x"})
    ClientAddressFilter().filter(bare)
    assert bare.client == "-"


@contextmanager
def api_rate(rate: str):
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": rate}}
    ):
        yield


def computed(n: int) -> str:
    # A distinct address each time, so that the view (and its throttle) runs.
    return f"/api/v1/regions/?page_size={n}"


@pytest.mark.django_db
def test_rotating_x_forwarded_for_does_not_escape_the_throttle(client):
    with api_rate("2/minute"):
        statuses = [
            client.get(computed(n), HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
            for n in range(1, 8)
        ]
    assert statuses[:2] == [200, 200]
    assert set(statuses[2:]) == {429}


@pytest.mark.django_db
def test_behind_a_proxy_each_client_has_its_own_quota_and_cannot_spend_another(client, settings):
    settings.PORTAL_TRUSTED_PROXIES = 1
    with api_rate("2/minute"):
        for n in range(1, 3):
            client.get(computed(n), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1")
        # The victim is throttled; spoofed entries on the left do not escape it...
        spoofed = [
            client.get(
                computed(10 + n), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"9.9.9.{n}, 203.0.113.1"
            ).status_code
            for n in range(5)
        ]
        # ...and another client behind the same proxy keeps its own quota.
        other = client.get(computed(20), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert set(spoofed) == {429}
    assert other.status_code == 200


@pytest.mark.django_db
def test_x_forwarded_proto_from_a_client_changes_nothing(client):
    assert settings.PORTAL_TRUSTED_PROXIES == 0
    assert settings.SECURE_PROXY_SSL_HEADER is None
    page = client.get("/regions/", HTTP_X_FORWARDED_PROTO="https").content.decode()
    assert '<link rel="canonical" href="http://testserver/regions/">' in page


@pytest.mark.django_db
def test_behind_a_trusted_proxy_its_scheme_is_believed(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    page = client.get("/regions/", HTTP_X_FORWARDED_PROTO="https", SERVER_PORT="443")
    assert '<link rel="canonical" href="https://testserver/regions/">' in page.content.decode()


@pytest.mark.parametrize(
    ("proxies", "believed"), [("0", "None"), ("1", "('HTTP_X_FORWARDED_PROTO', 'https')")]
)
def test_the_scheme_header_is_trusted_only_with_proxies_in_front(proxies, believed):
    environment = {**os.environ, "PORTAL_TRUSTED_PROXIES": proxies, "DJANGO_DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.SECURE_PROXY_SSL_HEADER)"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    )
    assert result.stdout.strip() == believed


@pytest.fixture
def editor(django_user_model, settings):
    settings.PORTAL_ADMIN_SUPERUSER_OTP_REQUIRED = False
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-123456")


def login(client, username, password, client_at, **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_at,
        **headers,
    )


@pytest.mark.django_db
def test_behind_a_balancer_five_wrong_passwords_do_not_lock_the_editor_out_elsewhere(
    client, editor, settings
):
    settings.PORTAL_TRUSTED_PROXIES = 1
    for _ in range(5):
        login(client, "editor", "wrong", "203.0.113.66")
    assert login(client, "editor", "pw-123456", "203.0.113.66").status_code == 429
    # The same user from the editor's own address, through the same balancer.
    response = login(client, "editor", "pw-123456", "198.51.100.20")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_spraying_one_password_across_user_names_is_limited_per_address(client, editor, settings):
    settings.PORTAL_TRUSTED_PROXIES = 1
    limit = settings.PORTAL_ADMIN_ADDRESS_FAILURE_LIMIT
    assert 5 < limit <= 50
    statuses = [
        login(client, f"user{n}", "Summer2026!", "203.0.113.66").status_code for n in range(limit)
    ]
    assert set(statuses[:-1]) == {200}
    assert statuses[-1] == 429
    # The address is now locked, whatever the name; the editor elsewhere is not.
    assert login(client, "editor", "pw-123456", "203.0.113.66").status_code == 429
    assert login(client, "editor", "pw-123456", "198.51.100.20").status_code == 302


@pytest.mark.django_db
def test_an_administrator_lifts_a_lockout_from_the_command_line(client, editor, settings):
    settings.PORTAL_TRUSTED_PROXIES = 1
    for _ in range(5):
        login(client, "editor", "wrong", "203.0.113.66")
    assert login(client, "editor", "pw-123456", "203.0.113.66").status_code == 429
    call_command("axes_reset_ip_username", "203.0.113.66", "editor")
    assert login(client, "editor", "pw-123456", "203.0.113.66").status_code == 302
