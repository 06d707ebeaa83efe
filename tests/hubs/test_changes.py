"""Readers see what changed: the changes page, its Atom feed and the API, with who, when,
which record and a word-level difference, filtered by kind, region and date."""

import csv
import io
import shutil
import xml.etree.ElementTree as ET
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalChanges

from frameworks.models import SDG, ActionLine, GDCObjective
from initiatives.models import (
    Cycle,
    ExpectedResult,
    ExpectedResultSubitem,
    Footnote,
    Initiative,
    InitiativeActionLine,
    InitiativeGDCObjective,
    InitiativeSDG,
)
from regions.models import MeetingPriority, PreparatoryMeeting, Region
from roadmaps.models import Citation, Roadmap, RoadmapRow, RoadmapRowSDG
from sources.models import Source, SourceSection
from tests.admin_forms import save_change_form

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
OLD_TITLE = (
    "Facilitating resilient infrastructure to enable deployment of universal and meaningful "
    "connectivity"
)
NEW_TITLE = OLD_TITLE.replace("universal", "affordable")
DELETED = '<del><span class="visually-hidden">deleted: </span>universal</del>'
INSERTED = '<ins><span class="visually-hidden">inserted: </span>affordable</ins>'


@pytest.fixture
def edited(client, django_user_model, settings) -> Initiative:
    """AMS1's title edited in the admin by an editor, Amina Diallo; the client reads as
    anyone does afterwards."""
    settings.PORTAL_ADMIN_SUPERUSER_OTP_REQUIRED = False
    editor = django_user_model.objects.create_superuser(
        "amina", "amina@example.org", "pw-123456", first_name="Amina", last_name="Diallo"
    )
    client.force_login(editor)
    initiative = Initiative.objects.get(slug="2026-2029-ams1")
    assert initiative.title == OLD_TITLE
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    save_change_form(client, url, title=NEW_TITLE)
    client.logout()
    return initiative


def first_load_size() -> int:
    return sum(
        model.objects.count() for model in apps.get_models() if issubclass(model, HistoricalChanges)
    )


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def api(client, url: str, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.content[:300])
    return response.json()


def test_an_admin_save_is_listed_with_its_editor_and_its_word_difference(client, edited):
    html = page(client, "/changes/")
    assert "1 change by Amina Diallo" in html
    assert f'<a href="/initiatives/2026-2029/ams1/">AMS1 2026-2029: {NEW_TITLE}</a>' in html
    assert "<caption>Title</caption>" in html
    assert DELETED in html
    assert INSERTED in html
    # Newest first: the edit, then the first load, in one line.
    assert html.index("Amina Diallo") < html.index("records created by the first load")


def test_the_first_load_shows_as_one_line_not_one_entry_per_record(client):
    html = page(client, "/changes/")
    assert f"{first_load_size()} records created by the first load" in html
    assert 'class="comparison"' not in html


