"""`?format=csv` on every list: streamed, the same filters, flat columns, a spreadsheet's CSV."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse

from tests.api.conftest import LIST_ENDPOINTS, everything, get_json

pytestmark = pytest.mark.django_db


def csv_rows(client, url: str, **params) -> list[dict]:
    response = client.get(url, {**params, "format": "csv"})
    assert response.status_code == 200, response
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff"), "a byte-order mark, for spreadsheets"
    assert "\r\n" in content
    return list(csv.DictReader(io.StringIO(content.removeprefix("\ufeff"))))


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_every_list_answers_csv_with_the_columns_of_its_json(client, endpoint):
    response = client.get(f"/api/v1/{endpoint}/", {"format": "csv"})
    assert response["Content-Disposition"] == f'attachment; filename="{endpoint}.csv"'
    rows = csv_rows(client, f"/api/v1/{endpoint}/")
    objects = everything(client, endpoint)
    assert len(rows) == len(objects)
    if objects:
        assert list(rows[0]) == list(objects[0])
        assert rows[0]["url"] == objects[0]["url"]


def test_csv_holds_the_whole_list_not_one_page(client):
    assert len(csv_rows(client, "/api/v1/expected-results/")) == 217


def test_csv_honours_the_same_filters_as_json(client):
    params = {"region": "AMS,EUR", "stage": "draft", "sdg": "9"}
    rows = csv_rows(client, "/api/v1/initiatives/", **params)
    assert [row["slug"] for row in rows] == [
        o["slug"] for o in everything(client, "initiatives", **params)
    ]
    rows = csv_rows(client, "/api/v1/roadmap-rows/", action_line="C5", section="wsis-plus-10")
    assert {(row["action_line"], row["section"]) for row in rows} == {("C5", "wsis-plus-10")}


def test_csv_joins_list_values_with_a_semicolon(client):
    rows = csv_rows(client, "/api/v1/meetings/")
    arb = next(row for row in rows if row["region"] == "ARB")
    meeting = get_json(client, "/api/v1/meetings/RPM-ARB/")
    assert arb["vice_chairs"] == ";".join(meeting["vice_chairs"])
    assert arb["priorities"].split(";")[4] == "Advancing Cyber Resilience in the Arab World"


def test_csv_keeps_text_verbatim_whatever_its_punctuation(client):
    objects = everything(client, "expected-results")
    rows = csv_rows(client, "/api/v1/expected-results/")
    assert [row["text"] for row in rows] == [o["text"] for o in objects]


def test_a_csv_request_with_a_bad_filter_answers_400_in_json(client):
    body = get_json(client, "/api/v1/initiatives/", status=400, format="csv", sdg="99")
    assert list(body["errors"]) == ["sdg"]


def test_csv_can_be_asked_for_by_the_accept_header(client):
    response = client.get("/api/v1/regions/", headers={"Accept": "text/csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    json_response = client.get("/api/v1/regions/")
    assert json_response["Content-Type"] == "application/json"
