from django.db.models import Count

from core.integrity import data_check
from frameworks.models import Provenance
from initiatives.models import (
    ExpectedResult,
    Initiative,
    InitiativeActionLine,
    InitiativeGDCObjective,
    InitiativeSDG,
    Stage,
)


@data_check
def initiatives_have_expected_results():
    for initiative in Initiative.objects.annotate(n=Count("expected_results")).filter(n=0):
        yield f"{initiative.slug} has no expected results"


def _gaps(numbers: list[int]) -> list[int]:
    return sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers))


@data_check
def expected_results_are_numbered_without_gaps():
    numbers: dict[str, list[int]] = {}
    for slug, number in ExpectedResult.objects.values_list("initiative__slug", "number"):
        numbers.setdefault(slug, []).append(number)
    for slug, found in sorted(numbers.items()):
        if missing := _gaps(found):
            yield f"{slug}: expected results missing number(s) {', '.join(map(str, missing))}"


@data_check
def initiatives_of_a_region_are_numbered_without_gaps():
    numbers: dict[tuple, list[int]] = {}
    for key in Initiative.objects.values_list("cycle__slug", "region__code", "stage", "number"):
        numbers.setdefault(key[:3], []).append(key[3])
    for (cycle, region, stage), found in sorted(numbers.items()):
        if missing := _gaps(found):
            numbers = ", ".join(map(str, missing))
            yield f"{region} {cycle} ({stage}): initiative number(s) {numbers} missing"


@data_check
def adopted_initiatives_link_their_draft():
    drafts = set(Initiative.objects.drafts().values_list("cycle_id", "code"))
    for initiative in Initiative.objects.adopted().filter(draft__isnull=True):
        if (initiative.cycle_id, initiative.code) in drafts:
            yield f"{initiative.slug}: its RPM draft is in the knowledge base but not linked"
    for initiative in Initiative.objects.adopted().exclude(draft__isnull=True):
        if initiative.draft.stage != Stage.DRAFT or initiative.draft.code != initiative.code:
            yield f"{initiative.slug}: linked draft {initiative.draft.slug} is not its own draft"


@data_check
def alignments_have_provenance():
    for model in (InitiativeSDG, InitiativeActionLine, InitiativeGDCObjective):
        for link in model.objects.exclude(provenance__in=Provenance.values):
            yield f"{link}: alignment without a valid provenance"
        for link in model.objects.filter(provenance=Provenance.CURATED, rationale=""):
            yield f"{link}: curated alignment without a rationale"


@data_check
def initiatives_align_to_an_sdg_and_an_action_line():
    """The curation's rule (docs/decisions/0003-curated-alignments.md): every initiative
    serves at least one SDG and one WSIS action line, whoever states it."""
    lacking = Initiative.objects.annotate(
        sdgs_linked=Count("sdg_links", distinct=True),
        action_lines_linked=Count("action_line_links", distinct=True),
    )
    for initiative in lacking.filter(sdgs_linked=0):
        yield f"{initiative.slug} is aligned to no SDG"
    for initiative in lacking.filter(action_lines_linked=0):
        yield f"{initiative.slug} is aligned to no WSIS action line"