def test_the_feed_has_one_entry_per_batch(client, edited):
    response = client.get("/changes/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert response.has_header("ETag")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    edit, load = entries
    batch = edited.history.first().batch
    assert edit.findtext(f"{ATOM}id") == f"urn:uuid:{batch}"
    assert edit.findtext(f"{ATOM}author/{ATOM}name") == "Amina Diallo"
    assert "AMS1" in edit.findtext(f"{ATOM}title")
    summary = edit.findtext(f"{ATOM}summary")
    assert DELETED in summary
    assert INSERTED in summary
    assert 'href="http://testserver/initiatives/2026-2029/ams1/"' in summary
    assert load.findtext(f"{ATOM}title") == (
        f"{first_load_size() - 1} records created by the first load"
    )
    assert load.findtext(f"{ATOM}author/{ATOM}name") == "the curated fixtures (load)"


def test_the_api_lists_the_change_with_an_etag(client, edited):
    response = client.get("/api/v1/changes/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == first_load_size()
    change = body["results"][0]
    assert change == {
        "batch": str(edited.history.first().batch),
        "date": change["date"],
        "user": "Amina Diallo",
        "reason": "admin",
        "kind": "initiative",
        "action": "changed",
        "record": f"AMS1 2026-2029: {NEW_TITLE}",
        "html_url": "http://testserver/initiatives/2026-2029/ams1/",
        "api_url": "http://testserver/api/v1/initiatives/2026-2029-ams1/",
        "changes": [{"field": "title", "before": OLD_TITLE, "after": NEW_TITLE}],
    }
    etag = response["ETag"]
    assert client.get("/api/v1/changes/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    created = body["results"][1]
    assert (created["user"], created["reason"], created["action"]) == (
        None,
        "load_portal_data",
        "created",
    )


def test_the_api_answers_csv_with_the_columns_of_its_json(client, edited):
    response = client.get("/api/v1/changes/", {"format": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(text, newline=""))
    assert header == list(api(client, "/api/v1/changes/")["results"][0])
    assert len(rows) == first_load_size()
    assert "Amina Diallo" in rows[0]
    # Every value as its JSON has it, dates of meetings included.
    assert any('"start_date", "before": null, "after": "20' in row[-1] for row in rows)


@pytest.mark.slow
def test_a_load_that_changes_a_text_is_one_batch_by_the_fixtures(client, tmp_path):
    fixtures = tmp_path / "fixtures"
    shutil.copytree(settings.PORTAL_FIXTURES_DIR, fixtures)
    path = fixtures / "001_regional_initiatives_2026_2029_ams.yaml"
    text = path.read_text(encoding="utf-8")
    assert f"title: {OLD_TITLE}" in text
    path.write_text(text.replace(f"title: {OLD_TITLE}", f"title: {NEW_TITLE}", 1), "utf-8")
    call_command("load_portal_data", fixtures_dir=fixtures, stdout=StringIO())

    [change] = api(client, "/api/v1/changes/", kind="initiative", page_size=1)["results"]
    assert (change["user"], change["reason"], change["action"]) == (
        None,
        "load_portal_data",
        "changed",
    )
    assert change["changes"] == [{"field": "title", "before": OLD_TITLE, "after": NEW_TITLE}]
    html = page(client, "/changes/")
    assert "1 change by the curated fixtures (load)" in html
    assert DELETED in html
    assert INSERTED in html


@pytest.fixture
def two_changes(edited) -> ExpectedResult:
    """Besides AMS1's title (AMS, an initiative): the text of a CIS expected result."""
    result = ExpectedResult.objects.filter(initiative__region__code="CIS").first()
    result.text += " (corrected)"
    result.save()
    return result


def test_the_kind_filter_keeps_the_changes_of_that_kind(client, two_changes):
    results = api(client, "/api/v1/changes/", kind="expected-result", page_size=500)["results"]
    assert {change["kind"] for change in results} == {"expected-result"}
    assert results[0]["changes"][0]["after"] == two_changes.text
    html = page(client, "/changes/?kind=expected-result")
    assert "(corrected)" in html
    assert INSERTED not in html
    html = page(client, "/changes/?kind=initiative,alignment")
    assert INSERTED in html
    assert "(corrected)" not in html


def test_the_region_filter_keeps_the_changes_of_that_region(client, two_changes):
    body = api(client, "/api/v1/changes/", region="cis", page_size=500)
    assert body["results"][0]["changes"][0]["after"] == two_changes.text
    assert all("CIS" in change["record"] for change in body["results"])
    html = page(client, "/changes/?region=AMS")
    assert INSERTED in html
    assert "(corrected)" not in html


def test_the_date_filters_keep_the_changes_of_those_days(client, two_changes):
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    assert api(client, "/api/v1/changes/", since=tomorrow.isoformat())["count"] == 0
    assert api(client, "/api/v1/changes/", since=today.isoformat())["count"] == first_load_size()
    assert api(client, "/api/v1/changes/", until=(today - timedelta(days=1)).isoformat()) == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }
    assert "No change matches these filters" in page(client, f"/changes/?since={tomorrow}")
    assert INSERTED in page(client, f"/changes/?since={today}&until={today}")


def test_filters_combine(client, two_changes):
    body = api(client, "/api/v1/changes/", kind="initiative", region="CIS")
    assert all(c["kind"] == "initiative" and "CIS" in c["record"] for c in body["results"])
    assert body["count"] == Initiative.objects.filter(region__code="CIS").count()


def test_an_initiative_page_links_to_its_own_changes(client, two_changes, edited):
    html = page(client, "/initiatives/2026-2029/ams1/")
    link = f"/changes/?record=initiative:{edited.pk}"
    assert f'Last changed <a href="{link}">{timezone.localdate():%-d %B %Y}</a>' in html
    changes = page(client, link)
    assert INSERTED in changes
    assert "(corrected)" not in changes
    # Its results and alignments are its parts: created with it by the first load.
    parts = 1 + edited.expected_results.count() + edited.sdg_links.count()
    parts += edited.action_line_links.count() + edited.gdc_links.count()
    parts += ExpectedResultSubitem.objects.filter(result__initiative=edited).count()
    parts += Footnote.objects.filter(result__initiative=edited).count()
    assert f"{parts} records created by the first load" in changes
    body = api(client, "/api/v1/changes/", record=f"initiative:{edited.pk}")
    assert body["count"] == parts + 1


def test_a_roadmap_page_shows_when_it_last_changed(client):
    roadmap = Roadmap.objects.get(action_line__code="C5")
    html = page(client, "/roadmaps/c5/")
    assert f'Last changed <a href="/changes/?record=roadmap:{roadmap.pk}">' in html
    rows = roadmap.rows.count()
    assert rows < api(client, "/api/v1/changes/", record=f"roadmap:{roadmap.pk}")["count"]


def test_changes_to_unpublished_records_are_not_shown(client):
    initiative = Initiative.objects.get(slug="2026-2029-ams2")
    initiative.published = False
    initiative.save()
    initiative.title += " (work in progress)"
    initiative.save()
    assert "work in progress" not in page(client, "/changes/")
    results = api(client, "/api/v1/changes/", kind="initiative")["results"]
    assert "work in progress" not in str(results)


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"since": "2025-13-45"}, "since"),
        ({"until": "yesterday"}, "until"),
        ({"kind": "initiative,recipe"}, "kind"),
        ({"region": "XYZ"}, "region"),
        ({"record": "alignment:3"}, "record"),
        ({"record": "initiative"}, "record"),
        ({"batch": "not-a-batch"}, "batch"),
        ({"since": "2025-02-01", "until": "2025-01-01"}, "until"),
        ({"kinds": "initiative"}, "kinds"),
    ],
)
def test_a_malformed_filter_answers_400_naming_it_and_the_page_says_so(client, params, parameter):
    response = client.get("/api/v1/changes/", params)
    assert response.status_code == 400
    assert parameter in response.json()["errors"]
    response = client.get("/changes/", params)
    assert response.status_code == 200
    if parameter != "kinds":  # a parameter the page does not know is left out
        assert "Some filters could not be used" in response.content.decode()


