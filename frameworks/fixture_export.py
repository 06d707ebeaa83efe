"""The frameworks app's fixture sections as the fixtures hold them: the inverse of its
``fixture_sections`` (sdgs, action_lines, gdc_objectives)."""

from core.exporting import register_export
from core.loading import normalise_whitespace
from core.names import NAME_LANGUAGES
from frameworks.models import SDG, ActionLine, GDCObjective


def with_names(record: dict, names: dict) -> dict:
    """A record with its `names` last, in the file's order of languages; none if it has none."""
    if names:
        record["names"] = {code: names[code] for code in NAME_LANGUAGES if code in names}
    return record


def export_sdgs(template: list) -> list[dict]:
    return [
        with_names(
            {
                "number": sdg.number,
                "short_name": normalise_whitespace(sdg.short_name),
                "colour": sdg.colour,
                "title": normalise_whitespace(sdg.title),
            },
            sdg.names,
        )
        for sdg in SDG.objects.order_by("number")
    ]


def export_action_lines(template: list) -> list[dict]:
    # The number is derived from the code: the file holds the code only.
    return [
        with_names({"code": line.code, "title": normalise_whitespace(line.title)}, line.names)
        for line in ActionLine.objects.order_by("number")
    ]


def export_gdc_objectives(template: list) -> list[dict]:
    return [
        with_names(
            {"number": objective.number, "title": normalise_whitespace(objective.title)},
            objective.names,
        )
        for objective in GDCObjective.objects.order_by("number")
    ]


register_export("sdgs", export_sdgs)
register_export("action_lines", export_action_lines)
register_export("gdc_objectives", export_gdc_objectives)
