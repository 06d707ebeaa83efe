"""The bar charts: each bar a link with its label and value written as text, a sentence
and a table saying the same, no text on a colour; and on every page that draws one, the
numbers the page counts elsewhere and the API gives."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from core.conditional import forget_everything_kept
from frameworks.models import SDG
from hubs import charts
from hubs.charts import LABEL_CHARACTERS, Bar, BarChart, Noun
from initiatives.models import Initiative
from tests.api.conftest import get_json

SVG = "{http://www.w3.org/2000/svg}"
INITIATIVES = Noun("initiative", "initiatives")
SDGS = Noun("SDG", "SDGs")
CSS = Path(settings.BASE_DIR, "static", "css", "portal.css").read_text(encoding="utf-8")


def a_chart(*values: int, total: int | None = 35, **options) -> BarChart:
    return BarChart(
        slug="chart-test",
        question="How many initiatives serve each SDG?",
        bars=[
            Bar(label=f"SDG {n}: Goal {n}", name=f"SDG {n}", value=v, href=f"/sdgs/{n}/")
            for n, v in enumerate(values, start=1)
        ],
        item=SDGS,
        unit=INITIATIVES,
        total=total,
        label_heading="SDG",
        value_heading="Initiatives",
        **options,
    )


def api_initiatives(client, **filters) -> int:
    """The initiatives the API lists under `filters`: it lists texts, and an adopted text
    and its RPM draft (one cycle, one code) are one initiative."""
    body = get_json(client, "/api/v1/initiatives/", page_size=500, **filters)
    assert body["count"] == len(body["results"])
    return len({(text["cycle"], text["code"]) for text in body["results"]})


def figure(html: str, slug: str) -> ET.Element:
    """The chart `slug` of a page, parsed: it is well-formed XML as well as HTML."""
    start = html.index(f'<figure class="chart" id="{slug}">')
    return ET.fromstring(html[start : html.index("</figure>", start) + len("</figure>")])


def render(chart: BarChart) -> ET.Element:
    return figure(render_to_string("includes/bar_chart.html", {"chart": chart}), chart.slug)


def classed(element: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in element.iter() if name in (e.get("class") or "").split()]


def drawn_bars(chart: ET.Element) -> list[dict]:
    """Each bar of the SVG as a reader sees it: link, name, label, value and its length."""
    found = []
    for link in chart.iter(f"{SVG}a"):
        bar = classed(link, "chart__bar")
        found.append(
            {
                "href": link.get("href"),
                "name": link.get("aria-label"),
                "label": " ".join(t.text.strip() for t in classed(link, "chart__label")),
                "value": int("".join(classed(link, "chart__value")[0].itertext())),
                "width": bar[0].get("width") if bar else None,
            }
        )
    return found


def table_rows(chart: ET.Element) -> list[dict]:
    rows = []
    for row in chart.iter("tr"):
        header = row.find("th[@scope='row']")
        if header is not None:
            link = header.find("a")
            rows.append(
                {"href": link.get("href"), "label": link.text, "value": int(row.find("td").text)}
            )
    return rows


def values(chart: ET.Element) -> dict[str, int]:
    return {bar["href"]: bar["value"] for bar in drawn_bars(chart)}


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# ------------------------------------------------------------------------- the component


def test_each_bar_is_a_link_with_its_label_and_value_written_as_text():
    bars = drawn_bars(render(a_chart(21, 0, 7)))
    assert bars == [
        {
            "href": "/sdgs/1/",
            "name": "SDG 1: Goal 1: 21 initiatives",
            "label": "SDG 1: Goal 1",
            "value": 21,
            "width": "85%",
        },
        {
            "href": "/sdgs/2/",
            "name": "SDG 2: Goal 2: 0 initiatives",
            "label": "SDG 2: Goal 2",
            "value": 0,
            "width": None,
        },
        {
            "href": "/sdgs/3/",
            "name": "SDG 3: Goal 3: 7 initiatives",
            "label": "SDG 3: Goal 3",
            "value": 7,
            "width": "28.333%",
        },
    ]


def test_the_table_holds_the_numbers_of_the_bars_row_for_row():
    chart = render(a_chart(21, 0, 7, 1))
    assert table_rows(chart) == [
        {key: bar[key] for key in ("href", "label", "value")} for bar in drawn_bars(chart)
    ]
    table = chart.find("details/table")
    assert chart.find("details/summary").text == "Table"
    assert table.find("caption").text == "How many initiatives serve each SDG?"
    assert [th.get("scope") for th in table.iter("th")][:2] == ["col", "col"]


def test_a_grouped_chart_heads_each_group_in_the_drawing_and_the_table():
    chart = BarChart(
        slug="chart-test",
        question="Which regions?",
        bars=[
            Bar("Africa (AFR)", 5, "/a/", group="2026-2029", name="AFR in 2026-2029"),
            Bar("Europe (EUR)", 2, "/e/", group="2026-2029"),
            Bar("CIS", 4, "/c/", group="2023-2025"),
        ],
        item=Noun("region and cycle", "regions and cycles"),
        unit=INITIATIVES,
        total=11,
    )
    drawn = render(chart)
    assert ["".join(t.itertext()) for t in classed(drawn, "chart__group")] == [
        "2026-2029",
        "2023-2025",
    ]
    assert [
        [th.text for th in body.iter("th") if th.get("scope") == "rowgroup"]
        for body in drawn.iter("tbody")
    ] == [["2026-2029"], ["2023-2025"]]
    assert drawn_bars(drawn)[0]["name"] == "Africa (AFR): 5 initiatives, 2026-2029"
    assert chart.summary == (
        "AFR in 2026-2029 has the most initiatives (5 of 11); every region and cycle has at "
        "least one."
    )


@pytest.mark.parametrize(
    ("values", "total", "summary"),
    [
        ((3, 21, 0, 5, 0, 0), 35, "SDG 2 has the most initiatives (21 of 35); 3 SDGs have none."),
        (
            (8, 8, 1),
            12,
            "SDG 1 and SDG 2 have the most initiatives (8 each, of 12); every SDG "
            "has at least one.",
        ),
        ((2, 2, 2, 2, 0), None, "4 SDGs have the most initiatives (2 each); 1 SDG has none."),
        ((0, 0), 0, "No SDG has any initiative yet."),
    ],
)
def test_the_summary_says_in_words_which_bar_leads_and_how_many_have_none(values, total, summary):
    chart = a_chart(*values, total=total)
    assert chart.summary == summary
    drawn = render(chart)
    assert drawn.find("p").text == summary
    assert drawn.find(f"{SVG}svg/{SVG}desc").text == summary


def test_the_drawing_has_an_accessible_name_and_description():
    drawn = render(a_chart(1, 2))
    assert drawn.find("figcaption").text == "How many initiatives serve each SDG?"
    svg = drawn.find(f"{SVG}svg")
    # A group, not an image: an image's children are presentational, and these are links.
    assert svg.get("role") == "group"
    title = svg.find(f"{SVG}title[@id='{svg.get('aria-labelledby')}']")
    assert title.text == "How many initiatives serve each SDG?"
    assert svg.find(f"{SVG}desc[@id='{svg.get('aria-describedby')}']") is not None


def test_the_drawing_scales_to_its_container_and_its_height_follows_the_data():
    svg = render(a_chart(1, 2)).find(f"{SVG}svg")
    taller = render(a_chart(1, 2, 3, 4)).find(f"{SVG}svg")
    assert svg.get("width") == "100%"
    assert float(taller.get("height").removesuffix("em")) > float(
        svg.get("height").removesuffix("em")
    )


def test_long_labels_wrap_to_lines_a_phone_can_show():
    chart = a_chart(4)
    chart.bars[0] = Bar(
        "C1: The role of public governance authorities and all stakeholders in the promotion "
        "of ICTs for development",
        4,
        "/action-lines/c1/",
    )
    lines = [t.text.strip() for t in classed(render(chart), "chart__label")]
    assert len(lines) > 2
    assert all(len(line) <= LABEL_CHARACTERS for line in lines)


def test_labels_and_values_stand_beside_the_bars_never_on_them():
    drawn = render(a_chart(9, 3, 0))
    for link in drawn.iter(f"{SVG}a"):
        bars = classed(link, "chart__bar")
        if not bars:
            continue
        bar_top = float(bars[0].get("y").removesuffix("em"))
        label = next(t for t in link.iter(f"{SVG}text") if classed(t, "chart__label"))
        # The label's baseline (and the descenders under it) lie above the bar.
        assert float(label.get("y").removesuffix("em")) + 0.25 <= bar_top
        value = classed(link, "chart__value")[0]
        assert value.get("x") == bars[0].get("width")
        assert float(value.get("dx").removesuffix("em")) > 0


def test_a_bar_is_drawn_only_in_a_colour_never_in_anything_else():
    chart = a_chart(1)
    chart.bars.extend(
        [
            Bar("Real", 2, "/r/", colour="#FD6925"),
            Bar("Injected", 3, "/i/", colour="red; background: url(//x)"),
        ]
    )
    styles = [bar.get("style") for bar in classed(render(chart), "chart__bar")]
    assert styles == [None, "--bar: #FD6925", None]


def relative_luminance(hex_colour: str) -> float:
    # WCAG 2.2, "relative luminance", written out here apart from the code it checks.
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(one: str, other: str) -> float:
    light, dark = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def css_colour(name: str) -> str:
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}});", CSS)[1]


def test_every_text_of_a_chart_meets_aa_contrast_on_what_it_stands_on():
    paper, ink, link, tint = (css_colour(n) for n in ("paper", "ink", "link", "tint"))
    focused = re.search(r"a:focus-visible \.chart__ring \{ fill: (#[0-9a-fA-F]{6})", CSS)[1]
    # Labels are links, values and headings ink: on the page, on a hovered row, on a
    # focused row. No text stands on a bar (above), so the bars' colours carry none.
    for text in (ink, link):
        for ground in (paper, tint, focused):
            assert contrast(text, ground) >= 4.5, (text, ground)
    # Every bar is outlined in the text colour: its edge stands out from the page (3:1,
    # WCAG 1.4.11) whatever the bar's own colour, a pale SDG 7 yellow included.
    assert ".chart__bar { fill: var(--bar, var(--brand)); stroke: currentColor;" in CSS
    assert contrast(ink, paper) >= 3


def test_charts_have_rules_for_forced_colours_focus_and_print():
    forced = CSS[CSS.index("@media (forced-colors: active)", CSS.index(".chart__svg")) :]
    assert "stroke: CanvasText" in forced.split("}\n}")[0]
    assert ".chart__svg a:focus-visible .chart__ring" in CSS
    printed = Path(settings.BASE_DIR, "static", "css", "print.css").read_text(encoding="utf-8")
    assert ".chart__data::details-content { content-visibility: visible; }" in printed


# ------------------------------------------------------------------------- on the pages


@pytest.mark.django_db
def test_the_home_page_charts_initiatives_per_sdg_as_its_tiles_and_the_api_count_them(client):
    html = page(client, "/")
    chart = figure(html, "chart-sdgs")
    tiles = {
        f"/sdgs/{number}/": int(count)
        for number, count in re.findall(
            r'<a class="sdg-tile"[^>]*href="/sdgs/(\d+)/">.*?'
            r'<span class="sdg-tile__count">(\d+) initiatives?</span>',
            html,
            re.S,
        )
    }
    assert len(tiles) == 17
    assert values(chart) == tiles
    for sdg in SDG.objects.all():
        api = api_initiatives(client, sdg=sdg.number)
        assert tiles[sdg.get_absolute_url()] == api, sdg.number
    # Each bar in the goal's official colour; the summary counts out of every initiative.
    colours = [bar.get("style") for bar in classed(chart, "chart__bar")]
    assert colours == [
        f"--bar: {s.colour}" for s in SDG.objects.all() if tiles[f"/sdgs/{s.number}/"]
    ]
    texts = Initiative.objects.published()
    total = len(set(texts.values_list("cycle", "code")))
    assert total < texts.count()
    assert f"{total} initiatives in {texts.count()} texts" in html
    assert f" of {total});" in chart.find("p").text


@pytest.mark.django_db
def test_the_home_page_charts_initiatives_per_action_line_as_its_list_and_the_api(client):
    html = page(client, "/")
    chart = figure(html, "chart-action-lines")
    listed = {
        f"/action-lines/c{n}/": int(count)
        for n, count in re.findall(
            r'<li><a href="/action-lines/c(\d+)/">[^<]*</a>\s*<span class="count">— (\d+) initiat',
            html,
        )
    }
    assert len(listed) == 11
    assert values(chart) == listed
    for href, count in listed.items():
        code = href.split("/")[2].upper()
        assert api_initiatives(client, action_line=code) == count


@pytest.mark.django_db
def test_a_region_page_charts_its_initiatives_per_sdg_as_the_list_and_the_api_count_them(
    client,
):
    html = page(client, "/regions/ams/")
    chart = figure(html, "chart-region-sdgs")
    shown = int(re.search(r'<h2>Initiatives <span class="count">\((\d+)\)</span>', html)[1])
    # One row per initiative: each adopted text with its RPM draft linked in its row.
    assert shown == len(re.findall(r'<li><a href="/initiatives/2', html)) == 5
    assert (
        len(re.findall(r'its <a href="/initiatives/2026-2029/ams\d/draft/">RPM draft', html)) == 5
    )
    bars = drawn_bars(chart)
    assert f"({max(bar['value'] for bar in bars)} of {shown})" in chart.find("p").text
    assert [bar["href"] for bar in bars] == [
        f"/initiatives/?region=AMS&sdg={n}" for n in range(1, 18)
    ]
    for number, bar in enumerate(bars, start=1):
        api = api_initiatives(client, region="AMS", sdg=number)
        assert bar["value"] == api, number
        if bar["value"]:
            listed = page(client, bar["href"])
            assert re.search(rf'id="result-count"[^>]*>{api} initiatives? match', listed)


@pytest.mark.django_db
def test_a_region_without_initiatives_draws_no_chart(client):
    html = page(client, "/regions/arb/")
    assert '<figure class="chart"' not in html


HUBS = [
    ("/sdgs/9/", "/api/v1/sdgs/9/", {"sdg": 9}),
    ("/action-lines/c5/", "/api/v1/action-lines/C5/", {"action_line": "C5"}),
    ("/gdc/3/", "/api/v1/gdc-objectives/3/", {"gdc": 3}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "api", "aligned"), HUBS)
def test_a_hub_charts_its_initiatives_per_region_and_cycle_as_it_lists_and_the_api_counts(
    client, url, api, aligned
):
    html = page(client, url)
    chart = figure(html, "chart-regions")
    bars = drawn_bars(chart)
    shown = int(re.search(r'<h2>Initiatives <span class="count">\((\d+)\)</span>', html)[1])
    assert sum(bar["value"] for bar in bars) == shown > 0
    texts = {link["slug"].removesuffix("-draft") for link in get_json(client, api)["initiatives"]}
    assert len(texts) == shown
    # The initiatives the hub lists (some under several provenances), per region and cycle.
    listed: dict[tuple[str, str], set[str]] = {}
    for href, region, cycle in re.findall(
        r'<a href="(/initiatives/[^"]+)"[^>]*>[^<]*</a>\s*<p class="meta">([^·<]+?) · '
        r"<bdi>([0-9-]+)</bdi> ·",
        html,
    ):
        listed.setdefault((region, cycle), set()).add(href)
    assert sum(len(hrefs) for hrefs in listed.values()) == shown
    for bar in bars:
        params = dict(p.split("=") for p in bar["href"].split("?")[1].split("&"))
        assert {k: v for k, v in params.items() if k not in ("region", "cycle")} == {
            k: str(v) for k, v in aligned.items()
        }
        count = api_initiatives(client, region=params["region"], cycle=params["cycle"], **aligned)
        assert bar["value"] == count, bar
        region = bar["label"].rsplit(" (", 1)[0]
        assert bar["value"] == len(listed.get((region, params["cycle"]), ())), bar
    assert table_rows(chart) == [
        {key: bar[key] for key in ("href", "label", "value")} for bar in bars
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "api", "aligned"), HUBS)
def test_a_hub_draws_its_newest_cycles_and_counts_the_earlier_ones_beside_its_chart(
    client, monkeypatch, url, api, aligned
):
    # Two cycles today: drawing one stands for a knowledge base of more cycles than drawn.
    whole = page(client, url)
    assert "not drawn in the chart" not in whole
    forget_everything_kept()
    monkeypatch.setattr(charts, "HUB_CHART_CYCLES", 1)
    html = page(client, url)
    bars = drawn_bars(figure(html, "chart-regions"))
    assert {bar["href"].split("cycle=")[1].split("&")[0] for bar in bars} == {"2026-2029"}
    earlier = api_initiatives(client, cycle="2023-2025", **aligned)
    shown = int(re.search(r'<h2>Initiatives <span class="count">\((\d+)\)</span>', html)[1])
    assert shown == sum(bar["value"] for bar in bars) + earlier
    assert shown == len(
        {link["slug"].removesuffix("-draft") for link in get_json(client, api)["initiatives"]}
    )
    listing = "/initiatives/?" + "&".join(f"{k}={v}" for k, v in aligned.items())
    assert (
        f"1 earlier cycle is not drawn in the chart ({earlier} of the aligned initiatives): "
        f'<a href="{listing}">see every cycle in the initiatives list</a>.'
    ) in html
    assert api_initiatives(client, **aligned) == shown


@pytest.mark.django_db
def test_an_sdg_hub_draws_its_bars_in_the_goal_s_colour(client):
    chart = figure(page(client, "/sdgs/9/"), "chart-regions")
    colour = SDG.objects.get(number=9).colour
    assert {bar.get("style") for bar in classed(chart, "chart__bar")} == {f"--bar: {colour}"}


@pytest.mark.django_db
def test_a_roadmap_charts_its_rows_per_sdg_as_its_rows_and_the_api_name_them(client):
    html = page(client, "/roadmaps/c2/")
    chart = figure(html, "chart-roadmap-sdgs")
    rows = html.split('<details class="roadmap-row"')[1:]
    total = int(re.search(r"· (\d+) rows ·", html)[1])
    assert len(rows) == total  # every row of C2 is on its first page
    assert f" of {total});" in chart.find("p").text
    for number, bar in enumerate(drawn_bars(chart), start=1):
        assert bar["href"] == f"/roadmaps/c2/?sdg={number}"
        naming = sum(f'href="/sdgs/{number}/">SDG {number}</a>' in row for row in rows)
        api = get_json(client, "/api/v1/roadmap-rows/", action_line="C2", sdg=number)["count"]
        assert bar["value"] == naming == api, number
        if bar["value"]:
            assert f"{api} of {total} rows name" in page(client, bar["href"])


@pytest.mark.django_db
def test_an_unpublished_initiative_leaves_the_charts(client):
    before = values(figure(page(client, "/"), "chart-sdgs"))
    region = values(figure(page(client, "/regions/ams/"), "chart-region-sdgs"))
    # Its adopted text and its draft: the adopted text alone still leaves the initiative,
    # its draft standing for it.
    ams4 = Initiative.objects.filter(slug__in=["2026-2029-ams4", "2026-2029-ams4-draft"])
    sdgs = set(ams4.values_list("sdg_links__sdg__number", flat=True)) - {None}
    assert sdgs
    for text in ams4:
        text.published = False
        text.save()

    after = values(figure(page(client, "/"), "chart-sdgs"))
    for number in range(1, 18):
        href = f"/sdgs/{number}/"
        assert after[href] == before[href] - (number in sdgs), number
    region_after = values(figure(page(client, "/regions/ams/"), "chart-region-sdgs"))
    for number in sdgs:
        href = f"/initiatives/?region=AMS&sdg={number}"
        assert region_after[href] == region[href] - 1
