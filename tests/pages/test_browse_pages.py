"""Home, regions, meetings, hubs and sources: every entry point and what it shows."""

import re

import pytest

pytestmark = pytest.mark.django_db


def page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_the_home_page_offers_every_entry_point(client):
    html = page(client, "/")
    for code in ("afr", "ams", "arb", "asp", "cis", "eur"):
        assert f'href="/regions/{code}/"' in html
    assert len(re.findall(r'class="sdg-tile"', html)) == 17
    assert '<span class="visually-hidden">SDG </span>7</span>' in html
    assert "--sdg-colour: #FCC30B; --sdg-ink: #000000" in html
    for n in range(1, 12):
        assert f'href="/action-lines/c{n}/"' in html
    assert 'href="/initiatives/?cycle=2023-2025"' in html
    assert 'role="search"' in html
    assert (
        "30 initiatives in 35 texts (adopted texts and their RPM drafts) with 217 expected" in html
    )


def test_every_page_has_one_h1_a_skip_link_landmarks_and_a_canonical_link(client):
    for url in (
        "/",
        "/regions/",
        "/regions/ams/",
        "/meetings/",
        "/initiatives/",
        "/initiatives/2026-2029/ams1/",
        "/sdgs/",
        "/sdgs/9/",
        "/action-lines/",
        "/action-lines/c5/",
        "/gdc/",
        "/gdc/3/",
        "/sources/",
        "/sources/rpm-coordination-meeting-2025/",
        "/roadmaps/",
        "/roadmaps/c5/",
    ):
        html = page(client, url)
        assert html.count("<h1") == 1, url
        assert 'href="#main">Skip to content</a>' in html, url
        assert '<main id="main"' in html, url
        assert "<header" in html, url
        assert "<footer" in html, url
        assert '<link rel="canonical" href="http://testserver' in html, url
        assert '<html lang="en" dir="ltr">' in html, url


def test_a_region_page_lists_its_initiatives_by_cycle_one_row_each_and_its_meeting(client):
    html = page(client, "/regions/ams/")
    assert html.count("<h3><bdi>2026-2029</bdi> (WTDC-25)</h3>") == 1
    # Each adopted text, its RPM draft linked in its row.
    rows = re.findall(r'<li><a href="(/initiatives/[^"]+)">(AMS\d): .*?</li>', html, re.S)
    assert [code for _, code in rows] == [f"AMS{n}" for n in range(1, 6)]
    for href, code in rows:
        assert href == f"/initiatives/2026-2029/{code.lower()}/"
    assert html.count('its <a href="/initiatives/2026-2029/ams') == 5
    cis = page(client, "/regions/cis/")
    assert cis.index("<h3><bdi>2026-2029</bdi> (WTDC-25)</h3>") < cis.index(
        "<h3><bdi>2023-2025</bdi> (WTDC-22)</h3>"
    )
    assert "Mr. Fernando Machuca Manevy from Paraguay" in html
    assert "Asuncion, Paraguay" in html
    assert "Dr Kim Mallalieu from Trinidad and Tobago" in html


def test_the_arab_states_page_shows_the_six_priorities(client):
    html = page(client, "/regions/arb/")
    assert "agreed on 6 regional priorities" in html
    assert "<li>Advancing Cyber Resilience in the Arab World</li>" in html
    assert "H.E Dr. Nooh Alshyab" in html


def test_the_meetings_page_lists_all_six_in_chronological_order(client):
    html = page(client, "/meetings/")
    names = re.findall(r'<h2 id="rpm-([a-z]{3})">', html)
    assert names == ["arb", "eur", "asp", "ams", "afr", "cis"]
    # Once each, as a range: "24–25 April 2025".
    assert (
        '<time datetime="2025-04-24">24</time>–<time datetime="2025-04-25">25 April 2025</time>'
        in html
    )


def test_an_sdg_hub_groups_initiatives_by_provenance(client):
    html = page(client, "/sdgs/9/")
    assert "Industry, innovation and infrastructure" in html
    heading = "<h3>Stated in the source documents"
    assert heading in html
    source_part = html.split(heading)[1].split("<h3>")[0]
    assert "EUR1: Digital infrastructure development" in source_part
    assert "EUR3" not in source_part  # EUR3 states SDG 4, 5, 8, 10, not 9
    assert "See all" not in html  # no group is capped on the real data


def test_a_hub_caps_each_group_and_links_to_the_full_list(client, monkeypatch):
    from hubs import views

    monkeypatch.setattr(views, "HUB_GROUP_LIMIT", 3)
    html = page(client, "/sdgs/9/")
    curated = html.split("<h3>Curated by the editors of this portal")[1].split("<h2>")[0]
    # Three initiatives, however many of their texts are aligned.
    assert curated.count("<li>") == 3
    total = int(curated.split('class="count">(')[1].split(")")[0])
    assert total > 3
    assert (
        f'<a href="/initiatives/?sdg=9&amp;provenance=curated">See all {total} in the '
        f"initiatives list</a> ({total - 3} more than shown here)"
    ) in curated
    listed = page(client, "/initiatives/?sdg=9&provenance=curated")
    assert f"{total} initiative" in listed


