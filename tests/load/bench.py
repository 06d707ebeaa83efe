"""The portal under load: pages and API served by the production stack, at 1x, 10x and 100x
the real data, on PostgreSQL and on SQLite, with the response cache on, off, and with
nothing kept at all. Run by `make bench`.

For each database and scale, a database `portal_bench_{N}x` (a PostgreSQL database, or a
SQLite file under var/bench/) is prepared as `scripts/serve --prepare` prepares the real
one (migrations, data, static files, deployment checks), then grown by
`tests/load/synthetic.py`. A database is reused when a previous run left it prepared from
the same fixtures, migrations and derived-data code (a fingerprint kept in the
PostgreSQL database's comment, or beside the SQLite file), since growing 100x the data
takes minutes; `--fresh` drops and recreates them all. They are kept afterwards for the
next run; `--drop` drops them. One run at a time: a second one, while the first holds
its lock, stops at once.

For each database, scale and configuration, gunicorn is started as `scripts/serve` starts
it, on a free loopback port, and wrk measures every address in turn: a short warm-up,
then a timed run (one connection by default: the cost of one response, not of a queue).
Results go to stdout and, unless told otherwise, to the section "Pages and API under
load" of docs/benchmarks.md.
"""

import argparse
import datetime
import hashlib
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PYTHON = ROOT / ".venv" / "bin" / "python"
REPORT_LUA = HERE / "report.lua"
BENCHMARKS_MD = ROOT / "docs" / "benchmarks.md"
SECTION_HEADING = "## Pages and API under load"
WIDTH = 88

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
DEFAULT_SCALES = (1, 10, 100)
DATABASES = ("postgresql", "sqlite")
DATABASE_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
SQLITE_DIRECTORY = ROOT / "var" / "bench"
# One connection: each response's own cost, as a reader waits for it. More (`--connections`)
# measure a queue on the machine's CPUs, shared with wrk and the database.
DEFAULT_CONNECTIONS = 1
# The throttle guards the public API against one client; here that client is wrk.
THROTTLE_RATE = "100000000/second"
# A page that takes seconds at 100x must be measured, not cut off by a timeout.
REQUEST_TIMEOUT = 120
# A timed run that completes fewer requests than this is run again, longer (up to
# --max-duration), so that p50 and p95 of a slow page rest on enough responses.
MIN_REQUESTS = 20
WARMUP_MIN_REQUESTS = 50
WARMUP_MAX_SECONDS = 180

# Targets.
UNCACHED_VS_STATIC = 5.0
GROWTH_LIMIT = 2.0
CACHED_VS_STATIC = 1.5


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    path: str
    kind: str  # static, page, search, api
    kept: bool = False  # served from the response cache when it is on
    conditional: bool = False  # sent with If-None-Match: its current ETag (304)


# Searches are not kept in the response cache (conditional_page(cached=False), the search
# API's keeps_responses): with the cache on they still build every response, from what the
# same search found if it was asked before (search.engine.search_kept).
TARGETS = [
    Target("static", "static file (portal.css)", "", "static"),
    Target("home", "home `/`", "/", "page", kept=True),
    Target(
        "list",
        "initiatives list, filtered",
        "/initiatives/?region=AMS,AFR&sdg=9",
        "page",
        kept=True,
    ),
    Target("initiative", "initiative page", "/initiatives/2026-2029/ams4/", "page", kept=True),
    Target("roadmap", "roadmap page", "/roadmaps/c2/", "page", kept=True),
    Target("hub", "SDG hub", "/sdgs/9/", "page", kept=True),
    Target("search", "search", "/search/?q=early+warning", "search"),
    Target("api_list", "API list", "/api/v1/initiatives/?region=AMS", "api", kept=True),
    Target("api_detail", "API detail", "/api/v1/initiatives/2026-2029-ams4/", "api", kept=True),
    Target("api_search", "API search", "/api/v1/search/?q=early+warning", "search"),
    Target("home_304", "home, 304", "/", "page", conditional=True),
    Target(
        "initiative_304",
        "initiative page, 304",
        "/initiatives/2026-2029/ams4/",
        "page",
        conditional=True,
    ),
    Target(
        "api_detail_304",
        "API detail, 304",
        "/api/v1/initiatives/2026-2029-ams4/",
        "api",
        conditional=True,
    ),
]

# (name, description, environment). "uncached": no response is kept, what many responses
# share is (`kept_for_data`: a record's parts, the filters' options, what a query found);
# "cold": nothing is kept either, as for the first reader after a load or a save.
CONFIGS = [
    (
        "uncached",
        "response cache off (`PORTAL_PAGE_CACHE_SECONDS=0`)",
        {
            "PORTAL_PAGE_CACHE_SECONDS": "0",
        },
    ),
    ("cached", "response cache on (default)", {}),
    (
        "cold",
        "nothing kept (`PORTAL_PAGE_CACHE_SECONDS=0 PORTAL_DERIVED_CACHE_SECONDS=0`)",
        {
            "PORTAL_PAGE_CACHE_SECONDS": "0",
            "PORTAL_DERIVED_CACHE_SECONDS": "0",
        },
    ),
]

