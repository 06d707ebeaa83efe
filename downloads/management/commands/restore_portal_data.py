"""Restore a backup written by backup_portal_data into a database without portal data."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from downloads.backup import SOURCES, BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup folder into a database whose portal tables are empty, in one "
        "transaction, keys included, then rebuild the search index, the related initiatives "
        "and the downloads. The manifest is checked against its signature first when "
        "PORTAL_BACKUP_SIGNING_KEY is set, then every file against the manifest; on any "
        "error nothing is written and the message names the file and the row."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="The backup folder.")
        parser.add_argument(
            "--from",
            dest="source",
            choices=SOURCES,
            default="json",
            help="Read the JSON file (default) or the CSV files.",
        )

    def handle(self, *args, directory: Path, source: str, **options):
        try:
            restore_backup(directory, report=self.stdout.write, source=source)
        except BackupError as error:
            raise CommandError(f"Nothing was restored. {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Restored the backup in {directory}."))