def test_an_action_line_hub_links_its_roadmap(client):
    html = page(client, "/action-lines/c5/")
    assert 'href="/roadmaps/c5/"' in html
    assert "EUR4: Trust and confidence in the use of telecommunications" in html


def test_a_gdc_hub_lists_what_is_aligned(client):
    html = page(client, "/gdc/2/")
    assert "Expand inclusion in and benefits from the digital economy for all" in html
    assert "EUR3: Digital inclusion and skills development" in html
    assert "EUR5: Digital innovation ecosystems" in html


def test_a_source_page_lists_its_records_and_shows_the_document(client):
    html = page(client, "/sources/regional-initiatives-2026-2029-ams/")
    assert html.count('href="/initiatives/2026-2029/ams') == 5
    assert "Regional Initiatives for the period 2026-2029" in html
    assert "The ITU Telecommunications Development Conference (WTDC) held in Baku" in html
    response = client.get("/sources/regional-initiatives-2026-2029-ams/document.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith("Connecting the world and beyond")


def test_the_cstd_source_page_shows_its_sections_with_anchors(client):
    html = page(client, "/sources/cstd-priority-theme-2-2023-24/")
    assert '<section aria-labelledby="section-4-heading" id="section-4">' in html
    assert "ITU contributes to SDG11:" in html


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/regions/xyz/", "There is no region XYZ"),
        ("/sdgs/18/", "There is no SDG 18"),
        ("/sdgs/0/", "There is no SDG 0"),
        ("/action-lines/c12/", "There is no WSIS action line C12"),
        ("/gdc/6/", "There is no GDC objective 6"),
        ("/sources/nothing/", "There is no source document"),
        ("/roadmaps/c3/", "There is no ITU roadmap for C3"),
        ("/regions/%00/", "There is no page at this address."),
        ("/regions/toolong/", "There is no page at this address."),
        ("/no/such/page/", "There is no page at this address."),
    ],
)
def test_unknown_addresses_are_404s_in_the_site_design(client, url, message):
    html = page(client, url, status=404)
    assert message in html
    assert 'class="site-header"' in html


def test_codes_in_capitals_redirect_permanently(client):
    for url, target in [
        ("/regions/AMS/", "/regions/ams/"),
        ("/action-lines/C5/", "/action-lines/c5/"),
        ("/roadmaps/C2/", "/roadmaps/c2/"),
    ]:
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (301, target)


@pytest.mark.parametrize(
    ("url", "queries"),
    # Each page first reads the data version (its ETag and cache key), then its records.
    [
        # regions with counts and meetings, cycles, action lines and their initiatives,
        # SDGs and their initiatives, the totals of initiatives and texts (one) and of
        # results, GDC; its coverage note (hubs.coverage: five)
        ("/", 15),
        ("/regions/", 2),
        # region with meeting and source; initiatives; priorities; its coverage note (five);
        # its last change
        ("/regions/arb/", 10),
        # the same; its initiatives per SDG (its chart: the SDGs and the counts; the Arab
        # States have none to chart)
        ("/regions/ams/", 12),
        # meetings with region and source; priorities
        ("/meetings/", 3),
        # SDG; the regions and cycles and the initiatives counted in each (its chart); counts
        # per provenance; a slice per provenance (2); roadmap row links; rows per roadmap
        ("/sdgs/9/", 9),
        # the SDGs with their row counts; their initiatives
        ("/sdgs/", 3),
        # action line with its roadmap and row count; the regions and cycles and the
        # initiatives counted in each (its chart); counts per provenance; a slice per
        # provenance (2)
        ("/action-lines/c5/", 7),
        ("/gdc/1/", 7),
        # source; initiatives; meetings; roadmaps; sections; its last change
        ("/sources/rpm-coordination-meeting-2025/", 7),
        # roadmaps with row counts
        ("/roadmaps/", 2),
        # roadmap with action line, source and row count; rows counted; a page of rows;
        # their SDG links; their citations; its summary's rows per section, SDGs and
        # citations; its last change; its rows per SDG (its chart)
        ("/roadmaps/c2/", 11),
        # the same, after the SDG named in the filter
        ("/roadmaps/c2/?sdg=9", 12),
    ],
)
def test_each_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, url, queries):
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    # Rendered once, the page comes from the cache: only the data version is read.
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200


def test_the_site_has_an_icon_where_browsers_look_for_it(client):
    html = page(client, "/")
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.svg"
    assert "max-age=86400" in response["Cache-Control"]
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"] == "image/svg+xml"
    assert b"<svg" in b"".join(icon.streaming_content)
