"""Settings come from the environment and refuse to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_django(env: dict, *args: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_debug_off_without_a_secret_key_refuses_to_start():
    result = run_django({}, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_a_malformed_boolean_is_refused():
    result = run_django({"DJANGO_DEBUG": "maybe"}, "check")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be 1 or 0" in result.stderr


def test_development_mode_starts_without_a_secret():
    result = run_django({"DJANGO_DEBUG": "1"}, "check")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("ssl_redirect", ["1", "0"])
def test_production_settings_pass_the_deployment_checklist(ssl_redirect):
    env = {
        "DJANGO_SECRET_KEY": "a-production-like-secret-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
        "DJANGO_SECURE_SSL_REDIRECT": ssl_redirect,
    }
    result = run_django(env, "check", "--deploy", "--fail-level", "WARNING")
    if ssl_redirect == "1":
        assert result.returncode == 0, result.stdout + result.stderr
    else:
        # A loopback run without TLS is allowed, and the checklist says what it gives up.
        assert "security.W008" in result.stdout + result.stderr


def test_database_url_selects_the_database():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    env = {
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/portal",
    }
    result = run_django(env, "shell", "-c", code)
    assert result.stdout.strip().splitlines()[-1] == "django.db.backends.postgresql", result.stderr
    result = run_django({"DJANGO_DEBUG": "1"}, "shell", "-c", code)
    assert result.stdout.strip().splitlines()[-1] == "django.db.backends.sqlite3"
