from core.integrity import data_check
from sources.models import Source, SourceSection


@data_check
def documents_are_in_the_repository():
    for source in Source.objects.all():
        if not source.path.is_file():
            yield (
                f"Source {source.slug!r} names a document missing from the repository: "
                f"{source.file_name}"
            )


@data_check
def every_source_document_is_described():
    from django.conf import settings

    described = set(Source.objects.values_list("file_name", flat=True))
    for path in sorted(settings.PORTAL_DOCUMENTS_DIR.glob("*.txt")):
        if path.name not in described:
            yield f"Document {path.name} has no Source record"


@data_check
def sections_have_text():
    for section in SourceSection.objects.select_related("source").filter(body=""):
        yield f"{section} has no text"
