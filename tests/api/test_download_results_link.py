"""The filtered initiatives list and the SDG, action-line and GDC hubs offer "Download these
results (CSV)": the API's CSV of the same initiatives, with the page's filters."""

import csv
import html
import io
import re

import pytest

from tests.api.conftest import everything

pytestmark = pytest.mark.django_db

LINK_TEXT = "Download these results (CSV)"


def download_link(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    found = re.findall(r'<a href="([^"]+)" type="text/csv">' + re.escape(LINK_TEXT) + "</a>", page)
    assert len(found) == 1, url
    return html.unescape(found[0])


def csv_slugs(client, address: str) -> list[str]:
    response = client.get(address)
    assert response.status_code == 200, address
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode().removeprefix("\ufeff")
    return [row["slug"] for row in csv.DictReader(io.StringIO(text))]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "region=AMS",
        "region=AMS&region=EUR&stage=draft",
        "sdg=9%2C17&provenance=source",
        "q=cybersecurity&ordering=-title",
        "cycle=2023-2025&page=1",
        # A display option of the page, not a filter: the API list does not take it.
        "region=CIS&drafts=separate",
    ],
)
def test_the_list_page_links_to_the_csv_of_its_filters(client, query):
    address = download_link(client, f"/initiatives/?{query}")
    assert address.startswith("/api/v1/initiatives/?")
    assert address.endswith("format=csv")
    params = {}
    for pair in query.split("&"):
        if pair and not pair.startswith(("page=", "drafts=")):
            name, value = pair.split("=")
            params.setdefault(name, []).append(value.replace("%2C", ","))
    listed = [o["slug"] for o in everything(client, "initiatives", **params)]
    assert csv_slugs(client, address) == listed


def test_a_list_with_a_filter_it_cannot_use_offers_no_download(client):
    response = client.get("/initiatives/?region=XYZ")
    assert response.status_code == 200
    assert LINK_TEXT not in response.content.decode()


@pytest.mark.parametrize(
    ("page", "filters"),
    [
        ("/sdgs/9/", {"sdg": "9"}),
        ("/action-lines/c5/", {"action_line": "C5"}),
        ("/gdc/3/", {"gdc": "3"}),
    ],
)
def test_each_hub_links_to_the_csv_of_its_initiatives(client, page, filters):
    address = download_link(client, page)
    name, value = next(iter(filters.items()))
    assert address == f"/api/v1/initiatives/?{name}={value}&format=csv"
    slugs = csv_slugs(client, address)
    assert slugs == [o["slug"] for o in everything(client, "initiatives", **filters)]
    assert slugs, "every hub tested has aligned initiatives"
