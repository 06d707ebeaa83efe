"""A roadmap page: its rows by section, a page at a time, and narrowed to an SDG."""

import re
from collections import Counter

import pytest

from roadmaps.models import Roadmap, RoadmapRow

pytestmark = pytest.mark.django_db

ARTICLE = re.compile(r'<article class="roadmap-row" id="([^"]+)"')


def page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def anchors(html: str) -> list[str]:
    return ARTICLE.findall(html)


def rows_of(code: str):
    return RoadmapRow.objects.filter(roadmap__action_line__code=code).order_by("order")


@pytest.mark.parametrize("code", ["C2", "C4", "C5", "C6"])
def test_each_real_roadmap_shows_all_its_rows_on_one_page(client, code):
    html = page(client, f"/roadmaps/{code.lower()}/")
    assert anchors(html) == [row.anchor for row in rows_of(code)]
    assert 'aria-label="Pages"' not in html
    for row in rows_of(code):
        assert row.get_absolute_url() == f"/roadmaps/{code.lower()}/#{row.anchor}"


def test_a_long_roadmap_is_shown_a_page_at_a_time(client, monkeypatch):
    monkeypatch.setattr(Roadmap, "rows_per_page", 5)
    rows = list(rows_of("C2"))
    assert len(rows) > 10

    first = page(client, "/roadmaps/c2/")
    assert anchors(first) == [row.anchor for row in rows[:5]]
    assert f"Rows 1–5 of {len(rows)}" in first
    assert 'href="?page=2" rel="next"' in first

    second = page(client, "/roadmaps/c2/?page=2")
    assert anchors(second) == [row.anchor for row in rows[5:10]]
    assert 'href="?page=1" rel="prev"' in second
    assert re.search(r"<title>[^<]*, page 2 · ", second)


def test_a_rows_address_names_the_page_it_stands_on(client, monkeypatch):
    monkeypatch.setattr(Roadmap, "rows_per_page", 5)
    for row in rows_of("C2")[:12]:
        url = row.get_absolute_url()
        address, anchor = url.split("#")
        expected_page = (row.order - 1) // 5 + 1
        assert address == (
            "/roadmaps/c2/" if expected_page == 1 else f"/roadmaps/c2/?page={expected_page}"
        )
        assert f'id="{anchor}"' in page(client, address)


def test_a_roadmap_narrowed_to_an_sdg_lists_only_the_rows_naming_it(client):
    all_rows = rows_of("C2")
    by_sdg = Counter(all_rows.values_list("sdg_links__sdg__number", flat=True))
    sdg = min((n for n in by_sdg if n), key=lambda n: (by_sdg[n], n))
    naming = [row.anchor for row in all_rows.filter(sdg_links__sdg__number=sdg)]
    assert 0 < len(naming) < all_rows.count()

    html = page(client, f"/roadmaps/c2/?sdg={sdg}")
    assert anchors(html) == naming
    assert f"{len(naming)} of {all_rows.count()} rows name" in html
    assert '<a href="/roadmaps/c2/">Show every row</a>' in html

    either = page(client, f"/roadmaps/c2/?sdg={sdg},9")
    assert anchors(either) == [
        row.anchor for row in all_rows.filter(sdg_links__sdg__number__in=[sdg, 9]).distinct()
    ]


def test_an_sdg_naming_no_row_says_so(client):
    named = set(
        RoadmapRow.objects.filter(roadmap__action_line__code="C2").values_list(
            "sdg_links__sdg__number", flat=True
        )
    )
    unnamed = min(set(range(1, 18)) - named)
    html = page(client, f"/roadmaps/c2/?sdg={unnamed}")
    assert anchors(html) == []
    assert f"No row of this roadmap names SDG {unnamed}." in html


@pytest.mark.parametrize("value", ["99", "nine", "9999999999999"])
def test_a_value_that_is_not_an_sdg_is_reported_and_ignored(client, value):
    html = page(client, f"/roadmaps/c2/?sdg={value}")
    assert "Some filters could not be used" in html
    assert anchors(html) == [row.anchor for row in rows_of("C2")]


def test_stored_cells_are_printed_as_stored(client):
    row = rows_of("C2").exclude(results="").first()
    html = page(client, "/roadmaps/c2/")
    assert f'<div class="rich">{row.results}</div>' in html


def test_an_sdg_hub_counts_the_rows_of_each_roadmap_and_links_them_narrowed(client):
    html = page(client, "/sdgs/9/")
    per_roadmap = re.findall(
        r'<a href="/roadmaps/(c[0-9]+)/\?sdg=9">C[0-9]+, ([0-9]+) rows?</a>', html
    )
    assert per_roadmap
    for code, count in per_roadmap:
        assert int(count) == rows_of(code.upper()).filter(sdg_links__sdg__number=9).count()
        assert len(anchors(page(client, f"/roadmaps/{code}/?sdg=9"))) == int(count)
    total = sum(int(count) for _, count in per_roadmap)
    assert f'Roadmap rows <span class="count">({total})</span>' in html
    assert "The first" not in html  # no cap reached on the real data


def test_an_sdg_hub_shows_at_most_the_group_limit_of_rows(client, monkeypatch):
    from hubs import views

    monkeypatch.setattr(views, "HUB_GROUP_LIMIT", 2)
    html = page(client, "/sdgs/9/")
    rows_part = html.split("WSIS Action Line Roadmap rows")[1]
    total = int(rows_part.split('class="count">(')[1].split(")")[0])
    assert rows_part.count("<li>") == 2
    assert f"The first 2 of {total} rows" in rows_part
