"""Rebuild fixtures/004_wsis_roadmaps_2025.yaml from the repository's copy of source 004."""

from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from roadmaps.parsing import SOURCE_FILE, ParseError, build_fixture, parse_document

FIXTURE_NAME = "004_wsis_roadmaps_2025.yaml"

HEADER = """\
# WSIS Action Line Roadmaps C2, C4, C5, C6 (2025), curated from source 004
# (sources/documents/{source}).
#
# Built by `manage.py build_roadmaps_fixture` from the document's damaged table extraction;
# the editorial decisions it applies are in roadmaps/curation.py and are explained in each
# record's curation_note and in docs/decisions/0005-roadmaps-curation.md. To correct a record,
# change roadmaps/curation.py (or the parser) and rebuild, so that the file stays
# reproducible; tests/roadmaps/test_fixture.py fails when the two disagree.
#
# Rich cells are sanitised HTML (paragraphs, lists, emphasis); the loader derives their
# plain-text twins. The list markers ("•", "-") are the document's own text.
"""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def render_fixture(data: dict) -> str:
    """The fixture file's text: the header, then the records in a stable layout."""
    # It ends with YAML's end of document ("..."), which the loader requires: a cut shows.
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        indent=2,
        explicit_end=True,
    )
    return HEADER.format(source=SOURCE_FILE) + body


def build_fixture_text(source_path: Path) -> tuple[str, dict]:
    data = build_fixture(parse_document(source_path.read_text(encoding="utf-8")))
    return render_fixture(data), data


class Command(BaseCommand):
    help = (
        "Parse source 004 (the WSIS Action Line Roadmaps) and write the roadmaps fixture. "
        "With --check, only report whether the committed fixture is up to date."
    )
    # Reads a text file and writes another; nothing here depends on the project's checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            default=settings.PORTAL_DOCUMENTS_DIR / SOURCE_FILE,
            help="The text of source 004 (default: the repository's copy).",
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=settings.PORTAL_FIXTURES_DIR / FIXTURE_NAME,
            help="Where to write the fixture (default: the repository's fixtures/).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; exit with an error if the output file differs.",
        )

    def handle(self, *args, source: Path, output: Path, check: bool, **options):
        self.stdout.write(f"Reading {source} ...")
        try:
            text, data = build_fixture_text(source)
        except (OSError, ParseError) as error:
            raise CommandError(f"{source.name}: {error}") from error
        for roadmap in data["roadmaps"]:
            rows = roadmap["rows"]
            sections = {}
            for row in rows:
                sections[row["section"]] = sections.get(row["section"], 0) + 1
            counts = ", ".join(f"{section} {count}" for section, count in sections.items())
            cited = sum(len(row["citations"]) for row in rows)
            self.stdout.write(
                f"  {roadmap['action_line']}: {len(rows)} rows ({counts}), {cited} citations"
            )
        if check:
            current = output.read_text(encoding="utf-8") if output.exists() else ""
            if current != text:
                raise CommandError(f"{output} is not what the parser builds; rebuild it.")
            self.stdout.write(self.style.SUCCESS(f"{output.name} is up to date."))
            return
        output.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}."))
