"""Pages in six languages: English at today's addresses, the others under a prefix; the
reader's choice remembered; the browser's languages only suggesting; the API unchanged."""

import re

import pytest

pytestmark = pytest.mark.django_db

UN_ORDER = [
    ("ar", "عربي"),
    ("zh-Hans", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]
PREFIXES = {"ar": "/ar", "zh-Hans": "/zh", "en": "", "fr": "/fr", "ru": "/ru", "es": "/es"}


def html_element(content: str) -> str:
    return re.search(r"<html[^>]*>", content).group(0)


@pytest.mark.parametrize(
    ("prefix", "lang", "direction"),
    [("", "en", "ltr"), ("/ar", "ar", "rtl"), ("/zh", "zh-Hans", "ltr"), ("/fr", "fr", "ltr")]
    + [("/ru", "ru", "ltr"), ("/es", "es", "ltr")],
)
def test_each_language_has_its_address_lang_and_direction(client, prefix, lang, direction):
    response = client.get(f"{prefix}/initiatives/2026-2029/ams4/")
    assert response.status_code == 200
    assert html_element(response.content.decode()) == f'<html lang="{lang}" dir="{direction}">'
    assert response["Content-Language"] == ("zh-hans" if lang == "zh-Hans" else lang)


def test_a_page_declares_its_alternates_and_its_canonical_address(client):
    content = client.get("/fr/initiatives/2026-2029/ams4/").content.decode()
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', content)
    path = "/initiatives/2026-2029/ams4/"
    expected = [(lang, f"http://testserver{PREFIXES[lang]}{path}") for lang, _ in UN_ORDER]
    assert alternates == expected + [("x-default", f"http://testserver{path}")]
    assert f'<link rel="canonical" href="http://testserver/fr{path}">' in content


def test_the_language_bar_lists_the_six_languages_in_the_un_order_each_in_itself(client):
    content = client.get("/ru/initiatives/?region=AMS").content.decode()
    bar = re.search(r'<nav class="language-bar".*?</nav>', content, re.S).group(0)
    links = re.findall(
        r'<a href="([^"]+)" lang="([^"]+)" hreflang="[^"]+"( aria-current="true")?>([^<]+)</a>', bar
    )
    assert [(lang, name) for _, lang, _, name in links] == UN_ORDER
    assert [lang for _, lang, current, _ in links if current] == ["ru"]
    # Each link keeps the reader on the same page.
    assert links[3][0] == "/language/fr/?next=%2Ffr%2Finitiatives%2F%3Fregion%3DAMS"
    assert links[2][0] == "/language/en/?next=%2Finitiatives%2F%3Fregion%3DAMS"


def test_choosing_a_language_remembers_it_and_shows_the_same_page(client):
    response = client.get("/language/fr/", {"next": "/initiatives/?region=AMS"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/initiatives/?region=AMS"
    cookie = response.cookies["portal_language"]
    assert cookie.value == "fr"
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    assert "no-store" in response["Cache-Control"]
    # The remembered choice sends an English address on to the chosen language.
    response = client.get("/initiatives/2026-2029/ams4/?x=1")
    assert response.status_code == 302
    assert response["Location"] == "/fr/initiatives/2026-2029/ams4/?x=1"
    assert "Cookie" in response["Vary"]
    # Choosing English again shows English at the English address.
    response = client.get("/language/en/", {"next": "/zh/initiatives/"})
    assert response["Location"] == "/initiatives/"
    assert client.get("/initiatives/").status_code == 200


@pytest.mark.parametrize("target", ["https://elsewhere.example/", "//elsewhere.example/", "", "x"])
def test_choosing_a_language_never_leads_off_the_site(client, target):
    response = client.get("/language/ar/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_an_unknown_language_is_a_404(client):
    assert client.get("/language/de/").status_code == 404
    assert client.get("/de/initiatives/").status_code == 404
    assert client.get("/zh-hans/initiatives/").status_code == 404


def test_the_browser_languages_only_suggest_before_any_choice(client):
    response = client.get("/initiatives/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9,en;q=0.5")
    assert response.status_code == 200
    content = response.content.decode()
    assert html_element(content) == '<html lang="en" dir="ltr">'
    suggestion = re.search(r'<p class="language-suggestion[^"]*" lang="es".*?</p>', content, re.S)
    assert suggestion, "the Spanish page is offered"
    assert "/language/es/?next=%2Fes%2Finitiatives%2F" in suggestion.group(0)
    assert "Accept-Language" in response["Vary"]
    # The same address without the header is the plain English page, not the kept variant.
    assert "language-suggestion" not in client.get("/initiatives/").content.decode()
    # After a choice, the header no longer suggests anything.
    client.cookies["portal_language"] = "en"
    response = client.get("/initiatives/", HTTP_ACCEPT_LANGUAGE="es")
    assert "language-suggestion" not in response.content.decode()


def test_the_api_keeps_its_one_address_and_its_english(client):
    client.cookies["portal_language"] = "fr"
    response = client.get("/api/v1/regions/AMS/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert response.json()["html_url"] == "http://testserver/regions/ams/"
    assert client.get("/fr/api/v1/regions/").status_code == 404


def test_a_missing_page_answers_in_its_language(client):
    response = client.get("/fr/initiatives/2026-2029/zzz9/")
    assert response.status_code == 404
    assert html_element(response.content.decode()) == '<html lang="fr" dir="ltr">'
