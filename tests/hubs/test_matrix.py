"""The alignment matrix, /matrix/ and /api/v1/matrix/: one row per initiative (an adopted
text and its RPM draft together), each cell the provenances of the published links, the
aggregate per region consistent with the lists it links to and with the hubs' counts, the
same numbers on the page and in the API, in a fixed number of queries."""

import csv
import html as html_lib
import io
import re
from collections import defaultdict

import pytest
from django.core.cache import caches
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from frameworks.models import SDG, ActionLine, GDCObjective, Provenance
from hubs.matrix import FRAMEWORKS, SHAPES, MatrixFilters, build_matrix
from initiatives.models import (
    Cycle,
    Initiative,
    InitiativeActionLine,
    InitiativeGDCObjective,
    InitiativeSDG,
    Stage,
)
from regions.models import Region
from sources.models import Source
from tests.api.conftest import get_json, path_of

pytestmark = pytest.mark.django_db

LABELS = dict(Provenance.choices)
LINK_MODELS = {
    "sdg": (InitiativeSDG, "sdg__number"),
    "action-line": (InitiativeActionLine, "action_line__code"),
    "gdc": (InitiativeGDCObjective, "objective__number"),
}
COLUMN_PREFIX = {"sdg": "SDG ", "action-line": "", "gdc": "GDC objective "}


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def row_slug(text: Initiative) -> str:
    """The row a text belongs to, as the matrix folds them: a draft with a published
    adopted text is in that text's row."""
    adopted = text.adopted_version_or_none() if text.stage == Stage.DRAFT else None
    return adopted.slug if adopted is not None and adopted.published else text.slug


def links_in_database(framework: str) -> set[tuple[str, str, str]]:
    """(row, column, provenance) of every published link of a published initiative."""
    model, key = LINK_MODELS[framework]
    links = model.objects.filter(published=True, initiative__published=True).select_related(
        "initiative__adopted_version"
    )
    return {
        (row_slug(link.initiative), str(value), link.provenance)
        for link, value in zip(links, links.values_list(key, flat=True), strict=True)
    }


def cells_of(matrix_json: dict) -> set[tuple[str, str, str]]:
    return {
        (row["initiative"], column, provenance)
        for row in matrix_json["rows"]
        for column, provenances in row["cells"].items()
        for provenance in provenances
    }


def hidden_labels(html: str) -> list[str]:
    """The accessible names of the matrix's cells and counts, as the page writes them."""
    table = html[html.index('<table class="matrix') : html.index("</table>")]
    found = re.findall(r'<span class="visually-hidden">([^<]+ – [^<]+)</span>', table)
    return [html_lib.unescape(label) for label in found]


def list_count(client, url: str) -> int:
    """What the initiatives list at `url` counts."""
    html = page(client, url)
    return int(re.search(r'id="result-count"[^>]*>(\d+) initiative', html)[1])


def api_texts(client, url: str) -> int:
    """What the API's initiatives list counts under the filters of the page at `url`."""
    return get_json(client, "/api/v1/initiatives/?" + url.split("?", 1)[1])["count"]


# Rows and cells


def test_each_framework_gives_its_columns_in_order_the_sdgs_with_their_official_colours():
    sdgs = build_matrix(MatrixFilters(framework="sdg")).columns
    assert [c.label for c in sdgs] == [f"SDG {n}" for n in range(1, 18)]
    assert (sdgs[8].title, sdgs[8].colour, sdgs[8].text_colour) == (
        "Industry, innovation and infrastructure",
        "#FD6925",
        "#000000",
    )
    lines = build_matrix(MatrixFilters(framework="action-line")).columns
    assert [c.label for c in lines] == [f"C{n}" for n in range(1, 12)]
    assert all(c.colour is None for c in lines)
    objectives = build_matrix(MatrixFilters(framework="gdc")).columns
    assert [c.label for c in objectives] == [f"GDC objective {n}" for n in range(1, 6)]


