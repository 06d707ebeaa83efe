"""A roadmap page: its summary, its rows by section (collapsed to their outcomes), a page
at a time, narrowed by SDG, section or citation, and the editors' notes where they apply."""

import html as html_lib
import re
from collections import Counter

import pytest
from django.template.defaultfilters import truncatewords

from frameworks.models import SDG
from roadmaps.models import Citation, Roadmap, RoadmapRow, Section

pytestmark = pytest.mark.django_db

ARTICLE = re.compile(r'<details class="roadmap-row" id="([^"]+)"')


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


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("sdg=99", "sdg"),
        ("sdg=nine", "sdg"),
        ("sdg=9999999999999", "sdg"),
        ("section=geneva", "section"),
        ("section=wsis-plus-10,nowhere", "section"),
        ("cites=maybe", "cites"),
        ("sdg=9&cites=1", "cites"),
    ],
)
def test_a_filter_value_the_page_cannot_use_is_a_bad_request_naming_it(client, query, named):
    html = page(client, f"/roadmaps/c2/?{query}", status=400)
    assert "Some filters could not be used" in html
    assert f"<li>{named}: " in html
    # The rows are still there, unfiltered, to go on from.
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


def summary_of(html: str) -> str:
    return html.split('<section class="roadmap-summary"')[1].split("</section>")[0]


def test_the_summary_counts_the_rows_of_each_section(client):
    for code in ("C2", "C4", "C5", "C6"):
        summary = summary_of(page(client, f"/roadmaps/{code.lower()}/"))
        counts = Counter(rows_of(code).values_list("section", flat=True))
        roadmap = Roadmap.objects.get(action_line__code=code)
        for section in Section:
            heading = html_lib.escape(roadmap.section_headings.get(section.value, section.label))
            count = counts[section.value]
            if count:
                assert re.search(
                    rf'<li><span lang="en">{re.escape(heading)}</span>'
                    rf"( <span[^>]*>[^<]*</span>)?: {count} rows?</li>",
                    summary,
                ), (code, section)


def test_the_summary_names_each_sdg_of_the_rows_linked_to_its_hub(client):
    summary = summary_of(page(client, "/roadmaps/c2/"))
    named = SDG.objects.filter(roadmap_row_links__row__roadmap__action_line__code="C2").distinct()
    assert named.count() > 1
    for sdg in named:
        rows = rows_of("C2").filter(sdg_links__sdg=sdg).count()
        assert (
            f'<a class="summary-sdg" href="/sdgs/{sdg.number}/">SDG {sdg.number}: '
            f"{html_lib.escape(sdg.short_name)}</a> "
            f'<span class="count">({rows} row{"s" if rows > 1 else ""})</span>'
        ) in summary
    assert summary.count('class="summary-sdg"') == named.count()


def test_the_summary_lists_each_cited_initiative_once_linked_when_held(client):
    summary = summary_of(page(client, "/roadmaps/c2/"))
    citations = Citation.objects.filter(row__roadmap__action_line__code="C2")
    codes = set(citations.values_list("code", flat=True))
    held = set(citations.exclude(initiative=None).values_list("code", flat=True))
    # The real data has both kinds.
    assert held
    assert codes - held
    cited = summary.split('class="plain-list cited-initiatives"')[1].split("</ul>")[0]
    items = re.findall(r"<li>(.*?)</li>", cited, flags=re.DOTALL)
    assert len(items) == len(codes)
    for code in codes:
        (item,) = [item for item in items if re.search(rf"\b{code} \(2023-2025", item)]
        if code in held:
            initiative = citations.filter(code=code).first().initiative
            assert f'<a href="{initiative.get_absolute_url()}">{code} (2023-2025)</a>' in item
            assert "not held" not in item
        else:
            assert f'{code} (2023-2025, <span class="not-held">not held</span>)' in item
        cited_by = {row.anchor for row in rows_of("C2").filter(citations__code=code).distinct()}
        assert set(re.findall(r'href="/roadmaps/c2/#([^"]+)"', item)) == cited_by
    assert "This roadmap cites no regional initiative." not in summary


def test_a_summary_of_many_cited_initiatives_names_the_first_and_links_the_rest(
    client, monkeypatch
):
    from roadmaps import models

    everything = summary_of(page(client, "/roadmaps/c2/"))
    assert 'class="cited-more"' not in everything
    cited = everything.split('class="plain-list cited-initiatives"')[1].split("</ul>")[0]
    items = re.findall(r"<li>.*?</li>", cited, flags=re.DOTALL)
    assert len(items) == 26
    monkeypatch.setattr(models, "CITED_INITIATIVES_SHOWN", 5)
    Roadmap.objects.get(action_line__code="C2").save()  # a new data version
    summary = summary_of(page(client, "/roadmaps/c2/"))
    shown = summary.split('class="plain-list cited-initiatives"')[1].split("</ul>")[0]
    assert re.findall(r"<li>.*?</li>", shown, flags=re.DOTALL) == items[:5]
    assert (
        '<p class="cited-more">And 21 other initiatives cited: see '
        '<a href="/roadmaps/c2/?cites=initiative">every row that cites an initiative</a>.</p>'
    ) in summary
    french = summary_of(page(client, "/fr/roadmaps/c2/"))
    assert "Et 21 autres initiatives citées" in french
    assert 'href="/fr/roadmaps/c2/?cites=initiative"' in french


