"""One row per initiative: an adopted text and the RPM draft it grew from are one initiative
in the lists, the hubs and every count (initiatives.tallies), the draft linked in the row;
the initiatives list shows the texts apart when asked."""

import re

import pytest

from frameworks.models import SDG, Provenance
from initiatives import tallies
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative, InitiativeSDG
from tests.api.conftest import get_json

pytestmark = pytest.mark.django_db


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def listed(html: str) -> list[str]:
    """The addresses of the rows of the initiatives list, in order."""
    return re.findall(r'<h3><a href="(/initiatives/[^"]+)"><span class="code">', html)


def count_shown(html: str) -> str:
    return re.search(r'id="result-count"[^>]*>([^<]+)</h2>', html)[1]


def pairs() -> list[str]:
    """The adopted texts whose RPM draft is published too: the initiatives of two texts."""
    return sorted(
        Initiative.objects.published()
        .adopted()
        .filter(draft__published=True)
        .values_list("slug", flat=True)
    )


def test_the_list_shows_each_initiative_once_its_draft_linked_in_the_row(client):
    html = page(client, "/initiatives/")
    rows = listed(html)
    texts = Initiative.objects.published()
    initiatives = len(set(texts.values_list("cycle", "code")))
    assert len(pairs()) == 5  # the Americas' 2026-2029 initiatives
    assert len(rows) == len(set(rows)) == initiatives == texts.count() - len(pairs())
    assert count_shown(html) == f"{initiatives} initiatives."
    for n in range(1, 6):
        assert f"/initiatives/2026-2029/ams{n}/" in rows
        assert f"/initiatives/2026-2029/ams{n}/draft/" not in rows
        assert f'its <a href="/initiatives/2026-2029/ams{n}/draft/">RPM draft</a>' in html


def test_the_list_shows_the_texts_apart_when_asked(client):
    html = page(client, "/initiatives/?drafts=separate")
    rows = listed(html)
    assert len(rows) == Initiative.objects.published().count() == 35
    assert "/initiatives/2026-2029/ams4/draft/" in rows
    assert count_shown(html) == "35 texts (adopted texts and RPM drafts apart)."
    assert 'name="drafts" value="separate" checked' in html
    # A draft's row links its adopted text.
    assert 'its <a href="/initiatives/2026-2029/ams4/">adopted text</a>' in html
    assert 'name="drafts" value="separate" checked' not in page(client, "/initiatives/")


def test_a_filter_that_only_a_draft_meets_lists_the_draft(client):
    html = page(client, "/initiatives/?stage=draft&region=AMS")
    rows = listed(html)
    assert rows == [f"/initiatives/2026-2029/ams{n}/draft/" for n in range(1, 6)]
    assert count_shown(html) == "5 initiatives match the filters."


def test_the_list_s_facet_counts_count_initiatives_and_the_api_s_count_texts(client):
    html = page(client, "/initiatives/?region=AMS")
    assert re.search(
        r'value="AMS" checked>\s*<label for="filter-region-ams">[^<]*<span class="count">\(5\)',
        html,
    )
    body = get_json(client, "/api/v1/initiatives/", region="AMS")
    assert body["count"] == 10
    page_filter = InitiativeFilter({"region": "AMS"}, queryset=Initiative.objects.for_listing())
    page_filter.counting = tallies.INITIATIVES
    assert page_filter.is_valid()
    api_filter = InitiativeFilter({"region": "AMS"}, queryset=Initiative.objects.for_listing())
    assert api_filter.is_valid()
    by_page, by_api = page_filter.facet_counts(), api_filter.facet_counts()
    assert by_page["region"]["AMS"] == 5
    assert by_api["region"]["AMS"] == 10
    assert by_page["stage"] == {"adopted": 5, "draft": 5} == by_api["stage"]