def test_an_adopted_initiative_and_its_draft_share_one_row_a_lone_draft_has_its_own():
    matrix = build_matrix(MatrixFilters())
    rows = {row.slug: row for row in matrix.rows}
    # 35 texts: AMS1-5 adopted with their drafts (5 rows), 20 other drafts, CIS1-5 2023-2025.
    assert (len(matrix.rows), matrix.text_count) == (30, 35)
    ams1 = rows["2026-2029-ams1"]
    assert (ams1.adopted.slug, ams1.draft.slug, ams1.code) == (
        "2026-2029-ams1",
        "2026-2029-ams1-draft",
        "AMS1",
    )
    assert "2026-2029-ams1-draft" not in rows
    afr1 = rows["2026-2029-afr1-draft"]
    assert (afr1.adopted, afr1.draft.slug) == (None, "2026-2029-afr1-draft")
    # Grouped by region, then cycle.
    groups = [(g.region.code, g.cycle.slug, len(g.rows)) for g in matrix.groups]
    assert groups == [
        ("AFR", "2026-2029", 5),
        ("AMS", "2026-2029", 5),
        ("ASP", "2026-2029", 5),
        ("CIS", "2023-2025", 5),
        ("CIS", "2026-2029", 5),
        ("EUR", "2026-2029", 5),
    ]


@pytest.mark.parametrize("framework", list(FRAMEWORKS))
def test_the_cells_are_the_published_alignment_links_of_the_database(client, framework):
    matrix = get_json(client, "/api/v1/matrix/", framework=framework)
    assert cells_of(matrix) == links_in_database(framework)


def test_an_unpublished_link_or_text_leaves_the_matrix():
    # AMS4's adopted text and its draft both align to SDG 9; the adopted text's link goes.
    InitiativeSDG.objects.filter(initiative__slug="2026-2029-ams4", sdg__number=9).update(
        published=False
    )
    Initiative.objects.filter(slug="2026-2029-ams1").update(published=False)
    Initiative.objects.filter(slug="2026-2029-ams2-draft").update(published=False)
    matrix = build_matrix(MatrixFilters())
    rows = {row.slug: row for row in matrix.rows}
    ams4 = rows["2026-2029-ams4"].cells["9"]
    assert [item.text.slug for item in ams4.evidence] == ["2026-2029-ams4-draft"]
    assert ams4.url == "/initiatives/2026-2029/ams4/draft/#alignment-sustainable-development-goals"
    # AMS1's draft stands alone now; AMS2 is its adopted text alone.
    assert "2026-2029-ams1" not in rows
    assert rows["2026-2029-ams1-draft"].adopted is None
    assert (rows["2026-2029-ams2"].adopted.slug, rows["2026-2029-ams2"].draft) == (
        "2026-2029-ams2",
        None,
    )
    cells = {
        (row.slug, key, provenance)
        for row in matrix.rows
        for key, cell in row.cells.items()
        for provenance in cell.provenances
    }
    assert cells == links_in_database("sdg")


def test_each_cell_links_to_the_alignment_section_of_the_text_that_states_it(client):
    for framework in FRAMEWORKS.values():
        matrix = build_matrix(MatrixFilters(framework=framework.slug))
        row = next(row for row in matrix.rows if row.adopted and row.draft and row.cells)
        cell = next(iter(row.cells.values()))
        path, anchor = cell.url.split("#")
        assert anchor == framework.anchor
        assert path in {text.get_absolute_url() for text in row.texts}
        assert f'id="{anchor}"' in page(client, path)


# The aggregate, the lists it links to, and the hubs' counts