# What shapes a prepared benchmark database: when none of it changed, it can be reused.
DATA_INPUTS = [
    "fixtures/**/*",
    "*/migrations/*.py",
    "*/search_documents.py",
    "*/fixture_sections.py",
    "core/loading.py",
    "initiatives/related.py",
    "roadmaps/sanitise.py",
    "search/indexing.py",
    "search/text.py",
    "search/backends/*.py",
    "tests/load/synthetic.py",
]
COMMENT_PREFIX = "portal benchmark data"
# What a prepared database is described by: (what, table).
COUNTED_TABLES = (
    ("initiatives", "initiatives_initiative"),
    ("expected results", "initiatives_expectedresult"),
    ("roadmap rows", "roadmaps_roadmaprow"),
    ("search documents", "search_document"),
)
RUN_LOCK = 0x706F7274616C  # a PostgreSQL advisory lock key: one run at a time
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Measurement:
    requests: int
    seconds: float
    bytes: int
    p50: float  # milliseconds; NaN when no response completed
    p95: float
    p99: float
    errors: dict = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def bytes_per_response(self) -> float:
        return self.bytes / self.requests if self.requests else 0.0


def say(line: str = "") -> None:
    print(line, flush=True)


# ----------------------------------------------------------------------------- databases


class Server:
    """The PostgreSQL server that holds the benchmark databases."""

    vendor = "postgresql"

    def __init__(self, url: str):
        self.url = url.rstrip("/")
        parts = urllib.parse.urlsplit(self.url)
        self.params = {
            "host": parts.hostname or "127.0.0.1",
            "port": parts.port or 5432,
            "user": urllib.parse.unquote(parts.username or "postgres"),
        }
        if parts.password:
            self.params["password"] = urllib.parse.unquote(parts.password)

    def database_url(self, name: str) -> str:
        return f"{self.url}/{name}"

    def connection_url(self, url: str, application: str) -> str:
        """`url` for one server's connections, told apart by their application name."""
        return f"{url}?application_name={application}"

    def connect(self, dbname: str = "postgres"):
        import psycopg

        return psycopg.connect(dbname=dbname, autocommit=True, **self.params)

    def version(self) -> str:
        with self.connect() as connection:
            return connection.execute("SHOW server_version").fetchone()[0]

    def comment(self, name: str) -> str | None:
        with self.connect() as connection:
            row = connection.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [name],
            ).fetchone()
        return None if row is None else (row[0] or "")

    def set_comment(self, name: str, text: str) -> None:
        from psycopg import sql

        with self.connect() as connection:
            connection.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(name), sql.Literal(text)
                )
            )

    def drop(self, name: str) -> None:
        from psycopg import sql

        assert name.startswith("portal_bench_"), name
        with self.connect() as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    # A server's connections are told apart by their application name, so that nothing
    # here touches another server's, even on the same database.
    def active_queries(self, application: str) -> int:
        with self.connect() as connection:
            return connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s "
                "AND state = 'active'",
                [application],
            ).fetchone()[0]

    def terminate_backends(self, application: str) -> None:
        with self.connect() as connection:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s",
                [application],
            )

    def vacuum(self, name: str) -> None:
        with self.connect(name) as connection:
            connection.execute("VACUUM ANALYZE")

    def counts(self, name: str) -> dict[str, int]:
        with self.connect(name) as connection:
            return {
                label: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                for label, table in COUNTED_TABLES
            }


class SQLiteFiles:
    """The SQLite files that hold the benchmark databases, under var/bench/, each with its
    fingerprint in a file beside it. SQLite runs inside the server's processes: there is
    nothing to wait for or to stop besides them."""

    vendor = "sqlite"

    def __init__(self, directory: Path = SQLITE_DIRECTORY):
        self.directory = directory

    def path(self, name: str) -> Path:
        assert name.startswith("portal_bench_"), name
        return self.directory / f"{name}.sqlite3"

    def database_url(self, name: str) -> str:
        return f"sqlite:///{self.path(name)}"

    def connection_url(self, url: str, application: str) -> str:
        return url

    def version(self) -> str:
        return sqlite3.sqlite_version

    def comment(self, name: str) -> str | None:
        marker = self.path(name).with_suffix(".fingerprint")
        if not self.path(name).exists() or not marker.exists():
            return None
        return marker.read_text(encoding="utf-8").strip()

    def set_comment(self, name: str, text: str) -> None:
        self.path(name).with_suffix(".fingerprint").write_text(text + "\n", encoding="utf-8")

    def drop(self, name: str) -> None:
        path = self.path(name)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.with_suffix(".fingerprint").unlink(missing_ok=True)
        self.directory.mkdir(parents=True, exist_ok=True)

    def active_queries(self, application: str) -> int:
        return 0

    def terminate_backends(self, application: str) -> None:
        pass

    def vacuum(self, name: str) -> None:
        with sqlite3.connect(self.path(name)) as connection:
            # The schema's checks call REGEXP, which Django gives its own connections:
            # VACUUM rebuilds the tables and reads them.
            connection.create_function(
                "REGEXP", 2, lambda pattern, value: bool(re.search(pattern, value or ""))
            )
            connection.execute("VACUUM")
            connection.execute("ANALYZE")

    def counts(self, name: str) -> dict[str, int]:
        with sqlite3.connect(self.path(name)) as connection:
            return {
                label: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                for label, table in COUNTED_TABLES
            }


