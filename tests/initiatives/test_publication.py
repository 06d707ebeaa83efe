"""A record saved as not yet published is seen in the admin and by no reader: no page, list,
count, hub, search result, API answer, download or related list shows it, until it is
published again."""

import csv
import json
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q

from core.models import DataVersion
from downloads.exports import JSON_NAME, export
from initiatives import admin_actions, related
from initiatives.models import ExpectedResult, Initiative, InitiativeSDG, RelatedInitiative
from roadmaps.models import Citation
from tests.api.conftest import everything, get_json, path_of

pytestmark = pytest.mark.django_db

AMS4 = "2026-2029-ams4"
AMS4_PAGE = "/initiatives/2026-2029/ams4/"
# The goals AMS4 is aligned to (curated), each by no other link of AMS4.
AMS4_SDGS = [5, 9]


@pytest.fixture
def ams4():
    return Initiative.objects.get(slug=AMS4)


def set_published(record, published: bool):
    record.published = published
    record.save()
    return record


def html(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def links_to(page: str, path: str) -> bool:
    """Whether the page links this very address (an anchor in it included), not a longer one."""
    return re.search(rf'href="{re.escape(path)}(#[^"]*)?"', page) is not None


def slugs(rows) -> set[str]:
    return {row["slug"] for row in rows}


def hub_count(page: str) -> int:
    return int(re.search(r'<h2>Initiatives <span class="count">\((\d+)\)</span>', page)[1])


def search_paths(client, query: str) -> set[str]:
    body = get_json(client, "/api/v1/search/", q=query, page_size=100)
    return {path_of(result["html_url"]) for result in body["results"]}


def shows_ams4(paths: set[str]) -> bool:
    return any(path == AMS4_PAGE or path.startswith(AMS4_PAGE + "#") for path in paths)


# ------------------------------------------------------------------------- the initiative itself


def test_an_unpublished_initiative_has_no_api_detail_and_no_comparison(client, ams4):
    get_json(client, f"/api/v1/initiatives/{AMS4}/compare/")
    set_published(ams4, False)
    get_json(client, f"/api/v1/initiatives/{AMS4}/", status=404)
    get_json(client, f"/api/v1/initiatives/{AMS4}/compare/", status=404)
    get_json(client, f"/api/v1/initiatives/{AMS4}-draft/compare/", status=404)
    html(client, f"{AMS4_PAGE}compare/", status=404)
    assert get_json(client, f"/api/v1/initiatives/{AMS4}-draft/")["adopted"] is None


def test_the_address_of_unpublished_adopted_text_shows_the_published_draft(client, ams4):
    set_published(ams4, False)
    page = html(client, AMS4_PAGE)
    assert "No adopted text of AMS4 is in the knowledge base" in page
    assert f'<link rel="canonical" href="http://testserver{AMS4_PAGE}draft/">' in page
    assert not links_to(html(client, f"{AMS4_PAGE}draft/"), AMS4_PAGE)


def test_with_both_stages_unpublished_neither_page_exists(client, ams4):
    set_published(ams4, False)
    set_published(ams4.draft, False)
    html(client, AMS4_PAGE, status=404)
    html(client, f"{AMS4_PAGE}draft/", status=404)
    get_json(client, f"/api/v1/initiatives/{AMS4}-draft/", status=404)


def test_the_admin_still_lists_and_opens_an_unpublished_initiative(
    client, ams4, django_user_model, settings
):
    settings.PORTAL_ADMIN_SUPERUSER_OTP_REQUIRED = False
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-123456")
    client.force_login(user)
    set_published(ams4, False)
    change = f"/admin/initiatives/initiative/{ams4.pk}/change/"
    listing = html(client, f"/admin/initiatives/initiative/?q={AMS4}")
    assert f'href="{change}' in listing
    assert "Promoting cyber resilience" in html(client, change)


# ------------------------------------------------------------------------- lists and counts


def region_facet(page: str) -> str:
    return re.search(r'for="filter-region-ams">[^<]*<span class="count">\((\d+)\)', page)[1]


def test_an_unpublished_initiative_leaves_the_initiatives_list_and_its_counts(client, ams4):
    assert get_json(client, "/api/v1/initiatives/", region="AMS")["count"] == 10
    # The page lists initiatives: each adopted text with its draft in its row.
    assert "5 initiatives match the filters." in html(client, "/initiatives/?region=AMS")
    set_published(ams4, False)

    body = get_json(client, "/api/v1/initiatives/", region="AMS")
    assert body["count"] == 9
    assert AMS4 not in slugs(body["results"])
    page = html(client, "/initiatives/?region=AMS")
    # Its draft stands for it now.
    assert "5 initiatives match the filters." in page
    assert not links_to(page, AMS4_PAGE)
    assert links_to(page, f"{AMS4_PAGE}draft/")
    assert region_facet(page) == "5"
    set_published(ams4.draft, False)
    page = html(client, "/initiatives/?region=AMS")
    assert "4 initiatives match the filters." in page
    assert not links_to(page, f"{AMS4_PAGE}draft/")
    assert region_facet(page) == "4"
    results = everything(client, "expected-results", region="AMS")
    assert results
    assert AMS4 not in {result["initiative"] for result in results}


def test_an_unpublished_initiative_leaves_its_region_and_the_home_page_counts(client, ams4):
    assert links_to(html(client, "/regions/ams/"), AMS4_PAGE)
    assert "AMS · 5 adopted initiatives" in html(client, "/regions/")
    assert "AMS · 5 adopted," in html(client, "/")
    totals = re.compile(r"(\d+) initiatives in (\d+) texts \(.*?\) with (\d+) expected results")
    before = [int(n) for n in totals.search(html(client, "/")).groups()]
    set_published(ams4, False)

    region = html(client, "/regions/ams/")
    assert not links_to(region, AMS4_PAGE)
    assert links_to(region, f"{AMS4_PAGE}draft/")  # its row is its draft's now
    assert "AMS · 4 adopted initiatives" in html(client, "/regions/")
    home = html(client, "/")
    assert "AMS · 4 adopted," in home
    after = [int(n) for n in totals.search(home).groups()]
    assert after == [before[0], before[1] - 1, before[2] - 4]
    set_published(ams4.draft, False)
    after = [int(n) for n in totals.search(html(client, "/")).groups()]
    assert after[:2] == [before[0] - 1, before[1] - 2]


def test_an_unpublished_initiative_leaves_the_sdg_hubs_and_their_counts(client, ams4):
    assert sorted(set(ams4.sdg_links.values_list("sdg__number", flat=True))) == AMS4_SDGS
    before = {n: hub_count(html(client, f"/sdgs/{n}/")) for n in AMS4_SDGS}
    texts = {n: get_json(client, "/api/v1/initiatives/", sdg=n)["count"] for n in AMS4_SDGS}
    for number in AMS4_SDGS:
        assert links_to(html(client, f"/sdgs/{number}/"), AMS4_PAGE)
    # Both its texts: either alone still stands for the initiative.
    set_published(ams4, False)
    set_published(ams4.draft, False)

    for number in AMS4_SDGS:
        page = html(client, f"/sdgs/{number}/")
        assert not links_to(page, AMS4_PAGE)
        assert hub_count(page) == before[number] - 1
        aligned = get_json(client, f"/api/v1/sdgs/{number}/")["initiatives"]
        assert not {AMS4, f"{AMS4}-draft"} & slugs(aligned)
        assert len({slug.removesuffix("-draft") for slug in slugs(aligned)}) == hub_count(page)
        assert get_json(client, "/api/v1/initiatives/", sdg=number)["count"] == texts[number] - 2
    tiles = html(client, "/sdgs/")
    for number in AMS4_SDGS:
        tile = re.search(rf'href="/sdgs/{number}/">.*?(\d+) initiatives? ·', tiles, re.S)
        assert int(tile[1]) == before[number] - 1


# ------------------------------------------------------------------------- search and downloads


def test_an_unpublished_initiative_is_not_found_and_is_found_again_once_published(client, ams4):
    assert shows_ams4(search_paths(client, "cyber resilience"))
    set_published(ams4, False)
    assert not shows_ams4(search_paths(client, "cyber resilience"))
    page = html(client, "/search/?q=cyber+resilience")
    assert not links_to(page, AMS4_PAGE)
    assert get_json(client, "/api/v1/initiatives/", q="cyber resilience", region="AMS")["count"]
    # The index follows the save: no rebuild, no restart.
    set_published(ams4, True)
    assert shows_ams4(search_paths(client, "cyber resilience"))
    assert links_to(html(client, "/search/?q=cyber+resilience"), AMS4_PAGE)


def test_an_unpublished_initiative_is_not_in_the_downloads(ams4, tmp_path):
    set_published(ams4, False)
    export(tmp_path)
    document = json.loads((tmp_path / JSON_NAME).read_text(encoding="utf-8"))
    assert f"{AMS4}-draft" in slugs(document["initiatives"])
    assert AMS4 not in slugs(document["initiatives"])
    assert AMS4 not in {result["initiative"] for result in document["expected_results"]}
    for sdg in document["sdgs"]:
        assert AMS4 not in slugs(sdg["initiatives"])
    with (tmp_path / "initiatives.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert sum(row["region"] == "AMS" for row in rows) == 9
    with (tmp_path / "expected-results.csv").open(encoding="utf-8-sig", newline="") as file:
        assert AMS4 not in {row["initiative"] for row in csv.DictReader(file)}


# ------------------------------------------------------------------------- related and citations


def related_to(initiative) -> set[str]:
    """The slugs of the initiatives that list `initiative` among their related ones."""
    rows = RelatedInitiative.objects.filter(related=initiative)
    return set(rows.values_list("initiative__slug", flat=True))


def test_an_unpublished_initiative_neither_has_nor_is_a_related_initiative(client, ams4):
    # Other regions list AMS4's draft, which stands for its adopted text too.
    draft = ams4.draft
    others = related_to(draft)
    assert others
    set_published(draft, False)
    for slug in others:
        assert draft.slug not in slugs(get_json(client, f"/api/v1/initiatives/{slug}/")["related"])
    # What an editor's save leads to once committed (portal_data_edited).
    related.rebuild()
    assert not RelatedInitiative.objects.filter(Q(initiative=draft) | Q(related=draft)).exists()

    set_published(draft, True)
    related.rebuild()
    assert related_to(draft) == others
    for slug in others:
        assert draft.slug in slugs(get_json(client, f"/api/v1/initiatives/{slug}/")["related"])


def test_a_citation_of_an_unpublished_initiative_reads_as_unresolved(client):
    citation = Citation.objects.filter(initiative__slug="2023-2025-cis3").first()
    roadmap_page = citation.row.get_absolute_url().split("#")[0]
    assert links_to(html(client, roadmap_page), "/initiatives/2023-2025/cis3/")
    set_published(citation.initiative, False)

    page = html(client, roadmap_page)
    assert not links_to(page, "/initiatives/2023-2025/cis3/")
    assert "CIS3 (2023-2025, not held in this knowledge base)" in page
    row = get_json(client, f"/api/v1/roadmap-rows/{citation.row_id}/")
    cited = [c for c in row["citations"] if c["code"] == "CIS3"]
    assert cited == [
        {
            "code": "CIS3",
            "cycle": "2023-2025",
            "cited_text": citation.cited_text,
            "initiative": None,
            "initiative_url": None,
        }
    ]
    get_json(client, "/api/v1/roadmap-rows/", status=400, initiative="2023-2025-cis3")


# ------------------------------------------------------------------------- publishing again


class ActionsAdmin:
    """What the admin actions need of a ModelAdmin: somewhere to report."""

    def __init__(self):
        self.messages = []

    def message_user(self, request, message, level):
        self.messages.append(message)


def test_the_admin_actions_save_each_record_so_that_every_signal_follows(client, ams4):
    version = DataVersion.current()
    selected = Initiative.objects.filter(slug__in=[AMS4, f"{AMS4}-draft"])
    modeladmin = ActionsAdmin()
    admin_actions.unpublish(modeladmin, None, selected)
    assert not Initiative.objects.filter(slug__startswith=AMS4, published=True).exists()
    # Saved, not updated in bulk: the data version rose, the search index followed.
    assert DataVersion.current() > version
    assert not shows_ams4(search_paths(client, "cyber resilience"))
    admin_actions.unpublish(modeladmin, None, selected)
    admin_actions.publish(modeladmin, None, Initiative.objects.filter(slug=AMS4))
    assert modeladmin.messages == [
        "2 unpublished, 0 already were.",
        "0 unpublished, 2 already were.",
        "1 published, 0 already were.",
    ]
    assert shows_ams4(search_paths(client, "cyber resilience"))


def test_republishing_brings_the_initiative_back_everywhere(client, ams4):
    set_published(ams4, False)
    assert get_json(client, "/api/v1/initiatives/", region="AMS")["count"] == 9
    set_published(ams4, True)
    assert get_json(client, f"/api/v1/initiatives/{AMS4}/")["slug"] == AMS4
    assert get_json(client, f"/api/v1/initiatives/{AMS4}-draft/")["adopted"] == AMS4
    assert get_json(client, "/api/v1/initiatives/", region="AMS")["count"] == 10
    assert "Promoting cyber resilience" in html(client, AMS4_PAGE)
    assert links_to(html(client, "/regions/ams/"), AMS4_PAGE)
    for number in AMS4_SDGS:
        assert links_to(html(client, f"/sdgs/{number}/"), AMS4_PAGE)


def test_publishing_shows_at_once_through_cached_responses(client, ams4):
    detail = f"/api/v1/initiatives/{AMS4}/"
    etag = client.get(detail)["ETag"]
    assert client.get(detail, headers={"If-None-Match": etag}).status_code == 304
    page_etag = client.get("/initiatives/?region=AMS")["ETag"]
    set_published(ams4, False)
    # The save raised the data version: neither kept answer is confirmed any more.
    assert client.get(detail, headers={"If-None-Match": etag}).status_code == 404
    response = client.get("/initiatives/?region=AMS", headers={"If-None-Match": page_etag})
    assert response.status_code == 200
    assert not links_to(response.content.decode(), AMS4_PAGE)
    set_published(ams4, True)
    assert client.get(detail, headers={"If-None-Match": etag}).status_code == 200


# ------------------------------------------------------------------------- parts of an initiative


def test_an_unpublished_expected_result_is_absent_from_its_published_initiative(client):
    result = ExpectedResult.objects.get(initiative__slug="2026-2029-ams1", number=2)
    set_published(result, False)
    page = html(client, "/initiatives/2026-2029/ams1/")
    assert 'id="result-1"' in page
    assert 'id="result-2"' not in page
    detail = get_json(client, "/api/v1/initiatives/2026-2029-ams1/")
    assert 2 not in [r["number"] for r in detail["expected_results"]]
    get_json(client, f"/api/v1/expected-results/{result.pk}/", status=404)
    listed = everything(client, "expected-results", initiative="2026-2029-ams1")
    assert listed
    assert 2 not in [r["number"] for r in listed]
    compared = get_json(client, "/api/v1/initiatives/2026-2029-ams1/compare/")
    assert 2 not in [part["adopted_number"] for part in compared["parts"]]


def test_an_unpublished_sdg_alignment_is_absent_from_the_page_the_api_and_the_hub(client):
    link = InitiativeSDG.objects.get(initiative__slug="2026-2029-ams1", sdg__number=13)
    before = hub_count(html(client, "/sdgs/13/"))
    # The hub counts initiatives: AMS1 stays, by its draft, if the draft is aligned too.
    by_draft = InitiativeSDG.objects.filter(
        initiative__slug="2026-2029-ams1-draft", sdg__number=13, published=True
    ).exists()
    assert 'href="/sdgs/13/"' in html(client, "/initiatives/2026-2029/ams1/")
    set_published(link, False)

    assert 'href="/sdgs/13/"' not in html(client, "/initiatives/2026-2029/ams1/")
    detail = get_json(client, "/api/v1/initiatives/2026-2029-ams1/")
    assert 13 not in [alignment["number"] for alignment in detail["sdgs"]]
    hub = html(client, "/sdgs/13/")
    assert hub_count(hub) == before - (not by_draft)
    assert not links_to(hub, "/initiatives/2026-2029/ams1/")
    assert links_to(hub, "/initiatives/2026-2029/ams1/draft/") == by_draft
    assert "2026-2029-ams1" not in slugs(get_json(client, "/api/v1/sdgs/13/")["initiatives"])
    filtered = everything(client, "initiatives", sdg=13)
    assert "2026-2029-ams1" not in slugs(filtered)


# ------------------------------------------------------------------------- fixtures


@pytest.fixture
def fixtures_copy(tmp_path, settings) -> Path:
    settings.PORTAL_DOWNLOADS_DIR = tmp_path / "downloads"
    settings.PORTAL_DISCARDED_EDITS_DIR = tmp_path / "discarded"
    target = tmp_path / "fixtures"
    shutil.copytree(settings.PORTAL_FIXTURES_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


AMS_FILE = "001_regional_initiatives_2026_2029_ams.yaml"


def load(fixtures_dir: Path) -> None:
    call_command(
        "load_portal_data",
        fixtures_dir=fixtures_dir,
        discard_edits=True,
        prune=True,
        stdout=StringIO(),
    )


@pytest.mark.slow
def test_a_fixture_record_marked_unpublished_loads_unpublished(client, fixtures_copy):
    path = fixtures_copy / AMS_FILE
    edit(path, "- code: AMS5\n", "- code: AMS5\n  published: false\n")
    edit(
        path,
        "  - number: 2\n    text: Strengthening of cyber resilience",
        "  - number: 2\n    published: false\n    text: Strengthening of cyber resilience",
    )
    assert path.read_text(encoding="utf-8").endswith("\n...\n")
    load(fixtures_copy)

    assert not Initiative.objects.get(slug="2026-2029-ams5").published
    assert Initiative.objects.get(slug="2026-2029-ams5-draft").published
    get_json(client, "/api/v1/initiatives/2026-2029-ams5/", status=404)
    result = ExpectedResult.objects.get(initiative__slug=AMS4, number=2)
    assert not result.published
    assert ExpectedResult.objects.get(initiative__slug=AMS4, number=1).published
    detail = get_json(client, f"/api/v1/initiatives/{AMS4}/")
    assert [r["number"] for r in detail["expected_results"]] == [1, 3, 4]


@pytest.mark.slow
def test_a_fixture_s_published_key_must_be_true_or_false(fixtures_copy):
    edit(fixtures_copy / AMS_FILE, "- code: AMS5\n", "- code: AMS5\n  published: 'no'\n")
    with pytest.raises(CommandError, match="published: must be true or false"):
        load(fixtures_copy)
    assert Initiative.objects.get(slug="2026-2029-ams5").published
