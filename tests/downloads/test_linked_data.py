"""The linked-data descriptions: the schema.org Dataset of /downloads/ with its
distributions, the DCAT catalogue at /downloads/catalog.jsonld, and the schema.org
description of an initiative's page, each read as RDF by rdflib.

rdflib never fetches a context here: the DCAT catalogue carries its own, and the schema.org
blocks name schema.org's, which the tests replace by the vocabulary it maps to."""

import json
import re

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS

from downloads import licence
from downloads.exports import read_manifest
from downloads.linked_data import IANA_MEDIA_TYPES
from initiatives.models import Initiative
from tests.downloads.exported import exported_downloads  # noqa: F401

pytestmark = pytest.mark.django_db

# The vocabulary schema.org's own context maps its terms to.
SCHEMA = Namespace("http://schema.org/")
HOST = "http://testserver"
LICENCE = URIRef(licence.LICENCE_URL)
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def downloads(settings, exported):
    settings.PORTAL_DOWNLOADS_DIR = exported
    return exported


def json_ld_blocks(html: str) -> list[dict]:
    return [json.loads(block) for block in SCRIPT.findall(html)]


def schema_org_graph(document: dict, base: str) -> Graph:
    assert document["@context"] == "https://schema.org"
    inline = {**document, "@context": {"@vocab": str(SCHEMA)}}
    return Graph().parse(data=json.dumps(inline), format="json-ld", base=base)


def test_the_downloads_page_describes_the_dataset_and_each_file_it_lists(downloads, client):
    html = client.get("/downloads/").content.decode()
    [document] = json_ld_blocks(html)
    graph = schema_org_graph(document, f"{HOST}/downloads/")
    dataset = URIRef(f"{HOST}/downloads/#dataset")
    assert (dataset, RDF.type, SCHEMA.Dataset) in graph
    assert str(graph.value(dataset, SCHEMA.license)) == licence.LICENCE_URL
    assert str(graph.value(dataset, SCHEMA.version)) == str(read_manifest()["data_version"])
    downloads_found = {}
    for distribution in graph.objects(dataset, SCHEMA.distribution):
        assert (distribution, RDF.type, SCHEMA.DataDownload) in graph
        address = str(graph.value(distribution, SCHEMA.contentUrl))
        downloads_found[address] = str(graph.value(distribution, SCHEMA.encodingFormat))
    files = read_manifest()["files"]
    assert len(downloads_found) == len(files)
    assert downloads_found[f"{HOST}/downloads/alignments.csv"] == "text/csv"
    assert downloads_found[f"{HOST}/downloads/itu-d-regional-initiatives.xlsx"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert downloads_found[f"{HOST}/downloads/datapackage.json"] == "application/json"


def test_the_dcat_catalogue_lists_every_file_with_its_address_type_size_and_licence(
    downloads, client
):
    response = client.get("/downloads/catalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    graph = Graph().parse(data=response.content.decode(), format="json-ld")
    catalogue = URIRef(f"{HOST}/downloads/catalog.jsonld")
    dataset = URIRef(f"{HOST}/downloads/#dataset")
    assert (catalogue, RDF.type, DCAT.Catalog) in graph
    assert (catalogue, DCAT.dataset, dataset) in graph
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert (dataset, DCTERMS.license, LICENCE) in graph
    assert (dataset, DCAT.landingPage, URIRef(f"{HOST}/downloads/")) in graph
    files = read_manifest()["files"]
    assert len(set(graph.objects(dataset, DCAT.distribution))) == len(files)
    for file in files:
        address = URIRef(f"{HOST}/downloads/{file['name']}")
        assert (dataset, DCAT.distribution, address) in graph
        assert (address, RDF.type, DCAT.Distribution) in graph
        assert (address, DCAT.downloadURL, address) in graph
        assert (address, DCTERMS.license, LICENCE) in graph
        assert int(graph.value(address, DCAT.byteSize)) == file["size"]
    initiatives_csv = URIRef(f"{HOST}/downloads/initiatives.csv")
    assert (initiatives_csv, DCAT.mediaType, URIRef(IANA_MEDIA_TYPES + "text/csv")) in graph
    package = URIRef(f"{HOST}/downloads/datapackage.json")
    assert (
        package,
        DCTERMS.conformsTo,
        URIRef("https://specs.frictionlessdata.io/data-package/"),
    ) in graph
    assert (None, DCTERMS.rights, None) in graph
    assert Literal(licence.SOURCE_TEXTS) in set(graph.objects())


def test_the_catalogue_answers_304_to_its_etag(downloads, client):
    etag = client.get("/downloads/catalog.jsonld")["ETag"]
    response = client.get("/downloads/catalog.jsonld", headers={"If-None-Match": etag})
    assert response.status_code == 304


def test_an_initiative_page_says_what_it_is_based_on_and_which_sdgs_it_serves(client):
    html = client.get("/initiatives/2026-2029/ams4/").content.decode()
    [document] = json_ld_blocks(html)
    page = f"{HOST}/initiatives/2026-2029/ams4/"
    graph = schema_org_graph(document, page)
    initiative = URIRef(f"{page}#initiative")
    ams4 = Initiative.objects.get(slug="2026-2029-ams4")
    assert (initiative, RDF.type, SCHEMA.CreativeWork) in graph
    assert str(graph.value(initiative, SCHEMA.description)) == ams4.objective
    assert str(graph.value(initiative, SCHEMA.identifier)) == "2026-2029-ams4"
    based_on = {
        str(graph.value(work, SCHEMA.url)) for work in graph.objects(initiative, SCHEMA.isBasedOn)
    }
    assert based_on == {
        f"{HOST}/sources/regional-initiatives-2026-2029-ams/",
        f"{HOST}/initiatives/2026-2029/ams4/draft/",
    }
    about = {
        str(graph.value(thing, SCHEMA.url)) for thing in graph.objects(initiative, SCHEMA.about)
    }
    numbers = set(ams4.sdg_links.filter(published=True).values_list("sdg__number", flat=True))
    assert about == {f"{HOST}/sdgs/{number}/" for number in numbers}
    assert numbers


def test_a_restored_code_is_given_with_the_label_the_source_prints(client):
    [document] = json_ld_blocks(client.get("/initiatives/2023-2025/cis1/").content.decode())
    assert (document["identifier"], document["alternateName"]) == ("2023-2025-cis1", "RI 1")


def test_no_text_can_close_the_json_ld_block(client):
    hostile = "</script><script>alert(1)</script> & <!--"
    Initiative.objects.filter(slug="2026-2029-ams4").update(objective=hostile)
    html = client.get("/initiatives/2026-2029/ams4/").content.decode()
    block = html[html.index('<script type="application/ld+json">') :]
    block = block[: block.index("</script>")]
    assert "<script>alert" not in block
    assert "<!--" not in block
    [document] = json_ld_blocks(html)
    assert document["description"] == hostile
