"""Load and fault runs against the production stack, on loopback only.

    .venv/bin/python tests/load/load_and_faults.py load     # 60 s at capacity: no 5xx
    .venv/bin/python tests/load/load_and_faults.py faults   # PostgreSQL stopped mid-load
    .venv/bin/python tests/load/load_and_faults.py all
    .venv/bin/python tests/load/load_and_faults.py memory   # unique junk addresses: RSS flat

The stack is `scripts/serve` (gunicorn with several workers, whitenoise, PostgreSQL) on
127.0.0.1, on a database of its own (`portal_loadtest`). The load comes from wrk
(Debian's package) with `mixed.lua`, which cycles through pages, API calls and the
health check and counts the answers by status. The fault run stops the local
PostgreSQL cluster while the load goes on, checks that the portal answers 503 with its
page (no traceback) and that /health/ says so, starts the cluster again and checks that
the same processes serve again by themselves. The memory run sends ten thousand unique
junk query strings, then ten thousand distinct real searches of the list, and checks
that the workers' resident memory stays flat, then levels off at the cache's entry cap.
Every wait is bounded; the cluster is started again whatever happens. Exit status 0
when every check passes.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_loadtest"
PATHS = [
    "/",
    "/initiatives/?region=AMS,AFR&sdg=9",
    "/initiatives/2026-2029/ams4/",
    "/roadmaps/c2/",
    "/sdgs/9/",
    "/search/?q=early+warning",
    "/api/v1/initiatives/?region=AMS",
    "/api/v1/initiatives/2026-2029-ams4/",
    "/health/",
]
UNAVAILABLE_TEXT = "The portal is temporarily unavailable"


class CheckFailed(Exception):
    pass


def say(line: str) -> None:
    print(line, flush=True)


def check(condition: bool, what: str) -> None:
    say(f"  {'ok  ' if condition else 'FAIL'} {what}")
    if not condition:
        raise CheckFailed(what)


def fetch(url: str, timeout: float = 10) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as error:
        return 0, str(error)


def wait_for(predicate, seconds: float, every: float = 0.5):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    return None


class Stack:
    """`scripts/serve` in its own process group, its output in a log file."""

    def __init__(self, port: int, workers: int):
        self.port, self.workers = port, workers
        self.base = f"http://{HOST}:{port}"
        handle, name = tempfile.mkstemp(prefix="portal-serve-", suffix=".log")
        os.close(handle)
        self.log = Path(name)
        self.downloads = tempfile.mkdtemp(prefix="portal-load-downloads-")
        self.process = None

    def __enter__(self):
        env = {
            **os.environ,
            "DATABASE_URL": DATABASE_URL,
            "GUNICORN_BIND": f"{HOST}:{self.port}",
            "WEB_CONCURRENCY": str(self.workers),
            "PORTAL_DOWNLOADS_DIR": self.downloads,
            # The API's per-address throttle would answer 429 to a load from one address.
            "DJANGO_API_THROTTLE_RATE": "100000000/second",
            # Workers recycled after their share of requests (tens of thousands are served
            # here) would pass for workers the outage restarted.
            "GUNICORN_MAX_REQUESTS": "0",
        }
        say(f"Starting the production stack on {self.base} ({self.workers} workers) ...")
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [str(ROOT / "scripts" / "serve")],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        healthy = wait_for(lambda: fetch(self.base + "/health/", 2)[0] == 200, 300, 1)
        if not healthy:
            self.__exit__(None, None, None)
            raise CheckFailed(f"the stack did not become healthy; see {self.log}")
        say(f"  serving (log: {self.log})")
        return self

    def worker_pids(self) -> set[int]:
        output = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return {int(pid) for pid in output.split()}

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        shutil.rmtree(self.downloads, ignore_errors=True)


def wrk(base: str, seconds: int, connections: int) -> subprocess.Popen:
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "tests" / "load" / "mixed.lua"),
        base,
    ]
    env = {**os.environ, "LOAD_PATHS": " ".join(PATHS)}
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)


def wrk_result(process: subprocess.Popen, seconds: int) -> dict:
    output, _ = process.communicate(timeout=seconds + 60)
    statuses = {int(s): int(n) for s, n in re.findall(r"^status (\d+) (\d+)$", output, re.M)}
    errors = [int(n) for n in re.search(r"^errors (\d+) (\d+) (\d+) (\d+)$", output, re.M).groups()]
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = re.search(r"^latency_ms p50 ([\d.]+) p95 ([\d.]+) p99 ([\d.]+)$", output, re.M)
    return {
        "statuses": statuses,
        "socket_errors": dict(zip(["connect", "read", "write", "timeout"], errors, strict=True)),
        "requests_per_second": rate,
        "latency_ms": dict(zip(["p50", "p95", "p99"], map(float, latency.groups()), strict=True)),
    }


def run_load(stack: Stack, seconds: int, connections: int) -> None:
    say(f"\nLoad: {seconds} s, {connections} connections, {len(PATHS)} addresses in turn")
    result = wrk_result(wrk(stack.base, seconds, connections), seconds)
    say("  " + json.dumps(result))
    total = sum(result["statuses"].values())
    server_errors = sum(n for status, n in result["statuses"].items() if status >= 500)
    check(total > 0, f"{total} responses")
    check(server_errors == 0, f"{server_errors} responses 5xx")
    check(set(result["statuses"]) <= {200}, f"every answer 200 ({sorted(result['statuses'])})")
    check(sum(result["socket_errors"].values()) == 0, "no socket errors or timeouts")


def postgres_cluster(action: str) -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action]
        + (["-m", "fast"] if action == "stop" else []),
        check=True,
        timeout=60,
    )


def run_faults(stack: Stack, connections: int) -> None:
    seconds = 45
    say(f"\nFaults: PostgreSQL stopped for 15 s during a {seconds}-second load")
    if not Path("/etc/postgresql").is_dir() or shutil.which("pg_ctlcluster") is None:
        raise CheckFailed("the fault run needs the local PostgreSQL cluster (pg_ctlcluster)")
    workers_before = stack.worker_pids()
    load = wrk(stack.base, seconds, connections)
    time.sleep(8)
    stopped_at = time.monotonic()
    say("  stopping PostgreSQL ...")
    try:
        postgres_cluster("stop")
        time.sleep(2)
        status, page = fetch(stack.base + "/initiatives/2026-2029/ams4/")
        check(status == 503, f"a page answers 503 while the database is down (got {status})")
        check(UNAVAILABLE_TEXT in page, "with the page that says so")
        check("Traceback" not in page, "and no traceback")
        check("OperationalError" not in page, "nor the database's error")
        status, body = fetch(stack.base + "/api/v1/initiatives/?region=AMS")
        check(status == 503 and "unavailable" in body, f"the API answers 503 in JSON ({status})")
        status, body = fetch(stack.base + "/health/")
        health = json.loads(body)
        check(status == 503, f"/health/ answers 503 ({status})")
        check(health["database"]["status"] == "unavailable", "and reports the database down")
        time.sleep(max(0, 15 - (time.monotonic() - stopped_at)))
    finally:
        say("  starting PostgreSQL ...")
        postgres_cluster("start")
    started_at = time.monotonic()
    recovered = wait_for(lambda: fetch(stack.base + "/health/", 2)[0] == 200, 60, 0.2)
    check(bool(recovered), "/health/ answers 200 again")
    say(f"  recovered {time.monotonic() - started_at:.1f} s after the database started")
    status, page = fetch(stack.base + "/initiatives/2026-2029/ams4/")
    check(status == 200, f"the page is served again ({status})")
    result = wrk_result(load, seconds)
    say("  " + json.dumps(result))
    statuses = result["statuses"]
    check(set(statuses) <= {200, 503}, f"the load saw only 200 and 503 ({sorted(statuses)})")
    check(statuses.get(503, 0) > 0, f"{statuses.get(503, 0)} answers 503 while it was down")
    check(statuses.get(200, 0) > 0, f"{statuses.get(200, 0)} answers 200")
    check(stack.worker_pids() == workers_before, "the same worker processes, none restarted")
    check("Traceback" not in stack.log_text(), "no traceback in the server's log")


def worker_memory_mib(stack: Stack) -> dict[int, float]:
    """Resident memory of each gunicorn worker, in MiB."""
    sizes = {}
    for pid in sorted(stack.worker_pids()):
        status = Path(f"/proc/{pid}/status").read_text()
        sizes[pid] = int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)) / 1024
    return sizes


def send_all(base: str, targets: list[str]) -> dict[int, int]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda target: fetch(base + target, 30)[0], targets))
    return {status: statuses.count(status) for status in sorted(set(statuses))}


def run_memory(stack: Stack, count: int) -> None:
    say(f"\nMemory: {count} unique junk query strings, then {count} distinct real lists")
    send_all(stack.base, [path for path in PATHS for _ in range(20)])
    before = worker_memory_mib(stack)
    junk = [
        f"{PATHS[n % len(PATHS)]}{'&' if '?' in PATHS[n % len(PATHS)] else '?'}"
        f"junk{n}={n}&utm_source=mail{n}"
        for n in range(count)
    ]
    statuses = send_all(stack.base, junk)
    after_junk = worker_memory_mib(stack)
    say(f"  statuses {statuses}")
    say(f"  RSS MiB before {fmt(before)}, after the junk {fmt(after_junk)}")
    check(not any(status >= 500 or status == 0 for status in statuses), "no 5xx, no failure")
    growth = max(after_junk[pid] - before[pid] for pid in before)
    check(growth < 10, f"no worker grew by 10 MiB or more (at most {growth:.1f})")
    # Distinct real lists (one word each) are distinct responses: kept up to the cap.
    half = [f"/initiatives/?q=digital{n}" for n in range(count // 2)]
    send_all(stack.base, half)
    after_half = worker_memory_mib(stack)
    send_all(stack.base, [f"/initiatives/?q=digital{n}" for n in range(count // 2, count)])
    after_all = worker_memory_mib(stack)
    say(f"  RSS MiB after {count // 2} lists {fmt(after_half)}, after {count} {fmt(after_all)}")
    plateau = max(after_all[pid] - after_half[pid] for pid in before)
    check(plateau < 10, f"past the cap, no worker grew by 10 MiB or more ({plateau:.1f})")


def fmt(sizes: dict[int, float]) -> str:
    return "[" + ", ".join(f"{size:.0f}" for size in sizes.values()) + "]"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", choices=["load", "faults", "all", "memory"])
    parser.add_argument("--requests", type=int, default=10_000, help="of the memory run")
    parser.add_argument("--seconds", type=int, default=60, help="length of the load run")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument(
        "--connections",
        type=int,
        default=None,
        help="concurrent connections (default: two per worker, the measured capacity)",
    )
    parser.add_argument("--port", type=int, default=8303)
    args = parser.parse_args()
    if shutil.which("wrk") is None and args.run != "memory":
        say("wrk is missing: install Debian's package 'wrk'.")
        return 2
    connections = args.connections or args.workers * 2
    try:
        with Stack(args.port, args.workers) as stack:
            if args.run in ("load", "all"):
                run_load(stack, args.seconds, connections)
            if args.run in ("faults", "all"):
                run_faults(stack, connections)
            if args.run == "memory":
                run_memory(stack, args.requests)
    except CheckFailed as failure:
        say(f"\nFAILED: {failure}")
        return 1
    say("\nAll checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
