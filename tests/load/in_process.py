"""What each benchmark address costs inside Django, with no server and no network: the p50
of repeated requests through Django's test client with the response cache off, once with
the parts kept per data version (docs/decisions/0017-kept-parts.md) and once with nothing
kept, and the queries and Python function calls (cProfile) of one request each way. With
`--profile ADDRESS`, where that address's time goes, sampled by pyinstrument.

    .venv/bin/python tests/load/in_process.py [--runs 50]
    .venv/bin/python tests/load/in_process.py --profile /roadmaps/c2/ [--kept-off]

Debug off, as in production; the database is DATABASE_URL's (by default the development
SQLite database, `make data`).
"""

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.load.bench import TARGETS  # noqa: E402  (after the path it is found on)


def setup() -> None:
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    os.environ["PORTAL_PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("DJANGO_API_THROTTLE_RATE", "100000000/second")
    import django

    django.setup()
    from django.core.management import call_command

    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


def addresses() -> list[tuple[str, str]]:
    from django.contrib.staticfiles.storage import staticfiles_storage

    static = staticfiles_storage.url("css/portal.css")
    return [(target.label, target.path or static) for target in TARGETS if not target.conditional]


def measure(client, address: str, runs: int) -> tuple[float, int, int]:
    """The p50 of `runs` requests, and the queries and the Python calls of one: unlike
    the times, the calls are the same from run to run, however busy the machine."""
    from django.db import connection

    assert client.get(address).status_code == 200, address
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(address)
    profiler = cProfile.Profile()
    profiler.runcall(client.get, address)
    calls = pstats.Stats(profiler).total_calls
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(address)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), len(executed), calls


def table(runs: int) -> None:
    from django.test import Client, override_settings

    from core.conditional import forget_everything_kept

    client = Client()
    rows = []
    for label, address in addresses():
        forget_everything_kept()
        kept = measure(client, address, runs)
        with override_settings(PORTAL_DERIVED_CACHE_SECONDS=0):
            afresh = measure(client, address, runs)
        rows.append((label, kept, afresh))
    print(
        "| address | parts kept: p50 ms | queries | calls "
        "| nothing kept: p50 ms | queries | calls |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, kept_figures, afresh_figures in rows:
        kept_ms, kept_queries, kept_calls = kept_figures
        afresh_ms, afresh_queries, afresh_calls = afresh_figures
        print(
            f"| {label} | {kept_ms:.2f} | {kept_queries} | {kept_calls:,} "
            f"| {afresh_ms:.2f} | {afresh_queries} | {afresh_calls:,} |"
        )


def profile(address: str, runs: int, kept: bool) -> None:
    from django.test import Client, override_settings
    from pyinstrument import Profiler

    client = Client()
    with override_settings(**({} if kept else {"PORTAL_DERIVED_CACHE_SECONDS": 0})):
        assert client.get(address).status_code == 200, address
        profiler = Profiler(interval=0.0002)
        profiler.start()
        for _ in range(runs):
            client.get(address)
        profiler.stop()
    print(profiler.output_text(unicode=False, color=False))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50, help="Requests per address (50).")
    parser.add_argument("--profile", metavar="ADDRESS", help="Sample this address instead.")
    parser.add_argument(
        "--kept-off", action="store_true", help="With --profile: nothing kept, as after a load."
    )
    options = parser.parse_args(argv)
    setup()
    if options.profile:
        profile(options.profile, options.runs, kept=not options.kept_off)
    else:
        table(options.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
