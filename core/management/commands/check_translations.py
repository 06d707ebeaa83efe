"""`manage.py check_translations`: the interface is translatable, and translated, in full.

Three checks, each failing the command (and so `make lint`):

- every human-readable string in a template is marked for translation: text between tags,
  and the attributes people read (alt, title, aria-label, placeholder, a meta's content);
- each catalog in `locale/` knows every message the code and templates hold now
  (`makemessages` is run on a copy, so the check changes nothing);
- no catalog has an untranslated or fuzzy entry.
"""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.template.base import DebugLexer, TokenType

# What a reader reads in an attribute; the other attributes hold addresses, names, data.
READ_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder", "label"})
# The metadata whose content is read: a page's description, and how links to it show.
READ_METADATA = frozenset(
    {"description", "og:title", "og:description", "og:image:alt", "twitter:title"}
    | {"twitter:description", "twitter:image:alt"}
)
# Not prose: scripts, styles, and code, commands and addresses shown as they are typed.
UNREAD_ELEMENTS = frozenset({"script", "style", "code", "kbd", "samp"})
# Stands for a template tag or variable: never text to translate.
PLACEHOLDER = "\x00"


@dataclass(frozen=True)
class Unmarked:
    template: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.template}:{self.line}: {self.text!r} is not marked for translation"


def has_words(text: str) -> bool:
    return any(unicodedata.category(char).startswith("L") for char in text.replace(PLACEHOLDER, ""))


class _TextFinder(HTMLParser):
    """The readable text of a template flattened to HTML with its tags replaced by
    PLACEHOLDER, with the line each piece starts on."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in UNREAD_ELEMENTS:
            self._skipping.append(tag)
        attributes = dict(attrs)
        for name, value in attrs:
            described = attributes.get("name") or attributes.get("property")
            readable = name in READ_ATTRIBUTES or (
                name == "content" and tag == "meta" and described in READ_METADATA
            )
            if readable and value and has_words(value):
                self.found.append((self.getpos()[0], f"{name}={value.strip()}"))

    def handle_endtag(self, tag):
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data):
        if not self._skipping and has_words(data):
            self.found.append((self.getpos()[0], data.strip()))


def flattened(source: str) -> str:
    """The template with every tag, variable and comment replaced by PLACEHOLDER, and what
    is inside translate blocks and comment blocks dropped (kept on their lines)."""
    pieces: list[str] = []
    inside: str | None = None  # the end tag awaited: endblocktranslate, endcomment, endverbatim
    for token in DebugLexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split(" ", 1)[0]
            if inside:
                if name == inside:
                    inside = None
                raw = PLACEHOLDER
            else:
                if name in ("blocktranslate", "blocktrans"):
                    inside = "endblocktranslate" if name == "blocktranslate" else "endblocktrans"
                elif name in ("comment", "verbatim"):
                    inside = "end" + name
                raw = PLACEHOLDER
            pieces.append(raw + "\n" * _source_lines(source, token))
        elif token.token_type == TokenType.TEXT and not inside:
            pieces.append(token.contents)
        else:
            pieces.append(PLACEHOLDER + "\n" * _source_lines(source, token))
    return "".join(pieces)


def _source_lines(source: str, token) -> int:
    """How many line breaks the token's own source held, so line numbers stay right."""
    start, end = token.position
    return source.count("\n", start, end)


def unmarked_strings(template: Path) -> list[Unmarked]:
    finder = _TextFinder()
    finder.feed(flattened(template.read_text(encoding="utf-8")))
    finder.close()
    return [Unmarked(template, line, text.replace(PLACEHOLDER, "…")) for line, text in finder.found]


def project_templates() -> list[Path]:
    engines: list[dict] = settings.TEMPLATES
    folders = [Path(folder) for engine in engines for folder in engine["DIRS"]]
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


def catalog_paths() -> list[Path]:
    return sorted(Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/django.po"))


# How the catalogs are extracted, here and by `--update`: the project's own code and
# templates, each message with the files it is used in (no line numbers: less churn).
EXTRACTION = {
    "ignore_patterns": ["node_modules/*", "staticfiles/*", "var/*", "tests/*", "docs/*"],
    "no_obsolete": True,
    "add_location": "file",
    "verbosity": 0,
}
# The catalogs' folders, by Django's locale name of each language but English.
CATALOG_LOCALES = ["ar", "zh_Hans", "fr", "ru", "es"]


def update_catalogs() -> None:
    call_command("makemessages", locale=CATALOG_LOCALES, **EXTRACTION)


def _message_keys(path: Path) -> set[tuple[str | None, str]]:
    import polib

    return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path)) if not entry.obsolete}


def catalog_problems() -> list[str]:
    import polib

    problems = []
    for path in catalog_paths():
        catalog = polib.pofile(str(path))
        for entry in catalog.untranslated_entries():
            problems.append(f"{path}: untranslated: {entry.msgid!r}")
        for entry in catalog.fuzzy_entries():
            problems.append(f"{path}: fuzzy: {entry.msgid!r}")
    return problems


def stale_catalogs() -> list[str]:
    """The messages the code holds that a catalog lacks, found by running makemessages on a
    copy of the catalogs and putting the originals back."""
    locale = Path(settings.LOCALE_PATHS[0])
    before = {path: _message_keys(path) for path in catalog_paths()}
    problems = []
    with tempfile.TemporaryDirectory() as kept:
        backup = Path(kept) / "locale"
        shutil.copytree(locale, backup)
        try:
            update_catalogs()
            for path, keys in before.items():
                missing = _message_keys(path) - keys
                problems += [f"{path}: not in the catalog: {msgid!r}" for _, msgid in missing]
        finally:
            shutil.rmtree(locale)
            shutil.copytree(backup, locale)
    return problems


class Command(BaseCommand):
    help = "Fail on template text not marked for translation and on incomplete catalogs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="First bring every catalog up to date with the code (makemessages).",
        )
        parser.add_argument(
            "--templates",
            nargs="*",
            metavar="FILE",
            help="Only check these templates for unmarked text (no catalog checks).",
        )

    def handle(self, *args, templates=None, update=False, **options):
        if update:
            update_catalogs()
        if templates is not None:
            paths = [Path(name) for name in templates] or project_templates()
            problems = [str(found) for path in paths for found in unmarked_strings(path)]
        else:
            problems = [
                str(found) for path in project_templates() for found in unmarked_strings(path)
            ]
            problems += stale_catalogs()
            problems += catalog_problems()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} translation problems.")
        if templates is not None:
            self.stdout.write("Every string of these templates is marked for translation.")
        else:
            self.stdout.write("Every template string is marked and every catalog is complete.")
