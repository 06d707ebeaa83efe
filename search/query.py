"""From what a person typed to what the index is asked, whatever the database.

A query is read as words and "quoted phrases", all of which a record must contain; a word
also matches the longer words it begins (`matches_prefix`). Nothing
typed is ever passed to the database as query syntax: each word or phrase becomes a
parameter of a function that cannot fail (PostgreSQL) or a quoted FTS5 string holding
only letters, digits, hyphens and apostrophes (SQLite). Operators of either engine
(``OR``, ``NEAR(``, ``*``, ``title:``, ``&|!``) are read as plain words or dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from search.text import is_searchable

MAX_QUERY_LENGTH = 200
# A query has few words; more only cost time when near-misses are looked up.
MAX_SIMILAR_LOOKUPS = 8

# PostgreSQL's English stop words (Snowball): PostgreSQL drops them from queries, SQLite
# would require them, so both engines drop them from the words a query asks for.
_STOP_WORDS = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will
    just don should now
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# Typographic quotes typed or pasted stand for the plain ones.
_QUOTES = str.maketrans(
    dict.fromkeys("\u201c\u201d\u201e\u201f«»\u2033", '"') | {"\u2018": "'", "\u2019": "'"}
)
# A code written with a space or a hyphen ("AMS 4", "sdg-9") is also searched joined
# ("AMS4"), and a joined code also with a space, since the sources write both.
_JOINED_CODE = re.compile(r"^([^\W\d_]{1,4})(\d{1,2})$")
_CODE_WITH_SPACE = re.compile(r"\b([^\W\d_]{1,4})[\s-]+(\d{1,2})\b")


# A word of three letters or more also matches the words it begins ("cyber" finds
# "cybersecurity"), on both engines and for every list's text filter alike; each engine
# stems it first, so "securities" matches as "secur…" does. Codes and short words match
# exactly: "UN" must not find "unit", nor "AMS1" find "AMS10".
_PREFIX_WORD = re.compile(r"[^\W\d_]{3,}")


def matches_prefix(unit: Unit) -> bool:
    """Whether the index is also asked for the words that `unit` begins."""
    return not unit.phrase and bool(_PREFIX_WORD.fullmatch(unit.text))


class QueryError(ValueError):
    """A query that cannot be searched for; the message says why, for the person who typed it."""


@dataclass(frozen=True)
class Unit:
    """A word, or a phrase whose words must follow one another."""

    text: str
    phrase: bool = False


# A group is satisfied by any of its units: a word and its alternatives.
Group = tuple[Unit, ...]


@dataclass(frozen=True)
class Criteria:
    """What a record must contain: every group (or any, when `require_all` is false)."""

    groups: tuple[Group, ...]
    require_all: bool = True


def clean_query(raw: str | None) -> str:
    """The query as it will be searched for, or QueryError when nothing in it can be."""
    text = unicodedata.normalize("NFKC", raw or "").translate(_QUOTES)
    text = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp") else char
        for char in text
    )
    text = " ".join(text.split())
    if not text:
        raise QueryError(_("Type a word or a phrase to search for."))
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            _(
                "The search is %(length)s characters long; "
                "searches are limited to %(limit)s characters."
            )
            % {"length": f"{len(text):,}", "limit": MAX_QUERY_LENGTH}
        )
    parse(text)
    return text


def parse(text: str) -> list[Group]:
    """The groups a cleaned query asks for, in the order typed."""
    if text.count('"') % 2:
        # An unbalanced quote is a typing slip: the words after it are searched as words.
        head, _quote, tail = text.rpartition('"')
        text = f"{head} {tail}"
    groups: list[Group] = []
    seen: set[str] = set()
    dropped_stop_words = []
    for index, part in enumerate(text.split('"')):
        inside_quotes = bool(index % 2)
        words = _words(part if inside_quotes else _join_codes(part))
        if inside_quotes and len(words) > 1:
            candidates = [Unit(" ".join(words), phrase=True)]
        else:
            candidates = [Unit(word) for word in words]
        for unit in candidates:
            key = unit.text.lower()
            if key in seen:
                continue
            seen.add(key)
            if not unit.phrase and key in STOP_WORDS:
                dropped_stop_words.append(unit.text)
                continue
            groups.append(_with_code_spellings(unit))
    if not groups:
        if dropped_stop_words:
            listed = ", ".join(f"“{word}”" for word in dropped_stop_words[:3])
            raise QueryError(
                ngettext(
                    "%(words)s is too common to search for; add a more specific word.",
                    "%(words)s are too common to search for; add a more specific word.",
                    len(dropped_stop_words),
                )
                % {"words": listed}
            )
        raise QueryError(
            _("Type at least one word: punctuation and symbols alone are not searched.")
        )
    return groups


def _words(part: str) -> list[str]:
    # Letters, digits, combining marks, hyphens and apostrophes are kept; everything else
    # separates words, as it does for both engines' tokenizers.
    kept = "".join(
        char if unicodedata.category(char)[0] in "LNM" or char in "-'" else " " for char in part
    )
    words = []
    for word in kept.split():
        word = word.strip("-'")
        if is_searchable(word):
            words.append(word)
    return words


def _with_code_spellings(unit: Unit) -> Group:
    if unit.phrase:
        words = unit.text.split()
        if len(words) == 2 and _is_code_pair(*words):
            return (unit, Unit("".join(words)))
        return (unit,)
    match = _JOINED_CODE.match(unit.text)
    if match:
        return (unit, Unit(f"{match.group(1)} {match.group(2)}", phrase=True))
    return (unit,)


def _is_code_pair(letters: str, digits: str) -> bool:
    return bool(re.fullmatch(r"[^\W\d_]{1,4}", letters) and re.fullmatch(r"\d{1,2}", digits))


def _join_codes(text: str) -> str:
    return _CODE_WITH_SPACE.sub(
        lambda m: m.group(0) if m.group(1).lower() in STOP_WORDS else m.group(1) + m.group(2),
        text,
    )


def with_alternatives(groups: list[Group], similar: dict[str, list[str]]) -> list[Group]:
    """The groups with the similar words found for their words added as alternatives."""
    widened = []
    for group in groups:
        extra: list[Unit] = []
        for unit in group:
            if not unit.phrase:
                extra.extend(Unit(word) for word in similar.get(unit.text.lower(), []))
        known = {unit.text.lower() for unit in group}
        widened.append(group + tuple(u for u in extra if u.text.lower() not in known))
    return widened


def lookup_words(groups: list[Group]) -> list[str]:
    """The words worth looking up for near-misses: single words of three letters or more."""
    words = []
    for group in groups:
        unit = group[0]
        if not unit.phrase and len(unit.text) >= 3 and unit.text.lower() not in words:
            words.append(unit.text.lower())
    return words[:MAX_SIMILAR_LOOKUPS]
