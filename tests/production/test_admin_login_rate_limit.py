"""The admin needs a login, and guessing passwords is cut short."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def editor(django_user_model, settings):
    # A superuser without a second factor, which production would refuse.
    settings.PORTAL_ADMIN_SUPERUSER_OTP_REQUIRED = False
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-123456")


def attempt(client, password):
    return client.post(LOGIN, {"username": "editor", "password": password})


def test_five_failed_logins_lock_the_account_for_that_address(client, editor):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = attempt(client, "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    response = attempt(client, "wrong")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    # Even the right password is refused while locked out.
    response = attempt(client, "pw-123456")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="editor").failures_since_start >= 5


def test_another_address_is_not_locked_out(client, editor):
    for _ in range(5):
        attempt(client, "wrong")
    response = client.post(
        LOGIN, {"username": "editor", "password": "pw-123456"}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_successful_login_resets_the_count(client, editor):
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, "pw-123456").status_code == 302
    client.logout()
    assert attempt(client, "wrong").status_code == 200
    assert not AccessAttempt.objects.filter(username="editor", failures_since_start__gte=4)
