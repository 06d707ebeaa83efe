"""The terms the knowledge base is offered under (docs/decisions/0010-licence.md), in the
words every place that states them uses: the JSON file, the Data Package, the workbook,
the downloads page, the DCAT and schema.org metadata. The README and the OpenAPI
`info.license` (config/settings.py) repeat the name and address; a test holds them to it.
The files state them in English; the downloads page explains them in the reader's language
(`page_statement`), but for the attribution, which is to be copied as it is.
"""

from django.utils.translation import gettext, gettext_noop

LICENCE_NAME = "CC-BY-4.0"
LICENCE_TITLE = "Creative Commons Attribution 4.0 International"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

LICENCE_SCOPE = gettext_noop(
    "The editors' additions (the alignments they curated and their rationales, the curation "
    "notes, the codes and numbers they restored, the links between records) and the "
    "arrangement of the knowledge base into these files are offered under the Creative "
    "Commons Attribution 4.0 International licence (CC BY 4.0)."
)
SOURCE_TEXTS = gettext_noop(
    "The texts reproduced from ITU's documents (titles, objectives, expected results, roadmap "
    "cells, meeting details, source sections) remain the International Telecommunication "
    "Union's: each record names the document it comes from (its source) and is attributed "
    "to it, and the licence above does not extend to them."
)
ATTRIBUTION = (
    "ITU-D Regional Initiatives knowledge base: editors' additions under CC BY 4.0; source "
    "texts © International Telecommunication Union (ITU), as named for each record."
)


def licence_statement() -> dict:
    """The licence as the JSON file states it."""
    return {
        "name": LICENCE_NAME,
        "title": LICENCE_TITLE,
        "url": LICENCE_URL,
        "scope": LICENCE_SCOPE,
        "source_texts": SOURCE_TEXTS,
        "attribution": ATTRIBUTION,
    }


def page_statement() -> dict:
    """The licence as the downloads page states it, in the reader's language."""
    return {
        **licence_statement(),
        "scope": gettext(LICENCE_SCOPE),
        "source_texts": gettext(SOURCE_TEXTS),
    }