def data_fingerprint() -> str:
    digest = hashlib.sha256()
    paths = sorted({p for pattern in DATA_INPUTS for p in ROOT.glob(pattern) if p.is_file()})
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def run_logged(command: list[str], env: dict, log: Path, echo: bool = False) -> None:
    """Run a preparation step; its output goes to `log`, and to stdout when `echo`."""
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(command)}\n")
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for line in process.stdout:
            out.write(line)
            if echo:
                say(f"    | {line.rstrip()}")
        if process.wait():
            out.flush()
            tail = log.read_text(encoding="utf-8").splitlines()[-25:]
            raise RuntimeError(
                f"{' '.join(command)} failed (exit {process.returncode}):\n" + "\n".join(tail)
            )


def prepare_database(server, scale: int, env: dict, fresh: bool, log: Path) -> None:
    name = f"portal_bench_{scale}x"
    wanted = f"{COMMENT_PREFIX} {scale}x {data_fingerprint()}"
    if not fresh and server.comment(name) == wanted:
        say(f"  {name}: reused (prepared from the same data and code)")
    else:
        started = time.perf_counter()
        say(f"  {name}: dropping and preparing (scripts/serve --prepare) ...")
        server.drop(name)
        run_logged(["scripts/serve", "--prepare"], env, log)
        if scale > 1:
            say(f"  {name}: adding synthetic copies (tests/load/synthetic.py --scale {scale}) ...")
            # Through the production environment, as the prepare step: settings need its
            # secret key with debug off.
            command = (
                ". scripts/production-env && "
                f"exec .venv/bin/python tests/load/synthetic.py --scale {scale}"
            )
            run_logged(
                ["bash", "-c", command],
                env,
                log,
                echo=True,
            )
        server.vacuum(name)
        server.set_comment(name, wanted)
        say(f"  {name}: ready in {time.perf_counter() - started:.0f} s")
    counts = server.counts(name)
    say("  " + ", ".join(f"{count:,} {label}" for label, count in counts.items()))


# ----------------------------------------------------------------------------- the stack