def test_an_sdg_hub_shows_an_initiative_once_with_its_draft_when_both_align(client):
    both = [
        (link.initiative, link.sdg.number, link.provenance)
        for link in InitiativeSDG.objects.published().select_related("initiative", "sdg")
        if link.initiative.slug in pairs()
        and InitiativeSDG.objects.published()
        .filter(initiative=link.initiative.draft, sdg=link.sdg, provenance=link.provenance)
        .exists()
    ]
    assert both
    adopted, number, provenance = both[0]
    html = page(client, f"/sdgs/{number}/")
    heading = {
        Provenance.SOURCE: "Stated in the source documents",
        Provenance.ROADMAP: "Via a citation in a WSIS Action Line Roadmap",
        Provenance.CURATED: "Curated by the editors of this portal",
    }[provenance]
    group = html.split(f"<h3>{heading}")[1].split("</ul>")[0]
    adopted_url = re.escape(adopted.get_absolute_url())
    draft_url = re.escape(adopted.draft.get_absolute_url())
    assert len(re.findall(rf'<a href="{adopted_url}"[^>]*>{adopted.code}:', group)) == 1
    assert f'its <a href="{adopted.draft.get_absolute_url()}">RPM draft</a> too' in group
    assert not re.search(rf'<a href="{draft_url}"[^>]*>{adopted.code}:', group)
    # The hub's count is of initiatives, as its chart's and the list's.
    shown = int(re.search(r'<h2>Initiatives <span class="count">\((\d+)\)</span>', html)[1])
    texts = Initiative.objects.published().filter(
        sdg_links__sdg__number=number, sdg_links__published=True
    )
    assert shown == len(set(texts.values_list("cycle", "code"))) < texts.distinct().count()
    assert f"{shown} initiative" in page(client, f"/initiatives/?sdg={number}")


def test_every_count_of_an_sdg_is_the_same_initiatives(client):
    home = {sdg.number: sdg.initiative_count for sdg in client.get("/").context["sdgs"]}
    for sdg in SDG.objects.all():
        texts = Initiative.objects.published().filter(sdg_links__sdg=sdg, sdg_links__published=True)
        expected = len(set(texts.values_list("cycle", "code")))
        assert home[sdg.number] == expected, sdg.number
        hub = client.get(f"/sdgs/{sdg.number}/").context["initiative_count"]
        assert hub == expected, sdg.number


def test_the_counting_layer_runs_one_query_per_count(django_assert_num_queries):
    texts = Initiative.objects.published()
    with django_assert_num_queries(1):
        assert tallies.count_texts(texts) == 30
    with django_assert_num_queries(1):
        assert tallies.count_texts(texts, unit=tallies.TEXTS) == 35
    with django_assert_num_queries(1):
        per_region = tallies.count_texts(texts, by="region__code")
    assert per_region["AMS"] == 5
    with django_assert_num_queries(1):
        tallies.count_links(
            InitiativeSDG.objects.published(), by=("initiative__region__code", "sdg__number")
        )
    with django_assert_num_queries(1):
        tallies.count_per_provenance([InitiativeSDG.objects.published()])
    # Both units at once, from the same query.
    both = (tallies.INITIATIVES, tallies.TEXTS)
    with django_assert_num_queries(1):
        assert tallies.count_texts(texts, unit=both) == {"initiatives": 30, "texts": 35}
    with django_assert_num_queries(1):
        per_region = tallies.count_texts(texts, by=("region__code",), unit=both)
    assert per_region[("AMS",)] == {"initiatives": 5, "texts": 10}


def test_a_list_filtered_by_words_shows_in_each_row_why_it_matched(client):
    html = page(client, "/initiatives/?q=cyber")
    rows = html.split('<ul class="result-list">')[1].split("</ul>")[0].split("<li>")[1:]
    assert rows
    for row in rows:
        snippet = re.search(r'<p class="match-snippet">(.*?)</p>', row, re.S)
        assert snippet, row[:200]
        assert re.search(r"<mark>cyber", snippet[1], re.IGNORECASE)
    assert 'class="match-snippet"' not in page(client, "/initiatives/")
