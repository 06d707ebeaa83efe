"""What the API tests share: a clean throttle count, and reading the API as a client does."""

from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

# Every list endpoint of the contract (DESIGN.md §5), search aside: it needs a query.
LIST_ENDPOINTS = [
    "regions",
    "cycles",
    "initiatives",
    "expected-results",
    "roadmaps",
    "roadmap-rows",
    "sdgs",
    "action-lines",
    "gdc-objectives",
    "meetings",
    "sources",
    "downloads",
]


@pytest.fixture(autouse=True)
def clean_throttle_count():
    # The throttle counts requests per client in the cache; each test starts from zero, so
    # that the many requests of the suite never add up to a 429.
    cache.clear()
    yield
    cache.clear()


def path_of(url: str) -> str:
    """An absolute address the API gave, without its scheme and host, for the test client."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return parts.path + query + fragment


def get_json(client, url: str, status: int = 200, **params):
    response = client.get(url, params)
    assert response.status_code == status, (url, params, response.content[:500])
    assert response["Content-Type"] == "application/json", url
    return response.json()


def everything(client, endpoint: str, **params) -> list[dict]:
    """Every object of a list endpoint, in one page."""
    body = get_json(client, f"/api/v1/{endpoint}/", page_size=500, **params)
    assert body["next"] is None
    return body["results"]
