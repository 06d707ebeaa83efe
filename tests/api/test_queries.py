"""Every endpoint runs a fixed number of SQL queries, whatever the page size or the object.

Every request reads the data version first (for its ETag); the counts below include it.
The querysets are the named ones the pages use (`Initiative.objects.for_detail()` ...),
so a change there shows here.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


# version, count, page
PLAIN_LIST = 3

LISTS = {
    "/api/v1/regions/": PLAIN_LIST,
    "/api/v1/cycles/": PLAIN_LIST,
    "/api/v1/initiatives/": PLAIN_LIST,
    "/api/v1/expected-results/": PLAIN_LIST,
    "/api/v1/roadmaps/": PLAIN_LIST,
    "/api/v1/roadmap-rows/": PLAIN_LIST,
    "/api/v1/sdgs/": PLAIN_LIST,
    "/api/v1/action-lines/": PLAIN_LIST,
    "/api/v1/gdc-objectives/": PLAIN_LIST,
    # version, count, page, the priorities of the page's meetings
    "/api/v1/meetings/": 4,
    "/api/v1/sources/": PLAIN_LIST,
    # version, one check per filter naming records (do the values given exist?), the
    # search (one or two queries), count and page
    "/api/v1/initiatives/?sdg=9,17&region=AMS,EUR&q=connectivity": 6,
    "/api/v1/expected-results/?region=AMS&initiative=2026-2029-ams1&q=broadband": 6,
    "/api/v1/roadmap-rows/?sdg=9&initiative=2023-2025-cis1&q=cybersecurity": 5,
    # only the data version: the files are listed from their manifest
    "/api/v1/downloads/": 1,
}


@pytest.mark.parametrize(("url", "expected"), LISTS.items())
def test_a_list_runs_the_same_queries_for_one_object_as_for_five_hundred(client, url, expected):
    separator = "&" if "?" in url else "?"
    assert queries(client, f"{url}{separator}page_size=1") == expected
    assert queries(client, f"{url}{separator}page_size=500") == expected


DETAILS = {
    # version, object
    "/api/v1/regions/AMS/": 2,
    "/api/v1/cycles/2026-2029/": 2,
    # version, result, sub-items, footnotes
    "/api/v1/expected-results/1/": 4,
    # version, roadmap, rows, their SDG links, their citations
    "/api/v1/roadmaps/C5/": 5,
    "/api/v1/roadmaps/C2/": 5,
    # version, row, SDG links, citations
    "/api/v1/roadmap-rows/1/": 4,
    "/api/v1/roadmap-rows/76/": 4,
    # version, goal, aligned initiatives, roadmap rows naming it
    "/api/v1/sdgs/9/": 4,
    "/api/v1/sdgs/14/": 4,
    # version, action line with its roadmap, aligned initiatives
    "/api/v1/action-lines/C5/": 3,
    "/api/v1/action-lines/C11/": 3,
    "/api/v1/gdc-objectives/3/": 3,
    # version, meeting, priorities
    "/api/v1/meetings/RPM-ARB/": 3,
    "/api/v1/meetings/RPM-AMS/": 3,
    # version, source, sections
    "/api/v1/sources/rpm-coordination-meeting-2025/": 3,
}


@pytest.mark.parametrize(("url", "expected"), DETAILS.items())
def test_a_detail_runs_a_fixed_number_of_queries(client, url, expected):
    assert queries(client, url) == expected


def test_an_initiative_detail_runs_the_same_queries_whatever_it_holds(client):
    # version; Initiative.objects.for_detail(): the initiative joined to its cycle, region,
    # source and other stage, then its expected results, their sub-items, their footnotes,
    # its SDG, action-line and GDC links, the citations of it, its related initiatives
    many = queries(client, "/api/v1/initiatives/2026-2029-ams1/")
    few = queries(client, "/api/v1/initiatives/2023-2025-cis5/")
    assert many == few == 10


def test_search_runs_at_most_five_queries_whatever_the_page_size(client):
    # version, the counts by kind, the page, and the slugs of the initiatives and names of
    # the meetings found (each only when the page holds some)
    for size in (1, 20, 500):
        assert queries(client, f"/api/v1/search/?q=connectivity&page_size={size}") <= 5


def test_csv_reads_its_rows_in_chunks_not_one_by_one(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/expected-results/?format=csv")
        b"".join(response.streaming_content)
    # version, and one query for the 217 results
    assert len(captured) == 2
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/meetings/?format=csv")
        b"".join(response.streaming_content)
    # version, the meetings, their priorities
    assert len(captured) == 3
