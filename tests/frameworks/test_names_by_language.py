"""The vocabularies' names in the six UN languages: in the data, in the API, in Python."""

import json
import re
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from core.names import NAME_LANGUAGES, validate_names
from frameworks.models import SDG, ActionLine, GDCObjective
from regions.models import Region
from tests.admin_forms import save_change_form
from tests.api.conftest import everything

pytestmark = pytest.mark.django_db

VOCABULARIES = [
    # model, the field of the English name, the API endpoint
    (Region, "name", "regions"),
    (SDG, "short_name", "sdgs"),
    (ActionLine, "title", "action-lines"),
    (GDCObjective, "title", "gdc-objectives"),
]
PARAMETERS = ("model", "english_field", "endpoint")
VOCABULARY_IDS = [endpoint for _, _, endpoint in VOCABULARIES]
ALL_LANGUAGES = {"ar", "en", "es", "fr", "ru", "zh"}

ARABIC = re.compile(r"[\u0600-\u06FF]")
CJK = re.compile(r"[\u4E00-\u9FFF]")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def letters(text: str) -> list[str]:
    return [character for character in text if character.isalpha()]


def is_latin(character: str) -> bool:
    return unicodedata.name(character, "").startswith("LATIN")


def in_its_script(language: str, name: str) -> bool:
    """Whether every letter of a name is of its language's script (ICT, TIC and the like
    stay Latin in Arabic, Chinese and Russian names where the UN writes them so)."""
    found = letters(name)
    if language == "ar":
        return bool(ARABIC.search(name)) and not any(is_latin(c) for c in found)
    if language == "zh":
        return bool(CJK.search(name)) and not any(is_latin(c) for c in found)
    if language == "ru":
        return bool(CYRILLIC.search(name)) and not any(is_latin(c) for c in found)
    return bool(found) and all(is_latin(c) for c in found)


@pytest.mark.parametrize(PARAMETERS, VOCABULARIES, ids=VOCABULARY_IDS)
def test_every_record_has_all_five_names_in_their_scripts(model, english_field, endpoint):
    # (Europe is Europe in French: a name may equal the English one.)
    records = list(model.objects.all())
    assert records
    for record in records:
        assert set(record.names) == set(NAME_LANGUAGES), record
        for language, name in record.names.items():
            assert name, (record, language)
            assert name.strip() == name, (record, language)
            assert in_its_script(language, name), (record, language, name)


@pytest.mark.parametrize(PARAMETERS, VOCABULARIES, ids=VOCABULARY_IDS)
def test_the_api_offers_the_names_in_lists_and_details(client, model, english_field, endpoint):
    listed = everything(client, endpoint)
    assert len(listed) == model.objects.count()
    for item in listed:
        assert set(item["names"]) == ALL_LANGUAGES
        assert all(isinstance(name, str) and name for name in item["names"].values())
        detail = client.get(item["url"].removeprefix("http://testserver")).json()
        assert detail["names"] == item["names"]
    first = model.objects.first()
    names = next(item["names"] for item in listed if item["url"].endswith(f"/{key(first)}/"))
    assert names == {"en": getattr(first, english_field), **first.names}


def key(record) -> str:
    return record.code if hasattr(record, "code") else str(record.number)


def test_the_schema_shows_the_names_as_an_object_of_strings(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    for component in ("Region", "SDG", "ActionLine", "GDCObjective"):
        names = schema["components"]["schemas"][component]["properties"]["names"]
        assert names["type"] == "object"
        assert set(names["properties"]) == ALL_LANGUAGES
        assert all(value == {"type": "string"} for value in names["properties"].values())


def test_name_in_reads_the_django_language_code():
    sdg = SDG.objects.get(number=1)
    assert sdg.name_in("en") == sdg.short_name == "No poverty"
    assert sdg.name_in("zh-hans") == sdg.names["zh"] == "无贫穷"
    assert sdg.name_in("fr") == "Pas de pauvreté"
    assert sdg.name_in("es") == "Fin de la pobreza"
    assert sdg.name_in("ru") == "Ликвидация нищеты"
    assert sdg.name_in("ar") == "القضاء على الفقر"
    # A language the UN does not use, or none, reads English.
    assert sdg.name_in("de") == sdg.name_in(None) == "No poverty"
    region = Region.objects.get(code="ARB")
    assert region.name_in("fr") == "États arabes"
    assert region.name_in("es") == "Estados Árabes"


def test_a_missing_name_falls_back_to_english():
    line = ActionLine.objects.get(code="C5")
    line.names = {"fr": line.names["fr"]}
    assert line.name_in("ru") == line.title
    assert line.name_in("fr") == line.names["fr"]
    assert line.names_by_language["ru"] == line.title


def test_local_name_follows_the_active_language():
    objective = GDCObjective.objects.get(number=1)
    with translation.override("zh-hans"):
        assert objective.local_name == objective.names["zh"]
    with translation.override("ar"):
        assert objective.local_name == objective.names["ar"]
    with translation.override("en"):
        assert objective.local_name == objective.title


def test_names_refuse_unknown_languages_and_empty_names():
    validate_names({"ar": "أفريقيا", "zh": "非洲"})
    with pytest.raises(ValidationError):
        validate_names({"de": "Afrika"})
    with pytest.raises(ValidationError):
        validate_names({"fr": " "})
    with pytest.raises(ValidationError):
        validate_names(["Afrique"])


@pytest.mark.parametrize(PARAMETERS, VOCABULARIES, ids=VOCABULARY_IDS)
def test_the_admin_change_form_saves_the_names_unchanged(
    editor_client, model, english_field, endpoint
):
    record = model.objects.first()
    before = dict(record.names)
    url = reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[record.pk]
    )
    save_change_form(editor_client, url)
    record.refresh_from_db()
    assert record.names == before


def test_the_admin_change_form_edits_a_name(editor_client):
    region = Region.objects.get(code="ASP")
    url = reverse("admin:regions_region_change", args=[region.pk])
    names = {**region.names, "zh": "亚洲及太平洋"}
    save_change_form(editor_client, url, names=json.dumps(names, ensure_ascii=False))
    region.refresh_from_db()
    assert region.names["zh"] == "亚洲及太平洋"
    assert region.name == "Asia and the Pacific"