def test_the_c5_roadmap_says_it_cites_no_initiative(client):
    assert not Citation.objects.filter(row__roadmap__action_line__code="C5").exists()
    summary = summary_of(page(client, "/roadmaps/c5/"))
    assert '<p class="no-citations">This roadmap cites no regional initiative.</p>' in summary
    # Nothing to narrow to: the form does not offer the citation filter.
    assert 'name="cites"' not in page(client, "/roadmaps/c5/")


def test_the_filters_are_offered_on_the_page_with_the_current_choices(client):
    html = page(client, "/roadmaps/c2/?sdg=9&section=wsis-plus-10&cites=initiative")
    form = html.split('<form class="filters roadmap-filters"')[1].split("</form>")[0]
    assert 'method="get" action="/roadmaps/c2/"' in form
    named = SDG.objects.filter(roadmap_row_links__row__roadmap__action_line__code="C2").distinct()
    assert re.findall(r'<option value="([0-9]+)"', form) == [
        str(n) for n in sorted(named.values_list("number", flat=True))
    ]
    assert '<option value="9" selected>' in form
    assert '<option value="wsis-plus-10" selected lang="en">' in form
    assert 'name="cites" value="initiative" checked' in form
    assert '<button type="submit">Apply filters</button>' in form


def test_the_section_and_citation_filters_narrow_the_rows(client):
    rows = rows_of("C2")
    wsis = [row.anchor for row in rows.filter(section="wsis-plus-10")]
    assert 0 < len(wsis) < rows.count()
    assert anchors(page(client, "/roadmaps/c2/?section=wsis-plus-10")) == wsis

    citing = [row.anchor for row in rows if row.citations.exists()]
    assert 0 < len(citing) < rows.count()
    html = page(client, "/roadmaps/c2/?cites=initiative")
    assert anchors(html) == citing
    assert f"{len(citing)} of {rows.count()} rows cite a regional initiative." in html

    both = [
        row.anchor
        for row in rows.filter(section="wsis-plus-10", sdg_links__sdg__number=9)
        if row.citations.exists()
    ]
    combined = page(client, "/roadmaps/c2/?cites=initiative&section=wsis-plus-10&sdg=9")
    assert anchors(combined) == both


def test_filters_that_match_nothing_say_so(client):
    html = page(client, "/roadmaps/c5/?cites=initiative")
    assert anchors(html) == []
    assert "No row of this roadmap matches these filters." in html


def test_an_empty_field_of_the_form_is_no_filter(client):
    response = client.get("/roadmaps/c2/?sdg=&section=", follow=True)
    assert response.redirect_chain == [("/roadmaps/c2/", 302)]
    html = response.content.decode()
    assert anchors(html) == [row.anchor for row in rows_of("C2")]
    assert 'role="status"' not in html


def test_each_row_is_collapsed_to_its_label_and_outcome_and_opens_on_request(client):
    html = page(client, "/roadmaps/c2/")
    row = rows_of("C2").get(label="D")
    start = html.index(f'<details class="roadmap-row" id="{row.anchor}">')
    details = html[start : html.index("</details>", start)]
    summary = details.split("<summary")[1].split("</summary>")[0]
    assert f">Row {row.label}</h3>" in summary
    # The outcome in full, its paragraphs as spans (a summary holds no paragraphs).
    assert row.outcome.replace("<p>", '<span class="rich-p">').replace("</p>", "</span>") in summary
    assert "<p>" not in summary
    assert f'<div class="rich">{row.evidence}</div>' in details.split("</summary>")[1]
    assert " open>" not in html.split('<nav aria-labelledby="roadmap-index-heading"')[1]

    expanded = page(client, "/roadmaps/c2/?expanded=1")
    assert expanded.count('<details class="roadmap-row" id=') == rows_of("C2").count()
    assert len(re.findall(r'<details class="roadmap-row" id="[^"]+" open>', expanded)) == (
        rows_of("C2").count()
    )
    assert 'href="/roadmaps/c2/">Show the outcomes only</a>' in expanded
    assert 'href="?expanded=1">Show every row in full</a>' in html


