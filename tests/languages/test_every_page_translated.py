"""Every page type in every language: no interface string left in English.

A page's interface text is everything but what is marked as being in another language
(the source texts, `lang="en"`; the language bar's names, each in its own). Text the
page in French shares with the same page in English is untranslated, unless the French
catalog itself says so (its translation is the same word, as "Initiatives" is) or it
holds no words at all (codes such as AMS4, C5, numbers, dates).
"""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import pytest
import yaml
from django.conf import settings

from core.management.commands.check_translations import READ_ATTRIBUTES, UNREAD_ELEMENTS
from tests.page_types import PAGE_TYPES

pytestmark = pytest.mark.django_db

VOCABULARIES = "fixtures/vocabularies.yaml"
LANGUAGES = {"ar": "/ar", "zh_Hans": "/zh", "fr": "/fr", "ru": "/ru", "es": "/es"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}


class InterfaceText(HTMLParser):
    """The text of a page in its own language: its text nodes and the attributes people read,
    leaving out scripts, styles and whatever declares another language."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page_language: str | None = None
        self.stack: list[bool] = []  # per open element: whether it is in another language
        self.texts: list[str] = []

    def _elsewhere(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.page_language = attributes.get("lang")
        own = attributes.get("lang")
        # Scripts and styles are not text; code is shown as it is typed.
        other = self._elsewhere() or tag in UNREAD_ELEMENTS
        if own is not None and tag != "html":
            other = other or own != self.page_language
        if not other:
            self.texts += [attributes[name] for name in READ_ATTRIBUTES if attributes.get(name)]
        if tag not in VOID:
            self.stack.append(other)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._elsewhere():
            self.texts.append(data)


def interface_texts(content: str) -> set[str]:
    parser = InterfaceText()
    parser.feed(content)
    texts = (" ".join(text.split()) for text in parser.texts)
    # Without a lower-case letter it holds no words: codes, acronyms, numbers, dates.
    return {text for text in texts if any(char.islower() for char in text)}


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
NUMBER = re.compile(r"\d+")


def _shape(text: str) -> str:
    """Spaces collapsed, and numbers and placeholders alike: "5 initiatives" is the shape
    of "%(counter)s initiatives"."""
    return " ".join(NUMBER.sub("#", PLACEHOLDER.sub("#", text)).split())


@cache
def translations(locale: str) -> str:
    """Every translation of the catalog, and every vocabulary name in its language, one per
    line, in their shape."""
    forms = []
    # The portal's catalog, and Django's own (file sizes, month names).
    for folder in (Path(settings.LOCALE_PATHS[0]), Path(django.__file__).parent / "conf/locale"):
        catalog = polib.pofile(str(folder / locale / "LC_MESSAGES/django.po"))
        for entry in catalog.translated_entries():
            forms += [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
    key = locale.split("_")[0]
    vocabularies = yaml.safe_load((Path(settings.BASE_DIR) / VOCABULARIES).read_text())
    forms += [
        record["names"][key]
        for records in vocabularies.values()
        for record in records
        if key in record.get("names", {})
    ]
    return "\n".join(_shape(form) for form in forms)


def kept_by_the_translator(text: str, locale: str) -> bool:
    """Whether the catalog's translations or the vocabularies' names in the language hold
    `text`: a word the language writes as English does ("Initiatives", "Europe"), a name kept
    ("Frictionless Data Package"), each perhaps with a code ("Europe (EUR)")."""
    shape = _shape(text)
    return shape in translations(locale) or not any(
        char.islower() for char in _without_names(shape, locale)
    )


@cache
def _longest_first(locale: str) -> list[str]:
    return sorted((line for line in translations(locale).split("\n") if len(line) > 3), key=len)[
        ::-1
    ]


def _without_names(shape: str, locale: str) -> str:
    for line in _longest_first(locale):
        if line in shape:
            shape = shape.replace(line, "")
    return shape


@pytest.mark.parametrize("locale", LANGUAGES)
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_interface_string_is_left_in_english(client, path, locale):
    english = client.get(path)
    translated = client.get(LANGUAGES[locale] + path)
    assert translated.status_code == english.status_code
    shared = interface_texts(translated.content.decode()) & interface_texts(
        english.content.decode()
    )
    untranslated = sorted(text for text in shared if not kept_by_the_translator(text, locale))
    assert untranslated == [], f"{LANGUAGES[locale]}{path} shows English interface text"


@pytest.mark.parametrize("locale", LANGUAGES)
def test_the_feed_is_titled_in_its_language(client, locale):
    english = client.get("/changes/feed/").content.decode()
    translated = client.get(f"{LANGUAGES[locale]}/changes/feed/").content.decode()
    title = re.compile(r"<feed[^>]*>.*?<title>([^<]+)</title>", re.S)
    assert title.search(translated).group(1) != title.search(english).group(1)
