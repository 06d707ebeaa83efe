"""The curation round trip, as a new editor and operator would go through it: an editor
adds an initiative and corrects a title in the admin; both show at once; a load refuses to
overwrite them and says why; `export_fixtures` writes exactly those two changes; loading
the exported fixtures changes nothing; the changes page and its feed list both."""

import difflib
import shutil
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from initiatives.models import Initiative
from tests.admin_forms import save_change_form
from tests.test_admin_curation import ADD, TITLE, initiative_form

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

AMS = "001_regional_initiatives_2026_2029_ams.yaml"
OLD_TITLE = "Digital inclusion, digital skills/competencies"
NEW_TITLE = "Digital inclusion, digital skills and competencies"


def test_an_editors_two_changes_go_round_the_whole_loop(
    client, curation_editor, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PORTAL_DOWNLOADS_DIR = tmp_path / "downloads"
    # 1. In the admin: a new initiative, and a corrected title.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(ADD, initiative_form()).status_code == 302
        ams2 = Initiative.objects.get(slug="2026-2029-ams2")
        save_change_form(
            client, f"/admin/initiatives/initiative/{ams2.pk}/change/", title=NEW_TITLE
        )

    # 2. Both show at once, on the pages and in the API.
    assert TITLE in client.get("/initiatives/2026-2029/ams6/").content.decode()
    assert NEW_TITLE in client.get("/initiatives/2026-2029/ams2/").content.decode()
    assert client.get("/api/v1/initiatives/2026-2029-ams2/").json()["title"] == NEW_TITLE

    # 3. A load refuses to lose them, and says why.
    with pytest.raises(CommandError) as refused:
        call_command("load_portal_data", stdout=StringIO())
    message = str(refused.value)
    assert f"{AMS}, initiative AMS2 2026-2029 (adopted), title:" in message
    assert f"database: '{NEW_TITLE}'" in message
    assert "initiatives.initiative:" in message  # the new one, which no fixture lists yet
    assert Initiative.objects.get(slug="2026-2029-ams2").title == NEW_TITLE

    # 4. The export writes exactly those two changes.
    exported = tmp_path / "fixtures"
    shutil.copytree(settings.PORTAL_FIXTURES_DIR, exported)
    call_command("export_fixtures", output=exported, stdout=StringIO())
    changed = {}
    for name in settings.PORTAL_FIXTURES:
        before = (settings.PORTAL_FIXTURES_DIR / name).read_text(encoding="utf-8").splitlines()
        after = (exported / name).read_text(encoding="utf-8").splitlines()
        lines = [
            line
            for line in difflib.unified_diff(before, after, lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        if lines:
            changed[name] = lines
    # The new initiative's curated alignment goes where the editors' alignments are kept.
    assert list(changed) == [AMS, "curated_alignments.yaml"]
    alignment = changed["curated_alignments.yaml"]
    assert all(line.startswith("+") for line in alignment)
    assert "+  - initiative: 2026-2029-ams6" in alignment
    removed = [line for line in changed[AMS] if line.startswith("-")]
    added = [line for line in changed[AMS] if line.startswith("+")]
    assert removed == [f"-  title: {OLD_TITLE}"]
    assert f"+  title: {NEW_TITLE}" in added
    assert "+- code: AMS6" in added
    assert f"+  title: {TITLE}" in added

    # 5. Loading the exported fixtures changes nothing.
    output = StringIO()
    call_command("load_portal_data", fixtures_dir=exported, stdout=output)
    for action in (" created", " updated", " deleted"):
        assert action not in output.getvalue()

    # 6. The changes page and its feed list both.
    page = client.get("/changes/").content.decode()
    assert "AMS6" in page
    assert "AMS2" in page
    feed = ET.fromstring(client.get("/changes/feed/").content)
    text = ET.tostring(feed, encoding="unicode")
    assert "AMS6" in text
    assert "AMS2" in text
