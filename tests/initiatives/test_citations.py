"""Citations of an initiative and of each expected result: plain text, BibTeX, RIS and
CSL-JSON, on the page and at their own addresses, crediting ITU and naming the source."""

import json
import re
from datetime import UTC, datetime

import pytest

from initiatives import citations
from initiatives.models import Initiative

pytestmark = pytest.mark.django_db

DATA_DATE = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
SITE = "ITU-D Regional Initiatives"


def initiative(slug) -> Initiative:
    return Initiative.objects.for_detail().get(slug=slug)


def ams4_citation():
    found = initiative("2026-2029-ams4")
    return citations.for_initiative(
        found, "https://example.org/initiatives/2026-2029/ams4/", DATA_DATE, SITE
    )


def ams4_result_citation(number=3, slug="2026-2029-ams4-draft"):
    found = initiative(slug)
    result = next(r for r in found.expected_results.all() if r.number == number)
    return citations.for_result(
        result, "https://example.org/initiatives/2026-2029/ams4/draft/", DATA_DATE, SITE
    )


def unescaped_braces_balance(text: str) -> bool:
    depth = 0
    for brace in re.findall(r"(?<!\\)[{}]", text):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def test_the_plain_text_credits_itu_names_the_source_and_the_portal_address():
    text = citations.plain_text(ams4_citation())
    assert text == (
        "International Telecommunication Union. “AMS4: Promoting cyber resilience and capacity "
        "building in cybersecurity and cyber resilience” (regional initiative, adopted text, "
        "2026-2029). In: Regional Initiatives for the period 2026-2029 (2025), "
        "https://www.itu.int/en/ITU-D/Regional-Presence/Americas/Pages/RI-projects-2026-2029.aspx. "
        "Retrieved from "
        "ITU-D Regional Initiatives; data as of 2026-12-01: "
        "https://example.org/initiatives/2026-2029/ams4/"
    )


def test_a_result_s_citation_points_at_its_anchor_and_names_its_initiative():
    citation = ams4_result_citation()
    assert citation.title == "AMS4, expected result 3"
    assert citation.url == "https://example.org/initiatives/2026-2029/ams4/draft/#result-3"
    assert "RPM draft" in citation.description
    assert citation.source_title == "Report of the RPM Coordination Meeting (12 May 2025)"


def test_the_bibtex_is_well_formed_with_itu_as_one_institutional_author():
    text = citations.bibtex(ams4_citation())
    assert text.startswith("@misc{itu-2026-2029-ams4,\n")
    assert text.endswith("}\n")
    assert unescaped_braces_balance(text)
    assert "  author = {{International Telecommunication Union}},\n" in text
    assert "  year = {2025},\n" in text
    assert "  url = {https://example.org/initiatives/2026-2029/ams4/},\n" in text
    fields = re.findall(r"^  ([a-z]+) = \{", text, flags=re.MULTILINE)
    assert fields == ["author", "title", "howpublished", "publisher", "year", "url", "note"]


def test_bibtex_escapes_its_special_characters_and_keeps_braces_balanced():
    assert citations.bibtex_escape("R&D 100% {open} #1 a_b $5 ~x ^y \\z") == (
        r"R\&D 100\% \{open\} \#1 a\_b \$5 \~{}x \^{}y \textbackslash{}z"
    )
    real = Initiative.objects.for_detail().get(slug="2026-2029-afr3-draft")
    text = citations.bibtex(citations.for_initiative(real, "https://example.org/x/", None, SITE))
    # Its title has "&" in the objective only; its source title has none: escaped where found.
    assert unescaped_braces_balance(text)
    assert "&" not in text.replace(r"\&", "")


def test_the_ris_record_has_its_required_tags_in_order_and_ends_with_er():
    text = citations.ris(ams4_result_citation())
    lines = text.split("\r\n")
    assert lines[0] == "TY  - ELEC"
    assert lines[-2:] == ["ER  - ", ""]
    tags = [line[:2] for line in lines[:-1]]
    for tag in ("TY", "AU", "TI", "PY", "UR", "ER"):
        assert tag in tags
    assert "TI  - AMS4, expected result 3" in lines
    assert "PY  - 2025" in lines
    assert "UR  - https://example.org/initiatives/2026-2029/ams4/draft/#result-3" in lines
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines[:-1])


