"""The interface's translation catalogs, as the tests read them."""

from pathlib import Path

import polib
from django.conf import settings


def translated(locale: str, message: str) -> str:
    """`message` as the catalog of `locale` (locale/<locale>/LC_MESSAGES/django.po)
    translates it."""
    catalog = polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / locale / "LC_MESSAGES/django.po"))
    return next(entry.msgstr for entry in catalog if entry.msgid == message and entry.msgstr)