def free_port(first: int) -> int:
    for port in range(first, first + 100):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port from {first} to {first + 99}.")


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class Stack:
    """gunicorn serving the portal as `scripts/serve` does, in its own process group."""

    def __init__(self, env: dict, port: int, log: Path, server):
        self.env, self.port, self.log, self.server = env, port, log, server
        self.application = f"portal-bench-{os.getpid()}-{port}"
        self.process = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        command = (
            ". scripts/production-env && "
            "exec .venv/bin/gunicorn --config config/gunicorn.py config.wsgi"
        )
        self.out = self.log.open("a", encoding="utf-8")
        self.process = subprocess.Popen(
            ["bash", "-c", command],
            cwd=ROOT,
            env={
                **self.env,
                "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                "DATABASE_URL": self.server.connection_url(
                    self.env["DATABASE_URL"], self.application
                ),
            },
            stdout=self.out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self._wait_until_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def _wait_until_healthy(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {self.log}")
            try:
                status, _, _ = fetch(self.base + "/health/")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer /health/ within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            # SIGINT is gunicorn's quick shutdown: a worker busy with a slow page stops
            # at once instead of finishing it.
            os.killpg(self.process.pid, signal.SIGINT)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass
        finally:
            self.out.close()
            # A query of a killed worker runs on in PostgreSQL until it has a row to
            # send (seconds, for the slow ones) and would slow down the next server.
            self.server.terminate_backends(self.application)

    def wait_until_idle(self, timeout: float = 120.0) -> None:
        """Until the workers and the database have finished what the last run left.

        wrk stops at its deadline, but the requests it had sent go on in the workers
        and in PostgreSQL and would be billed to the next address; a slow page can keep
        them busy for seconds. Idle: the workers use less than a twentieth of a CPU over
        a quarter second, and no query of this database is running.
        """
        deadline = time.monotonic() + timeout
        before = self._cpu_ticks()
        while time.monotonic() < deadline:
            time.sleep(0.25)
            now = self._cpu_ticks()
            quiet = now - before < 0.05 * 0.25 * CLOCK_TICKS
            if quiet and not self.server.active_queries(self.application):
                return
            before = now

    def _cpu_ticks(self) -> int:
        ticks = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # After the command: state, ppid, pgrp, ...; utime and stime are 12th, 13th.
            if int(fields[2]) == self.process.pid:
                ticks += int(fields[11]) + int(fields[12])
        return ticks


# ----------------------------------------------------------------------------- wrk


def wrk(url: str, seconds: float, connections: int, headers: dict | None = None) -> Measurement:
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        f"--timeout={REQUEST_TIMEOUT}s",
        "--latency",
        "-s",
        str(REPORT_LUA),
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCH ")), None)
    if result.returncode or line is None:
        raise RuntimeError(f"wrk failed on {url}:\n{result.stdout}\n{result.stderr}")
    values = dict(item.split("=", 1) for item in line.split()[1:])
    requests = int(values["requests"])

    def ms(name: str) -> float:
        return int(values[name]) / 1000 if requests else math.nan

    return Measurement(
        requests=requests,
        seconds=int(values["duration_us"]) / 1e6,
        bytes=int(values["bytes"]),
        p50=ms("p50_us"),
        p95=ms("p95_us"),
        p99=ms("p99_us"),
        errors={
            kind: int(values[kind])
            for kind in ("connect", "read", "write", "status", "timeout")
            if int(values[kind])
        },
    )


def check_address(base: str, target: Target) -> tuple[dict, float]:
    """One request first: the address must answer as the benchmark expects it to.

    Returns the headers to measure with, and how long the request took, alone.
    """
    url = base + target.path
    started = time.perf_counter()
    status, headers, _ = fetch(url)
    alone = time.perf_counter() - started
    if status != 200:
        raise RuntimeError(f"{url} answered {status}, not 200")
    if not target.conditional:
        return {}, alone
    etag = headers.get("ETag")
    if not etag:
        raise RuntimeError(f"{url} sent no ETag")
    started = time.perf_counter()
    status, _, _ = fetch(url, {"If-None-Match": etag})
    alone = time.perf_counter() - started
    if status != 304:
        raise RuntimeError(f"{url} with If-None-Match: {etag} answered {status}, not 304")
    return {"If-None-Match": etag}, alone


def measure(stack: "Stack", target: Target, options, cached: bool) -> Measurement:
    headers, alone = check_address(stack.base, target)
    url = stack.base + target.path

    def run(seconds: float) -> Measurement:
        measurement = wrk(url, seconds, options.connections, headers)
        stack.wait_until_idle()
        return measurement

    if cached and target.kept:
        # Every worker keeps its own cache, and a first rendering can take seconds:
        # the warm-up goes on until responses flow, so the timed run reads every cache.
        deadline = time.monotonic() + WARMUP_MAX_SECONDS
        while run(options.warmup).requests < WARMUP_MIN_REQUESTS:
            if time.monotonic() > deadline:
                break
    elif alone < options.warmup:
        run(options.warmup)
    measurement = run(options.duration)
    if measurement.requests < MIN_REQUESTS and options.duration < options.max_duration:
        rate = measurement.rps or (os.cpu_count() or 1) / max(alone, 0.001)
        needed = (MIN_REQUESTS + options.connections) / rate
        measurement = run(min(options.max_duration, max(2 * options.duration, needed)))
    return measurement


# ----------------------------------------------------------------------------- the run


def static_path() -> str:
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/portal.css"]


def base_env(server, scale: int, downloads: Path) -> dict:
    env = dict(os.environ)
    # The default configuration is measured: a per-process cache, the project's settings.
    for name in (
        "REDIS_URL",
        "DJANGO_SETTINGS_MODULE",
        "PORTAL_PAGE_CACHE_SECONDS",
        "PORTAL_DERIVED_CACHE_SECONDS",
    ):
        env.pop(name, None)
    env.update(
        DATABASE_URL=server.database_url(f"portal_bench_{scale}x"),
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_API_THROTTLE_RATE=THROTTLE_RATE,
        # A load writes the downloads; the benchmark's belong to no one.
        PORTAL_DOWNLOADS_DIR=str(downloads),
        GUNICORN_LOG_LEVEL="warning",
        GUNICORN_TIMEOUT=str(REQUEST_TIMEOUT),
    )
    return env


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def machine(server: Server, connections: int) -> dict:
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    wrk_line = (wrk_version.stdout or wrk_version.stderr).splitlines()[0]
    gunicorn = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--version"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    cores = os.cpu_count() or 1
    workers = os.environ.get("WEB_CONCURRENCY") or str(cores * 2 + 1)
    django_version = subprocess.run(
        [str(PYTHON), "-c", "import django; print(django.get_version())"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cpus": str(cores),
        "memory": memory,
        "kernel": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": platform.python_version(),
        "django": django_version,
        "postgresql": server.version(),
        "sqlite": sqlite3.sqlite_version,
        "connections": str(connections),
        "wrk": re.sub(r"\s+Copyright.*", "", wrk_line),
        "gunicorn": f"gunicorn {re.sub(r'[^0-9.]', '', gunicorn)}, {workers} sync workers",
    }


def run(options) -> int:
    if not shutil.which("wrk"):
        say("wrk is not installed (Debian package `wrk`).")
        return 2
    server = Server(options.server)
    # Two runs at once share the CPUs and the databases: each would measure the other.
    import psycopg

    try:
        lock = server.connect()
    except psycopg.OperationalError as error:
        say(f"PostgreSQL is not reachable at {server.url}: {error}")
        return 2
    if not lock.execute("SELECT pg_try_advisory_lock(%s)", [RUN_LOCK]).fetchone()[0]:
        say("Another benchmark run is in progress (it holds the lock); try again after it.")
        lock.close()
        return 2
    try:
        return measure_all(options, server)
    finally:
        lock.close()


def measure_all(options, server: Server) -> int:
    # results[database][scale][config][target key]
    results: dict[str, dict[int, dict[str, dict[str, Measurement]]]] = {}
    loads = []
    started = datetime.datetime.now(datetime.UTC)
    work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    downloads = work / "downloads"
    downloads.mkdir()
    log = work / "bench.log"
    say(
        f"Benchmark: {', '.join(DATABASE_NAMES[d] for d in options.databases)}; scales "
        f"{', '.join(f'{s}x' for s in options.scales)}; wrk {options.duration:g} s per address "
        f"after {options.warmup:g} s warm-up, {options.connections} connection(s); log {log}"
    )
    info = machine(server, options.connections)
    say("Machine: " + "; ".join(f"{k}: {v}" for k, v in info.items()))
    stores = {"postgresql": server, "sqlite": SQLiteFiles()}
    targets = list(TARGETS)
    failed = None
    try:
        for database in options.databases:
            store = stores[database]
            results[database] = {}
            for scale in options.scales:
                say(f"\n== {DATABASE_NAMES[database]}, {scale}x the data")
                env = base_env(store, scale, downloads)
                prepare_database(store, scale, env, options.fresh, log)
                static = static_path()
                results[database][scale] = {}
                for config, description, config_env in CONFIGS:
                    port = free_port(options.port)
                    before = load_average()
                    say(f"  -- {description}: gunicorn on 127.0.0.1:{port} (load {before})")
                    measured = results[database][scale][config] = {}
                    with Stack({**env, **config_env}, port, log, store) as stack:
                        for index, target in enumerate(targets, start=1):
                            if target.kind == "static":
                                target = Target(target.key, target.label, static, "static")
                            m = measure(stack, target, options, cached=config == "cached")
                            measured[target.key] = m
                            errors = f"  ERRORS {m.errors}" if m.errors else ""
                            say(
                                f"     [{index:2}/{len(targets)}] {target.label:<28} "
                                f"p50 {m.p50:9.2f} ms  p95 {m.p95:9.2f} ms  "
                                f"{m.rps:8.1f} req/s  {m.requests:6} in {m.seconds:4.0f} s  "
                                f"{m.bytes_per_response / 1024:7.1f} KiB{errors}"
                            )
                    loads.append(
                        f"{DATABASE_NAMES[database]}, {scale}×, {config}: "
                        f"{before} → {load_average()}"
                    )
    except (RuntimeError, OSError) as error:
        failed = str(error)
        say(f"\nStopped: {failed}")
    finally:
        if options.drop:
            for database in options.databases:
                for scale in options.scales:
                    stores[database].drop(f"portal_bench_{scale}x")
            say("Benchmark databases dropped.")
        shutil.rmtree(downloads, ignore_errors=True)

    complete = all(
        len(by_scale) == len(options.scales)
        and all(len(by_config) == len(CONFIGS) for by_config in by_scale.values())
        for by_scale in results.values()
    )
    if not results or not complete:
        return 1
    finished = datetime.datetime.now(datetime.UTC)
    verdicts = [v for database in results for v in evaluate(database, results[database])]
    section = render(options, info, started, finished, loads, results, verdicts)
    say("\n" + section)
    if options.write_docs:
        write_section(section)
        say(f"Written to {BENCHMARKS_MD.relative_to(ROOT)}.")
    return 1 if failed else 0


# ----------------------------------------------------------------------------- verdicts


def ratio(a: float, b: float) -> float:
    return a / b if b else math.nan


def number(value: float, digits: int = 2) -> str:
    return "—" if math.isnan(value) else f"{value:,.{digits}f}"


# The configurations the targets hold; "cold" is measured to be seen, not held.
HELD_CONFIGS = ("uncached", "cached")


def evaluate(database: str, results) -> list[tuple[str, bool, str]]:
    """Each target as (what, met, the figures behind it), for one database's results."""
    verdicts = []
    scales = sorted(results)
    by_key = {t.key: t for t in TARGETS}
    name = DATABASE_NAMES[database]

    def held(what: str, value: float, limit: float, figures: str):
        verdicts.append((f"{name}, {what}", not math.isnan(value) and value <= limit, figures))

    if 1 in results:
        uncached = results[1]["uncached"]
        static = uncached["static"].p50
        for key, m in uncached.items():
            target = by_key[key]
            if target.kind == "static" or target.conditional:
                continue
            r = ratio(m.p50, static)
            held(
                f"1×, uncached: {target.label}, p50 within {UNCACHED_VS_STATIC:g}× the static file",
                r,
                UNCACHED_VS_STATIC,
                f"{number(m.p50)} ms = {number(r, 2)}× static ({number(static)} ms)",
            )
    if 1 in results and len(scales) > 1:
        top = scales[-1]
        for config in HELD_CONFIGS:
            for key, small in results[1][config].items():
                big = results[top][config][key]
                r = ratio(big.p50, small.p50)
                held(
                    f"{config}: {by_key[key].label}, p50 at {top}× within {GROWTH_LIMIT:g}× "
                    "its p50 at 1×",
                    r,
                    GROWTH_LIMIT,
                    f"{number(small.p50)} → {number(big.p50)} ms = {number(r, 2)}×",
                )
    for scale in scales:
        for config in HELD_CONFIGS:
            measured = results[scale][config]
            static = measured["static"].p50
            for key, m in measured.items():
                target = by_key[key]
                page_hit = config == "cached" and target.kept and not target.conditional
                if not (page_hit or target.conditional):
                    continue
                r = ratio(m.p50, static)
                what = "from the cache" if page_hit else "answered 304"
                held(
                    f"{scale}×, {config}: {target.label} {what}, p50 within "
                    f"{CACHED_VS_STATIC:g}× the static file",
                    r,
                    CACHED_VS_STATIC,
                    f"{number(m.p50)} ms = {number(r, 2)}× static ({number(static)} ms)",
                )
    for scale in scales:
        for config, _, _ in CONFIGS:
            for key, m in results[scale][config].items():
                if m.errors or not m.requests:
                    verdicts.append(
                        (
                            f"{name}, {scale}×, {config}: {by_key[key].label}, without errors",
                            False,
                            f"{m.error_count} errors in {m.requests} responses: {m.errors}"
                            if m.requests
                            else f"no response completed in {m.seconds:.0f} s",
                        )
                    )
    return verdicts


# ----------------------------------------------------------------------------- report


def render(options, info, started, finished, loads, results, verdicts) -> str:
    databases = list(results)
    scales = sorted(next(iter(results.values())))
    static = static_path()
    connections = options.connections
    lines = [
        SECTION_HEADING,
        "",
        wrap(
            "`tests/load/bench.py` serves the portal with the production stack (gunicorn with "
            "its production settings, static files through whitenoise in the same processes) "
            "on PostgreSQL and on SQLite, and loads it with `wrk`, at 1, 10 and 100 times the "
            "real data, in three configurations: the response cache on (the default), off "
            "(what many responses share still kept per data version: a record's rendered "
            "parts, the filters' options, what a query found), and nothing kept at all (every "
            "response built from the database, as for the first reader after a load or a "
            "save). The figures are measurements, not tests; the targets at the end say what "
            "they are held against. This section is written by the command."
        ),
        "",
        "Command, from the repository root:",
        "",
        "```",
        "make bench          # = .venv/bin/python tests/load/bench.py",
        "```",
        "",
        wrap(
            "Options: `--databases postgresql,sqlite` (which databases), `--scales 1,10` "
            "(which scales), `--connections N` (wrk's concurrent connections, 1), "
            "`--duration S` and `--warmup S` (seconds of each timed run and warm-up; 3 and 1 "
            "by default), `--max-duration S` (how long a run of a slow address may grow, 60), "
            "`--quick` (2 s runs, stdout only), `--fresh` (rebuild the benchmark databases), "
            "`--drop` (drop them at the end), `--no-docs` (leave this file alone)."
        ),
        "",
        wrap(
            f"Run: {started:%Y-%m-%d %H:%M}–{finished:%H:%M} UTC "
            f"({(finished - started).total_seconds() / 60:.0f} minutes), "
            f"{', '.join(DATABASE_NAMES[d] for d in databases)}, scales "
            f"{', '.join(f'{s}×' for s in scales)}, {options.duration:g} s per address "
            f"after a {options.warmup:g} s warm-up, {connections} connection"
            f"{'s' if connections > 1 else ''}.",
        ),
        "",
        wrap(
            f"Machine: {info['cpus']} CPUs (`nproc`), {info['memory']} memory, "
            f"{info['kernel']}, Python {info['python']}, Django {info['django']}, "
            f"PostgreSQL {info['postgresql']} on the same machine (default configuration), "
            f"SQLite {info['sqlite']} (Python's own), "
            f"{info['wrk']}, {info['gunicorn']} (`config/gunicorn.py`: 2 × cores + 1). wrk "
            "runs on the same machine and shares its CPUs with the server and the database, "
            "and the machine was shared with other work. Load average (1, 5 and 15 minutes) "
            "before → after each configuration:",
        ),
        "",
        *(f"- {line}" for line in loads),
        "",
        "Method:",
        "",
        *bullets(
            "Data: per database and scale, `portal_bench_1x`, `portal_bench_10x`, "
            "`portal_bench_100x` (PostgreSQL databases; SQLite files under `var/bench/`), "
            "prepared by `scripts/serve --prepare` (migrations, "
            "`load_portal_data`, `collectstatic`, `check --deploy`); `tests/load/synthetic.py "
            "--scale N` then adds N−1 copies of every initiative, expected result (with "
            "sub-items, footnotes and alignments) and roadmap row (with SDG links and "
            "citations), each copy in synthetic cycles of its own (`[synthetic n] …`, years "
            "3000 onwards; a portal grows by cycles, and codes are unique within one), then "
            "rebuilds the related initiatives and the search index, raises the data version "
            "and vacuums and analyses the database. Regions, meetings, roadmaps, vocabularies "
            "and sources stay as they are; copied roadmap rows join the four real roadmaps "
            "(one per action line), after the real rows, and the home page and the cycle "
            "filter list every cycle (2, 20, 200). The databases are kept and reused by the "
            "next run while the fixtures, migrations and derived-data code are unchanged (a "
            "fingerprint in the database's comment, or beside the file); `--fresh` rebuilds "
            "them.",
            "Server: `scripts/serve`'s environment (`scripts/production-env`: debug off, a "
            "secret key, loopback hosts, no HTTPS redirect) and its gunicorn command, on a "
            "free loopback port; `DJANGO_API_THROTTLE_RATE` raised out of the way (the "
            "throttle is per client address, and wrk is one client); the default per-process "
            "cache (no `REDIS_URL`). Uncached: `PORTAL_PAGE_CACHE_SECONDS=0`; cached: the "
            "default; cold: `PORTAL_PAGE_CACHE_SECONDS=0 PORTAL_DERIVED_CACHE_SECONDS=0`. A "
            "fresh server per database, scale and configuration, and one run at a time (a "
            "PostgreSQL advisory lock): two runs would measure each other.",
            f"Load: `wrk -t{min(2, connections)} -c{connections} -d{options.duration:g}s "
            "--latency -s tests/load/report.lua URL`, one address at a time, after a warm-up "
            f"run of the same address ({options.warmup:g} s; with the cache on, repeated until "
            f"a run completes {WARMUP_MIN_REQUESTS} requests, so that every worker's cache "
            "holds the response; skipped when the address alone takes longer than the "
            f"warm-up). A timed run that completes fewer than {MIN_REQUESTS} requests runs "
            f"again for as long as {MIN_REQUESTS} need (at most {options.max_duration:g} s): "
            "the `n` column gives the responses behind each row. After every run, the "
            "workers and PostgreSQL are left to finish what wrk left in flight before the "
            "next one starts, and when a server stops, the queries its workers left running "
            "are ended. `report.lua` prints wrk's own p50/p95/p99 and error counts. Each "
            "address is requested once before it is measured and must answer 200 (or 304 "
            "with its current ETag in `If-None-Match`, for the 304 rows).",
            (
                "One connection: each request waits for the one before, so p50 is the time "
                "one response takes, end to end, on an otherwise idle server."
                if connections == 1
                else f"Latency under {connections} concurrent connections on "
                f"{os.cpu_count()} CPUs is mostly waiting for a CPU: p50 is roughly "
                f"{connections} ÷ req/s, so it reads as the cost of one response."
            ),
            f"Static file: `{static}` (`css/portal.css` by its hashed name, through whitenoise "
            "in the same gunicorn), measured in the same run as the others; each address's "
            "ratios are to it, in the same database, scale and configuration: p50 ÷ static "
            "p50, and req/s ÷ static req/s.",
            "Addresses: " + "; ".join(f"{t.label}: `{t.path or static}`" for t in TARGETS) + ".",
        ),
        "",
    ]
    for database in databases:
        for config, description, _ in CONFIGS:
            lines += [
                f"### {DATABASE_NAMES[database]}, {description}",
                "",
                "| address | data | p50 ms | p95 ms | p99 ms | req/s | n | KiB "
                "| p50 ÷ static | req/s ÷ static | errors |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            ]
            for target in TARGETS:
                for scale in scales:
                    m = results[database][scale][config][target.key]
                    st = results[database][scale][config]["static"]
                    lines.append(
                        f"| {target.label} | {scale}× | {number(m.p50)} | {number(m.p95)} "
                        f"| {number(m.p99)} | {number(m.rps, 1)} | {m.requests:,} "
                        f"| {number(m.bytes_per_response / 1024, 1)} "
                        f"| {number(ratio(m.p50, st.p50), 1)} "
                        f"| {number(ratio(m.rps, st.rps), 3)} | {m.error_count} |"
                    )
            lines.append("")
    if len(scales) > 1:
        lines += [
            "### Growth with the data",
            "",
            "p50 in milliseconds at each scale, and p50 at each scale ÷ p50 at 1×.",
            "",
            "| address | database | configuration | "
            + " | ".join(f"{s}×" for s in scales)
            + " | "
            + " | ".join(f"{s}× ÷ 1×" for s in scales[1:])
            + " |",
            "|---|---|---|" + "---:|" * (2 * len(scales) - 1),
        ]
        for target in TARGETS:
            for database in databases:
                for config, _, _ in CONFIGS:
                    row = [results[database][s][config][target.key].p50 for s in scales]
                    lines.append(
                        f"| {target.label} | {DATABASE_NAMES[database]} | {config} | "
                        + " | ".join(number(v) for v in row)
                        + " | "
                        + " | ".join(number(ratio(v, row[0]), 1) for v in row[1:])
                        + " |"
                    )
        lines.append("")
    met = sum(1 for _, ok, _ in verdicts if ok)
    lines += [
        "### Targets",
        "",
        *bullets(
            f"Uncached pages and endpoints: p50 within {UNCACHED_VS_STATIC:g}× the static file "
            "at 1×.",
            f"Every address: p50 at {scales[-1]}× within {GROWTH_LIMIT:g}× its p50 at 1×, "
            "cached and uncached.",
            f"Pages and API responses from the cache, and 304 answers: p50 within "
            f"{CACHED_VS_STATIC:g}× the static file, at every scale. (Search responses are not "
            "kept whole in the cache, only what a search found, so only 304 answers of theirs "
            "would be held to this.)",
            "No errors: every response 2xx or 3xx, no socket errors or timeouts (listed only "
            "when there are some), in every configuration.",
            "Nothing kept (cold) is measured to be seen: it is no configuration a reader "
            "meets twice in a row.",
        ),
        "",
        f"{met} of {len(verdicts)} met.",
        "",
        "| target | verdict | figures |",
        "|---|---|---|",
    ]
    for what, ok, figures in verdicts:
        lines.append(f"| {what} | {'PASS' if ok else '**MISS**'} | {figures} |")
    lines.append("")
    return "\n".join(lines)


def bullets(*items: str) -> list[str]:
    return [wrap(item, initial_indent="- ", subsequent_indent="  ") for item in items]


def wrap(text: str, **kwargs) -> str:
    return textwrap.fill(text, WIDTH, break_long_words=False, break_on_hyphens=False, **kwargs)


def write_section(section: str) -> None:
    """Replace the section (up to the next `## ` heading), or add it at the end."""
    text = BENCHMARKS_MD.read_text(encoding="utf-8")
    start = text.find("\n" + SECTION_HEADING + "\n")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        after = text.find("\n## ", start + 1)
        rest = "" if after == -1 else text[after:]
        text = text[: start + 1] + section.rstrip("\n") + "\n" + rest
    BENCHMARKS_MD.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def stop_on_sigterm(signum, frame):
    # Unwinds through the `with` and `finally` blocks, which stop gunicorn.
    raise SystemExit(128 + signum)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scales",
        default=",".join(map(str, DEFAULT_SCALES)),
        help="Comma-separated multiples of the real data (default 1,10,100).",
    )
    parser.add_argument(
        "--databases",
        default=",".join(DATABASES),
        help="Comma-separated databases to measure (default postgresql,sqlite).",
    )
    parser.add_argument(
        "--connections",
        type=int,
        default=DEFAULT_CONNECTIONS,
        help=f"wrk's concurrent connections ({DEFAULT_CONNECTIONS}).",
    )
    parser.add_argument("--duration", type=float, help="Seconds of each timed wrk run (3).")
    parser.add_argument("--warmup", type=float, help="Seconds of each warm-up run (1).")
    parser.add_argument(
        "--max-duration",
        type=float,
        help="Longest timed run, for addresses too slow to answer 20 times in --duration (60).",
    )
    parser.add_argument(
        "--quick", action="store_true", help="2 s runs after 1 s warm-ups; stdout only."
    )
    parser.add_argument(
        "--fresh", action="store_true", help="Drop and rebuild the benchmark databases."
    )
    parser.add_argument(
        "--drop", action="store_true", help="Drop the benchmark databases at the end."
    )
    parser.add_argument(
        "--no-docs", dest="write_docs", action="store_false", help="Leave docs/benchmarks.md."
    )
    parser.add_argument("--port", type=int, default=8301, help="First port to try (8301).")
    parser.add_argument(
        "--server", default=DEFAULT_SERVER, help=f"PostgreSQL server ({DEFAULT_SERVER})."
    )
    options = parser.parse_args(argv)
    try:
        options.scales = sorted({int(s) for s in options.scales.split(",") if s.strip()})
    except ValueError:
        parser.error("--scales takes whole numbers, e.g. 1,10,100")
    if not options.scales or min(options.scales) < 1:
        parser.error("--scales takes whole numbers from 1")
    options.databases = [d.strip() for d in options.databases.split(",") if d.strip()]
    if not options.databases or set(options.databases) - set(DATABASES):
        parser.error(f"--databases takes {', '.join(DATABASES)}")
    if options.connections < 1:
        parser.error("--connections takes a whole number from 1")
    if options.quick:
        options.write_docs = False
    options.duration = options.duration or (2.0 if options.quick else 3.0)
    options.warmup = options.warmup or 1.0
    options.max_duration = max(
        options.duration, options.max_duration or (15.0 if options.quick else 60.0)
    )
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    return run(options)


if __name__ == "__main__":
    sys.exit(main())
