"""Load every curated fixture, in dependency order, in one transaction."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.loading import FixtureError, load_fixture, loading_portal_data, portal_data_loaded


class Command(BaseCommand):
    help = (
        "Load the curated data of every source document (settings.PORTAL_FIXTURES, in order) "
        "in one transaction. Idempotent: a second run changes nothing. On any error nothing "
        "is written and the message names the file and the record."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures-dir",
            type=Path,
            default=settings.PORTAL_FIXTURES_DIR,
            help="Folder holding the fixture files (default: the repository's fixtures/).",
        )

    def handle(self, *args, fixtures_dir: Path, **options):
        names = settings.PORTAL_FIXTURES
        try:
            with transaction.atomic(), loading_portal_data():
                for index, name in enumerate(names, start=1):
                    self.stdout.write(f"[{index}/{len(names)}] {name}")
                    load_fixture(fixtures_dir / name, report=self.stdout.write)
                self.stdout.write("Rebuilding what derives from the data ...")
                portal_data_loaded.send(sender=self.__class__, report=self.stdout.write)
        except FixtureError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(names)} fixture files."))
