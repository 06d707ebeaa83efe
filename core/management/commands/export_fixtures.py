"""Write the database back as the curated fixture files, in the repository's layout."""

import difflib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.exporting import ExportError, export_fixtures


class Command(BaseCommand):
    help = (
        "Write every fixture file (settings.PORTAL_FIXTURES) from the database into a "
        "folder, in the layout, order and comments of the repository's fixtures/: "
        "byte-identical where nothing changed, so that an edit made in the admin becomes "
        "a reviewable diff. --output fixtures/ updates the repository's copy in place."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            required=True,
            help="Folder to write the files into (fixtures/ to update the repository's copy).",
        )

    def handle(self, *args, output: Path, **options):
        names = settings.PORTAL_FIXTURES
        try:
            files = export_fixtures(names, settings.PORTAL_FIXTURES_DIR)
        except ExportError as error:
            raise CommandError(f"Nothing was written. {error}") from error
        output.mkdir(parents=True, exist_ok=True)
        changed = 0
        for index, exported in enumerate(files, start=1):
            (output / exported.name).write_text(exported.text, encoding="utf-8")
            self.stdout.write(f"[{index}/{len(files)}] {exported.name}: {_change(exported)}")
            changed += exported.changed
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {len(files)} fixture files to {output}; {changed} differ from "
                f"the repository's {settings.PORTAL_FIXTURES_DIR.name}/."
            )
        )


def _change(exported) -> str:
    """How the file differs from the repository's copy, in lines."""
    if exported.template is None:
        return "new"
    if not exported.changed:
        return "unchanged"
    added = removed = 0
    diff = difflib.unified_diff(
        exported.template.splitlines(), exported.text.splitlines(), lineterm="", n=0
    )
    for line in diff:
        if line.startswith("+") and not line.startswith("+++"):
            added += 1
        elif line.startswith("-") and not line.startswith("---"):
            removed += 1
    return f"changed (+{added} -{removed} lines)"
