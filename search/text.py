"""Text handling shared by the index and the queries: preparation, words, trigrams, snippets."""

import html
import re
import unicodedata

from django.utils.safestring import SafeString, mark_safe

# Highlight markers the databases put around matched words in snippets. Control characters
# never reach the index (prepare() removes them), so they cannot be forged by a record's
# text; render_snippet() turns them into <mark> after escaping everything else.
MARK_START, MARK_END = "\x02", "\x03"

# PostgreSQL's parser reads "telecommunications/ICTs" as one file path, "itu.int" as one
# host name and "<b ..." as a tag whose content it skips, so the words in them would not be
# found. A zero-width space after such punctuation makes it split words where SQLite's
# tokenizer does; snippets drop it again.
WORD_BREAK = "\u200b"
_JOINED_PUNCTUATION = re.compile(r"([/.@:\\&<])(?=\S)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b]")

_WORD = re.compile(r"[^\W\d_][^\W_]{2,}")
MAX_WORD_LENGTH = 60


def prepare(text: str) -> str:
    """The text as the index stores it: no control characters, words split for both parsers."""
    text = _CONTROL.sub(" ", text or "")
    return _JOINED_PUNCTUATION.sub(lambda match: match.group(1) + WORD_BREAK, text)


def vocabulary(*texts: str) -> set[str]:
    """The words worth suggesting for a misspelt one: lower case, a letter first, 3+ long."""
    words = set()
    for text in texts:
        for word in _WORD.findall(text.lower()):
            if len(word) <= MAX_WORD_LENGTH:
                words.add(word)
    return words


def trigrams(word: str) -> set[str]:
    """The trigrams pg_trgm compares: each word padded with two spaces before, one after."""
    grams: set[str] = set()
    for part in re.findall(r"[^\W_]+", word.lower()):
        padded = f"  {part} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def render_snippet(raw: str) -> SafeString:
    """A snippet from the database as safe HTML: the text escaped, only our <mark> tags."""
    parts, open_mark = [], False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", raw.replace(WORD_BREAK, "")):
        if piece == MARK_START:
            if not open_mark:
                parts.append("<mark>")
                open_mark = True
        elif piece == MARK_END:
            if open_mark:
                parts.append("</mark>")
                open_mark = False
        else:
            parts.append(html.escape(piece))
    if open_mark:
        parts.append("</mark>")
    # Safe: every piece of the text was escaped above; the only tags are our own.
    return mark_safe("".join(parts))


def is_searchable(text: str) -> bool:
    """Whether a piece of a query holds at least one letter or digit."""
    return any(unicodedata.category(char)[0] in "LN" for char in text)
