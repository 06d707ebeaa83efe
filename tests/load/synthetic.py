"""Grow the knowledge base of a benchmark database to N times its real size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_10x \\
        .venv/bin/python tests/load/synthetic.py --scale 10

The database must hold the real data (`load_portal_data`) and nothing else; N-1 copies
are added so that every table that grows with the work of the regions holds N times its
real rows: initiatives, expected results with their sub-items and footnotes, their SDG,
action line and GDC alignments, and the roadmap rows with their SDG links and citations.
The related initiatives and the search index are then rebuilt and the data version raised,
as a load would. Vocabularies, regions, meetings, roadmaps and source documents are fixed
sets and stay as they are.

A portal grows by cycles: the six regions stay, and every WTDC adopts a new set of
initiatives for them (initiative codes are only unique within a cycle and stage, and the
addresses take one or two digits). So copy n of each real cycle is a synthetic cycle of
its own, named "[synthetic n] ..." and set a thousand years ahead, and its initiatives
carry their real codes with titles starting "[synthetic copy n]". Roadmaps are one per
action line, so their copied rows join the real roadmaps, after the real rows, with
outcomes starting "[synthetic copy n]" and labels "s<n>.<label>". Nothing is written into
a real cycle.

Only databases named portal_bench_* are accepted: the copies are meant to be thrown away
with the database, never mixed into data that people read.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_PREFIX = "portal_bench_"
MARK = "[synthetic"
BATCH_SIZE = 2000


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", type=int, required=True, help="Target size: N times the real data."
    )
    options = parser.parse_args(argv)
    if options.scale < 1:
        parser.error("--scale must be at least 1")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if connection.vendor not in ("postgresql", "sqlite") or not Path(name).name.startswith(
        BENCH_PREFIX
    ):
        print(
            f"Refusing to write synthetic data into {connection.vendor} database {name!r}: "
            f"only PostgreSQL databases and SQLite files named {BENCH_PREFIX}* are for "
            "benchmarks.",
            file=sys.stderr,
        )
        return 2
    return Synthesiser(options.scale).run()


def progress(line: str) -> None:
    print(line, flush=True)


class Synthesiser:
    def __init__(self, scale: int):
        self.scale = scale
        self.copies = range(1, scale)

    def run(self) -> int:
        from django.db import connection, transaction

        from core.models import DataVersion
        from initiatives import related
        from initiatives.models import Cycle, Initiative
        from search import indexing

        if Cycle.objects.filter(name__startswith=MARK).exists():
            progress("The database already holds synthetic data: drop and recreate it first.")
            return 2
        real = Initiative.objects.count()
        if not real:
            progress("The database holds no data: run load_portal_data first.")
            return 2
        progress(f"Database {connection.settings_dict['NAME']}: {real} real initiatives")
        if self.scale == 1:
            progress("Scale 1: the real data is the benchmark data; nothing to add.")
            return 0

        started = time.perf_counter()
        with transaction.atomic():
            progress(f"Adding {self.scale - 1} synthetic copies ...")
            self.copy_cycles()
            self.copy_initiatives()
            self.copy_results()
            self.copy_alignments()
            self.copy_roadmap_rows()
            progress("Rebuilding what derives from the data ...")
            step = time.perf_counter()
            related.rebuild(report=progress)
            progress(f"  ({time.perf_counter() - step:.1f} s)")
            step = time.perf_counter()
            indexing.rebuild(report=progress)
            progress(f"  ({time.perf_counter() - step:.1f} s)")
            # Bulk writes send no save signals, so the version a load would raise is
            # raised here: every ETag and cached page of the old data goes stale.
            DataVersion.bump()
        # Fresh statistics, so that the planner sees the tables as they now are.
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("VACUUM")
                cursor.execute("ANALYZE")
            else:
                cursor.execute("VACUUM ANALYZE")
        progress(
            f"Done in {time.perf_counter() - started:.1f} s: "
            f"{Initiative.objects.count()} initiatives ({self.scale}x {real})."
        )
        return 0

    # Each copy_* method writes the copies of one kind for every n, and keeps the map
    # (n, real pk) -> new pk that the kinds depending on it need.

    def copy_cycles(self):
        from initiatives.models import Cycle

        self.cycles = {}
        originals = list(Cycle.objects.order_by("start_year"))
        first = min(c.start_year for c in originals)
        span = max(c.end_year for c in originals) - first + 1
        rows = []
        for n in self.copies:
            for cycle in originals:
                # A thousand years ahead, each copy a span of its own: slugs stay
                # "YYYY-YYYY" (the addresses expect it) and never meet a real cycle.
                start = 3000 + (n - 1) * span + (cycle.start_year - first)
                end = start + (cycle.end_year - cycle.start_year)
                new = Cycle(
                    slug=f"{start}-{end}",
                    name=f"[synthetic {n}] {cycle.name}"[:40],
                    conference=f"[syn {n}]",
                    conference_city="[synthetic]",
                    action_plan=f"[synthetic copy {n}] {cycle.action_plan}"[:60],
                    start_year=start,
                    end_year=end,
                )
                rows.append(((n, cycle.pk), new))
        self.cycles = self._create(Cycle, rows, "cycles")

    def copy_initiatives(self):
        from initiatives.models import Cycle, Initiative, Stage

        cycle_slugs = dict(Cycle.objects.values_list("pk", "slug"))
        originals = list(Initiative.objects.order_by("pk"))
        self.initiatives = {}
        # Drafts first: an adopted initiative points to its draft.
        for stage in (Stage.DRAFT, Stage.ADOPTED):
            rows = []
            for n in self.copies:
                for initiative in originals:
                    if initiative.stage != stage:
                        continue
                    values = fields(initiative)
                    cycle_id = self.cycles[(n, initiative.cycle_id)]
                    values.update(
                        cycle_id=cycle_id,
                        slug=Initiative.make_slug(
                            cycle_slugs[cycle_id], initiative.code, initiative.stage
                        ),
                        title=f"[synthetic copy {n}] {initiative.title}",
                        draft_id=(
                            self.initiatives[(n, initiative.draft_id)]
                            if initiative.draft_id
                            else None
                        ),
                    )
                    rows.append(((n, initiative.pk), Initiative(**values)))
            self.initiatives.update(self._create(Initiative, rows, f"initiatives ({stage})"))

    def copy_results(self):
        from initiatives.models import ExpectedResult, ExpectedResultSubitem, Footnote

        originals = list(ExpectedResult.objects.order_by("pk"))
        rows = []
        for n in self.copies:
            for result in originals:
                values = fields(result)
                values.update(
                    initiative_id=self.initiatives[(n, result.initiative_id)],
                    text=f"[synthetic copy {n}] {result.text}",
                )
                rows.append(((n, result.pk), ExpectedResult(**values)))
        results = self._create(ExpectedResult, rows, "expected results")
        for model, label in ((ExpectedResultSubitem, "sub-items"), (Footnote, "footnotes")):
            self._create(
                model,
                [
                    (None, model(**{**fields(item), "result_id": results[(n, item.result_id)]}))
                    for n in self.copies
                    for item in model.objects.order_by("pk")
                ],
                label,
            )

    def copy_alignments(self):
        from initiatives.models import InitiativeActionLine, InitiativeGDCObjective, InitiativeSDG

        for model, label in (
            (InitiativeSDG, "SDG alignments"),
            (InitiativeActionLine, "action line alignments"),
            (InitiativeGDCObjective, "GDC alignments"),
        ):
            originals = list(model.objects.order_by("pk"))
            self._create(
                model,
                [
                    (
                        None,
                        model(
                            **{
                                **fields(link),
                                "initiative_id": self.initiatives[(n, link.initiative_id)],
                            }
                        ),
                    )
                    for n in self.copies
                    for link in originals
                ],
                label,
            )

    def copy_roadmap_rows(self):
        from django.db.models import Max

        from roadmaps.models import Citation, RoadmapRow, RoadmapRowSDG

        originals = list(RoadmapRow.objects.order_by("pk"))
        # Copies follow the real rows in each table; `order` is unique per roadmap.
        step = RoadmapRow.objects.aggregate(top=Max("order"))["top"] or 0
        rows = []
        for n in self.copies:
            for row in originals:
                values = fields(row)
                values.update(
                    order=row.order + n * step,
                    label=f"s{n}.{row.label}",
                    outcome=f"[synthetic copy {n}] {row.outcome}",
                    outcome_text=f"[synthetic copy {n}] {row.outcome_text}",
                )
                rows.append(((n, row.pk), RoadmapRow(**values)))
        new_rows = self._create(RoadmapRow, rows, "roadmap rows")
        self._create(
            RoadmapRowSDG,
            [
                (None, RoadmapRowSDG(**{**fields(link), "row_id": new_rows[(n, link.row_id)]}))
                for n in self.copies
                for link in RoadmapRowSDG.objects.order_by("pk")
            ],
            "roadmap row SDG links",
        )
        citations = []
        for n in self.copies:
            for citation in Citation.objects.order_by("pk"):
                values = fields(citation)
                # Cited under the copy of its cycle, resolved to the copy of its initiative;
                # a citation the real data cannot resolve stays unresolved.
                values.update(
                    row_id=new_rows[(n, citation.row_id)],
                    cycle_id=self.cycles[(n, citation.cycle_id)],
                    initiative_id=(
                        self.initiatives[(n, citation.initiative_id)]
                        if citation.initiative_id
                        else None
                    ),
                )
                citations.append((None, Citation(**values)))
        self._create(Citation, citations, "citations")

    @staticmethod
    def _create(model, rows, label: str) -> dict:
        started = time.perf_counter()
        objects = [obj for _, obj in rows]
        for start in range(0, len(objects), BATCH_SIZE):
            model.objects.bulk_create(objects[start : start + BATCH_SIZE])
        progress(f"  {label}: {len(objects):,} created ({time.perf_counter() - started:.1f} s)")
        # PostgreSQL hands back the new primary keys, in order.
        return {key: obj.pk for key, obj in rows if key is not None}


def fields(obj) -> dict:
    """A record's column values, without its primary key."""
    return {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if not field.primary_key
    }


if __name__ == "__main__":
    sys.exit(main())
