"""A load rebuilds what derives from the data once, at its end: the search index is
written once per record, and the data version raised once, whatever the load saved."""

import io

import pytest
from django.core.management import call_command

from core.models import DataVersion
from initiatives.models import Initiative
from search import indexing

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def index_writes(monkeypatch):
    calls = {"refresh": 0, "rebuild": 0}
    refresh, rebuild = indexing.refresh, indexing.rebuild

    def counted_refresh(*args, **kwargs):
        calls["refresh"] += 1
        return refresh(*args, **kwargs)

    def counted_rebuild(*args, **kwargs):
        calls["rebuild"] += 1
        return rebuild(*args, **kwargs)

    monkeypatch.setattr(indexing, "refresh", counted_refresh)
    monkeypatch.setattr(indexing, "rebuild", counted_rebuild)
    return calls


def edit_behind_the_signals(count: int) -> None:
    """Change some titles as an edit of the database by hand would: the load writes the
    fixtures' titles back, one save each."""
    for initiative in Initiative.objects.order_by("pk")[:count]:
        Initiative.objects.filter(pk=initiative.pk).update(title=f"{initiative.title} (edited)")


def test_a_load_indexes_each_record_once_and_raises_the_version_once(
    index_writes, settings, tmp_path
):
    settings.PORTAL_DOWNLOADS_DIR = tmp_path
    settings.PORTAL_DISCARDED_EDITS_DIR = tmp_path / "discarded"
    edit_behind_the_signals(5)
    before = DataVersion.current()
    call_command("load_portal_data", discard_edits=True, stdout=io.StringIO())
    assert not Initiative.objects.filter(title__endswith="(edited)").exists()
    # Five saves: no refresh of the index per save, one rebuild at the end; one bump.
    assert index_writes == {"refresh": 0, "rebuild": 1}
    assert DataVersion.current() == before + 1


def test_a_save_outside_a_load_still_refreshes_the_index_at_once(index_writes):
    initiative = Initiative.objects.get(slug="2026-2029-ams4")
    initiative.save()
    assert index_writes["refresh"] >= 1
    assert index_writes["rebuild"] == 0


def test_a_refused_load_leaves_the_version_as_it_was(settings, tmp_path):
    settings.PORTAL_DOWNLOADS_DIR = tmp_path
    broken = tmp_path / "fixtures"
    broken.mkdir()
    for name in settings.PORTAL_FIXTURES:
        (broken / name).write_bytes((settings.PORTAL_FIXTURES_DIR / name).read_bytes())
    (broken / settings.PORTAL_FIXTURES[-1]).write_text("not: [a, mapping\n", encoding="utf-8")
    edit_behind_the_signals(5)
    before = DataVersion.current()
    with pytest.raises(Exception, match="Nothing was loaded"):
        call_command("load_portal_data", fixtures_dir=broken, stdout=io.StringIO())
    assert DataVersion.current() == before
