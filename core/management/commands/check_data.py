"""Report integrity problems of the loaded data; exit non-zero on any."""

from django.core.management.base import BaseCommand, CommandError

from core.integrity import run_data_checks


class Command(BaseCommand):
    help = (
        "Check the loaded knowledge base: initiatives without expected results, gaps in "
        "numbering, adopted initiatives without their draft, alignments without provenance, "
        "unresolved references. Exits with status 1 if any problem is found."
    )

    def handle(self, *args, **options):
        problems = run_data_checks()
        for problem in problems:
            self.stderr.write(f"- {problem}")
        if problems:
            raise CommandError(f"{len(problems)} data problem(s) found.")
        self.stdout.write(self.style.SUCCESS("No data problems found."))
