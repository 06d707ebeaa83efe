"""A search in another language than the texts' own says, in the reader's language, that
the texts are English, and offers the English search the editors' glossary knows."""

import re

import pytest

from tests.catalogs import translated

pytestmark = pytest.mark.django_db

NOTICE = "The texts of this knowledge base are in English: search with English words."


def test_a_spanish_search_on_the_spanish_pages_is_told_in_spanish_and_offered_english(client):
    response = client.get("/es/search/", {"q": "ciberseguridad"})
    assert response.status_code == 200
    html = response.content.decode()
    notice = translated("es", NOTICE)
    assert notice != NOTICE
    assert notice in html
    offer = re.search(r'<a href="\?q=cybersecurity" lang="en" dir="ltr">cybersecurity</a>', html)
    assert offer, "the English search is offered"
    assert '<bdi lang="es">ciberseguridad</bdi>' in html
    # The offer leads to results, on the Spanish pages.
    found = client.get("/es/search/", {"q": "cybersecurity"}).content.decode()
    assert NOTICE not in found
    assert notice not in found
    assert '<h3><a href="/es/initiatives/' in found


@pytest.mark.parametrize(("prefix", "locale"), [("/ar", "ar"), ("/zh", "zh_Hans"), ("/ru", "ru")])
def test_the_notice_is_in_the_interface_s_language(client, prefix, locale):
    html = client.get(f"{prefix}/search/", {"q": "ciberseguridad"}).content.decode()
    assert translated(locale, NOTICE) in html
