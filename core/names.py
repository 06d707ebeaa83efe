"""Names kept in the six UN languages: the vocabularies' (regions, SDGs, action lines, GDC
objectives), which pages show in the reader's language and the API offers in all six."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language

# The UN languages a vocabulary name is kept in besides English, by the key `names` holds
# them under: Chinese is the Simplified script, which Django calls zh-hans.
NAME_LANGUAGES = ("ar", "es", "fr", "ru", "zh")
NAMES_HELP = (
    "The name in the other UN languages, as the UN publishes it: "
    '{"ar": …, "es": …, "fr": …, "ru": …, "zh": …} (zh: Simplified Chinese). '
    "English is the name above."
)


def validate_names(names) -> None:
    if not isinstance(names, dict):
        raise ValidationError("Expected a mapping of language code to name.")
    unknown = sorted(set(names) - set(NAME_LANGUAGES))
    if unknown:
        raise ValidationError(
            f"Unknown language code(s): {', '.join(unknown)}; expected {', '.join(NAME_LANGUAGES)}."
        )
    for code, name in names.items():
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(f"{code}: the name must be a non-empty text.")


def names_field():
    return models.JSONField(
        default=dict, blank=True, validators=[validate_names], help_text=NAMES_HELP
    )


def name_in(english: str, names: dict | None, language_code: str | None = None) -> str:
    """A name in `language_code` (the request's by default), from its English and its
    `names`: for rows read as values rather than records."""
    language = (language_code or get_language() or "en").lower().split("-")[0]
    if language in NAME_LANGUAGES:
        return (names or {}).get(language) or english
    return english


class NamedInLanguages:
    """A vocabulary record whose name is kept in the six UN languages: English in its own
    field (`english_name_field`), the others in `names`."""

    english_name_field: str
    names: dict[str, str]

    @property
    def english_name(self) -> str:
        return getattr(self, self.english_name_field)

    def name_in(self, language_code: str | None) -> str:
        """The name in a Django language code ("zh-hans" reads the "zh" entry); English
        for English, for an unknown language and where the name is missing."""
        return name_in(self.english_name, self.names, language_code or "en")

    @property
    def local_name(self) -> str:
        """The name in the language of the request being answered."""
        return self.name_in(get_language())

    @property
    def names_by_language(self) -> dict[str, str]:
        """Every language's name, English included, by language code in alphabetical order."""
        return {code: self.name_in(code) for code in sorted(("en", *NAME_LANGUAGES))}
