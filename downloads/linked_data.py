"""Linked-data descriptions of the knowledge base: the DCAT catalogue of the download files
(JSON-LD, DCAT-AP's classes and properties), the schema.org `Dataset` of the downloads page,
and the schema.org description of an initiative's page.

Addresses are absolute: `absolute` turns a site path into the address the request came
by. The DCAT catalogue carries its context inline, so that no reader has to fetch one;
the schema.org blocks name schema.org's, as search engines expect.
"""

import json
from collections.abc import Callable

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from downloads import licence
from downloads.exports import CONTENT_TYPES, TITLE
from downloads.package import PACKAGE_NAME

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
SCHEMA_ORG = "https://schema.org"
# DCAT-AP names media types by their IANA registry address.
IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
DATA_PACKAGE_SPEC = "https://specs.frictionlessdata.io/data-package/"
KEYWORDS = ["ITU-D", "regional initiatives", "WTDC", "SDG", "WSIS", "Global Digital Compact"]
DESCRIPTION = (
    "The regional initiatives of ITU's World Telecommunication Development Conferences, "
    "their expected results and their alignment to the Sustainable Development Goals, the "
    "WSIS Action Lines and the Global Digital Compact, the WSIS Action Line Roadmaps that "
    "cite them, and the Regional Preparatory Meetings of 2025: normalised CSV tables with a "
    "Frictionless Data Package, a spreadsheet workbook and one JSON file."
)

Absolute = Callable[[str], str]


def media_type(file: dict) -> str:
    return CONTENT_TYPES[file["format"]].split(";")[0]


def dcat_catalog(manifest: dict, absolute: Absolute) -> dict:
    """The DCAT catalogue of the download files in `manifest`."""
    page = absolute(reverse("downloads:index"))
    licence_node = {"@id": licence.LICENCE_URL}
    distributions = []
    for file in manifest["files"]:
        address = absolute(reverse("downloads:file", args=[file["name"]]))
        distribution = {
            "@id": address,
            "@type": "dcat:Distribution",
            "dct:title": file.get("title") or file["name"],
            "dcat:downloadURL": {"@id": address},
            "dcat:accessURL": {"@id": page},
            "dcat:mediaType": {"@id": IANA_MEDIA_TYPES + media_type(file)},
            "dcat:byteSize": {"@value": str(file["size"]), "@type": "xsd:nonNegativeInteger"},
            "spdx:checksum": {
                "@type": "spdx:Checksum",
                "spdx:algorithm": {"@id": "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"},
                "spdx:checksumValue": {"@value": file["sha256"], "@type": "xsd:hexBinary"},
            },
            "dct:license": licence_node,
        }
        if file.get("description"):
            distribution["dct:description"] = file["description"]
        if file["name"] == "datapackage.json":
            distribution["dct:conformsTo"] = {"@id": DATA_PACKAGE_SPEC}
        distributions.append(distribution)
    dataset = {
        "@id": f"{page}#dataset",
        "@type": "dcat:Dataset",
        "dct:title": TITLE,
        "dct:description": DESCRIPTION,
        "dct:identifier": PACKAGE_NAME,
        "dct:license": licence_node,
        "dct:rights": {"@type": "dct:RightsStatement", "rdfs:label": licence.SOURCE_TEXTS},
        "dcat:keyword": KEYWORDS,
        "dcat:landingPage": {"@id": page},
        "dcat:distribution": distributions,
    }
    if manifest.get("data_version") is not None:
        dataset["dcat:version"] = str(manifest["data_version"])
    if manifest.get("changed_at"):
        dataset["dct:modified"] = {"@value": manifest["changed_at"], "@type": "xsd:dateTime"}
    return {
        "@context": DCAT_CONTEXT,
        "@id": absolute(reverse("downloads:catalog")),
        "@type": "dcat:Catalog",
        "dct:title": f"{TITLE}: catalogue of the downloads",
        "dct:description": DESCRIPTION,
        "dct:license": licence_node,
        "foaf:homepage": {"@id": absolute(reverse("home"))},
        "dcat:dataset": [dataset],
    }


