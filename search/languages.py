"""Searches in other languages than the texts' own: the knowledge base is English, so a
search in Spanish, Arabic or Chinese that finds nothing says so, in the language of the
interface, and offers the English words the editors' glossary knows."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

GLOSSARY = Path(__file__).with_name("glossary.yaml")
LANGUAGES = ("fr", "es", "ru", "ar", "zh")
# The script a query is written in tells its language when the glossary does not.
_SCRIPTS = (("ARABIC", "ar"), ("CYRILLIC", "ru"), ("CJK", "zh"))


@dataclass(frozen=True)
class EnglishSuggestion:
    typed: str  # the glossary's rendering found in the query
    language: str  # its language
    english: str  # what to search for instead


@dataclass(frozen=True)
class LanguageHint:
    language: str | None  # fr, es, ru, ar or zh, when the query shows which
    suggestions: list[EnglishSuggestion]


def normalised(text: str) -> str:
    """Lower case, without accents or typographic apostrophes: how people type terms."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("\u2019", "'"))
    return unicodedata.normalize(
        "NFC", "".join(char for char in text if not unicodedata.combining(char))
    )


@cache
def glossary() -> list[tuple[str, str, str, re.Pattern]]:
    """(language, rendering, English term, pattern finding the rendering in a query)."""
    data = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    entries = []
    for term in data["terms"]:
        for language in LANGUAGES:
            for rendering in term.get(language, []):
                key = re.escape(normalised(rendering))
                # Chinese writes no spaces between words: the term may stand anywhere.
                pattern = key if language == "zh" else rf"(?<!\w){key}(?!\w)"
                entries.append((language, rendering, term["english"], re.compile(pattern)))
    return entries


def non_latin_language(query: str) -> str | None:
    """The language a query's script points to (Arabic, Cyrillic, Chinese), if any."""
    for char in query:
        if unicodedata.category(char).startswith("L"):
            name = unicodedata.name(char, "")
            for script, language in _SCRIPTS:
                if name.startswith(script):
                    return language
    return None


def language_hint(query: str) -> LanguageHint:
    """What the query shows of its language, and the English terms to offer for it."""
    text = normalised(query)
    suggestions: list[EnglishSuggestion] = []
    for language, rendering, english, pattern in glossary():
        if pattern.search(text) and english not in {s.english for s in suggestions}:
            suggestions.append(EnglishSuggestion(rendering, language, english))
    found = suggestions[0].language if suggestions else non_latin_language(query)
    return LanguageHint(language=found, suggestions=suggestions)