@pytest.mark.slow
def test_every_aggregate_number_is_what_the_list_it_links_to_shows_folded(client):
    matrix = build_matrix(MatrixFilters())
    tallies = [t for t in matrix.tallies + matrix.totals if t.count]
    assert tallies
    for tally in tallies:
        # The list counts initiatives, an adopted text and its draft once; the API's list
        # counts texts, the two apart.
        assert list_count(client, tally.url) == tally.count, tally.url
        assert api_texts(client, tally.url) == tally.texts, tally.url
        rows = [
            row
            for row in matrix.rows
            if tally.column.key in row.cells and (tally.region in (None, row.region))
        ]
        assert tally.count == len(rows)
        assert tally.texts == sum(
            len({item.text.pk for item in row.cells[tally.column.key].evidence}) for row in rows
        )
    ams9 = next(t for t in matrix.tallies if (t.region.code, t.column.key) == ("AMS", "9"))
    assert ams9.url == "/initiatives/?region=AMS&sdg=9"


def test_the_aggregate_links_carry_the_matrix_filters(client):
    filters = MatrixFilters(
        framework="action-line", cycles=("2026-2029",), stages=("draft",), provenances=("source",)
    )
    matrix = build_matrix(filters)
    eur = next(t for t in matrix.tallies if (t.region.code, t.column.key) == ("EUR", "C7"))
    assert (
        eur.url
        == "/initiatives/?region=EUR&action_line=C7&cycle=2026-2029&stage=draft&provenance=source"
    )
    for tally in matrix.tallies:
        if tally.count:
            assert list_count(client, tally.url) == api_texts(client, tally.url) == tally.count


def test_for_every_sdg_the_regions_add_up_to_the_home_and_hub_counts(client):
    """The home page, the SDG list, each SDG's hub and the matrix count initiatives, an
    adopted text and its RPM draft once; the aggregate's `texts` count them apart, and
    differ by exactly the initiatives both of whose texts align to the goal."""
    matrix = build_matrix(MatrixFilters())
    home = {sdg.number: sdg.initiative_count for sdg in client.get("/").context["sdgs"]}
    listed = {sdg.number: sdg.initiative_count for sdg in client.get("/sdgs/").context["sdgs"]}
    # Per goal, the adopted texts aligned to it whose published draft is aligned to it too.
    both_stages = defaultdict(int)
    pairs = InitiativeSDG.objects.published().filter(
        initiative__stage=Stage.ADOPTED,
        initiative__draft__published=True,
        initiative__draft__sdg_links__sdg=F("sdg"),
        initiative__draft__sdg_links__published=True,
    )
    for number, _ in pairs.values_list("sdg__number", "initiative").distinct():
        both_stages[number] += 1
    assert sum(both_stages.values()) > 0  # AMS: the adopted texts and drafts share goals
    for sdg in SDG.objects.all():
        column = str(sdg.number)
        regions = [t for t in matrix.tallies if t.column.key == column]
        total = next(t for t in matrix.totals if t.column.key == column)
        assert sum(t.count for t in regions) == total.count
        assert sum(t.texts for t in regions) == total.texts
        hub = client.get(f"/sdgs/{sdg.number}/").context["initiative_count"]
        assert total.count == home[sdg.number] == listed[sdg.number] == hub, sdg.number
        assert total.texts == total.count + both_stages[sdg.number], sdg.number


# The page


def test_the_page_is_a_table_with_caption_headers_summary_and_legend(client):
    html = page(client, "/matrix/")
    assert html.count("<table") == 1
    assert '<caption id="matrix-caption"><span>Initiatives × SDGs' in html
    assert '<th scope="col" class="matrix-corner">Initiative</th>' in html
    assert html.count('scope="rowgroup"') == 6
    assert html.count('<th scope="row">') == 30
    assert "30 initiatives of 30 align to the Sustainable Development Goals." in html
    assert "(30 initiatives from 35 texts)" in html
    # Every SDG's header in its official colour, with black or white text.
    for sdg in SDG.objects.all():
        assert f"--sdg-colour: {sdg.colour}; --sdg-ink: {sdg.text_colour}" in html
    # The table scrolls in its own box, which the keyboard can reach.
    assert (
        '<div class="matrix-scroll" role="region" aria-labelledby="matrix-caption" tabindex="0">'
        in html
    )


