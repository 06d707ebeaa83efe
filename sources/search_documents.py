"""What the sources app contributes to search: the headed sections of the source documents."""

from collections.abc import Collection

from django.utils.translation import gettext_lazy

from search.registry import Document, Registration, register
from sources.models import Source, SourceSection


def section_documents(ids: Collection[int] | None):
    sections = SourceSection.objects.select_related("source")
    if ids is not None:
        sections = sections.filter(pk__in=ids)
    for section in sections:
        source = section.source
        yield Document(
            kind="source-section",
            object_id=section.pk,
            owner_kind="source",
            owner_id=source.pk,
            title=section.heading or f"{source.title}, section {section.order}",
            body=section.body,
            html_url=section.get_absolute_url(),
            label=f"{source.title} · section {section.order}",
            keywords=source.title,
            # Sections are long answers to questionnaires: a word in them says less about
            # what the record is about than the same word in an initiative or a result.
            title_weight="A",
            body_weight="C",
            keywords_weight="D",
        )


register(
    Registration(
        kind="source-section",
        name=gettext_lazy("Source section"),
        name_plural=gettext_lazy("Source sections"),
        documents=section_documents,
        refreshed_by={
            SourceSection: lambda section: [section.pk],
            Source: lambda source: source.sections.values_list("pk", flat=True),
        },
        order=50,
    )
)
