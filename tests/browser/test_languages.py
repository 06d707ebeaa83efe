"""The interface in Arabic and Chinese in real Chromium: axe-clean at desktop and phone
widths, Arabic mirrored, and a French-speaking delegate's way through the portal."""

import io

import pytest
from PIL import Image, ImageChops

from tests.browser.test_accessibility import axe_violations
from tests.catalogs import translated
from tests.page_types import PAGE_TYPES

pytestmark = pytest.mark.browser

# One group per language (make test: --dist loadgroup), each on a worker of its own.
LANGUAGE_GROUPS = {prefix: pytest.mark.xdist_group(f"browser-{prefix}") for prefix in ("ar", "zh")}
WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(375, id="phone")]


@pytest.mark.parametrize(
    "prefix",
    [pytest.param(prefix, marks=group) for prefix, group in LANGUAGE_GROUPS.items()],
)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_axe_finds_no_wcag_violation_in_arabic_and_chinese(
    portal_url, page_at, path, width, prefix
):
    page = page_at(width)
    response = page.goto(f"{portal_url}/{prefix}{path}")
    assert response.status in (200, 404)
    assert page.evaluate("document.documentElement.lang") == ("ar" if prefix == "ar" else "zh-Hans")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def ink_box(png: bytes) -> tuple[int, int, int, int]:
    """Where anything but the background is drawn in a screenshot: (left, top, right, bottom)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    background = Image.new("RGB", image.size, image.getpixel((image.width - 1, image.height - 1)))
    return ImageChops.difference(image, background).getbbox() or (0, 0, 0, 0)


@LANGUAGE_GROUPS["ar"]
@pytest.mark.parametrize("width", [1280, 375])
def test_the_arabic_layout_is_the_english_one_mirrored(portal_url, page_at, width):
    path = "/initiatives/2026-2029/ams4/"
    ink = {}
    for prefix in ("", "/ar"):
        page = page_at(width)
        page.goto(portal_url + prefix + path)
        main = page.locator("main").bounding_box()
        left, right = main["x"], main["x"] + main["width"]
        # Where the site's name and the first label of the record's facts stand.
        name = page.locator(".site-name").bounding_box()
        label = page.locator("main dl dt").first.bounding_box()
        if prefix:
            assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
            assert name["x"] + name["width"] > width * 0.6
            assert right - (label["x"] + label["width"]) < 20
        else:
            assert name["x"] < width * 0.4
            assert label["x"] - left < 20
        shot = page.locator("nav.breadcrumbs").screenshot()
        ink[prefix] = (ink_box(shot), Image.open(io.BytesIO(shot)).width)
    # The breadcrumbs' ink begins at the left in English and ends at the right in Arabic.
    (left, _, right, _), shot_width = ink[""]
    assert left < 30
    assert right < shot_width * 0.8
    (left, _, right, _), shot_width = ink["/ar"]
    assert right > shot_width - 30
    assert left > shot_width * 0.2


@pytest.mark.xdist_group("browser-desktop")
def test_a_french_speaking_delegate_filters_reads_and_switches_to_arabic(portal_url, page_at):
    page = page_at(1280)
    page.goto(portal_url + "/fr/")
    assert page.evaluate("document.documentElement.lang") == "fr"
    page.locator(".site-nav a", has_text=translated("fr", "Initiatives")).first.click()
    assert page.url == portal_url + "/fr/initiatives/"
    # The click returns once the new page starts: its later filter groups may not be
    # parsed yet.
    page.wait_for_load_state("load")
    page.evaluate("document.querySelectorAll('details.filter-group').forEach(d => d.open = true)")
    page.locator("#filter-region-ams").check()
    page.locator("#filter-sdg-9").check()
    page.get_by_role("button", name=translated("fr", "Apply filters")).click()
    assert page.url.startswith(portal_url + "/fr/initiatives/?")
    assert "region=AMS" in page.url
    assert "sdg=9" in page.url
    page.locator("main a[href^='/fr/initiatives/2026-2029/ams']").first.click()
    assert page.url.startswith(portal_url + "/fr/initiatives/2026-2029/ams")
    # French labels around an English text, marked as English.
    heading = page.locator("main h2", has_text=translated("fr", "Expected results"))
    assert heading.count() == 1
    assert page.locator("main h1 .title").get_attribute("lang") == "en"
    notice = page.locator(".content-language-notice")
    assert notice.is_visible()
    assert notice.get_attribute("lang") is None
    # The same page in Arabic, right to left; the choice is remembered.
    address = page.url.removeprefix(portal_url + "/fr")
    page.locator(".language-bar a[lang='ar']").click()
    assert page.url == portal_url + "/ar" + address
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.goto(portal_url + address)
    assert page.url == portal_url + "/ar" + address
