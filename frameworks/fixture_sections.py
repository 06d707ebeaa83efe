"""Fixture sections of the frameworks app: sdgs, action_lines, gdc_objectives."""

from django.core.exceptions import ValidationError

from core.loading import LoadContext, normalise_whitespace, register_section
from core.names import NAME_LANGUAGES, validate_names
from frameworks.models import SDG, ActionLine, GDCObjective


def load_names(context: LoadContext, record: str, data: dict) -> dict:
    """A vocabulary record's `names`: its name in the other UN languages, by language code."""
    names = data.get("names", {})
    try:
        validate_names(names)
    except ValidationError as error:
        context.fail(record, f"names: {' '.join(error.messages)}")
    return {code: normalise_whitespace(names[code]) for code in NAME_LANGUAGES if code in names}


def load_sdgs(context: LoadContext, records: list) -> None:
    for data in records:
        record = f"SDG {data.get('number')!r}" if isinstance(data, dict) else "SDG"
        context.fields(
            data,
            record,
            required=["number", "short_name", "title", "colour"],
            optional=["names"],
        )
        context.upsert(
            SDG,
            record,
            {"number": data["number"]},
            {
                "short_name": normalise_whitespace(data["short_name"]),
                "title": normalise_whitespace(data["title"]),
                "colour": data["colour"],
                "names": load_names(context, record, data),
            },
        )


def load_action_lines(context: LoadContext, records: list) -> None:
    for data in records:
        record = f"action line {data.get('code')!r}" if isinstance(data, dict) else "action line"
        context.fields(data, record, required=["code", "title"], optional=["names"])
        code = data["code"]
        if code not in ActionLine.CODES:
            context.fail(record, f"code must be one of C1 to C11, not {code!r}")
        context.upsert(
            ActionLine,
            record,
            {"code": code},
            {
                "number": int(code[1:]),
                "title": normalise_whitespace(data["title"]),
                "names": load_names(context, record, data),
            },
        )


def load_gdc_objectives(context: LoadContext, records: list) -> None:
    for data in records:
        record = (
            f"GDC objective {data.get('number')!r}" if isinstance(data, dict) else "GDC objective"
        )
        context.fields(data, record, required=["number", "title"], optional=["names"])
        context.upsert(
            GDCObjective,
            record,
            {"number": data["number"]},
            {
                "title": normalise_whitespace(data["title"]),
                "names": load_names(context, record, data),
            },
        )


register_section("sdgs", load_sdgs)
register_section("action_lines", load_action_lines)
register_section("gdc_objectives", load_gdc_objectives)
