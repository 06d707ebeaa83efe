"""Write a complete backup of the knowledge base, which restore_portal_data reads back."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from downloads.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Back up every row of every portal model, every column included, as one JSON file "
        "and one CSV file per model, with a manifest of their sizes and SHA-256 checksums, "
        "signed with PORTAL_BACKUP_SIGNING_KEY when it is set. Two backups of the same data "
        "are byte-identical."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, required=True, help="Folder to write the backup to."
        )

    def handle(self, *args, output: Path, **options):
        try:
            manifest = write_backup(output, report=self.stdout.write)
        except BackupError as error:
            raise CommandError(f"No backup was written. {error}") from error
        except OSError as error:
            raise CommandError(f"The backup could not be written: {error}") from error
        rows = sum(entry["rows"] for entry in manifest["models"])
        self.stdout.write(self.style.SUCCESS(f"Backed up {rows} rows."))