def test_the_index_links_each_row_with_words_of_its_outcome(client):
    html = page(client, "/roadmaps/c2/")
    index = html.split('<nav aria-labelledby="roadmap-index-heading"')[1].split("</nav>")[0]
    links = re.findall(r'<a href="#([^"]+)">(Row [^<]+: )<span lang="en">([^<]+)</span></a>', index)
    rows = list(rows_of("C2"))
    assert [anchor for anchor, _, _ in links] == [row.anchor for row in rows]
    for (_, label, outcome), row in zip(links, rows, strict=True):
        assert label == f"Row {row.label}: "
        assert html_lib.unescape(outcome) == truncatewords(row.outcome_text, 9)
        assert len(outcome.split()) > 2


def test_the_roadmap_note_is_shown_as_the_editors(client):
    for code in ("C2", "C4", "C5", "C6"):
        roadmap = Roadmap.objects.get(action_line__code=code)
        assert roadmap.curation_note
        html = page(client, f"/roadmaps/{code.lower()}/")
        note = html.split('<aside class="editors-note" id="editors-note"')[1].split("</aside>")[0]
        assert '<h2 id="editors-note-heading">Editors\' note</h2>' in note
        assert "not by ITU" in note
        assert html_lib.escape(roadmap.curation_note) in note
    c4 = page(client, "/roadmaps/c4/")
    assert "the document has no rows D, K, L or N, and none is invented" in html_lib.unescape(c4)


def test_a_rows_note_is_shown_in_its_row_as_the_editors(client):
    noted = rows_of("C2").exclude(curation_note="")
    assert noted.exists()
    html = page(client, "/roadmaps/c2/")
    for row in noted:
        start = html.index(f'<details class="roadmap-row" id="{row.anchor}"')
        details = html[start : html.index("</details>", start)]
        assert ("<strong>Editors' note:</strong> " + html_lib.escape(row.curation_note)) in details
    assert html.count("<strong>Editors' note:</strong>") == noted.count()


def test_headings_the_table_does_not_print_are_marked_as_the_editors(client):
    def marked_sections(code):
        html = page(client, f"/roadmaps/{code}/")
        marked = set()
        for section in Section.values:
            part = html.split(f'<h2 id="section-{section}" lang="en">')[1].split("<details")[0]
            if "Heading supplied by the editors:" in part:
                assert 'href="#editors-note"' in part
                marked.add(section)
        return marked

    # C2 prints no heading, C4 only the Geneva one, C5 and C6 both (decision 0005).
    assert marked_sections("c2") == {"geneva-tunis", "wsis-plus-10"}
    assert marked_sections("c4") == {"wsis-plus-10"}
    assert marked_sections("c5") == set()
    assert marked_sections("c6") == set()


@pytest.mark.parametrize(
    ("query", "queries"),
    [
        # The data version; the roadmap; the rows counted; a page of rows; their SDG
        # links; their citations; the summary's rows per section, SDGs and citations; the
        # roadmap's last change; its rows per SDG (the chart).
        ("", 11),
        ("?section=geneva-tunis&expanded=1", 11),
        # The same, after the SDGs named in the filter.
        ("?sdg=9,16&section=geneva-tunis", 12),
    ],
)
def test_a_roadmap_page_runs_the_same_queries_whatever_its_size(
    client, django_assert_num_queries, query, queries
):
    sizes = {}
    for code in ("C2", "C4", "C5", "C6"):
        with django_assert_num_queries(queries, exact=False) as captured:
            response = client.get(f"/roadmaps/{code.lower()}/{query}")
        assert response.status_code == 200
        shown = len(anchors(response.content.decode()))
        if shown:
            # Without rows to show there are no links to read (C6 names no SDG).
            assert len(captured) == queries, code
            sizes[code] = shown
    assert len(set(sizes.values())) > 1


def test_a_printout_names_its_whole_address_and_the_datas_last_change(client):
    from core.models import DataVersion

    html = page(client, "/roadmaps/c2/?section=wsis-plus-10&utm_source=x")
    assert "<body style=\"--page-origin: 'http://testserver'\">" in html
    footer = html.split('<div class="print-footer">')[1].split("</div>")[0]
    changed = DataVersion.objects.get().changed_at
    assert (
        "Printed from http://testserver/roadmaps/c2/?section=wsis-plus-10"
        f'<span data-print-retrieved="; retrieved"></span>; data last changed '
        f"{changed:%-d %B %Y}."
    ) in footer
    assert '<script src="/static/js/print.js" defer></script>' in html
    assert '<script src="/static/js/roadmap-rows.js" defer></script>' in html


def test_the_filters_submitted_with_empty_fields_lead_to_the_address_without_them(client):
    response = client.get("/roadmaps/c2/?sdg=&section=wsis-plus-10&cites=")
    assert response.status_code == 302
    assert response["Location"] == "/roadmaps/c2/?section=wsis-plus-10"
    response = client.get("/roadmaps/c2/?sdg=&section=")
    assert (response.status_code, response["Location"]) == (302, "/roadmaps/c2/")
