"""An initiative page shows the whole record, with its provenance and a stable citation."""

import re

import pytest
from django.utils.text import slugify

pytestmark = pytest.mark.django_db


def page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_an_adopted_initiative_shows_objective_numbered_results_and_sub_items(client):
    html = page(client, "/initiatives/2026-2029/ams4/")
    assert html.count("<h1") == 1
    assert "Promoting cyber resilience and capacity building in cybersecurity" in html
    assert "To promote an enabling environment for a safe and secure connectivity." in html
    anchors = re.findall(r'<li id="(result-\d+)">', html)
    assert anchors == ["result-1", "result-2", "result-3", "result-4"]
    assert "a)</span> Development of national cybersecurity strategies" in html
    assert "b)</span> Technical assistance, training and support" in html
    # The restored result carries its curation note.
    assert "numbers the same result 4" in html


def test_the_heading_separates_the_code_line_from_the_title_for_every_reader(client):
    html = page(client, "/initiatives/2023-2025/cis2/")
    heading = re.search(r"<h1>(.*?)</h1>", html, flags=re.DOTALL)[1]
    assert heading == (
        '<span class="code">CIS2 · Commonwealth of Independent States · <bdi>2023-2025</bdi>'
        '<span class="visually-hidden">: </span></span> '
        '<span class="title" lang="en">Cybersecurity and personal data protection</span>'
    )
    # What a screen reader reads as the heading's name: the code line, a colon, the title.
    spoken = re.sub(r"<[^>]+>", "", heading)
    assert spoken == (
        "CIS2 · Commonwealth of Independent States · 2023-2025:  "
        "Cybersecurity and personal data protection"
    )


@pytest.mark.parametrize(
    ("url", "anchor", "words"),
    [
        ("/initiatives/2026-2029/afr2/draft/", "result-3", "Two results appear run together"),
        ("/initiatives/2026-2029/afr3/draft/", "result-11", "The result opens in lower case"),
    ],
)
def test_damaged_results_carry_the_editors_note_and_keep_their_text(client, url, anchor, words):
    html = page(client, url)
    item = re.search(rf'<li id="{anchor}">(.*?)<details class="cite-result">', html, re.DOTALL)[1]
    assert f"Curation note: {words}" in " ".join(item.split())


def test_the_page_links_the_other_stage_and_the_draft_links_back(client):
    adopted = page(client, "/initiatives/2026-2029/ams1/")
    assert 'href="/initiatives/2026-2029/ams1/draft/"' in adopted
    draft = page(client, "/initiatives/2026-2029/ams1/draft/")
    assert 'href="/initiatives/2026-2029/ams1/"' in draft
    assert "RPM draft" in draft
    assert "Footnote 1: These include the least developed countries" in draft


def test_a_footnote_marker_never_reaches_the_text_of_a_result(client):
    html = page(client, "/initiatives/2026-2029/ams1/draft/")
    assert "for developing countries, including support for community networks" in html
    assert "countries[footnoteRef:1]" not in html


def test_an_initiative_without_adopted_text_shows_its_draft_at_the_main_address(client):
    html = page(client, "/initiatives/2026-2029/eur1/")
    assert "Digital infrastructure development" in html
    assert "No adopted text of EUR1 is in the knowledge base" in html
    assert (
        '<link rel="canonical" href="http://testserver/initiatives/2026-2029/eur1/draft/">' in html
    )


def test_alignments_are_grouped_by_kind_with_provenance_in_words(client):
    html = page(client, "/initiatives/2026-2029/eur4/draft/")
    # Each group's heading is an anchor: the alignment matrix links its cells to them.
    for title in (
        "Sustainable Development Goals",
        "WSIS Action Lines",
        "Global Digital Compact objectives",
    ):
        assert f'<h3 id="alignment-{slugify(title)}">{title}</h3>' in html
    # The provenance's label links to its meaning in the glossary.
    stated = (
        r'</a>\s*— <span class="provenance">\('
        r'<a href="/about/#glossary-provenance">stated in the source document</a>\)'
    )
    assert re.search(r"SDG 16: Peace, justice and strong institutions" + stated, html)
    assert re.search(r"C5: Building confidence and security in the use of ICTs" + stated, html)


def test_source_and_cite_block_give_the_permanent_address(client):
    html = page(client, "/initiatives/2023-2025/cis3/")
    assert 'href="/sources/regional-initiatives-2023-2025-cis/"' in html
    assert "(printed “RI 3”)" in html
    assert "Permanent address: <code>http://testserver/initiatives/2023-2025/cis3/</code>" in html


def test_a_code_in_capitals_redirects_permanently_to_the_canonical_address(client):
    response = client.get("/initiatives/2026-2029/AMS1/")
    assert response.status_code == 301
    assert response["Location"] == "/initiatives/2026-2029/ams1/"
    response = client.get("/initiatives/2026-2029/EUR1/draft/")
    assert response["Location"] == "/initiatives/2026-2029/eur1/draft/"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/initiatives/2026-2029/ams9/", "There is no initiative AMS9 in the 2026-2029 cycle."),
        ("/initiatives/2023-2025/eur1/", "There is no initiative EUR1 in the 2023-2025 cycle."),
        (
            "/initiatives/2023-2025/cis1/draft/",
            "There is no RPM draft of CIS1 in the 2023-2025 cycle.",
        ),
        ("/initiatives/1999-2002/ams1/", "There is no initiative AMS1 in the 1999-2002 cycle."),
    ],
)
def test_an_unknown_initiative_is_a_404_in_the_site_design(client, url, message):
    html = page(client, url, status=404)
    assert message in html
    assert 'class="site-header"' in html
    assert "<title>Not found" in html


def test_an_initiative_page_runs_a_fixed_number_of_queries(
    client, settings, django_assert_num_queries
):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    for url in (
        "/initiatives/2026-2029/afr1/draft/",
        "/initiatives/2026-2029/ams4/",
        "/initiatives/2023-2025/cis3/",
    ):
        # Built afresh: the data version; the initiative (with cycle and region); the
        # record with what it shows (source, draft, adopted version), results, sub-items,
        # footnotes, SDG links, action-line links, GDC links, citations, related; its last
        # change.
        with django_assert_num_queries(12):
            client.get(url)
        # Again, its record and what the address names kept: the data version only.
        with django_assert_num_queries(1):
            response = client.get(url)
        assert response.status_code == 200
        assert "Expected results" in response.content.decode()
