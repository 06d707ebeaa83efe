"""Rebuild the search index from the knowledge base, with progress."""

from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    help = (
        "Rebuild the search index from every record of the knowledge base, in one "
        "transaction. load_portal_data does it too; this is for an index that was changed "
        "by hand or a kind whose documents changed shape."
    )

    def handle(self, *args, **options):
        self.stdout.write("Rebuilding the search index ...")
        total = indexing.rebuild(report=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Indexed {total} records."))
