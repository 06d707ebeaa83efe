"""What the initiatives app contributes to search: initiatives and their expected results,
the published ones only (a record unpublished by a save leaves the index at once)."""

from collections.abc import Collection

from django.utils.translation import gettext_lazy

from initiatives.models import ExpectedResult, ExpectedResultSubitem, Footnote, Initiative
from search.registry import Document, Registration, register


def initiative_documents(ids: Collection[int] | None):
    initiatives = Initiative.objects.for_listing()
    if ids is not None:
        initiatives = initiatives.filter(pk__in=ids)
    for initiative in initiatives:
        yield Document(
            kind="initiative",
            object_id=initiative.pk,
            owner_kind="initiative",
            owner_id=initiative.pk,
            title=initiative.title,
            body="\n".join(filter(None, [initiative.objective, initiative.results_intro])),
            html_url=initiative.get_absolute_url(),
            label=_label(initiative),
            keywords=_codes(initiative, initiative.region.name),
            title_weight="A",
            body_weight="B",
            keywords_weight="A",
        )


def result_documents(ids: Collection[int] | None):
    results = (
        ExpectedResult.objects.published()
        .select_related("initiative__cycle", "initiative__region")
        .prefetch_related("subitems", "footnotes")
    )
    if ids is not None:
        results = results.filter(pk__in=ids)
    for result in results:
        initiative = result.initiative
        body = [result.text]
        body += [f"{item.label}) {item.text}" for item in result.subitems.all()]
        body += [note.text for note in result.footnotes.all()]
        yield Document(
            kind="expected-result",
            object_id=result.pk,
            owner_kind="initiative",
            owner_id=initiative.pk,
            title=f"{initiative.code} expected result {result.number}",
            body="\n".join(body),
            html_url=result.get_absolute_url(),
            label=f"{_label(initiative)} · {initiative.title}",
            keywords=_codes(initiative),
            # The heading only says where the result stands: its text is what matters, and
            # its initiative (weight A) ranks above it for the same words.
            title_weight="D",
            body_weight="B",
            keywords_weight="D",
        )


def _codes(initiative: Initiative, *more: str) -> str:
    # The code as printed too ("RI 1" for CIS1 2023-2025), so that either spelling finds it.
    return " ".join(dict.fromkeys([initiative.code, initiative.label_as_printed, *more]))


def _label(initiative: Initiative) -> str:
    return (
        f"{initiative.code} · {initiative.region.name} · {initiative.cycle.slug} · "
        f"{initiative.get_stage_display()}"
    )


register(
    Registration(
        kind="initiative",
        name=gettext_lazy("Initiative"),
        name_plural=gettext_lazy("Initiatives"),
        documents=initiative_documents,
        refreshed_by={Initiative: lambda initiative: [initiative.pk]},
        order=10,
        api_view="api:initiative-detail",
        api_keys=lambda ids: dict(Initiative.objects.filter(pk__in=ids).values_list("pk", "slug")),
    )
)
register(
    Registration(
        kind="expected-result",
        name=gettext_lazy("Expected result"),
        name_plural=gettext_lazy("Expected results"),
        documents=result_documents,
        refreshed_by={
            ExpectedResult: lambda result: [result.pk],
            ExpectedResultSubitem: lambda item: [item.result_id],
            Footnote: lambda note: [note.result_id],
            # The code and title of the initiative are part of each result's document.
            Initiative: lambda initiative: initiative.expected_results.values_list("pk", flat=True),
        },
        order=20,
        api_view="api:expected-result-detail",
    )
)
