"""A real server and a real browser for the browser tests.

The portal runs as its own process (gunicorn, as in production) on a database of its
own, holding the curated data: a copy of the tests' database, or, when no test of the
run uses one, a database migrated and loaded for it; headless Chromium
from the system's `chromium` package is driven by Playwright. Outside CI a missing
browser skips these tests; in CI (CI=true) it fails them, so they can never silently
not run.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _require(condition: bool, message: str) -> None:
    if condition:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (required in CI)")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Database:
    """A database for the server: a SQLite file, or a PostgreSQL database beside the tests',
    each a copy of the tests' database (migrated and loaded once per test process)."""

    def __init__(self, tmp_path: Path):
        base = os.environ.get("DATABASE_URL", "")
        self.postgres = base.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            self.name = f"portal_browser_{uuid.uuid4().hex[:8]}"
            self.admin_url = base
            self.url = base.rsplit("/", 1)[0] + "/" + self.name
        else:
            self.path = tmp_path / "browser.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql)

    def create(self) -> None:
        if self.postgres:
            self._admin(f'CREATE DATABASE "{self.name}"')

    def create_from(self, connection) -> None:
        """A copy of the database `connection` reaches, as committed."""
        if self.postgres:
            # PostgreSQL copies a database only while nobody is connected to it.
            connection.close()
            self._admin(
                f'CREATE DATABASE "{self.name}" TEMPLATE "{connection.settings_dict["NAME"]}"'
            )
        else:
            import sqlite3

            connection.ensure_connection()
            with sqlite3.connect(self.path) as copy:
                connection.connection.backup(copy)
            copy.close()

    def drop(self) -> None:
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def portal_url(request, tmp_path_factory, django_db_blocker):
    _require(Path(CHROMIUM).exists(), f"Chromium is not installed at {CHROMIUM}")
    database = Database(tmp_path_factory.mktemp("browser"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": database.url,
    }
    # pytest-django makes the tests' database only for a run with tests that use one.
    if any(item.get_closest_marker("django_db") for item in request.session.items):
        request.getfixturevalue("django_db_setup")
        from django.db import connection

        with django_db_blocker.unblock():
            database.create_from(connection)
    else:
        database.create()
        manage = [sys.executable, "manage.py"]
        for command in (["migrate", "--no-input"], ["load_portal_data"]):
            subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    server = subprocess.Popen(
        [
            gunicorn,
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("The portal server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        database.drop()


# Per module: while Playwright's sync API runs, Django refuses database access in the
# same thread, and the process goes on to run other tests afterwards.
@pytest.fixture(scope="module")
def browser():
    _require(Path(CHROMIUM).exists(), f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_at(browser):
    """Open a page at a given viewport width; closed after the test."""
    contexts = []

    def open_page(width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
