"""Who runs the portal and how current it is: /about/ and its glossary, the data's last
change in every footer, each record's last change and its "report an error" link; and
what search engines read: /sitemap.xml, /robots.txt, titles and descriptions."""

import re
from urllib.parse import parse_qs, unquote, urlsplit
from xml.etree import ElementTree

import pytest
from django.test import override_settings
from django.utils import timezone

from core.models import DataVersion
from initiatives.models import Initiative
from initiatives.related import MIN_SCORE, TOP_MATCHES

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_the_about_page_says_what_the_portal_is_and_has_its_glossary(client):
    html = page(client, "/about/")
    assert "<title>About this portal" in html
    for anchor in ("who", "sources", "method", "coverage", "licence", "cite", "errors"):
        assert f'id="{anchor}"' in html
    assert "Creative Commons Attribution 4.0" in html
    assert 'href="/downloads/"' in html
    assert 'href="/coverage/"' in html
    # Every source, with its official address where it is known.
    assert html.count('rel="external">Official page at ITU</a>') == 2
    assert html.count("The publisher's address of this document is not known.") == 3
    glossary = html.split('id="glossary"')[1]
    for term in (
        "rpm",
        "wtdc",
        "action-plan",
        "regional-initiative",
        "expected-result",
        "stage",
        "provenance",
        "wsis",
        "roadmap",
        "sdg",
        "gdc",
        "related",
    ):
        assert f'<dt id="glossary-{term}">' in glossary, term
    # The score is described as initiatives/related.py computes it.
    for words in (
        "TF-IDF",
        "cosine similarity",
        f"Up to {TOP_MATCHES} matches",
        f"above {MIN_SCORE}",
    ):
        assert words in glossary


def test_glossary_terms_are_linked_where_they_appear(client):
    initiative = page(client, "/initiatives/2026-2029/eur4/draft/")
    assert '<a href="/about/#glossary-provenance">stated in the source document</a>' in initiative
    assert 'href="/about/#glossary-related"' in page(client, "/initiatives/2026-2029/ams1/")
    cycle = page(client, "/cycles/2026-2029/")
    assert '<a href="/about/#glossary-wtdc">WTDC-25</a>' in cycle
    assert 'href="/about/#glossary-rpm"' in page(client, "/coverage/")


def test_every_page_footer_gives_the_datas_last_change(client):
    changed = DataVersion.objects.get(pk=1).changed_at
    shown = timezone.localtime(changed).strftime("%-d %B %Y")
    for url in ("/", "/coverage/", "/about/", "/regions/afr/", "/sources/"):
        footer = page(client, url).split('<footer class="site-footer">')[1]
        assert 'Data last changed <a href="/changes/"><time datetime="' in footer, url
        assert f">{shown}</time>" in footer, url


@pytest.mark.parametrize(
    ("url", "title", "kind"),
    [
        ("/initiatives/2023-2025/cis3/", "CIS3 2023-2025", "initiative"),
        ("/roadmaps/c2/", "Roadmap for WSIS Action Line C2", "roadmap"),
        ("/regions/arb/", "Arab States (ARB)", "region"),
        ("/sources/rpm-coordination-meeting-2025/", "Report of the RPM Coordination", "source"),
    ],
)
def test_every_record_page_says_when_it_changed_and_how_to_report_an_error(
    client, url, title, kind
):
    html = page(client, url)
    assert html.count('Last changed <a href="/changes/?record=') == 1, url
    assert f"/changes/?record={kind}:" in html
    link = re.search(r'<a href="([^"]+)">Report an error in this record</a>', html)
    assert link, url
    address = link.group(1).replace("&amp;", "&")
    parts = urlsplit(address)
    assert f"{parts.scheme}:{parts.path}" == "mailto:portal-editors@example.org"
    query = parse_qs(parts.query)
    assert title in unquote(query["subject"][0])
    assert f"Record: http://testserver{url}" in query["body"][0]


@override_settings(PORTAL_FEEDBACK_ADDRESS="https://support.example.org/new?queue=portal")
def test_the_report_link_goes_to_the_configured_form(client):
    html = page(client, "/sources/regional-initiatives-2026-2029-ams/")
    link = re.search(r'<a href="([^"]+)">Report an error in this record</a>', html).group(1)
    assert link.startswith("https://support.example.org/new?queue=portal&amp;subject=Error%20in")


def test_the_sitemap_lists_every_public_page_with_its_last_change(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    entries = {
        url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod").text
        for url in root.iter(f"{SITEMAP}url")
    }
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", lastmod or "") for lastmod in entries.values())
    for initiative in Initiative.objects.for_listing():
        assert f"http://testserver{initiative.get_absolute_url()}" in entries, initiative.slug
    for path in (
        "/",
        "/about/",
        "/coverage/",
        "/cycles/",
        "/cycles/2026-2029/",
        "/regions/arb/",
        "/roadmaps/c2/",
        "/sources/rpm-coordination-meeting-2025/",
        "/sdgs/9/",
        "/action-lines/c5/",
        "/gdc/3/",
    ):
        assert f"http://testserver{path}" in entries, path
    assert not any("/admin/" in loc or "/api/" in loc for loc in entries)


def test_the_sitemap_lists_each_page_in_every_language_with_its_alternates(client):
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    alternates = {
        url.find(f"{SITEMAP}loc").text: {
            link.get("hreflang"): link.get("href")
            for link in url.iter("{http://www.w3.org/1999/xhtml}link")
        }
        for url in root.iter(f"{SITEMAP}url")
    }
    page = "/initiatives/2026-2029/ams4/"
    expected = {
        "ar": f"http://testserver/ar{page}",
        "zh-hans": f"http://testserver/zh{page}",
        "en": f"http://testserver{page}",
        "fr": f"http://testserver/fr{page}",
        "ru": f"http://testserver/ru{page}",
        "es": f"http://testserver/es{page}",
        "x-default": f"http://testserver{page}",
    }
    for address in set(expected.values()):
        assert alternates[address] == expected, address


def test_an_unpublished_initiative_is_not_in_the_sitemap(client):
    Initiative.objects.filter(slug="2026-2029-ams1").update(published=False)
    DataVersion.bump()
    assert b"/initiatives/2026-2029/ams1/<" not in client.get("/sitemap.xml").content


def test_the_sitemap_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    # the data version, and one query per section of records (eight sections): in every
    # language, each section's records are read once
    with django_assert_num_queries(9):
        assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt_points_to_the_sitemap_by_its_absolute_address(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "User-agent: *" in lines


@pytest.mark.parametrize(
    ("url", "title", "description"),
    [
        ("/coverage/", "Coverage: what the knowledge base holds", "which are known to exist"),
        ("/about/", "About this portal", "who edits it"),
        ("/cycles/", "Cycles", "World Telecommunication Development Conference"),
        ("/cycles/2023-2025/", "The 2023-2025 cycle: WTDC-22, Kigali Action Plan", "Kigali"),
        ("/sources/", "Source documents", "official addresses"),
        (
            "/sources/wsis-action-line-roadmaps-2025/",
            "WSIS Action Lines Roadmaps C2, C4, C5, C6 (2025)",
            "every record of the portal curated from it",
        ),
    ],
)
def test_pages_have_their_own_title_and_description(client, url, title, description):
    html = page(client, url)
    assert re.search(rf"<title>{re.escape(title)}[^<]*· ITU-D Regional Initiatives</title>", html)
    meta = re.search(r'<meta name="description" content="([^"]+)">', html).group(1)
    assert description in meta, url
