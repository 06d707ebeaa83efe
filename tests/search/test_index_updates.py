"""The index follows the knowledge base: every save and delete, and every load of the data."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from initiatives.models import ExpectedResult, ExpectedResultSubitem, Initiative
from regions.models import PreparatoryMeeting
from roadmaps.models import RoadmapRow
from search.engine import search
from search.models import SearchDocument
from sources.models import SourceSection
from tests.search.naming import found

pytestmark = pytest.mark.django_db


def test_an_edited_expected_result_is_found_by_its_new_words_and_not_its_old_ones(e_waste_result):
    assert "2026-2029-ams5 #5" in found("e-waste")
    e_waste_result.text = "Quinquennial observatories of spectrum occupancy."
    e_waste_result.save()
    assert found("quinquennial observatories") == ["2026-2029-ams5 #5"]
    assert "2026-2029-ams5 #5" not in found("e-waste")


def test_a_deleted_expected_result_leaves_the_index(e_waste_result):
    pk = e_waste_result.pk
    e_waste_result.delete()
    assert "2026-2029-ams5 #5" not in found("e-waste")
    assert not SearchDocument.objects.filter(kind="expected-result", object_id=pk).exists()


def test_a_new_expected_result_is_found(e_waste_result):
    ExpectedResult.objects.create(
        initiative=e_waste_result.initiative, number=99, text="Hydroponic telecentres."
    )
    assert found("hydroponic") == ["2026-2029-ams5 #99"]


def test_a_new_sub_item_is_found_through_its_expected_result(e_waste_result):
    ExpectedResultSubitem.objects.create(
        result=e_waste_result, label="z", order=99, text="Xerophytic relay stations."
    )
    assert found("xerophytic relay") == ["2026-2029-ams5 #5"]


def test_renaming_an_initiative_updates_the_labels_of_its_expected_results(e_waste_result):
    initiative = e_waste_result.initiative
    initiative.title = "Stewardship of the radio commons"
    initiative.save()
    labels = {r.label for r in search("e-waste", ["expected-result"]).results}
    assert any("Stewardship of the radio commons" in label for label in labels)


@pytest.mark.parametrize(
    ("model", "field", "kind"),
    [
        (Initiative, "objective", "initiative"),
        (RoadmapRow, "evidence", "roadmap-row"),
        (PreparatoryMeeting, "summary", "meeting"),
        (SourceSection, "body", "source-section"),
    ],
)
def test_every_kind_is_refreshed_when_its_record_is_saved(model, field, kind):
    record = model.objects.first()
    setattr(record, field, "Xylophonic interchange.")
    record.save()
    results = search("xylophonic").results
    assert [(r.kind, r.object_id) for r in results] == [(kind, record.pk)]


def test_a_save_refreshes_the_index_at_once_inside_its_own_transaction(e_waste_result):
    with transaction.atomic():
        e_waste_result.text = "Quinquennial observatories."
        e_waste_result.save()
        document = SearchDocument.objects.get(kind="expected-result", object_id=e_waste_result.pk)
        assert document.text_b == "Quinquennial observatories."


def test_reading_the_index_writes_nothing(e_waste_result, django_assert_num_queries):
    e_waste_result.text = "Quinquennial observatories."
    e_waste_result.save()
    # The counts per kind and the page: no refresh is left for the search to do.
    with django_assert_num_queries(2):
        search("quinquennial")


def test_the_full_text_structures_follow_every_write_to_the_documents_table():
    # On SQLite the FTS5 table is kept by triggers, on PostgreSQL the tsvector is a
    # generated column: neither depends on the code that writes the documents.
    document = SearchDocument.objects.filter(kind="meeting").first()
    document.text_b = "Quokka"
    document.save()
    assert [r.object_id for r in search("quokka").results] == [document.object_id]
    document.delete()
    assert search("quokka").count == 0


@pytest.mark.slow
def test_loading_the_data_rebuilds_the_index():
    SearchDocument.objects.all().delete()
    assert found("e-waste") == []

    output = StringIO()
    call_command("load_portal_data", stdout=output)

    assert "search index: 217 expected results" in output.getvalue()
    assert SearchDocument.objects.count() == sum(
        model.objects.count()
        for model in (Initiative, ExpectedResult, RoadmapRow, PreparatoryMeeting, SourceSection)
    )
    assert "2026-2029-ams5 #5" in found("e-waste")


def test_the_rebuild_command_reports_each_kind_and_the_total():
    output = StringIO()
    call_command("rebuild_search_index", stdout=output)
    lines = output.getvalue().splitlines()
    assert "  search index: 35 initiatives" in lines
    assert "  search index: 76 roadmap rows" in lines
    assert lines[-1] == f"Indexed {SearchDocument.objects.count()} records."


def test_every_record_has_exactly_one_document():
    counts = {
        "initiative": Initiative.objects.count(),
        "expected-result": ExpectedResult.objects.count(),
        "roadmap-row": RoadmapRow.objects.count(),
        "meeting": PreparatoryMeeting.objects.count(),
        "source-section": SourceSection.objects.count(),
    }
    for kind, count in counts.items():
        assert SearchDocument.objects.filter(kind=kind).count() == count, kind
