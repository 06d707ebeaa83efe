"""The field names and types of DESIGN.md §5, endpoint by endpoint, on the real data."""

import re
from datetime import date

import pytest

from initiatives.models import ExpectedResult, Initiative
from roadmaps.models import RoadmapRow
from sources.models import Source
from tests.api.conftest import everything, get_json, path_of

pytestmark = pytest.mark.django_db

LINKS = {"url": str, "html_url": str}
OPTIONAL_STR = (str, type(None))

# The fields of every list, exactly: a program may rely on each of them.
LIST_FIELDS = {
    "regions": {"code": str, "name": str},
    "cycles": {"slug": str, "name": str, "conference": str, "start_year": int, "end_year": int},
    "initiatives": {
        "slug": str,
        "code": str,
        "title": str,
        "region": str,
        "cycle": str,
        "stage": str,
    },
    "expected-results": {"initiative": str, "number": int, "text": str},
    "roadmaps": {"action_line": str, "title": str, "year": int, "row_count": int},
    "roadmap-rows": {
        "id": int,
        "action_line": str,
        "section": str,
        "label": str,
        "outcome": str,
        "timing": str,
    },
    "sdgs": {"number": int, "title": str},
    "action-lines": {"code": str, "title": str},
    "gdc-objectives": {"number": int, "title": str},
    "meetings": {
        "region": str,
        "name": str,
        "start_date": str,
        "end_date": str,
        "city": str,
        "country": str,
        "chair": str,
        "vice_chairs": list,
        "priorities": list,
    },
    "sources": {
        "slug": str,
        "title": str,
        "publisher": str,
        "date": str,
        "kind": str,
        # The publisher's address where confirmed, the printed symbol: empty when unknown.
        "address": str,
        "symbol": str,
    },
}
# Added within v1 (fields are added, never removed): what the editors decided, so that a
# program can tell a restored number, a code read from a printed label or a section the
# editors placed from what the source prints.
EDITORIAL = {"source_locator": str, "curation_note": str}
ADDED_FIELDS = {
    "initiatives": {**EDITORIAL, "label_as_printed": str},
    "expected-results": {"id": int, "curation_note": str},
    "roadmaps": EDITORIAL,
    "roadmap-rows": {**EDITORIAL, "section_inferred": bool},
    "meetings": EDITORIAL,
    # Added by the sources' own work within v1: where the publisher serves the document.
    "sources": {"address": str, "symbol": str},
    # Added within v1: the vocabularies' names in the six UN languages.
    "regions": {"names": dict},
    "sdgs": {"names": dict},
    "action-lines": {"names": dict},
    "gdc-objectives": {"names": dict},
}
COUNTS = {
    "regions": 6,
    "cycles": 2,
    "initiatives": 35,
    "expected-results": 217,
    "roadmaps": 4,
    "roadmap-rows": 76,
    "sdgs": 17,
    "action-lines": 11,
    "gdc-objectives": 5,
    "meetings": 6,
    "sources": 5,
}


def assert_shape(obj: dict, fields: dict, where: str):
    assert set(obj) == set(fields), where
    for name, kind in fields.items():
        assert isinstance(obj[name], kind), (where, name, obj[name])
        assert kind is bool or not isinstance(obj[name], bool), (where, name)


def list_fields(endpoint: str) -> dict:
    return {**LIST_FIELDS[endpoint], **LINKS, **ADDED_FIELDS.get(endpoint, {})}


@pytest.mark.parametrize("endpoint", LIST_FIELDS)
def test_every_list_has_exactly_the_fields_of_the_contract(client, endpoint):
    results = everything(client, endpoint)
    assert len(results) == COUNTS[endpoint]
    for obj in results:
        assert_shape(obj, list_fields(endpoint), endpoint)


