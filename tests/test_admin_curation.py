"""Curation end to end: an editor (staff, in the "Editors" group, no superuser) adds an
initiative with its results and alignments through the real admin forms, and it shows at
once on its page, in the lists, the API, search, related initiatives and the downloads;
the forms refuse what the loader refuses, with its messages."""

import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from core.editors import EDITORS
from downloads.exports import JSON_NAME
from frameworks.models import SDG
from initiatives.models import Cycle, Initiative
from sources.models import Source

pytestmark = pytest.mark.django_db

ADD = "/admin/initiatives/initiative/add/"
TITLE = "Resilient rural broadband for island communities"


def management(prefix: str, forms: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(forms)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, form in enumerate(forms):
        data.update({f"{prefix}-{index}-{name}": value for name, value in form.items()})
    return data


def initiative_form(**changes) -> dict:
    data = {
        "cycle": str(Cycle.objects.get(slug="2026-2029").pk),
        "code": "AMS6",
        "stage": "adopted",
        "label_as_printed": "AMS6",
        "title": TITLE,
        "objective": "To connect remote island communities with affordable, resilient networks.",
        "results_intro": "",
        "source": str(Source.objects.get(slug="regional-initiatives-2026-2029-ams").pk),
        "source_locator": "AMS6",
        "curation_note": "",
        "draft": "",
        "published": "on",
        **management(
            "expected_results",
            [
                {
                    "number": "1",
                    "text": "Satellite backhaul plans for small island states.",
                    "published": "on",
                },
                {
                    "number": "2",
                    "text": "Training of local operators of community networks.",
                    "published": "on",
                },
            ],
        ),
        **management(
            "sdg_links",
            [
                {
                    "sdg": str(SDG.objects.get(number=9).pk),
                    "provenance": "curated",
                    "rationale": 'It builds "resilient networks" for islands.',
                    "published": "on",
                }
            ],
        ),
        **management("action_line_links", []),
        **management("gdc_links", []),
    }
    data.update(changes)
    return data


def test_the_editors_group_has_exactly_the_curation_permissions(settings):
    group = Group.objects.get(name=EDITORS)
    codenames = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert "initiatives.add_initiative" in codenames
    assert "initiatives.delete_expectedresult" in codenames
    assert "frameworks.view_sdg" in codenames
    assert "frameworks.change_sdg" not in codenames
    assert "roadmaps.change_roadmaprow" not in codenames
    assert "auth.change_user" not in codenames
    wanted = sum(len(actions) for actions in settings.PORTAL_EDITOR_PERMISSIONS.values())
    assert len(codenames) == wanted


def test_an_editor_cannot_manage_users(client, curation_editor):
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/frameworks/sdg/1/change/").status_code == 200
    response = client.post("/admin/frameworks/sdg/1/change/", {"short_name": "x"})
    assert response.status_code == 403


def test_an_initiative_added_in_the_admin_shows_everywhere_at_once(
    client, curation_editor, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PORTAL_DOWNLOADS_DIR = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD, initiative_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    added = Initiative.objects.get(slug="2026-2029-ams6")
    assert added.region.code == "AMS"
    assert added.number == 6
    assert [r.text[:9] for r in added.expected_results.order_by("number")] == [
        "Satellite",
        "Training ",
    ]

    page = client.get("/initiatives/2026-2029/ams6/")
    assert page.status_code == 200
    assert TITLE in page.content.decode()
    assert "Training of local operators" in page.content.decode()
    listing = client.get("/initiatives/?region=AMS").content.decode()
    assert TITLE in listing
    assert "6 initiatives match" in listing  # five with their drafts, and this one
    detail = client.get("/api/v1/initiatives/2026-2029-ams6/").json()
    assert detail["title"] == TITLE
    assert [(link["number"], link["provenance"]) for link in detail["sdgs"]] == [(9, "curated")]
    found = client.get("/api/v1/search/", {"q": "satellite backhaul island"}).json()
    assert any("ams6" in hit["html_url"] for hit in found["results"])
    # Derived data, refreshed once the save committed.
    assert client.get("/api/v1/initiatives/2026-2029-ams6/").json()["related"]
    document = json.loads((tmp_path / JSON_NAME).read_text(encoding="utf-8"))
    assert any(i["slug"] == "2026-2029-ams6" for i in document["initiatives"])


def test_check_data_says_what_a_new_initiative_still_lacks(client, curation_editor):
    data = initiative_form(**management("sdg_links", []))
    assert client.post(ADD, data).status_code == 302
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 data problem"):
        call_command("check_data", stdout=out, stderr=out)
    assert "- 2026-2029-ams6 is aligned to no SDG" in out.getvalue()
    assert "- 2026-2029-ams6 is aligned to no WSIS action line" in out.getvalue()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "AMS1"}, "Initiative with this Cycle, Code and Stage already exists."),
        ({"code": "AMSX"}, "code &#x27;AMSX&#x27; is not a region code followed by a number"),
        ({"code": "ZZZ1"}, "refers to a region that does not exist"),
        (
            {"sdg_links-0-rationale": 'It quotes "words it does not have".'},
            "quoted words are not in the initiative: &#x27;words it does not have&#x27;",
        ),
        (
            {"sdg_links-0-rationale": "No quotation at all."},
            "rationale must quote the initiative&#x27;s words in &quot;...&quot;",
        ),
    ],
    ids=["duplicate-code", "malformed-code", "unknown-region", "quote-not-in-text", "no-quote"],
)
def test_the_admin_refuses_what_the_loader_refuses_with_its_message(
    client, curation_editor, changes, message
):
    count = Initiative.objects.count()
    response = client.post(ADD, initiative_form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Initiative.objects.count() == count


def test_a_draft_is_linked_to_its_adopted_text_only_if_it_is_its_own(client, curation_editor):
    other = Initiative.objects.get(slug="2026-2029-afr1-draft")
    response = client.post(ADD, initiative_form(draft=str(other.pk)))
    assert response.status_code == 200
    assert "is not the draft of AMS6 2026-2029" in response.content.decode()


def test_an_editor_adds_a_cycle_and_a_source_document(client, curation_editor):
    response = client.post(
        "/admin/initiatives/cycle/add/",
        {
            "slug": "2030-2033",
            "name": "2030-2033",
            "conference": "WTDC-29",
            "conference_city": "To be decided",
            "action_plan": "Action Plan of WTDC-29",
            "start_year": "2030",
            "end_year": "2033",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Cycle.objects.filter(slug="2030-2033").exists()
    source = {
        "slug": "a-source-with-its-document",
        "title": "A source whose text is in the repository",
        "publisher": "ITU",
        "date": "2025",
        "kind": Source.objects.first().kind,
        "description": "",
        "order": "99",
        **management("sections", []),
    }
    missing = client.post("/admin/sources/source/add/", {**source, "file_name": "099_missing.txt"})
    assert missing.status_code == 200
    assert "names a document that is not in the repository: 099_missing.txt" in (
        missing.content.decode()
    )
    Source.objects.filter(slug="cstd-priority-theme-2-2023-24").delete()
    kept = client.post(
        "/admin/sources/source/add/", {**source, "file_name": "003_e652caa41b53f9c2.txt"}
    )
    assert kept.status_code == 302, kept.content.decode()[:2000]
