"""The meetings page: a table of the six RPMs at the top, linking each meeting's section,
and each meeting's dates printed once."""

import html as html_lib
import re

import pytest

from regions.models import PreparatoryMeeting

pytestmark = pytest.mark.django_db


def meetings_page(client) -> str:
    response = client.get("/meetings/")
    assert response.status_code == 200
    return response.content.decode()


def summary_table(html: str) -> str:
    return html.split('<table class="meetings-summary">')[1].split("</table>")[0]


def test_the_summary_table_has_one_row_per_meeting_in_the_order_held(client):
    table = summary_table(meetings_page(client))
    headers = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert headers == ["Region", "Meeting", "Dates", "City and country", "Chair"]
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", table, flags=re.DOTALL)
    meetings = list(PreparatoryMeeting.objects.order_by("start_date").select_related("region"))
    assert len(rows) == len(meetings) == 6
    for row, meeting in zip(rows, meetings, strict=True):
        assert f'<a href="/regions/{meeting.region.code.lower()}/">{meeting.region.name}</a>' in row
        assert f'<td><a href="#{meeting.anchor}" lang="en">{meeting.name}</a></td>' in row
        place = f"{html_lib.escape(meeting.city)}, {html_lib.escape(meeting.country)}"
        assert f'<td lang="en">{place}</td>' in row
        assert f'<td lang="en">{html_lib.escape(meeting.chair)}</td>' in row
        assert f'<time datetime="{meeting.start_date:%Y-%m-%d}">' in row
        assert f'<time datetime="{meeting.end_date:%Y-%m-%d}">' in row


def test_each_meeting_the_table_links_has_its_section(client):
    html = meetings_page(client)
    for anchor in re.findall(r'<td><a href="#([^"]+)">', summary_table(html)):
        assert f'<h2 id="{anchor}">' in html


def test_a_meetings_dates_are_printed_once(client):
    html = meetings_page(client)
    arb = html.split('<h2 id="rpm-arb">')[1].split("</section>")[0]
    dates = arb.split("<dt>Dates</dt><dd>")[1].split("</dd>")[0]
    assert dates == (
        '<time datetime="2025-02-04">4</time>–<time datetime="2025-02-05">5 February 2025</time>'
    )
    # Neither the printed form again nor the dates in full beside it.
    assert "4-5 February" not in html
    assert "4 February 2025" not in html
    for meeting in PreparatoryMeeting.objects.all():
        section = html.split(f'<h2 id="{meeting.anchor}">')[1].split("</section>")[0]
        assert section.count(f'datetime="{meeting.end_date:%Y-%m-%d}"') == 1


def test_a_range_across_months_names_both_months(client):
    meeting = PreparatoryMeeting.objects.get(name="RPM-ARB")
    meeting.start_date = meeting.start_date.replace(month=1, day=30)
    meeting.save()
    html = meetings_page(client)
    assert (
        '<time datetime="2025-01-30">30 January</time> – '
        '<time datetime="2025-02-05">5 February 2025</time>'
    ) in html


def test_the_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    # The data version; the meetings with region and source; their priorities.
    with django_assert_num_queries(3):
        meetings_page(client)