def test_far_dates_are_no_error(client):
    assert client.get("/api/v1/changes/", {"until": "9999-12-31"}).status_code == 200
    assert client.get("/api/v1/changes/", {"since": "0001-01-01"}).status_code == 200
    assert client.get("/changes/", {"until": "9999-12-31"}).status_code == 200


def change_every_kind(suffix: str) -> None:
    """One change to one record of every curated model, each a batch of its own."""
    for model, name in [
        (Initiative, "title"),
        (ExpectedResult, "text"),
        (ExpectedResultSubitem, "text"),
        (Footnote, "text"),
        (InitiativeSDG, "rationale"),
        (InitiativeActionLine, "rationale"),
        (InitiativeGDCObjective, "rationale"),
        (Cycle, "name"),
        (Roadmap, "introduction"),
        (RoadmapRow, "timing"),
        (RoadmapRowSDG, "targets"),
        (Citation, "cited_text"),
        (Region, "name"),
        (PreparatoryMeeting, "summary"),
        (MeetingPriority, "title"),
        (Source, "description"),
        (SourceSection, "body"),
        (SDG, "title"),
        (ActionLine, "title"),
        (GDCObjective, "title"),
    ]:
        obj = model.objects.order_by("pk").first()
        setattr(
            obj, name, f"{getattr(obj, name)} {suffix}"[: model._meta.get_field(name).max_length]
        )
        obj.save()


# At most: the data version; the page's batches (or changes) counted, then read; the
# batches' summaries; per model on the page, its rows and their previous versions (2 × 20
# models); the records their labels name (initiatives, results, roadmaps, rows, meetings,
# sources, SDGs, action lines, GDC objectives); the editors' names, of the batches and of
# the changes.
CHANGES_PAGE_QUERIES = 1 + 2 + 1 + 2 * 20 + 9 + 2


@pytest.mark.slow
def test_the_changes_page_and_api_run_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(CHANGES_PAGE_QUERIES):
        page(client, "/changes/")
    for edit_round in range(3):
        change_every_kind(f"(edit {edit_round})")
    for url in ("/changes/", "/changes/?page=2", "/changes/feed/", "/changes/?kind=alignment"):
        with django_assert_max_num_queries(CHANGES_PAGE_QUERIES):
            assert client.get(url).status_code == 200, url
    for params in ({}, {"page_size": 500}, {"page": 3, "page_size": 10}):
        with django_assert_max_num_queries(CHANGES_PAGE_QUERIES):
            assert client.get("/api/v1/changes/", params).status_code == 200, params