@pytest.mark.parametrize("endpoint", LIST_FIELDS)
def test_every_object_has_its_api_address_and_its_page(client, endpoint):
    results = everything(client, endpoint)
    for obj in results:
        assert obj["url"].startswith("http://testserver/api/v1/"), obj["url"]
        assert obj["html_url"].startswith("http://testserver/"), obj["html_url"]
        assert not obj["html_url"].startswith("http://testserver/api/"), obj["html_url"]
    first = results[0]
    assert client.get(path_of(first["html_url"])).status_code == 200


@pytest.mark.parametrize("endpoint", LIST_FIELDS)
def test_every_detail_holds_the_list_fields_unchanged(client, endpoint):
    for obj in everything(client, endpoint):
        detail = get_json(client, path_of(obj["url"]))
        assert {name: detail[name] for name in obj} == obj


def test_codes_are_upper_case_and_numbers_integers(client):
    assert [r["code"] for r in everything(client, "regions")] == [
        "AFR",
        "AMS",
        "ARB",
        "ASP",
        "CIS",
        "EUR",
    ]
    assert [line["code"] for line in everything(client, "action-lines")] == [
        f"C{n}" for n in range(1, 12)
    ]
    assert [sdg["number"] for sdg in everything(client, "sdgs")] == list(range(1, 18))
    assert [o["number"] for o in everything(client, "gdc-objectives")] == [1, 2, 3, 4, 5]
    for initiative in everything(client, "initiatives"):
        assert re.fullmatch(r"[A-Z]{3}[0-9]", initiative["code"])
        assert initiative["region"] == initiative["code"][:3]
        assert initiative["stage"] in ("adopted", "draft")
        assert re.fullmatch(r"[0-9]{4}-[0-9]{4}", initiative["cycle"])
    assert {row["action_line"] for row in everything(client, "roadmap-rows")} == {
        "C2",
        "C4",
        "C5",
        "C6",
    }
    assert {row["section"] for row in everything(client, "roadmap-rows")} == {
        "geneva-tunis",
        "wsis-plus-10",
    }


def test_meetings_have_iso_dates_and_lists_of_names(client):
    meetings = everything(client, "meetings")
    for meeting in meetings:
        assert date.fromisoformat(meeting["start_date"]) <= date.fromisoformat(meeting["end_date"])
        assert all(isinstance(name, str) for name in meeting["vice_chairs"])
    arb = next(m for m in meetings if m["region"] == "ARB")
    assert len(arb["priorities"]) == 6
    assert arb["priorities"][4] == "Advancing Cyber Resilience in the Arab World"


def test_an_initiative_detail_has_its_text_results_alignments_and_citations(client):
    detail = get_json(client, "/api/v1/initiatives/2026-2029-ams1-draft/")
    assert_shape(
        detail,
        {
            **list_fields("initiatives"),
            "objective": str,
            "results_intro": str,
            "expected_results": list,
            "sdgs": list,
            "action_lines": list,
            "gdc_objectives": list,
            "source": str,
            "draft": OPTIONAL_STR,
            "adopted": OPTIONAL_STR,
            "cited_by": list,
            # Added within v1 (fields are added, never removed): related initiatives.
            "related": list,
        },
        "initiative detail",
    )
    assert detail["draft"] is None
    assert detail["adopted"] == "2026-2029-ams1"
    assert detail["source"] == "rpm-coordination-meeting-2025"
    result = detail["expected_results"][0]
    assert set(result) == {
        "number",
        "text",
        "subitems",
        "footnotes",
        "url",
        "html_url",
        # Added within v1.
        "id",
        "curation_note",
    }
    assert client.get(path_of(result["url"])).json()["id"] == result["id"]
    # The draft's first result carries the report's footnote 1, its marker removed.
    assert [set(note) for note in result["footnotes"]] == [{"marker", "text"}]
    assert "[footnoteRef" not in result["text"]
    assert [r["number"] for r in detail["expected_results"]] == list(
        range(1, len(detail["expected_results"]) + 1)
    )


