"""Every page type in real Chromium: axe-core finds no WCAG 2.2 A/AA violation, at desktop and
phone widths, and the filters work from the keyboard alone."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

# The desktop and the phone checks are two groups (make test: --dist loadgroup): each runs
# on one worker with its own browser and portal server, the two in parallel.
GROUPS = {name: pytest.mark.xdist_group(f"browser-{name}") for name in ("desktop", "phone")}

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

PAGE_TYPES = [
    "/",
    "/regions/",
    "/regions/arb/",
    "/regions/ams/",
    "/meetings/",
    "/initiatives/",
    "/initiatives/?region=AMS,EUR&sdg=9&stage=draft",
    "/initiatives/?sdg=99",
    "/initiatives/2026-2029/ams4/",
    "/initiatives/2026-2029/ams1/draft/",
    "/initiatives/2023-2025/cis2/",
    "/initiatives/2026-2029/ams1/compare/",
    "/roadmaps/",
    "/roadmaps/c2/",
    "/roadmaps/c6/",
    "/sdgs/",
    "/sdgs/9/",
    "/action-lines/",
    "/action-lines/c5/",
    "/gdc/",
    "/gdc/3/",
    "/sources/",
    "/sources/cstd-priority-theme-2-2023-24/",
    "/search/?q=early+warning",
    "/search/?q=zzzzqqqq",
    "/downloads/",
    "/no/such/page/",
    "/matrix/",
    "/matrix/?view=regions&framework=action-line",
]
WIDTHS = {"desktop": 1280, "phone": 360}


def axe_violations(page) -> list[str]:
    # Evaluated through the browser's debugging protocol: the pages' policy refuses inline
    # scripts, and a script tag added to the page would be one.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in result["violations"]
    ]


@pytest.mark.parametrize(
    "width",
    [pytest.param(width, id=name, marks=GROUPS[name]) for name, width in WIDTHS.items()],
)
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_axe_finds_no_wcag_violation(portal_url, page_at, path, width):
    page = page_at(width)
    response = page.goto(portal_url + path)
    assert response.status in (200, 404)
    assert axe_violations(page) == []


@GROUPS["phone"]
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/regions/ams/",
        "/sdgs/9/",
        "/initiatives/",
        "/initiatives/2026-2029/afr1/draft/",
        "/roadmaps/c5/",
    ],
)
def test_pages_fit_a_phone_screen_without_horizontal_scrolling(portal_url, page_at, path):
    page = page_at(360, 740)
    page.goto(portal_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@GROUPS["desktop"]
def test_the_filters_work_from_the_keyboard_alone(portal_url, page_at):
    page = page_at(1280)
    page.goto(portal_url + "/initiatives/")
    # Tab from the top of the page to the Americas checkbox, as a keyboard user would.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "filter-region-ams":
            break
    else:
        pytest.fail("the Americas region filter cannot be reached with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused checkbox shows no focus indicator"
    page.keyboard.press("Space")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Apply filters":
            break
    else:
        pytest.fail("the Apply filters button cannot be reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "region=AMS" in page.url
    assert page.locator("#result-count").inner_text() == "10 initiatives match the filters."
    # Removing the filter is a link, reachable and operable the same way.
    page.locator("a[aria-label='Remove filter Region: AMS']").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#result-count").inner_text() == "35 initiatives."


@GROUPS["desktop"]
def test_the_skip_link_moves_focus_to_the_main_content(portal_url, page_at):
    page = page_at(1280)
    page.goto(portal_url + "/initiatives/2026-2029/ams1/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@GROUPS["desktop"]
def test_a_chart_s_bars_are_links_the_keyboard_reaches_with_a_visible_ring(portal_url, page_at):
    page = page_at(1280)
    page.goto(portal_url + "/regions/ams/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.chart__svg')"):
            break
    else:
        pytest.fail("no bar of the chart can be reached with Tab")
    stroke, width = page.evaluate(
        """() => { const style = getComputedStyle(
                     document.activeElement.querySelector('.chart__ring'));
                   return [style.stroke, style.strokeWidth]; }"""
    )
    assert stroke != "none"
    assert width == "3px"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/initiatives/?region=AMS&sdg=" in page.url


@GROUPS["desktop"]
def test_a_chart_keeps_its_outlines_in_forced_colours_and_prints_its_table(portal_url, page_at):
    page = page_at(1280)
    page.emulate_media(forced_colors="active")
    page.goto(portal_url + "/sdgs/9/")
    bar = page.locator(".chart__bar").first
    assert bar.evaluate("e => getComputedStyle(e).stroke") != "none"
    assert bar.evaluate("e => getComputedStyle(e).strokeWidth") == "1px"
    table = page.locator("figure.chart table")
    assert not table.is_visible()  # behind its "Table" toggle on the screen
    page.emulate_media(media="print")
    assert table.is_visible()


@GROUPS["phone"]
def test_interactive_targets_are_at_least_24_pixels(portal_url, page_at):
    # WCAG 2.2 (2.5.8) exempts links inside running text; every control counts.
    page = page_at(360, 740)
    page.goto(portal_url + "/initiatives/?region=AMS")
    small = page.evaluate(
        """() => [...document.querySelectorAll(
              'button, input, select, .site-nav a, .active-filters a, .pagination a')]
            .filter(el => el.offsetParent !== null)
            .map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect()])
            .filter(([, box]) => box.width < 24 || box.height < 24)
            .map(([html, box]) => `${html} ${Math.round(box.width)}x${Math.round(box.height)}`)"""
    )
    assert small == []
