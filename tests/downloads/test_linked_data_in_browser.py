"""In real Chromium, the JSON-LD data blocks of the downloads page and an initiative's page
break no rule of the Content-Security-Policy: a data block is not a script that runs."""

import pytest

from tests.browser.conftest import browser, page_at, portal_url  # noqa: F401
from tests.browser.test_content_security_policy import open_watching_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-desktop")]


@pytest.mark.parametrize("path", ["/downloads/", "/initiatives/2026-2029/ams4/"])
def test_the_json_ld_block_is_in_the_page_and_breaks_no_rule(portal_url, page_at, path):  # noqa: F811
    page = page_at()
    assert open_watching_violations(page, portal_url + path) == []
    blocks = page.locator('script[type="application/ld+json"]')
    assert blocks.count() == 1
    assert '"@context": "https://schema.org"' in blocks.first.text_content()