def schema_org_dataset(manifest: dict, absolute: Absolute) -> dict:
    """The schema.org `Dataset` of the downloads page, with a `DataDownload` per file."""
    page = absolute(reverse("downloads:index"))
    dataset = {
        "@context": SCHEMA_ORG,
        "@type": "Dataset",
        "@id": f"{page}#dataset",
        "name": TITLE,
        "description": DESCRIPTION,
        "url": page,
        "keywords": KEYWORDS,
        "license": licence.LICENCE_URL,
        "isAccessibleForFree": True,
        "creditText": licence.ATTRIBUTION,
        "copyrightNotice": licence.SOURCE_TEXTS,
        "includedInDataCatalog": {
            "@type": "DataCatalog",
            "name": f"{TITLE}: catalogue of the downloads",
            "url": absolute(reverse("downloads:catalog")),
        },
        "distribution": [
            {
                "@type": "DataDownload",
                "name": file["name"],
                "description": file.get("description") or file["name"],
                "contentUrl": absolute(reverse("downloads:file", args=[file["name"]])),
                "encodingFormat": media_type(file),
                "contentSize": f"{file['size']} B",
                "sha256": file["sha256"],
                "license": licence.LICENCE_URL,
            }
            for file in manifest["files"]
        ],
    }
    if manifest.get("data_version") is not None:
        dataset["version"] = str(manifest["data_version"])
    if manifest.get("changed_at"):
        dataset["dateModified"] = manifest["changed_at"]
    return dataset


def initiative_description(initiative, absolute: Absolute, page_address: str) -> dict:
    """The schema.org description of an initiative's page: the text, what it is based on
    (its source document, and for adopted text its draft) and the SDGs it serves."""
    source = initiative.source
    based_on = {
        "@type": "CreativeWork",
        "name": source.title,
        "url": absolute(source.get_absolute_url()),
        "datePublished": source.date,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.address:
        based_on["sameAs"] = source.address
    based_on_all = [based_on]
    draft = initiative.draft
    if draft is not None and draft.published:
        based_on_all.append(
            {
                "@type": "CreativeWork",
                "name": f"{draft.code}: {draft.title} (RPM draft)",
                "url": absolute(draft.get_absolute_url()),
            }
        )
    sdgs = {link.sdg.number: link.sdg for link in initiative.sdg_links.all()}
    description = {
        "@context": SCHEMA_ORG,
        "@type": "CreativeWork",
        "@id": f"{page_address}#initiative",
        "url": page_address,
        "name": f"{initiative.code}: {initiative.title}",
        "identifier": initiative.slug,
        "description": initiative.objective,
        "inLanguage": "en",
        "creativeWorkStatus": "Adopted" if initiative.stage == "adopted" else "RPM draft",
        "temporalCoverage": f"{initiative.cycle.start_year}/{initiative.cycle.end_year}",
        "spatialCoverage": {"@type": "Place", "name": initiative.region.name},
        "isPartOf": {"@type": "CreativeWork", "name": initiative.cycle.action_plan},
        "isBasedOn": based_on_all,
        "about": [
            {
                "@type": "Thing",
                "name": f"SDG {number}: {sdg.short_name}",
                "url": absolute(sdg.get_absolute_url()),
            }
            for number, sdg in sorted(sdgs.items())
        ],
    }
    if initiative.label_as_printed != initiative.code:
        description["alternateName"] = initiative.label_as_printed
    return description


# What Django's json_script escapes: a JSON text inside <script> cannot close the element
# or open a comment, whatever the curated texts hold.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def jsonld_script(data: dict) -> SafeString:
    """A JSON-LD data block: browsers do not run it, and the page's policy allows it."""
    text = json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