def test_the_csl_json_has_type_title_url_issued_and_no_personal_author():
    [item] = json.loads(citations.csl_json(ams4_result_citation()))
    assert item["type"] == "document"
    assert item["title"] == "AMS4, expected result 3"
    assert item["URL"] == "https://example.org/initiatives/2026-2029/ams4/draft/#result-3"
    assert item["issued"] == {"date-parts": [[2025, 5, 12]]}
    assert item["author"] == [{"literal": "International Telecommunication Union"}]
    assert item["container-title"] == "Report of the RPM Coordination Meeting (12 May 2025)"


def test_without_a_data_date_the_citation_claims_none():
    found = initiative("2023-2025-cis1")
    citation = citations.for_initiative(found, "https://example.org/", None, SITE)
    assert "data as of" not in citations.plain_text(citation)
    assert citations.plain_text(citation).endswith(
        "Retrieved from ITU-D Regional Initiatives: https://example.org/"
    )


@pytest.mark.parametrize(
    ("url", "media_type", "starts"),
    [
        (
            "/initiatives/2026-2029/ams4/cite.bib",
            "application/x-bibtex",
            "@misc{itu-2026-2029-ams4,",
        ),
        (
            "/initiatives/2026-2029/ams4/cite.ris",
            "application/x-research-info-systems",
            "TY  - ELEC",
        ),
        ("/initiatives/2026-2029/ams4/cite.json", "application/vnd.citationstyles.csl+json", "["),
        (
            "/initiatives/2026-2029/ams4/draft/results/3/cite.bib",
            "application/x-bibtex",
            "@misc{itu-2026-2029-ams4-draft-result-3,",
        ),
        (
            "/initiatives/2023-2025/cis2/results/2/cite.ris",
            "application/x-research-info-systems",
            "TY  - ELEC",
        ),
        # Nothing adopted: the address of the initiative cites its draft, as its page shows it.
        (
            "/initiatives/2026-2029/eur1/cite.bib",
            "application/x-bibtex",
            "@misc{itu-2026-2029-eur1-draft,",
        ),
    ],
)
def test_each_format_is_served_at_a_stable_address_with_its_media_type(
    client, url, media_type, starts
):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == f"{media_type}; charset=utf-8"
    assert response.content.decode().startswith(starts)


@pytest.mark.parametrize(
    "url",
    [
        "/initiatives/2026-2029/ams9/cite.bib",
        "/initiatives/2023-2025/cis1/draft/cite.bib",
        "/initiatives/2026-2029/ams4/results/9/cite.json",
        "/initiatives/2026-2029/ams4/cite.txt",
        "/initiatives/2026-2029/ams4/cite.",
    ],
)
def test_an_unknown_initiative_result_or_format_is_a_404(client, url):
    assert client.get(url).status_code == 404


def test_the_page_offers_a_citation_per_initiative_and_per_result_without_javascript(client):
    html = client.get("/initiatives/2026-2029/ams4/").content.decode()
    assert '<h2 id="cite">Cite this initiative</h2>' in html
    # Selectable text in <pre>, the copy button being added by static/js/cite.js.
    assert '<pre class="citation__text" id="initiative-cite-text"' in html
    assert html.count("<summary>Cite result ") == 4
    assert '<pre class="citation__text" id="result-3-cite-text"' in html
    assert 'href="/initiatives/2026-2029/ams4/results/3/cite.ris"' in html
    for name in ("cite.bib", "cite.ris", "cite.json"):
        assert f'href="/initiatives/2026-2029/ams4/{name}"' in html
    assert "@misc{itu-2026-2029-ams4-result-4," in html
    assert '<script src="/static/js/cite.js" defer></script>' in html
    assert "<script>" not in html


def test_a_draft_page_cites_the_draft_addresses(client):
    html = client.get("/initiatives/2026-2029/ams4/draft/").content.decode()
    assert 'href="/initiatives/2026-2029/ams4/draft/cite.bib"' in html
    assert 'href="/initiatives/2026-2029/ams4/draft/results/1/cite.json"' in html
    assert "http://testserver/initiatives/2026-2029/ams4/draft/#result-1" in html
