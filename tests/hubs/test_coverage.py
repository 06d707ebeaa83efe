"""What the knowledge base covers, region × cycle × stage: the page /coverage/, the API's
coverage/, the notes of the home, region and cycle pages, and the cycle pages."""

import html as html_lib
import re

import pytest
from django.db.models import Q

from hubs.coverage import build_coverage
from initiatives.models import Cycle, Initiative
from regions.models import MeetingPriority, PreparatoryMeeting
from roadmaps.models import Citation, RoadmapRow

pytestmark = pytest.mark.django_db


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def text(markup: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def cell_markup(html: str, region: str, cycle: str, stage: str) -> str:
    """The table cell of a region, cycle and stage on /coverage/."""
    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", html, re.S)
    row = next(row for row in rows if f'#region-{region.lower()}"' in row)
    cells = re.findall(r"<td class=\"coverage-cell.*?</td>", row, re.S)
    columns = [(c, s) for c in ("2023-2025", "2026-2029") for s in ("adopted", "draft")]
    return cells[columns.index((cycle, stage))]


def detail(html: str, region: str, cycle: str, stage: str) -> str:
    """The paragraph of /coverage/ that details a region, cycle and stage."""
    anchor = f'id="{region.lower()}-{cycle}-{stage}"'
    return text(html.split(anchor)[1].split('<div class="coverage-detail"')[0])


def unresolved_codes(region: str | None = None) -> set[str]:
    """The codes the roadmaps cite that resolve to no published initiative, read apart."""
    citations = Citation.objects.filter(Q(initiative=None) | Q(initiative__published=False))
    codes = set(citations.values_list("code", flat=True))
    return {code for code in codes if region is None or code.startswith(region)}


def test_the_held_counts_are_the_published_initiatives_of_each_cell():
    coverage = build_coverage()
    assert coverage.held_count == Initiative.objects.published().count() == 35
    for (region, cycle, stage), cell in coverage.cells.items():
        expected = Initiative.objects.published().filter(
            region__code=region, cycle__slug=cycle, stage=stage
        )
        assert cell.held == expected.count(), (region, cycle, stage)
    assert len(coverage.cells) == 6 * 2 * 2


def test_every_code_cited_but_not_held_is_in_its_regions_adopted_cell():
    coverage = build_coverage()
    cited = {code.code for code in coverage.cited_codes}
    assert cited == unresolved_codes()
    # The roadmaps cite the initiatives of the Kigali Action Plan (2023-2025).
    arb = coverage.cell("ARB", "2023-2025", "adopted")
    assert [code.code for code in arb.cited] == ["ARB1", "ARB2", "ARB4", "ARB5"]
    assert {code.code for code in coverage.cell("CIS", "2023-2025", "adopted").cited} == set()
    first = arb.cited[0]
    assert first.cited_text == "Sustainable digital economy through digital transformation."
    assert [(row.action_line, row.label) for row in first.rows] == [("C2", "D"), ("C2", "I")]
    assert [source.slug for source in first.sources] == ["wsis-action-line-roadmaps-2025"]


def test_an_unpublished_initiative_counts_as_cited_but_not_held():
    cis3 = Initiative.objects.get(slug="2023-2025-cis3")
    cis3.published = False
    cis3.save()
    cell = build_coverage().cell("CIS", "2023-2025", "adopted")
    assert [code.code for code in cell.cited] == ["CIS3"]
    assert cell.held == 4
    assert cell.status == "partial"


def test_the_arab_states_priorities_stand_in_the_draft_cell_of_the_cycle_they_prepare():
    cell = build_coverage().cell("ARB", "2026-2029", "draft")
    assert cell.held == 0
    assert [p.number for p in cell.priorities] == [1, 2, 3, 4, 5, 6]
    assert cell.priorities[4].title == "Advancing Cyber Resilience in the Arab World"
    assert cell.priorities[0].meeting == "RPM-ARB"
    assert cell.status == "missing"
    assert cell.missing_sources[0].slug == "rpm-coordination-meeting-2025"


def test_an_adopted_cell_of_a_cycle_with_adopted_texts_is_known_to_exist():
    coverage = build_coverage()
    afr = coverage.cell("AFR", "2026-2029", "adopted")
    assert (afr.held, afr.adopted_elsewhere, afr.status) == (0, True, "missing")
    assert coverage.cell("AMS", "2026-2029", "adopted").status == "held"
    # No source names an RPM draft of 2023-2025.
    draft = coverage.cell("AFR", "2023-2025", "draft")
    assert (draft.held, draft.missing, draft.status) == (0, False, "unknown")


def test_the_coverage_page_draws_every_cell_in_words_with_links(client):
    html = page(client, "/coverage/")
    assert "<title>Coverage: what the knowledge base holds and lacks" in html
    afr = text(cell_markup(html, "AFR", "2026-2029", "adopted"))
    assert afr.startswith("none held adopted, not held")
    held = cell_markup(html, "AFR", "2026-2029", "draft")
    assert 'href="/initiatives/?region=AFR&amp;cycle=2026-2029&amp;stage=draft"' in held
    assert text(held) == "5 held"
    assert "4 cited, not held" in text(cell_markup(html, "ARB", "2023-2025", "adopted"))
    assert "6 priorities, not initiatives" in text(cell_markup(html, "ARB", "2026-2029", "draft"))
    # The AFR row says no adopted 2026-2029 text is held, and where to look.
    afr_detail = detail(html, "AFR", "2026-2029", "adopted")
    assert "Held: none." in afr_detail
    assert "WTDC-25 adopted the regional initiatives of every region in the Baku Action Plan" in (
        afr_detail
    )
    assert "The publisher's address of their text is not known" in afr_detail
    # ARB: what the roadmaps cite, each linked to its rows and its document.
    arb = html.split('id="arb-2023-2025-adopted"')[1].split('<div class="coverage-detail"')[0]
    for code in ("ARB1", "ARB2", "ARB4", "ARB5"):
        assert f"<strong>{code}</strong>" in arb
    assert "ARB3" not in arb
    assert 'href="/roadmaps/c2/#geneva-tunis-D"' in arb
    assert 'href="/sources/wsis-action-line-roadmaps-2025/"' in arb
    # Held texts name their documents, with the publisher's address where it is known.
    ams = html.split('id="ams-2026-2029-adopted"')[1].split('<div class="coverage-detail"')[0]
    assert (
        'href="https://www.itu.int/en/ITU-D/Regional-Presence/Americas/Pages/RI-projects-2026-2029.aspx"'
        in ams
    )
    assert "No source of this knowledge base names any text" in detail(
        html, "EUR", "2023-2025", "draft"
    )


def test_the_api_says_what_the_page_shows(client):
    data = client.get("/api/v1/coverage/").json()
    html = page(client, "/coverage/")
    assert data["held"] == 35
    assert len(data["cells"]) == 24
    for cell in data["cells"]:
        shown = text(cell_markup(html, cell["region"], cell["cycle"], cell["stage"]))
        held = f"{cell['held']} held" if cell["held"] else "none held"
        assert shown.startswith(held), cell
        cited = len(cell["cited_not_held"])
        assert (f"{cited} cited, not held" in shown) == bool(cited), cell
        assert ("adopted, not held" in shown) == (cell["adopted_not_held"] and not cell["held"])
        assert cell["html_url"].startswith("http://testserver/initiatives/?region=")
    arb = next(c for c in data["cells"] if (c["region"], c["cycle"]) == ("ARB", "2023-2025"))
    assert [code["code"] for code in arb["cited_not_held"]] == ["ARB1", "ARB2", "ARB4", "ARB5"]
    assert arb["status"] == "missing"
    priorities = next(
        c
        for c in data["cells"]
        if (c["region"], c["cycle"], c["stage"]) == ("ARB", "2026-2029", "draft")
    )["priorities"]
    assert [p["number"] for p in priorities] == [1, 2, 3, 4, 5, 6]
    cis = next(c for c in data["cells"] if (c["region"], c["cycle"]) == ("CIS", "2023-2025"))
    assert cis["sources"][0]["address"] == (
        "https://www.itu.int/en/ITU-D/Regional-Presence/CIS/Pages/WTDC22RIs.aspx"
    )


def test_the_api_gives_one_csv_line_per_cell_and_refuses_unknown_parameters(client):
    response = client.get("/api/v1/coverage/?format=csv")
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("region,cycle,stage,status,held,cited_not_held")
    assert len(lines) == 1 + 24
    assert "ARB,2023-2025,adopted,missing,0,ARB1 ARB2 ARB4 ARB5,0," in "\n".join(lines)
    assert client.get("/api/v1/coverage/?region=AFR").status_code == 400


def test_the_schema_describes_the_coverage_endpoint(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/coverage/"]["get"]
    assert "text/csv" in operation["responses"]["200"]["content"]


def test_the_home_page_says_what_is_covered_and_links_the_coverage_page(client):
    html = page(client, "/")
    note = re.search(r'<p class="coverage-note">.*?</p>', html, re.S).group(0)
    words = text(note)
    assert "holds the adopted texts of CIS (2023-2025), the adopted texts of AMS (2026-2029)" in (
        words
    )
    assert "the adopted texts of AFR, ARB, ASP, CIS and EUR for 2026-2029" in words
    assert f"the WSIS Action Line Roadmaps cite {len(unresolved_codes())} of them" in words
    assert "the 6 priorities that RPM-ARB agreed in place of draft initiatives" in words
    assert 'href="/coverage/"' in note


def test_a_region_page_says_what_is_covered_of_it(client):
    arb = text(
        re.search(r'<p class="coverage-note">.*?</p>', page(client, "/regions/arb/"), re.S)[0]
    )
    assert "the knowledge base holds no initiative of this region" in arb
    assert "the WSIS Action Line Roadmaps cite ARB1, ARB2, ARB4 and ARB5" in arb
    afr = page(client, "/regions/afr/")
    note = re.search(r'<p class="coverage-note">.*?</p>', afr, re.S)[0]
    assert "for this region, the knowledge base holds the RPM drafts of 2026-2029" in text(note)
    assert "its adopted texts of 2026-2029" in text(note)
    assert 'href="/coverage/#region-afr"' in note


def test_the_cycle_pages_list_conferences_counts_and_coverage(client):
    html = page(client, "/cycles/")
    assert "<title>Cycles" in html
    words = text(html)
    assert "WTDC-25 (Baku) · Baku Action Plan" in words
    assert "WTDC-22 (Kigali) · Kigali Action Plan" in words
    assert "5 adopted initiatives, 25 RPM drafts" in words
    assert 'href="/cycles/2026-2029/"' in html
    cycle = page(client, "/cycles/2026-2029/")
    note = text(re.search(r'<p class="coverage-note">.*?</p>', cycle, re.S)[0])
    assert "for this cycle, the knowledge base holds the adopted texts of AMS" in note
    assert "it does not hold the adopted texts of AFR, ARB, ASP, CIS and EUR" in note
    assert 'href="/initiatives/?region=EUR&amp;cycle=2026-2029&amp;stage=draft">5' in cycle


@pytest.mark.parametrize("url", ["/cycles/1999-2002/", "/cycles/2026/", "/initiatives/1999-2002/"])
def test_an_unknown_cycle_is_a_404(client, url):
    assert client.get(url).status_code == 404


def test_a_cycle_under_initiatives_leads_to_the_list_of_that_cycle(client):
    response = client.get("/initiatives/2026-2029/")
    assert (response.status_code, response["Location"]) == (302, "/initiatives/?cycle=2026-2029")


def _grow_the_data():
    """More citations that resolve to nothing, and more priorities."""
    row = RoadmapRow.objects.filter(roadmap__action_line__code="C4").first()
    cycle = Cycle.objects.get(slug="2023-2025")
    for n in range(1, 16):
        Citation.objects.create(
            row=row, order=100 + n, code=f"EUR{n}", cycle=cycle, cited_text=f"Cited {n}."
        )
    meeting = PreparatoryMeeting.objects.get(name="RPM-EUR")
    for n in range(1, 8):
        MeetingPriority.objects.create(meeting=meeting, number=n, title=f"Priority {n}")


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the data version; regions; cycles; initiatives counted per region, cycle, stage and
        # source; unresolved citations with rows, roadmaps and sources; priorities
        ("/coverage/", 6),
        ("/api/v1/coverage/", 6),
        # the same, then the cycles with their counts
        ("/cycles/", 7),
        # the data version; the cycle with its counts; its counts per region and stage;
        # the regions; its coverage note (five)
        ("/cycles/2026-2029/", 9),
    ],
)
def test_coverage_runs_the_same_queries_whatever_the_data(
    client, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    _grow_the_data()
    assert len(build_coverage().cell("EUR", "2026-2029", "draft").priorities) == 7
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
