"""Every page type in real Chromium: axe-core finds no WCAG 2.2 A/AA violation, at desktop and
phone widths, and the filters work from the keyboard alone."""

from pathlib import Path

import pytest

from tests.page_types import PAGE_TYPES

pytestmark = pytest.mark.browser

# The desktop and the phone checks are two groups (make test: --dist loadgroup): each runs
# on one worker with its own browser and portal server, the two in parallel.
GROUPS = {name: pytest.mark.xdist_group(f"browser-{name}") for name in ("desktop", "phone")}

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# The portal uses no icon font, so no text of its is an icon: axe's guess that a glyph is
# one (its rendered width differs from the letters') is turned off, for it takes Arabic
# letters joined into ligatures for icons and drops them from the visible text it compares
# with a link's name (axe-core pull request 3871 notes the false positive).
CHECK_OPTIONS = {
    "label-content-name-mismatch": {"options": {"pixelThreshold": 1, "occurrenceThreshold": 0}}
}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# (the width's name, the width, the group that runs it): a desktop, a phone, and a phone
# at 400 % zoom (WCAG 1.4.10), the last with the desktop's group to share the work out.
WIDTHS = [("desktop", 1280, "desktop"), ("phone", 375, "phone"), ("narrow", 320, "desktop")]


def axe_violations(page) -> list[str]:
    # Evaluated through the browser's debugging protocol: the pages' policy refuses inline
    # scripts, and a script tag added to the page would be one.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "([tags, checks]) => axe.run(document, {runOnly: {type: 'tag', values: tags}, checks})",
        [WCAG_TAGS, CHECK_OPTIONS],
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in result["violations"]
    ]


@pytest.mark.parametrize(
    "width",
    [pytest.param(width, id=name, marks=GROUPS[group]) for name, width, group in WIDTHS],
)
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_axe_finds_no_wcag_violation(portal_url, page_at, path, width):
    page = page_at(width)
    response = page.goto(portal_url + path)
    assert response.status in (200, 404)
    assert axe_violations(page) == []
    # Nothing scrolls sideways, whatever the width.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


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
    # One row per initiative: AMS's five, their RPM drafts folded into them.
    assert page.locator("#result-count").inner_text() == "5 initiatives match the filters."
    # Removing the filter is a link, reachable and operable the same way.
    page.locator("a[aria-label='Remove filter Region: Americas']").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#result-count").inner_text() == "30 initiatives."


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


# The initiative pages at every width a reader brings: their citations open (the disclosures
# of each result and the other formats), the copy buttons in place.
INITIATIVE_WIDTHS = [pytest.param(w, id=f"{w}px") for w in (1280, 375, 320)]


@GROUPS["phone"]
@pytest.mark.parametrize("width", INITIATIVE_WIDTHS)
@pytest.mark.parametrize(
    "path", ["/initiatives/2026-2029/ams4/", "/initiatives/2026-2029/afr1/draft/"]
)
def test_an_initiative_page_with_its_citations_open_is_axe_clean_and_fits(
    portal_url, page_at, path, width
):
    page = page_at(width, 740)
    page.goto(portal_url + path)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert page.locator("pre.citation__text").first.is_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# Words that the browser splits over two lines; a word with a hyphen or a slash may break
# there, as text does.
SPLIT_WORDS = """() => {
  const split = [];
  for (const side of document.querySelectorAll('.comparison__side p')) {
    const walker = document.createTreeWalker(side, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        if (/[-/\u2013\u2014]/.test(match[0])) continue;
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        if (range.getClientRects().length > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""


@GROUPS["phone"]
@pytest.mark.parametrize("width", INITIATIVE_WIDTHS)
def test_the_comparison_wraps_whole_words_at_every_width(portal_url, page_at, width):
    page = page_at(width, 740)
    page.goto(portal_url + "/initiatives/2026-2029/ams4/compare/")
    assert page.locator(".comparison__side p").count() == 12
    assert page.evaluate(SPLIT_WORDS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@GROUPS["desktop"]
def test_a_citation_s_copy_button_copies_its_text_and_says_so(portal_url, page_at):
    from playwright.sync_api import expect  # as the browser fixtures import it: when used

    page = page_at(1280)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(portal_url + "/initiatives/2026-2029/ams4/")
    button = page.get_by_role("button", name="Copy the plain-text citation").first
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#initiative-cite-text").text_content()
    assert copied.startswith("International Telecommunication Union. “AMS4: ")
    expect(page.get_by_role("status")).to_have_text("Copied to the clipboard.")
