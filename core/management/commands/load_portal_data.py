"""Load every curated fixture, in dependency order, in one transaction."""

from datetime import UTC, datetime
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.loading import (
    FixtureError,
    Load,
    load_fixture,
    loading_portal_data,
    portal_data_loaded,
)


class Refused(Exception):
    """The load found what it may not overwrite or delete; nothing is committed."""


class Command(BaseCommand):
    help = (
        "Load the curated data of every source document (settings.PORTAL_FIXTURES, in order) "
        "in one transaction. Idempotent: a second run changes nothing. On any error nothing "
        "is written and the message names the file and the record. A value edited in the "
        "database since the last load, and not yet in the fixtures, is never overwritten "
        "without --discard-edits; a record the fixtures no longer list is never deleted "
        "without --prune or --remove."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures-dir",
            type=Path,
            default=settings.PORTAL_FIXTURES_DIR,
            help="Folder holding the fixture files (default: the repository's fixtures/).",
        )
        parser.add_argument(
            "--discard-edits",
            action="store_true",
            help="Overwrite values edited in the database since the last load with the "
            "fixtures' (each is written to a file first, and the file named).",
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Delete every record the fixtures no longer list.",
        )
        parser.add_argument(
            "--remove",
            action="append",
            default=[],
            metavar="IDENTITY",
            help="Delete this record the fixtures no longer list (as the refusal names it, "
            "e.g. initiatives.expectedresult:42); may be repeated.",
        )

    def handle(self, *args, fixtures_dir: Path, discard_edits, prune, remove, **options):
        names = settings.PORTAL_FIXTURES
        load = Load(prune=prune, removable=frozenset(remove))
        try:
            with transaction.atomic(), loading_portal_data(load):
                for index, name in enumerate(names, start=1):
                    self.stdout.write(f"[{index}/{len(names)}] {name}")
                    load_fixture(fixtures_dir / name, report=self.stdout.write)
                if discard_edits and load.edits:
                    self.keep_discarded(load)
                    load.edits.clear()
                refusal = load.refusal()
                if refusal:
                    raise Refused(refusal)
                load.remember()
                self.stdout.write("Rebuilding what derives from the data ...")
                portal_data_loaded.send(sender=self.__class__, report=self.stdout.write)
        except FixtureError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        except Refused as refusal:
            raise CommandError(f"Nothing was loaded.\n{refusal}") from refusal
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(names)} fixture files."))

    def keep_discarded(self, load: Load) -> None:
        """Write every edit about to be overwritten to a file of its own, before the load
        commits, and say where."""
        directory = Path(settings.PORTAL_DISCARDED_EDITS_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        path = directory / f"discarded-edits-{stamp}.yaml"
        entries = [
            {
                "file": edit.file_name,
                "record": edit.record,
                "field": edit.field,
                "database": edit.database,
                "fixture": edit.fixture,
            }
            for edit in load.edits
        ]
        path.write_text(
            yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100),
            encoding="utf-8",
        )
        self.stdout.write(
            self.style.WARNING(
                f"Discarding {len(entries)} value(s) edited in the database; they are kept "
                f"in {path}."
            )
        )