def test_the_sdg_header_text_colours_keep_aa_contrast():
    def luminance(hex_colour):
        channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for column in build_matrix(MatrixFilters()).columns:
        light, dark = sorted([luminance(column.colour), luminance(column.text_colour)])[::-1]
        assert (light + 0.05) / (dark + 0.05) >= 4.5, column.label


def test_provenance_is_told_by_shape_and_text_with_a_legend(client):
    html = page(client, "/matrix/")
    legend = html[
        html.index('<ul class="matrix-legend"') : html.index("</ul>", html.index("matrix-legend"))
    ]
    for provenance, shape in SHAPES.items():
        assert (
            f'<span class="matrix-shape" aria-hidden="true">{shape}</span> {provenance.label}'
            in legend
        )
    labels = hidden_labels(html)
    assert "AMS4 – SDG 9: curated by the editors" in labels
    assert "EUR1 – SDG 9: stated in the source document" in labels
    assert "CIS1 – C2: via a WSIS roadmap citation" in hidden_labels(
        page(client, "/matrix/?framework=action-line")
    )


def test_a_cell_aligned_twice_shows_both_shapes_in_the_legends_order(client):
    # AMS4's draft states SDG 9 too, by the source: the row's cell holds both.
    InitiativeSDG.objects.create(
        initiative=Initiative.objects.get(slug="2026-2029-ams4-draft"),
        sdg=SDG.objects.get(number=9),
        provenance=Provenance.SOURCE,
    )
    html = page(client, "/matrix/")
    assert "AMS4 – SDG 9: stated in the source document; curated by the editors" in (
        hidden_labels(html)
    )
    assert (
        '<span class="matrix-shape" aria-hidden="true">●</span>'
        '<span class="matrix-shape" aria-hidden="true">○</span>'
        '<span class="visually-hidden">AMS4 – SDG 9:'
    ) in html


def test_a_cell_names_its_initiative_column_and_provenance_and_gives_the_reason(client):
    html = page(client, "/matrix/")
    cell = re.search(
        r'<a class="matrix-cell" href="([^"]+)" title="([^"]*)">[^\n]*?'
        r'<span class="visually-hidden">AMS4 – SDG 9: curated by the editors</span></a>',
        html,
    )
    assert cell is not None
    assert cell[1] == "/initiatives/2026-2029/ams4/#alignment-sustainable-development-goals"
    rationale = InitiativeSDG.objects.get(
        initiative__slug="2026-2029-ams4", sdg__number=9
    ).rationale
    assert html_lib.unescape(cell[2]).startswith(f"curated by the editors: {rationale}")


def test_the_regions_view_links_each_count_to_the_list_and_explains_the_texts(client):
    html = page(client, "/matrix/?view=regions&framework=action-line")
    assert '<caption id="matrix-caption"><span>Regions × WSIS Action Lines' in html
    assert "which counts them\n  the same way" in html
    labels = hidden_labels(html)
    matrix = build_matrix(MatrixFilters(framework="action-line"))
    assert labels == [t.label for t in matrix.tallies + matrix.totals]
    ams = next(t for t in matrix.tallies if t.region.code == "AMS" and t.count != t.texts)
    assert f'<a href="{html_lib.escape(ams.url)}">' in html
    assert f'{ams.count} <span class="matrix-texts">({ams.texts})</span>' in html


def test_the_site_navigation_links_the_matrix(client):
    assert '<a href="/matrix/">Matrix</a>' in page(client, "/")
    assert '<a href="/matrix/" aria-current="page">Matrix</a>' in page(client, "/matrix/")


# Filters, on the page and in the API


