"""The alignment matrix on a phone, in real Chromium: the page never scrolls sideways, the
table scrolls inside its own box, and its row labels stay in view while it does."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-phone")]


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("path", ["/matrix/", "/matrix/?view=regions&framework=action-line"])
def test_the_matrix_scrolls_in_its_box_and_keeps_its_row_labels_in_view(
    portal_url, page_at, path, width
):
    page = page_at(width, 740)
    page.goto(portal_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = page.locator(".matrix-scroll")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    label = page.locator(".matrix tbody th[scope='row']").first
    left = label.bounding_box()["x"]
    box.evaluate("el => { el.scrollLeft = 300; }")
    assert box.evaluate("el => el.scrollLeft") > 0
    assert label.bounding_box()["x"] == pytest.approx(left, abs=1)
    assert label.evaluate("el => getComputedStyle(el).position") == "sticky"
