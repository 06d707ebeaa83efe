"""A roadmap page in real Chromium: short enough to find one's way in, a row's address
opens that row, printing opens every row on fewer pages than before, and the roadmap
and meetings pages stay axe-clean at phone widths down to 320 px."""

import re

import pytest

from tests.browser.test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-desktop")]

# Measured before the rows were collapsible, every row's cells shown one after another:
# C2 was 44,019 px tall at 1280 px wide (81,898 px at 375 px) and printed on 44 A4 pages.
C2_HEIGHT_BEFORE = 44_019
C2_PAGES_BEFORE = 44

ROW_D = "geneva-tunis-D"


def is_open(page, anchor: str) -> bool:
    return page.evaluate("id => document.getElementById(id).open", anchor)


def test_the_c2_roadmap_is_a_fraction_of_its_former_height(portal_url, page_at):
    page = page_at(1280)
    page.goto(portal_url + "/roadmaps/c2/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < C2_HEIGHT_BEFORE / 5, height
    # Every row is there, closed, its outcome in view on the page.
    rows = page.locator("details.roadmap-row")
    assert rows.count() == 16
    assert (
        page.evaluate("[...document.querySelectorAll('details.roadmap-row')].some(d => d.open)")
        is False
    )
    assert page.locator(f"#{ROW_D} .roadmap-row__outcome").is_visible()
    assert not page.locator(f"#{ROW_D} .roadmap-row__cells").is_visible()


def test_a_rows_address_opens_that_row_and_only_it(portal_url, page_at):
    page = page_at(1280)
    page.goto(portal_url + f"/roadmaps/c2/#{ROW_D}")
    page.wait_for_function("id => document.getElementById(id).open", arg=ROW_D)
    assert page.locator(f"#{ROW_D} .roadmap-row__cells").is_visible()
    assert page.locator(f"#{ROW_D} .roadmap-row__title").is_visible()
    assert not is_open(page, "geneva-tunis-C")
    # A link of the index opens its row too.
    page.get_by_role("link", name=re.compile(r"^Row K: ")).click()
    page.wait_for_function("id => document.getElementById(id).open", arg="geneva-tunis-K")
    assert page.locator("#geneva-tunis-K .roadmap-row__cells").is_visible()


def test_the_outcome_opens_and_closes_its_row_from_the_keyboard(portal_url, page_at):
    page = page_at(1280)
    page.goto(portal_url + "/roadmaps/c2/")
    page.locator(f"#{ROW_D} > summary").focus()
    page.keyboard.press("Enter")
    assert is_open(page, ROW_D)
    page.keyboard.press("Enter")
    assert not is_open(page, ROW_D)


def test_every_row_can_be_shown_in_full_without_javascript(portal_url, browser):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    try:
        page = context.new_page()
        page.goto(portal_url + "/roadmaps/c2/")
        page.get_by_role("link", name="Show every row in full").click()
        assert page.url.endswith("/roadmaps/c2/?expanded=1")
        assert page.locator("details.roadmap-row[open]").count() == 16
        # The filters are a plain form.
        page.select_option("#filter-section", "wsis-plus-10")
        page.get_by_role("button", name="Apply filters").click()
        assert "section=wsis-plus-10" in page.url
        assert page.locator("details.roadmap-row").count() == 4
        assert page.locator("details.roadmap-row[open]").count() == 4
    finally:
        context.close()


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_printing_c2_shows_every_cell_on_fewer_pages(portal_url, page_at):
    page = page_at(1280)
    page.goto(portal_url + "/roadmaps/c2/")
    pages = pdf_pages(page.pdf(format="A4"))
    assert 0 < pages <= C2_PAGES_BEFORE - 8, pages

    page.emulate_media(media="print")
    # Without the script's help (a browser that printed before it ran), closed rows print
    # their cells all the same.
    assert page.locator(f"#{ROW_D} .roadmap-row__cells").evaluate("e => e.offsetHeight") > 100
    assert not page.locator(".roadmap-index").is_visible()
    assert not page.locator(".roadmap-filters").is_visible()
    # The script opens every row for the paper and closes them again afterwards.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details.roadmap-row:not([open])").count() == 0
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator("details.roadmap-row[open]").count() == 0


def test_printed_links_are_whole_addresses_and_the_page_says_when_it_was_retrieved(
    portal_url, page_at
):
    page = page_at(1280)
    page.goto(portal_url + "/roadmaps/c2/")
    page.emulate_media(media="print")
    source_link = page.locator("main p.meta a[href^='/sources/']").first
    after = source_link.evaluate("a => getComputedStyle(a, '::after').content")
    assert f"{portal_url}/sources/" in after
    footer = page.locator(".print-footer")
    assert footer.is_visible()
    text = footer.inner_text()
    assert f"Printed from {portal_url}/roadmaps/c2/" in text
    assert re.search(r"retrieved \w+ \d{1,2}, \d{4}|retrieved \d{1,2} \w+ \d{4}", text), text
    page.emulate_media(media="screen")
    assert not footer.is_visible()


@pytest.mark.parametrize("width", [375, 320])
@pytest.mark.parametrize(
    "path",
    [
        "/roadmaps/c2/",
        f"/roadmaps/c2/?expanded=1#{ROW_D}",
        "/roadmaps/c5/",
        "/roadmaps/c2/?sdg=9&section=wsis-plus-10&cites=initiative",
        "/meetings/",
    ],
)
def test_roadmap_and_meetings_pages_fit_a_small_screen_and_stay_axe_clean(
    portal_url, page_at, path, width
):
    page = page_at(width, 740)
    response = page.goto(portal_url + path)
    assert response.status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