def test_the_filters_choose_the_rows_on_the_page_and_in_the_api(client):
    url = "/matrix/?region=AMS&stage=adopted"
    html = page(client, url)
    assert 'id="matrix-region-ams" name="region" value="AMS" checked' in html
    assert 'id="matrix-stage-adopted" name="stage" value="adopted" checked' in html
    assert html.count('<th scope="row">') == 5
    body = get_json(client, "/api/v1/matrix/", region="ams", stage="adopted")
    assert [(r["initiative"], r["draft"]) for r in body["rows"]] == [
        (f"2026-2029-ams{n}", None) for n in range(1, 6)
    ]
    assert [t["region"] for t in body["aggregate"]] == ["AMS"] * 17
    cycle = get_json(client, "/api/v1/matrix/", cycle="2023-2025")
    assert {r["cycle"] for r in cycle["rows"]} == {"2023-2025"}
    assert len(cycle["rows"]) == 5
    several = get_json(client, "/api/v1/matrix/?region=AFR,EUR&region=CIS")
    assert {r["region"] for r in several["rows"]} == {"AFR", "CIS", "EUR"}


def test_the_provenance_filter_narrows_the_cells_not_the_rows(client):
    body = get_json(client, "/api/v1/matrix/", provenance="source")
    assert body["count"] == 30
    provenances = {p for row in body["rows"] for ps in row["cells"].values() for p in ps}
    assert provenances == {"source"}
    assert {r["region"] for r in body["rows"] if r["cells"]} == {"EUR"}
    assert body["aligned"] == 5
    html = page(client, "/matrix/?provenance=source")
    assert (
        "5 initiatives of 30 align to the Sustainable Development Goals by the provenance" in html
    )
    assert "○" not in html[html.index("<table") :]


def test_unknown_values_are_a_400_in_the_api_and_a_notice_on_the_page(client):
    for query in ("region=XYZ", "cycle=1999-2000", "stage=final", "provenance=x", "framework=y"):
        response = client.get(f"/api/v1/matrix/?{query}")
        assert response.status_code == 400, query
        assert query.split("=")[0] in response.json()["errors"], query
    assert client.get("/api/v1/matrix/?sdg=9").status_code == 400
    html = page(client, "/matrix/?region=XYZ&framework=y")
    assert "Some filters could not be used" in html
    assert html.count('<th scope="row">') == 30


# The API, the page and the CSV agree


@pytest.mark.parametrize("framework", list(FRAMEWORKS))
def test_the_api_says_what_the_page_shows(client, framework):
    body = get_json(client, "/api/v1/matrix/", framework=framework, region="AMS,CIS,EUR")
    expected = []
    codes = {row["initiative"]: row["code"] for row in body["rows"]}
    for row in body["rows"]:
        for column, provenances in row["cells"].items():
            stated = "; ".join(str(LABELS[p]) for p in provenances)
            expected.append(
                f"{codes[row['initiative']]} – {COLUMN_PREFIX[framework]}{column}: {stated}"
            )
    html = page(client, f"/matrix/?framework={framework}&region=AMS,CIS,EUR")
    assert hidden_labels(html) == expected
    assert f"{body['aligned']} initiatives of {body['count']} align" in html
    regions = page(client, f"/matrix/?view=regions&framework={framework}&region=AMS,CIS,EUR")
    counts = re.findall(r'<td class="matrix-count">(?:<a href="([^"]+)">)?', regions)
    tallies = body["aggregate"] + body["totals"]
    assert len(counts) == len(tallies)
    for href, tally in zip(counts, tallies, strict=True):
        shown = html_lib.unescape(href) if href else None
        assert shown == (path_of(tally["html_url"]) if tally["count"] else None)
    assert [c["key"] for c in body["columns"]] == [
        c.key for c in build_matrix(MatrixFilters(framework=framework)).columns
    ]


def test_the_csv_has_one_line_per_initiative_column_and_provenance(client):
    response = client.get("/api/v1/matrix/?format=csv&framework=action-line")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(text)))
    assert list(lines[0]) == [
        "initiative",
        "code",
        "region",
        "cycle",
        "framework",
        "column",
        "provenance",
        "texts",
        "rationale",
        "html_url",
    ]
    assert {(line["initiative"], line["column"], line["provenance"]) for line in lines} == (
        links_in_database("action-line")
    )
    assert len(lines) == len(links_in_database("action-line"))
    cis1 = next(
        line
        for line in lines
        if (line["initiative"], line["column"], line["provenance"])
        == ("2023-2025-cis1", "C2", "roadmap")
    )
    assert cis1["rationale"] == "Cited in rows D and I of the WSIS Action Line C2 roadmap (2025)"
    assert (
        cis1["html_url"]
        == "http://testserver/initiatives/2023-2025/cis1/#alignment-wsis-action-lines"
    )
    # Where both stages state it, both texts are named.
    folded = [line for line in lines if ";" in line["texts"]]
    assert all(line["initiative"].startswith("2026-2029-ams") for line in folded)


