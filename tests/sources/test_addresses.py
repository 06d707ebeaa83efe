"""The publisher's addresses of the source documents: recorded only where confirmed
(../shared/source-addresses.md), never guessed; linked from the source pages and lists,
given by the API; and no symbol, since none of the documents prints one."""

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from sources.models import Source

pytestmark = pytest.mark.django_db

# The confirmed addresses (../shared/source-addresses.md), by document file.
CONFIRMED = {
    "000_0ec3029fd365e710.txt": (
        "https://www.itu.int/en/ITU-D/Regional-Presence/CIS/Pages/WTDC22RIs.aspx"
    ),
    "001_50af51487dc0e790.txt": (
        "https://www.itu.int/en/ITU-D/Regional-Presence/Americas/Pages/RI-projects-2026-2029.aspx"
    ),
}
SHARED_LIST = Path(settings.BASE_DIR).parent / "shared" / "source-addresses.md"


def test_each_source_has_exactly_the_confirmed_address_or_none():
    addresses = dict(Source.objects.values_list("file_name", "address"))
    assert len(addresses) == 5
    for file_name, address in addresses.items():
        assert address == CONFIRMED.get(file_name, ""), file_name


@pytest.mark.skipif(not SHARED_LIST.is_file(), reason="the shared list of addresses is absent")
def test_the_confirmed_addresses_are_those_of_the_shared_list():
    listed = {}
    for line in SHARED_LIST.read_text(encoding="utf-8").splitlines():
        found = re.match(r"\|\s*`([^`]+\.txt)`\s*\|\s*(https?://\S+)\s*\|", line)
        if found:
            listed[found.group(1)] = found.group(2)
    assert listed == CONFIRMED


def test_no_source_has_a_symbol_since_no_document_prints_one():
    assert set(Source.objects.values_list("symbol", flat=True)) == {""}


def test_source_pages_link_the_official_address_or_say_it_is_unknown(client):
    html = client.get("/sources/regional-initiatives-2026-2029-ams/").content.decode()
    assert (
        f'<a href="{CONFIRMED["001_50af51487dc0e790.txt"]}" rel="external">Official page at ITU</a>'
        in html
    )
    assert "None printed in the document" in html
    unknown = client.get("/sources/rpm-coordination-meeting-2025/").content.decode()
    assert "The publisher's address of this document is not known." in unknown
    assert "itu.int" not in unknown
    listing = client.get("/sources/").content.decode()
    assert listing.count("Official page at ITU</a>") == 2
    assert listing.count("The publisher's address of this document is not known.") == 3


def test_an_initiative_page_links_its_source_document_and_its_official_page(client):
    html = client.get("/initiatives/2023-2025/cis3/").content.decode()
    footer = html.split('class="record-footer"')[1]
    assert 'href="/sources/regional-initiatives-2023-2025-cis/"' in footer
    assert f'<a href="{CONFIRMED["000_0ec3029fd365e710.txt"]}" rel="external">' in footer
    draft = client.get("/initiatives/2026-2029/afr1/").content.decode()
    assert "The publisher's address of this document is not known." in draft


def test_the_api_gives_each_sources_address_and_symbol(client):
    results = client.get("/api/v1/sources/").json()["results"]
    by_slug = {source["slug"]: source for source in results}
    assert (
        by_slug["regional-initiatives-2023-2025-cis"]["address"]
        == (CONFIRMED["000_0ec3029fd365e710.txt"])
    )
    assert by_slug["wsis-action-line-roadmaps-2025"]["address"] == ""
    assert all(source["symbol"] == "" for source in results)
    detail = client.get("/api/v1/sources/regional-initiatives-2026-2029-ams/").json()
    assert detail["address"] == CONFIRMED["001_50af51487dc0e790.txt"]


@pytest.mark.slow
def test_the_loader_refuses_an_address_that_is_not_a_web_address(tmp_path):
    fixtures = tmp_path / "fixtures"
    shutil.copytree(settings.PORTAL_FIXTURES_DIR, fixtures)
    sources = fixtures / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(
        text.replace(f"address: {CONFIRMED['000_0ec3029fd365e710.txt']}", "address: itu.int"),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as refused:
        call_command("load_portal_data", fixtures_dir=fixtures, stdout=StringIO())
    assert "sources.yaml" in str(refused.value)
    assert "address" in str(refused.value)
    assert (
        Source.objects.get(file_name="000_0ec3029fd365e710.txt").address
        == (CONFIRMED["000_0ec3029fd365e710.txt"])
    )
