"""In real Chromium, the pages work under their Content-Security-Policy: nothing they need
is blocked, and an injected inline script does not run."""

import pytest

# With the desktop accessibility checks (make test: --dist loadgroup): one worker, one
# browser and one portal server for the group.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-desktop")]

PAGES = [
    "/",
    "/initiatives/?region=AMS,EUR&sdg=9",
    "/initiatives/2026-2029/ams4/",
    "/roadmaps/c2/",
    "/sdgs/9/",
    "/search/?q=early+warning",
    "/admin/login/",
]


def open_watching_violations(page, url) -> list[str]:
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    response = page.goto(url)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    return violations


@pytest.mark.parametrize("path", PAGES)
def test_pages_break_no_rule_of_their_policy(portal_url, page_at, path):
    page = page_at()
    assert open_watching_violations(page, portal_url + path) == []
    # The SDG colours come through style attributes, which the policy allows.
    if path == "/":
        badge = page.locator(".sdg-tile").first
        assert badge.evaluate("e => getComputedStyle(e).getPropertyValue('--sdg-colour')")


def test_the_api_docs_render_under_their_policy(portal_url, page_at):
    page = page_at()
    assert open_watching_violations(page, portal_url + "/api/v1/docs/") == []
    title = page.locator(".swagger-ui .info .title")
    title.wait_for(timeout=15_000)
    assert "ITU-D Regional Initiatives API" in title.inner_text()


def test_an_injected_inline_script_does_not_run(portal_url, page_at):
    page = page_at()
    violations = open_watching_violations(page, portal_url + "/")
    page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.injected = true';
            document.body.appendChild(script);
        }"""
    )
    assert page.evaluate("window.injected === undefined")
    assert any("script-src" in violation for violation in violations)
