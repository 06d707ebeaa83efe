"""The fonts the site serves for Arabic and Chinese hold every character those pages show:
the catalogs' translations and the vocabularies' names (docs/decisions/0015-fonts.md)."""

import unicodedata
from pathlib import Path

import polib
import pytest
import yaml
from django.conf import settings
from fontTools.ttLib import TTFont

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
LOCALE = Path(settings.LOCALE_PATHS[0])
VOCABULARIES = Path(settings.BASE_DIR) / "fixtures" / "vocabularies.yaml"
# (catalog, key of the vocabularies' names, font files, the script the font is for)
LANGUAGES = [
    ("ar", "ar", ["NotoSansArabic-Regular.woff2", "NotoSansArabic-Bold.woff2"], "ARABIC"),
    (
        "zh_Hans",
        "zh",
        ["NotoSansSC-subset-Regular.woff2", "NotoSansSC-subset-Bold.woff2"],
        "CJK",
    ),
]


def shown_text(locale: str, key: str) -> str:
    catalog = polib.pofile(str(LOCALE / locale / "LC_MESSAGES" / "django.po"))
    texts = [entry.msgstr for entry in catalog] + [
        form for entry in catalog for form in entry.msgstr_plural.values()
    ]
    vocabularies = yaml.safe_load(VOCABULARIES.read_text(encoding="utf-8"))
    texts += [
        record["names"][key]
        for records in vocabularies.values()
        for record in records
        if "names" in record
    ]
    return "".join(texts)


@pytest.mark.parametrize(("locale", "key", "files", "script"), LANGUAGES)
def test_the_served_font_has_every_character_of_its_script_the_pages_show(
    locale, key, files, script
):
    wanted = {
        char
        for char in shown_text(locale, key)
        if unicodedata.name(char, "").startswith(script)
        or (script == "CJK" and 0x3000 <= ord(char) <= 0x303F)
        or (script == "CJK" and 0xFF00 <= ord(char) <= 0xFFEF)
    }
    assert len(wanted) > 20, "the catalog and names hold the script"
    for name in files:
        covered = set(map(chr, TTFont(FONTS / name).getBestCmap()))
        assert sorted(wanted - covered) == [], name
