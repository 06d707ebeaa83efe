"""Write the whole knowledge base to the download files (also done after every data load)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from downloads.exports import downloads_dir, export


class Command(BaseCommand):
    help = (
        "Export the knowledge base as normalised CSV tables, their Data Package, a "
        "workbook and one JSON file, with a manifest of their sizes and SHA-256 checksums. "
        "load_portal_data does it after every load; run it by hand on a host whose files "
        "are missing or stale."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help=f"Folder to write to (default: {downloads_dir()}).",
        )

    def handle(self, *args, output: Path | None, **options):
        manifest = export(output, report=self.stdout.write)
        for file in manifest["files"]:
            self.stdout.write(f"  {file['name']}: {file['size']:,} bytes, sha256 {file['sha256']}")
        self.stdout.write(self.style.SUCCESS(f"Exported data version {manifest['data_version']}."))
