"""Filtering the initiatives on a phone, in real Chromium: the results come first, the
filters open from one summary, keyboard alone applies them and lands on the results, and
no page scrolls sideways at 320 px (WCAG 1.4.10)."""

import re

import pytest

from tests.browser.test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-phone")]

PHONE = (375, 667)


def tab_to(page, test: str, limit: int = 40) -> None:
    """Press Tab until `test` (a JavaScript expression) holds for the focused element."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {test})(document.activeElement)"):
            return
    pytest.fail(f"nothing satisfying {test} can be reached with Tab")


def test_the_first_result_is_on_the_first_screen_of_a_phone(portal_url, page_at):
    page = page_at(*PHONE)
    page.goto(portal_url + "/initiatives/")
    top = page.evaluate("document.querySelector('.result-list > li').getBoundingClientRect().top")
    assert 0 < top < PHONE[1]
    # The form waits folded under its summary.
    assert not page.locator("#filter-region-ams").is_visible()
    assert page.locator("#filters > summary").inner_text() == "Filters"


def test_keyboard_alone_filters_by_region_and_sdg_and_lands_on_the_results(portal_url, page_at):
    page = page_at(*PHONE)
    page.goto(portal_url + "/initiatives/")
    tab_to(page, "el.parentElement && el.parentElement.id === 'filters'")
    page.keyboard.press("Enter")
    tab_to(page, "el.id === 'filter-region-ams'")
    page.keyboard.press("Space")
    tab_to(page, "el.tagName === 'SUMMARY' && el.textContent.startsWith('SDG')")
    page.keyboard.press("Enter")
    tab_to(page, "el.id === 'filter-sdg-9'")
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring != "none"
    page.keyboard.press("Space")
    tab_to(page, "el.textContent === 'Apply filters'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    # The address holds only the filters chosen, and lands on the results.
    assert re.search(r"/initiatives/\?region=AMS&sdg=9#results$", page.url), page.url
    assert page.evaluate("document.activeElement.id") == "results"
    count = page.locator("#result-count").inner_text()
    assert re.fullmatch(r"\d+ initiatives? match the filters\.", count)
    top = page.evaluate("document.getElementById('result-count').getBoundingClientRect().top")
    assert 0 <= top < PHONE[1]
    assert page.locator("#filters > summary").inner_text() == "Filters (2 active)"
    chips = page.locator(".active-filters a[aria-label^='Remove filter']").all_inner_texts()
    assert [chip.replace("✕", "").strip() for chip in chips] == [
        "Region: Americas",
        "SDG 9: Industry, innovation and infrastructure",
    ]


def test_without_javascript_applying_the_filters_still_lands_on_clean_results(portal_url, browser):
    context = browser.new_context(
        viewport={"width": PHONE[0], "height": PHONE[1]}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(portal_url + "/initiatives/")
        page.locator("#filters > summary").click()
        page.locator("label[for='filter-region-ams']").click()
        page.locator("summary", has_text="SDG").click()
        page.locator("label[for='filter-sdg-9']").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Apply filters").click()
        assert re.search(r"/initiatives/\?region=AMS&sdg=9#results$", page.url), page.url
        top = page.evaluate("document.getElementById('result-count').getBoundingClientRect().top")
        assert 0 <= top < PHONE[1]
    finally:
        context.close()


def test_the_filters_hold_no_box_that_scrolls_inside_the_page(portal_url, page_at):
    page = page_at(*PHONE)
    page.goto(portal_url + "/initiatives/?sdg=9&action_line=C5")
    page.locator("#filters > summary").click()
    scrolling = page.evaluate(
        """() => [...document.querySelectorAll('#filters *')]
            .filter(el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowY))
            .map(el => el.outerHTML.slice(0, 60))"""
    )
    assert scrolling == []


@pytest.mark.parametrize(
    "path", ["/", "/initiatives/", "/search/?q=cyber", "/search/?q=ciberseguridad"]
)
def test_no_page_scrolls_sideways_at_320_pixels(portal_url, page_at, path):
    page = page_at(320, 640)
    page.goto(portal_url + path)
    if page.locator("#filters > summary").count():
        page.locator("#filters > summary").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_wide_screen_shows_the_filters_beside_the_results(portal_url, page_at):
    page = page_at(1280, 900)
    page.goto(portal_url + "/initiatives/")
    assert page.locator("#filter-region-ams").is_visible()
    form = page.locator("form.filters").bounding_box()
    results = page.locator("#results").bounding_box()
    assert form["x"] + form["width"] <= results["x"]
    # The order select stays in its column, clear of the first result's title.
    select = page.locator("#filter-ordering").bounding_box()
    assert select["x"] + select["width"] <= results["x"]


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize(
    "path", ["/initiatives/?region=AMS&sdg=9", "/search/?q=ciberseguridad", "/search/?q=cyber"]
)
def test_axe_finds_nothing_with_the_filters_open_on_a_phone(portal_url, page_at, path, width):
    page = page_at(width, 667)
    page.goto(portal_url + path)
    folded = page.locator("details:not([open]) > summary")
    while folded.count():
        folded.first.click()
    assert axe_violations(page) == []


PLACEHOLDER_FITS = """input => {
    const style = getComputedStyle(input);
    const context = document.createElement('canvas').getContext('2d');
    context.font = `${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return context.measureText(input.placeholder).width <= room;
}"""


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_the_home_page_has_one_search_box_whose_placeholder_fits(portal_url, page_at, width):
    page = page_at(width, 800)
    page.goto(portal_url + "/")
    assert page.locator("form[role='search']").count() == 1
    box = page.locator("#home-q")
    assert box.evaluate(PLACEHOLDER_FITS)
    label = page.locator("label[for='home-q']").bounding_box()
    field = box.bounding_box()
    assert abs(label["x"] - field["x"]) < 1  # aligned under its label, not pushed aside
    # Other pages keep the header's box, its placeholder whole too.
    page.goto(portal_url + "/initiatives/")
    assert page.locator("#site-search-q").evaluate(PLACEHOLDER_FITS)


@pytest.mark.parametrize("width", [320, 1280])
def test_the_search_help_sits_under_the_box_not_beside_it(portal_url, page_at, width):
    page = page_at(width, 800)
    page.goto(portal_url + "/search/?q=cyber")
    field = page.locator("#search-q").bounding_box()
    help_text = page.locator("#search-q-help").bounding_box()
    assert help_text["y"] >= field["y"] + field["height"]


def test_long_option_labels_wrap_beside_their_checkbox(portal_url, page_at):
    page = page_at(320, 667)
    page.goto(portal_url + "/initiatives/?gdc=1")
    page.locator("#filters > summary").click()
    label = page.locator("label[for='filter-gdc-1']")
    box = label.bounding_box()
    checkbox = page.locator("#filter-gdc-1").bounding_box()
    assert box["height"] > 40  # several lines
    assert box["x"] >= checkbox["x"] + checkbox["width"]  # every line right of the box
    assert label.evaluate("el => el.scrollWidth <= el.clientWidth")
