"""Editors may add a second factor (TOTP) to the admin login; superusers need one in production."""

import re
from base64 import b32decode
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.core.management import CommandError, call_command
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.admin_site import PortalAdminSite

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", "editor@example.org", "pw-123456", is_staff=True
    )


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.org", "pw-123456")


def add_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def code(key: bytes) -> str:
    return f"{totp(key):06d}"


def sign_in(client, username, token=None):
    data = {"username": username, "password": "pw-123456"}
    if token is not None:
        data["otp_token"] = token
    return client.post(LOGIN, data)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_login_page_asks_for_an_authenticator_code(client):
    page = client.get(LOGIN).content.decode()
    assert 'name="otp_token"' in page
    assert "Only if you have set up a second factor." in page


def test_an_editor_without_a_device_signs_in_with_the_password_alone(client, editor):
    response = sign_in(client, "editor")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert signed_in(client)
    assert client.get("/admin/").status_code == 200


def test_an_editor_with_a_device_signs_in_with_its_current_code(client, editor):
    device = add_device(editor)
    response = sign_in(client, "editor", code(device.bin_key))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/admin/").status_code == 200


def test_a_code_works_only_once(client, editor):
    device = add_device(editor)
    token = code(device.bin_key)
    assert sign_in(client, "editor", token).status_code == 302
    client.logout()
    response = sign_in(client, "editor", token)
    assert response.status_code == 200
    assert "That authenticator code is not right, or was already used." in response.content.decode()
    assert not signed_in(client)


def test_a_missing_code_refuses_the_login(client, editor):
    add_device(editor)
    response = sign_in(client, "editor")
    assert response.status_code == 200
    assert "This account has a second factor" in response.content.decode()
    assert not signed_in(client)
    assert AccessAttempt.objects.get(username="editor").failures_since_start == 1


def test_a_wrong_code_refuses_the_login_and_counts_as_a_failure(client, editor):
    device = add_device(editor)
    wrong = f"{(int(code(device.bin_key)) + 1) % 1_000_000:06d}"
    response = sign_in(client, "editor", wrong)
    assert response.status_code == 200
    assert "That authenticator code is not right" in response.content.decode()
    assert not signed_in(client)
    assert AccessAttempt.objects.get(username="editor").failures_since_start == 1


def test_five_wrong_codes_lock_the_account_like_wrong_passwords(client, editor):
    add_device(editor)
    for _ in range(4):
        response = sign_in(client, "editor", "000000")
        assert response.status_code == 200
        assert not signed_in(client)
    response = sign_in(client, "editor", "000000")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert not signed_in(client)


def test_a_session_that_gave_no_code_does_not_open_the_admin(client, editor):
    # A session from before the device was added, or made any other way than the login.
    add_device(editor)
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_superuser_without_a_device_is_refused_where_one_is_required(client, superuser, settings):
    settings.PORTAL_ADMIN_SUPERUSER_OTP_REQUIRED = True
    response = sign_in(client, "chief")
    assert response.status_code == 200
    page = response.content.decode()
    assert "A superuser needs a second factor to use the admin" in page
    assert "python manage.py add_totp_device chief" in page
    assert not signed_in(client)
    # A session made any other way does not open the admin either.
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_superuser_without_a_device_signs_in_where_none_is_required(client, superuser, settings):
    settings.PORTAL_ADMIN_SUPERUSER_OTP_REQUIRED = False
    response = sign_in(client, "chief")
    assert response.status_code == 302
    assert signed_in(client)
    assert client.get("/admin/").status_code == 200


def secret_of(output: str) -> bytes:
    uri = re.search(r"otpauth://totp/\S+", output).group()
    secret = parse_qs(urlsplit(uri).query)["secret"][0]
    return b32decode(secret)


def test_the_command_adds_a_device_whose_address_makes_codes_that_sign_in(
    client, superuser, settings
):
    settings.PORTAL_ADMIN_SUPERUSER_OTP_REQUIRED = True
    out = StringIO()
    call_command("add_totp_device", "chief", stdout=out)
    device = TOTPDevice.objects.get(user=superuser)
    assert device.confirmed
    key = secret_of(out.getvalue())
    assert key == device.bin_key
    assert "▀" in out.getvalue()  # the QR code, for the terminal

    assert sign_in(client, "chief").status_code == 200
    response = sign_in(client, "chief", code(key))
    assert response.status_code == 302
    assert signed_in(client)
    assert client.get("/admin/").status_code == 200


def test_the_admin_never_shows_a_device_secret_again(client, superuser):
    # The command shows it once; a stolen admin session must not be able to copy it.
    device = add_device(superuser)
    assert sign_in(client, "chief", code(device.bin_key)).status_code == 302
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/").status_code == 403
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200
    assert device.key not in page.content.decode()


def test_the_command_removes_the_device(client, editor):
    add_device(editor)
    out = StringIO()
    call_command("add_totp_device", "editor", "--remove", stdout=out)
    assert "Removed 1 TOTP device(s) of editor." in out.getvalue()
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert sign_in(client, "editor").status_code == 302
    assert signed_in(client)


def test_the_command_adds_no_second_device_and_knows_its_users(editor):
    add_device(editor)
    with pytest.raises(CommandError, match="already has a TOTP device"):
        call_command("add_totp_device", "editor", stdout=StringIO())
    with pytest.raises(CommandError, match="There is no user named 'nobody'"):
        call_command("add_totp_device", "nobody", stdout=StringIO())
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_the_portal_site_keeps_every_app_registration():
    assert isinstance(admin.site, PortalAdminSite)
    registered = {model._meta.label for model in admin.site._registry}
    assert {
        "auth.User",
        "axes.AccessAttempt",
        "initiatives.Initiative",
        "roadmaps.RoadmapRow",
        "sources.Source",
        "otp_totp.TOTPDevice",
    } <= registered
