"""The frameworks app's fixture sections as the fixtures hold them: the inverse of its
``fixture_sections`` (sdgs, action_lines, gdc_objectives)."""

from core.exporting import register_export
from core.loading import normalise_whitespace
from frameworks.models import SDG, ActionLine, GDCObjective


def export_sdgs(template: list) -> list[dict]:
    return [
        {
            "number": sdg.number,
            "short_name": normalise_whitespace(sdg.short_name),
            "colour": sdg.colour,
            "title": normalise_whitespace(sdg.title),
        }
        for sdg in SDG.objects.order_by("number")
    ]


def export_action_lines(template: list) -> list[dict]:
    # The number is derived from the code: the file holds the code only.
    return [
        {"code": line.code, "title": normalise_whitespace(line.title)}
        for line in ActionLine.objects.order_by("number")
    ]


def export_gdc_objectives(template: list) -> list[dict]:
    return [
        {"number": objective.number, "title": normalise_whitespace(objective.title)}
        for objective in GDCObjective.objects.order_by("number")
    ]


register_export("sdgs", export_sdgs)
register_export("action_lines", export_action_lines)
register_export("gdc_objectives", export_gdc_objectives)
