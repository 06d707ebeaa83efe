"""Every change to a curated record is recorded: who, when, which fields, before and after,
with a note, in batches (one per admin request, one per load)."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from simple_history.models import HistoricalChanges

from core.history import ADMIN_REASON, LOAD_REASON, new_batch_id
from downloads.backup import portal_models
from initiatives.models import ExpectedResult, Initiative, RelatedInitiative
from search.models import SearchDocument
from tests.admin_forms import save_change_form

pytestmark = pytest.mark.django_db

NEW_TITLE = "Facilitating resilient and affordable infrastructure for meaningful connectivity"


@pytest.fixture
def editor(client, django_user_model, settings):
    # A superuser without a second factor, which production would refuse.
    settings.PORTAL_ADMIN_SUPERUSER_OTP_REQUIRED = False
    user = django_user_model.objects.create_superuser(
        "amina", "amina@example.org", "pw-123456", first_name="Amina", last_name="Diallo"
    )
    client.force_login(user)
    return user


def history_models() -> list:
    return [model for model in apps.get_models() if issubclass(model, HistoricalChanges)]


def rows_of_batch(batch) -> list:
    return [row for model in history_models() for row in model.objects.filter(batch=batch)]


def change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def test_every_curated_model_keeps_a_history_but_the_derived_ones():
    recorded = {model.instance_type for model in history_models()}
    curated = {
        model
        for label in settings.PORTAL_DATA_APPS
        for model in apps.get_app_config(label).get_models()
        if not issubclass(model, HistoricalChanges)
    }
    assert curated - recorded == {RelatedInitiative}
    assert SearchDocument not in recorded


def test_an_admin_save_records_who_changed_which_field_from_what_to_what(client, editor):
    initiative = Initiative.objects.get(slug="2026-2029-ams1")
    old_title = initiative.title
    save_change_form(client, change_url(initiative), title=NEW_TITLE)

    row = initiative.history.first()
    assert row.history_type == "~"
    assert row.history_user == editor
    assert row.history_change_reason == ADMIN_REASON
    delta = row.diff_against(row.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("title", old_title, NEW_TITLE)]
    # The expected results and alignments of the form were not changed: not recorded.
    assert rows_of_batch(row.batch) == [row]


def test_saving_an_untouched_form_records_nothing(client, editor):
    initiative = Initiative.objects.get(slug="2026-2029-ams1")
    before = initiative.history.count()
    save_change_form(client, change_url(initiative))
    assert initiative.history.count() == before


def test_one_admin_request_is_one_batch(client, editor):
    result = ExpectedResult.objects.filter(subitems__isnull=False).first()
    item = result.subitems.order_by("order").first()
    save_change_form(
        client,
        change_url(result),
        text=result.text + " (revised)",
        **{"subitems-0-text": item.text + " (revised)"},
    )
    row = result.history.first()
    batch = rows_of_batch(row.batch)
    assert {type(r).__name__ for r in batch} == {
        "HistoricalExpectedResult",
        "HistoricalExpectedResultSubitem",
    }
    assert {r.history_user_id for r in batch} == {editor.pk}


def test_the_admin_history_view_lists_the_change(client, editor):
    initiative = Initiative.objects.get(slug="2026-2029-ams1")
    save_change_form(client, change_url(initiative), title=NEW_TITLE)
    response = client.get(change_url(initiative).replace("/change/", "/history/"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "amina" in page
    assert NEW_TITLE in page


def test_the_first_load_is_one_batch_of_creations_without_a_user():
    rows = [row for model in history_models() for row in model.objects.all()]
    assert len({row.batch for row in rows}) == 1
    assert {(row.history_type, row.history_user_id, row.history_change_reason) for row in rows} == {
        ("+", None, LOAD_REASON)
    }


@pytest.mark.slow
def test_a_load_that_changes_texts_is_one_batch_without_a_user(tmp_path):
    fixtures = tmp_path / "fixtures"
    shutil.copytree(settings.PORTAL_FIXTURES_DIR, fixtures)
    edit(
        fixtures / "001_regional_initiatives_2026_2029_ams.yaml",
        "title: Facilitating resilient infrastructure to enable deployment of universal",
        "title: Facilitating resilient infrastructure to enable the deployment of universal",
    )
    edit(
        fixtures / "000_regional_initiatives_2023_2025_cis.yaml",
        "Raising the technological level of organizations",
        "Raising the level of organizations",
    )
    call_command("load_portal_data", fixtures_dir=fixtures, stdout=StringIO())

    initiative = Initiative.objects.get(slug="2026-2029-ams1").history.first()
    assert initiative.history_type == "~"
    assert initiative.history_user is None
    assert initiative.history_change_reason == LOAD_REASON
    delta = initiative.diff_against(initiative.prev_record)
    assert delta.changed_fields == ["title"]
    batch = rows_of_batch(initiative.batch)
    assert len(batch) == 2
    assert {type(row).__name__ for row in batch} == {
        "HistoricalInitiative",
        "HistoricalExpectedResult",
    }
    # A second load changes nothing, and records nothing.
    before = sum(model.objects.count() for model in history_models())
    call_command("load_portal_data", fixtures_dir=fixtures, stdout=StringIO())
    assert sum(model.objects.count() for model in history_models()) == before


def test_backups_hold_the_records_not_their_history():
    backed_up = portal_models()
    assert Initiative in backed_up
    assert not [model for model in backed_up if issubclass(model, HistoricalChanges)]


def test_batch_ids_sort_in_the_order_they_were_made():
    ids = [new_batch_id() for _ in range(5000)]
    assert sorted(ids, key=str) == ids
    assert sorted(ids, key=lambda value: value.hex) == ids
    assert len(set(ids)) == len(ids)
    assert {value.version for value in ids} == {7}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