def test_the_api_answers_with_an_etag_and_304(client):
    response = client.get("/api/v1/matrix/?framework=gdc")
    assert response.status_code == 200
    etag = response["ETag"]
    again = client.get("/api/v1/matrix/?framework=gdc", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert client.get("/matrix/", headers={"If-None-Match": page_etag(client)}).status_code == 304


def page_etag(client) -> str:
    return client.get("/matrix/")["ETag"]


# Queries


def add_initiatives(count: int) -> None:
    """`count` more adopted initiatives in a new cycle, each with its draft, both aligned to
    goals, action lines and objectives under every provenance."""
    cycle = Cycle.objects.create(
        slug="2030-2033",
        name="2030-2033",
        conference="WTDC-29",
        conference_city="Somewhere",
        action_plan="Next Action Plan",
        start_year=2030,
        end_year=2033,
    )
    source = Source.objects.first()
    regions = list(Region.objects.all())
    sdgs, lines, objectives = (
        list(SDG.objects.all()),
        list(ActionLine.objects.all()),
        list(GDCObjective.objects.all()),
    )
    for n in range(1, count + 1):
        region = regions[n % len(regions)]
        code = f"{region.code}{n}"
        draft = None
        for stage in (Stage.DRAFT, Stage.ADOPTED):
            text = Initiative.objects.create(
                cycle=cycle,
                region=region,
                code=code,
                number=n,
                stage=stage,
                slug=Initiative.make_slug(cycle.slug, code, stage),
                label_as_printed=code,
                title=f"Initiative {n}",
                objective="An objective.",
                source=source,
                source_locator="nowhere",
                draft=draft,
            )
            draft = text
            for i, provenance in enumerate(Provenance.values):
                reason = {"rationale": "A reason."}
                InitiativeSDG.objects.create(
                    initiative=text, sdg=sdgs[(n + i) % 17], provenance=provenance, **reason
                )
                InitiativeActionLine.objects.create(
                    initiative=text,
                    action_line=lines[(n + i) % 11],
                    provenance=provenance,
                    **reason,
                )
                InitiativeGDCObjective.objects.create(
                    initiative=text,
                    objective=objectives[(n + i) % 5],
                    provenance=provenance,
                    **reason,
                )


def queries(client, url: str) -> int:
    for alias in caches:
        caches[alias].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(captured)


# The page: the data version, the cycles (the filter form), the columns, the regions, the
# initiatives, their links, the aggregate's counts (of initiatives and of texts, in one),
# the regions again (the filter's options).
PAGE_QUERIES = 8
# The API and its CSV: the same, without the filter's options.
API_QUERIES = 7
URLS = {
    "/matrix/": PAGE_QUERIES,
    "/matrix/?view=regions&framework=action-line&region=AMS,EUR&provenance=curated": PAGE_QUERIES,
    "/api/v1/matrix/": API_QUERIES,
    "/api/v1/matrix/?framework=gdc&stage=draft&cycle=2026-2029": API_QUERIES,
    "/api/v1/matrix/?format=csv": API_QUERIES,
}


@pytest.mark.slow
@pytest.mark.parametrize(("url", "expected"), URLS.items())
def test_the_matrix_runs_the_same_queries_whatever_the_data(
    client, django_assert_max_num_queries, url, expected
):
    assert queries(client, url) == expected
    add_initiatives(24)
    for alias in caches:
        caches[alias].clear()
    with django_assert_max_num_queries(expected):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    matrix = build_matrix(MatrixFilters())
    assert len(matrix.rows) == 30 + 24