def test_an_adopted_initiative_points_to_its_draft_and_lists_sub_items(client):
    detail = get_json(client, "/api/v1/initiatives/2026-2029-ams1/")
    assert detail["draft"] == "2026-2029-ams1-draft"
    assert detail["adopted"] is None
    subitems = [item for r in detail["expected_results"] for item in r["subitems"]]
    expected = ExpectedResult.objects.filter(initiative__slug="2026-2029-ams1")
    assert len(subitems) == sum(r.subitems.count() for r in expected)
    for item in subitems:
        assert set(item) == {"label", "text"}


def test_alignments_carry_their_code_or_number_provenance_and_rationale(client):
    detail = get_json(client, "/api/v1/initiatives/2026-2029-eur2-draft/")
    assert detail["sdgs"], "EUR2's draft states its SDGs"
    for link in detail["sdgs"] + detail["gdc_objectives"]:
        assert set(link) == {"number", "provenance", "rationale", "url", "html_url"}
        assert isinstance(link["number"], int)
    for link in detail["action_lines"]:
        assert set(link) == {"code", "provenance", "rationale", "url", "html_url"}
        assert re.fullmatch(r"C[0-9]{1,2}", link["code"])
    links = detail["sdgs"] + detail["action_lines"] + detail["gdc_objectives"]
    assert {link["provenance"] for link in links} <= {"source", "roadmap", "curated"}
    assert any(link["provenance"] == "source" for link in links)


def test_cited_by_lists_the_rows_that_cite_the_initiative(client):
    cited = Initiative.objects.filter(citations__isnull=False).distinct().first()
    detail = get_json(client, f"/api/v1/initiatives/{cited.slug}/")
    rows = set(RoadmapRow.objects.filter(citations__initiative=cited).values_list("pk", flat=True))
    assert set(detail["cited_by"]) == rows
    assert len(detail["cited_by"]) == len(rows)
    row = get_json(client, f"/api/v1/roadmap-rows/{detail['cited_by'][0]}/")
    assert cited.slug in [citation["initiative"] for citation in row["citations"]]


def test_a_roadmap_row_detail_has_its_cells_as_text_and_html(client):
    row = everything(client, "roadmap-rows", action_line="C5")[0]
    detail = get_json(client, path_of(row["url"]))
    for cell in ("goals_and_resolutions", "sdg_linkages", "evidence", "results", "extra"):
        assert isinstance(detail[cell], str)
        assert isinstance(detail[f"{cell}_html"], str)
        assert "<p>" not in detail[cell]
    assert detail["outcome_html"].startswith("<p>")
    assert detail["outcome"] in detail["outcome_html"]
    for link in detail["sdgs"]:
        assert set(link) == {"number", "targets", "provenance", "url", "html_url"}
    for citation in detail["citations"]:
        assert set(citation) == {"code", "cycle", "cited_text", "initiative", "initiative_url"}


def test_a_roadmap_row_page_address_is_its_anchor_on_the_roadmap_page(client):
    row = everything(client, "roadmap-rows", action_line="C5")[0]
    assert row["html_url"].endswith(f"/roadmaps/c5/#{row['section']}-{row['label']}")
    page = client.get(path_of(row["html_url"])).content.decode()
    assert f'id="{row["section"]}-{row["label"]}"' in page


def test_a_roadmap_is_found_by_its_action_line_in_either_case(client):
    upper = get_json(client, "/api/v1/roadmaps/C5/")
    assert get_json(client, "/api/v1/roadmaps/c5/") == upper
    assert upper["row_count"] == len(upper["rows"]) == 21
    assert upper["url"] == "http://testserver/api/v1/roadmaps/C5/"
    assert upper["html_url"] == "http://testserver/roadmaps/c5/"


def test_codes_in_paths_are_accepted_in_lower_case(client):
    assert get_json(client, "/api/v1/regions/ams/")["code"] == "AMS"
    assert get_json(client, "/api/v1/action-lines/c5/")["code"] == "C5"
    assert get_json(client, "/api/v1/meetings/rpm-ams/")["name"] == "RPM-AMS"


