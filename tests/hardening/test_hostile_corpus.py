"""The hostile-input corpus (hostile-requests.txt), replayed against the pages, search and
API: no 5xx, no traceback in the log, on whichever database the suite runs."""

import logging
from pathlib import Path

import pytest
from django.test import Client

# Hundreds of requests, a few of a megabyte each.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CORPUS = Path(__file__).with_name("hostile-requests.txt")
MEGABYTE = "early%20warning%20" * (1024 * 1024 // 18)
ADDRESSES = [
    "/initiatives/",
    "/roadmaps/c2/",
    "/search/",
    "/sdgs/9/",
    "/api/v1/initiatives/",
    "/api/v1/expected-results/",
    "/api/v1/roadmap-rows/",
    "/api/v1/search/",
    "/api/v1/initiatives/2026-2029-ams4/",
]


def expand(line: str) -> str:
    return line.replace("{1MB}", MEGABYTE).replace("{1000xregion}", "&".join(["region=AMS"] * 1000))


def corpus() -> list[str]:
    lines = [line.strip() for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def targets() -> list[str]:
    found = []
    for line in corpus():
        if line.startswith("?"):
            found += [address + line for address in ADDRESSES]
        else:
            found.append(line)
    return found


def test_the_corpus_covers_every_kind_it_promises():
    text = CORPUS.read_text(encoding="utf-8")
    for kind in ["NEAR(", "%00", "%C3%28", "%E2%80%AE", "%E2%80%8B", "{1MB}", "{1000xregion}"]:
        assert kind in text
    assert len(targets()) > 600


@pytest.mark.parametrize("chunk", range(4))
def test_no_hostile_request_gets_a_server_error_or_a_traceback(chunk, caplog):
    caplog.set_level(logging.WARNING)
    client = Client(raise_request_exception=False)
    mine = targets()[chunk::4]
    failures = []
    for target in mine:
        response = client.get(expand(target))
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {target[:120]}")
        elif response.status_code not in (200, 301, 302, 304, 400, 404, 405, 406):
            failures.append(f"unexpected {response.status_code} {target[:120]}")
    assert failures == []
    tracebacks = [
        r.getMessage()[:200] for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR
    ]
    assert tracebacks == []
