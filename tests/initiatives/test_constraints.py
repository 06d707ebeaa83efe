"""The database itself refuses bad data, whatever writes it."""

import pytest
from django.db import IntegrityError, transaction

from frameworks.models import SDG, ActionLine, GDCObjective
from initiatives.models import (
    ExpectedResult,
    ExpectedResultSubitem,
    Initiative,
    InitiativeActionLine,
    InitiativeSDG,
)
from regions.models import MeetingPriority, PreparatoryMeeting, Region

pytestmark = pytest.mark.django_db


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def copy_of(initiative: Initiative, **changes) -> Initiative:
    fields = {
        f.attname: getattr(initiative, f.attname)
        for f in Initiative._meta.concrete_fields
        if not f.primary_key
    }
    fields.update(slug=f"{initiative.slug}-copy", draft_id=None)
    fields.update(changes)
    return Initiative(**fields)


def test_an_initiative_code_is_unique_per_cycle_and_stage():
    ams1 = Initiative.objects.get(slug="2026-2029-ams1")
    refused(lambda: copy_of(ams1).save())
    copy_of(
        ams1, stage="draft", cycle_id=Initiative.objects.get(slug="2023-2025-cis1").cycle_id
    ).save()


def test_only_an_adopted_initiative_links_a_draft():
    draft = Initiative.objects.get(slug="2026-2029-eur1-draft")
    other = Initiative.objects.get(slug="2026-2029-eur2-draft")
    refused(lambda: Initiative.objects.filter(pk=draft.pk).update(draft=other))


def test_a_stage_outside_draft_and_adopted_is_refused():
    refused(lambda: Initiative.objects.filter(slug="2023-2025-cis1").update(stage="final"))


def test_expected_result_numbers_are_unique_and_positive_per_initiative():
    cis1 = Initiative.objects.get(slug="2023-2025-cis1")
    refused(lambda: ExpectedResult.objects.create(initiative=cis1, number=1, text="x"))
    refused(lambda: ExpectedResult.objects.create(initiative=cis1, number=0, text="x"))


def test_subitem_labels_are_unique_per_result():
    result = ExpectedResult.objects.get(initiative__slug="2026-2029-ams4", number=1)
    refused(
        lambda: ExpectedResultSubitem.objects.create(result=result, label="a", order=9, text="x")
    )


def test_framework_numbers_and_codes_are_bounded():
    refused(lambda: SDG.objects.create(number=18, short_name="x", title="x", colour="#000000"))
    refused(lambda: GDCObjective.objects.create(number=6, title="x"))
    refused(lambda: ActionLine.objects.create(code="C12", number=12, title="x"))
    refused(lambda: Region.objects.create(code="XYZ", name="Nowhere"))


def test_an_alignment_has_a_valid_provenance_and_a_curated_one_a_rationale():
    cis2 = Initiative.objects.get(slug="2023-2025-cis2")
    sdg1 = SDG.objects.get(number=1)
    refused(lambda: InitiativeSDG.objects.create(initiative=cis2, sdg=sdg1, provenance="guess"))
    refused(lambda: InitiativeSDG.objects.create(initiative=cis2, sdg=sdg1, provenance="curated"))
    InitiativeSDG.objects.create(
        initiative=cis2, sdg=sdg1, provenance="curated", rationale='"secure, reliable and robust"'
    )


def test_the_same_alignment_is_stated_once_per_provenance():
    eur4 = Initiative.objects.get(slug="2026-2029-eur4-draft")
    c5 = ActionLine.objects.get(code="C5")
    refused(
        lambda: InitiativeActionLine.objects.create(
            initiative=eur4, action_line=c5, provenance="source"
        )
    )


def test_a_meeting_cannot_end_before_it_starts_and_priorities_are_numbered_once():
    meeting = PreparatoryMeeting.objects.get(name="RPM-ARB")
    refused(lambda: PreparatoryMeeting.objects.filter(pk=meeting.pk).update(end_date="2025-01-01"))
    refused(lambda: MeetingPriority.objects.create(meeting=meeting, number=1, title="x"))


def test_records_describe_themselves_usefully():
    assert str(Initiative.objects.get(slug="2026-2029-ams1-draft")).startswith(
        "AMS1 2026-2029 (draft): Facilitating Resilient Infrastructure"
    )
    assert str(ExpectedResult.objects.get(initiative__slug="2023-2025-cis3", number=2)) == (
        "CIS3 result 2"
    )
    assert str(SDG.objects.get(number=9)) == "SDG 9: Industry, innovation and infrastructure"
    assert (
        str(PreparatoryMeeting.objects.get(name="RPM-EUR"))
        == "RPM-EUR (Budapest, 25-26 February 2025)"
    )
