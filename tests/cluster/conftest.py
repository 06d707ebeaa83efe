"""A real PostgreSQL primary and streaming replica, and the portal served from them.

Started once per test session, whatever database the rest of the suite uses: the pair
(`scripts/postgres-pair`, in a temporary folder, on free loopback ports), the schema
migrated into the primary, one source and one editor made there, and gunicorn with two
workers reading from the replica (`DATABASE_REPLICA_URL`). Everything is stopped at the
end, also when a test fails. Outside CI, missing PostgreSQL server programs skip these
tests; in CI (CI=true) they fail them.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAIR = ROOT / "scripts" / "postgres-pair"
EDITOR = ("cluster-editor", "cluster-pw-0123456789")
SOURCE_SLUG = "cluster-source"

SETUP = f"""
import os
from django.contrib.auth.models import Group, User
from core.editors import EDITORS
from sources.models import Source
editor = User.objects.create_user({EDITOR[0]!r}, password={EDITOR[1]!r}, is_staff=True)
editor.groups.add(Group.objects.get(name=EDITORS))
Source.objects.create(slug={SOURCE_SLUG!r}, title="Before the save", publisher="ITU",
    date="2025", kind="web-page", order=900,
    file_name=sorted(os.listdir("sources/documents"))[0])
"""


def require(condition: bool, message: str) -> None:
    if condition:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (required in CI)")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_programs() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup"))
    return found[-1].parent if found else None


@dataclass
class Database:
    """One server of the pair, reached with psycopg as the portal reaches it."""

    port: int

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/portal"

    def query(self, sql: str, *params):
        import psycopg

        with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as connection:
            return connection.execute(sql, params).fetchall()

    def value(self, sql: str, *params):
        return self.query(sql, *params)[0][0]


@dataclass
class Response:
    status: int
    headers: dict
    text: str
    seconds: float


@dataclass
class Portal:
    """The portal served by gunicorn on the pair; `cookies` make a browser's session."""

    base: str
    cookies: dict = field(default_factory=dict)

    def get(self, path: str, *, cookies: dict | None = None, data: bytes | None = None):
        request = urllib.request.Request(self.base + path, data=data)
        sent = cookies if cookies is not None else {}
        if sent:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in sent.items()))
        if data is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
            request.add_header("Referer", self.base + path)
        opener = urllib.request.build_opener(_NoRedirect)
        started = time.monotonic()
        try:
            with opener.open(request, timeout=10) as answer:
                status, headers, body = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            status, headers, body = error.code, error.headers, error.read()
        for header in headers.get_all("Set-Cookie") or []:
            parsed = SimpleCookie()
            parsed.load(header)
            sent.update({name: morsel.value for name, morsel in parsed.items()})
        return Response(
            status, dict(headers), body.decode("utf-8", "replace"), time.monotonic() - started
        )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Cluster:
    folder: Path
    primary: Database
    replica: Database
    portal: Portal
    log: Path

    def pair(self, action: str) -> None:
        subprocess.run([str(PAIR), action, str(self.folder)], check=True, timeout=60)

    def caught_up(self, seconds: float = 10) -> bool:
        """Whether the replica has replayed all the primary has written, within `seconds`."""
        target = self.primary.value("SELECT pg_current_wal_lsn()::text")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            replayed = self.replica.value("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", target)
            if replayed:
                return True
            time.sleep(0.05)
        return False


def _wait_healthy(base: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/health/", timeout=2) as answer:
                if answer.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    return False


@pytest.fixture(scope="session")
def cluster():
    bin_dir = server_programs()
    require(bin_dir is not None, "PostgreSQL's server programs (pg_basebackup) are missing")
    require(shutil.which("runuser") is not None or os.getuid() != 0, "runuser is missing")
    folder = Path(tempfile.mkdtemp(prefix="portal-cluster-"))
    primary, replica, web = Database(free_port()), Database(free_port()), free_port()
    log = folder.parent / f"{folder.name}-gunicorn.log"
    downloads = tempfile.mkdtemp(prefix="portal-cluster-downloads-")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PORTAL_", "DATABASE_", "REDIS_"))
    }
    env.update(
        # The production settings, with the static files of the app folders (as in the
        # browser tests: no collected manifest).
        DJANGO_SETTINGS_MODULE="config.test_settings",
        DATABASE_URL=primary.url,
        PORTAL_DOWNLOADS_DIR=downloads,
        PORTAL_ADMIN_SUPERUSER_OTP_REQUIRED="0",
    )
    server = None
    try:
        subprocess.run(
            [str(PAIR), "start", str(folder), str(primary.port), str(replica.port)],
            check=True,
            timeout=120,
        )
        import psycopg

        with psycopg.connect(
            f"postgres://postgres@127.0.0.1:{primary.port}/postgres", autocommit=True
        ) as connection:
            connection.execute("CREATE DATABASE portal")
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([*manage, "shell", "-c", SETUP], cwd=ROOT, env=env, check=True)
        env["DATABASE_REPLICA_URL"] = replica.url
        with log.open("wb") as output:
            server = subprocess.Popen(
                [
                    str(ROOT / ".venv" / "bin" / "gunicorn"),
                    "--config",
                    "config/gunicorn.py",
                    "--workers",
                    "2",
                    "--no-control-socket",
                    "--bind",
                    f"127.0.0.1:{web}",
                    "config.wsgi",
                ],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        base = f"http://127.0.0.1:{web}"
        assert _wait_healthy(base, 60), log.read_text(errors="replace")
        yield Cluster(folder, primary, replica, Portal(base), log)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(10)
        subprocess.run([str(PAIR), "stop", str(folder)], check=False, timeout=120)
        shutil.rmtree(downloads, ignore_errors=True)
        log.unlink(missing_ok=True)
