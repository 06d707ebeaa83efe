"""Measure search latency on the database in use: the real index, then a synthetic copy.

The synthetic copy lives only inside a transaction that is always rolled back: the
documents are the real ones repeated, their object ids offset and their labels marked, so
that nothing of it can outlive the run or be seen by another connection.
"""

import os
import platform
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from search.backends import get_backend
from search.engine import search
from search.models import SearchDocument

# What people type, including a phrase, a code, a near-miss and a word found everywhere.
QUERIES = [
    "incident response",
    "early warning",
    "e-waste",
    "persons with disabilities",
    "satellite",
    "IPv6",
    '"digital transformation"',
    "cybersecurity capacity building",
    "emergency telecommunications",
    "AMS 4",
    "satelite",
    "digital",
]
SYNTHETIC_OFFSET = 10**12
SYNTHETIC_LABEL = "[synthetic copy {n}] "


class Command(BaseCommand):
    help = (
        "Measure p50/p95 latency of realistic searches over the real index, then over a "
        "synthetic copy N times its size (rolled back afterwards). Prints the machine, the "
        "database and one line per query."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--copies", type=int, default=100, help="Size of the synthetic index (default 100×)."
        )
        parser.add_argument(
            "--runs", type=int, default=20, help="Timed runs of each query (default 20)."
        )

    def handle(self, *args, copies: int, runs: int, **options):
        if copies < 1 or runs < 1:
            raise CommandError("--copies and --runs must be at least 1.")
        real_count = SearchDocument.objects.count()
        if not real_count:
            raise CommandError("The index is empty: run load_portal_data first.")
        if SearchDocument.objects.filter(object_id__gte=SYNTHETIC_OFFSET).exists():
            raise CommandError("The index holds synthetic documents: rebuild it first.")
        self._describe_machine()
        self._vacuum()

        self.stdout.write(f"\nReal index: {real_count} documents")
        self._report(self._measure(runs))

        with transaction.atomic():
            self.stdout.write(f"\nSynthetic index: {copies}× the real one ...")
            started = time.perf_counter()
            self._add_copies(copies)
            get_backend().optimise()
            self.stdout.write(
                f"  {SearchDocument.objects.count()} documents written in "
                f"{time.perf_counter() - started:.1f} s"
            )
            self._report(self._measure(runs))
            transaction.set_rollback(True)
        self._vacuum()
        left = SearchDocument.objects.filter(object_id__gte=SYNTHETIC_OFFSET).count()
        self.stdout.write(f"\nSynthetic copy rolled back; {left} synthetic documents remain.")

    def _vacuum(self):
        # PostgreSQL keeps the rows of earlier rebuilds and rolled-back copies until a
        # vacuum; measuring through them would time the dead rows, not the index.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE search_document")
                cursor.execute("VACUUM ANALYZE search_term")

    def _describe_machine(self):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SHOW server_version")
            else:
                cursor.execute("SELECT sqlite_version()")
            version = cursor.fetchone()[0]
        memory = "unknown"
        try:
            with open("/proc/meminfo", encoding="ascii") as meminfo:
                kilobytes = int(meminfo.readline().split()[1])
            memory = f"{kilobytes / 1024 / 1024:.1f} GiB"
        except (OSError, ValueError, IndexError):
            pass
        self.stdout.write(
            f"Machine: {os.cpu_count()} CPUs, {memory} memory, {platform.platform()}, "
            f"Python {platform.python_version()}"
        )
        self.stdout.write(f"Database: {connection.vendor} {version}")

    def _add_copies(self, copies: int):
        originals = list(SearchDocument.objects.order_by("pk"))
        for n in range(1, copies):
            SearchDocument.objects.bulk_create(
                [
                    SearchDocument(
                        kind=doc.kind,
                        object_id=doc.object_id + n * SYNTHETIC_OFFSET,
                        owner_kind=doc.owner_kind,
                        owner_id=doc.owner_id + n * SYNTHETIC_OFFSET,
                        title=doc.title,
                        label=SYNTHETIC_LABEL.format(n=n) + doc.label,
                        html_url=doc.html_url,
                        text_a=doc.text_a,
                        text_b=doc.text_b,
                        text_c=doc.text_c,
                        text_d=doc.text_d,
                        body_weight=doc.body_weight,
                    )
                    for doc in originals
                ],
                batch_size=500,
            )
            if n % 10 == 0 or n == copies - 1:
                self.stdout.write(f"  copy {n + 1}/{copies}")

    def _measure(self, runs: int) -> dict[str, list[float]]:
        timings = {}
        for index, query in enumerate(QUERIES, start=1):
            search(query)  # warm-up: caches, plans
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                page = search(query)
                samples.append((time.perf_counter() - started) * 1000)
            timings[query] = samples
            self.stdout.write(
                f"  [{index}/{len(QUERIES)}] {query:<34} {page.count:>7} found  "
                f"p50 {percentile(samples, 50):7.1f} ms  p95 {percentile(samples, 95):7.1f} ms"
            )
        return timings

    def _report(self, timings: dict[str, list[float]]):
        every = [sample for samples in timings.values() for sample in samples]
        self.stdout.write(
            f"  All queries: p50 {percentile(every, 50):.1f} ms, p95 {percentile(every, 95):.1f} ms"
            f" ({len(every)} searches)"
        )


def percentile(samples: list[float], p: int) -> float:
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1]