def test_an_sdg_detail_lists_the_initiatives_and_roadmap_rows_aligned_to_it(client):
    detail = get_json(client, "/api/v1/sdgs/9/")
    slugs = {link["slug"] for link in detail["initiatives"]}
    expected = set(
        Initiative.objects.filter(sdg_links__sdg__number=9).values_list("slug", flat=True)
    )
    assert slugs == expected
    rows = {link["id"] for link in detail["roadmap_rows"]}
    assert rows == set(RoadmapRow.objects.filter(sdgs__number=9).values_list("pk", flat=True))
    for link in detail["initiatives"]:
        assert link["provenance"] in ("source", "roadmap", "curated")


def test_an_action_line_detail_points_to_its_roadmap_when_there_is_one(client):
    assert get_json(client, "/api/v1/action-lines/C5/")["roadmap"].endswith("/api/v1/roadmaps/C5/")
    assert get_json(client, "/api/v1/action-lines/C1/")["roadmap"] is None


def test_a_source_detail_lists_its_sections_and_its_document(client):
    questionnaire = Source.objects.get(kind="questionnaire-response")
    detail = get_json(client, f"/api/v1/sources/{questionnaire.slug}/")
    assert len(detail["sections"]) == 10
    assert client.get(path_of(detail["document_url"])).status_code == 200


def test_an_expected_result_detail_adds_sub_items_and_footnotes(client):
    result = everything(client, "expected-results", initiative="2026-2029-ams1-draft")[0]
    detail = get_json(client, path_of(result["url"]))
    assert detail["footnotes"]
    assert detail["footnotes"][0]["marker"] == "1"
    assert result["html_url"].endswith("/initiatives/2026-2029/ams1/draft/#result-1")


def test_an_initiative_printed_under_another_label_says_so_and_why(client):
    cis1 = get_json(client, "/api/v1/initiatives/2023-2025-cis1/")
    assert (cis1["code"], cis1["label_as_printed"]) == ("CIS1", "RI 1")
    assert cis1["source_locator"] == "RI 1"
    assert '"RI 1"' in cis1["curation_note"]
    ams1 = get_json(client, "/api/v1/initiatives/2026-2029-ams1/")
    assert (ams1["label_as_printed"], ams1["curation_note"]) == ("AMS1", "")


def test_a_restored_result_number_carries_the_editors_note(client):
    results = everything(client, "expected-results", initiative="2026-2029-ams4")
    restored = next(result for result in results if result["number"] == 4)
    assert "restored as result 4" in restored["curation_note"]
    assert results[0]["curation_note"] == ""
    detail = get_json(client, "/api/v1/initiatives/2026-2029-ams4/")
    nested = next(r for r in detail["expected_results"] if r["number"] == 4)
    assert (nested["id"], nested["curation_note"]) == (restored["id"], restored["curation_note"])


def test_sections_the_table_does_not_head_are_marked_inferred(client):
    # C2 prints no section heading, C4 only the first one, C5 and C6 both.
    inferred = {
        code: get_json(client, f"/api/v1/roadmaps/{code}/")["inferred_sections"]
        for code in ("C2", "C4", "C5", "C6")
    }
    assert inferred == {
        "C2": ["geneva-tunis", "wsis-plus-10"],
        "C4": ["wsis-plus-10"],
        "C5": [],
        "C6": [],
    }
    rows = everything(client, "roadmap-rows")
    marked = {(row["action_line"], row["section"]) for row in rows if row["section_inferred"]}
    assert marked == {("C2", "geneva-tunis"), ("C2", "wsis-plus-10"), ("C4", "wsis-plus-10")}
    c2 = get_json(client, "/api/v1/roadmaps/C2/")
    assert "prints no section headings" in c2["curation_note"]
    assert all(row["section_inferred"] for row in c2["rows"])
