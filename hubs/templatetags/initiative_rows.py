"""`{% region_initiatives region %}`: a region page's initiatives, one row per initiative
(the adopted text, its RPM draft linked in the row), by cycle, with the chart of what they
serve. The region sits below the initiatives it lists: the hub that counts and groups them
for the whole portal (initiatives.tallies) draws them for it."""

from django import template

from hubs import charts
from initiatives.models import Initiative
from initiatives.tallies import adopted_and_draft

register = template.Library()


@register.inclusion_tag("includes/region_initiatives.html")
def region_initiatives(region, has_priorities: bool = False) -> dict:
    """Three queries: the region's texts, and the chart's two."""
    texts = Initiative.objects.for_listing().filter(region=region)
    cycles: dict = {}
    for adopted, draft in adopted_and_draft(texts.order_by("-cycle__start_year", "number")):
        main = adopted or draft
        shown_draft = draft if adopted else None
        cycles.setdefault(main.cycle, []).append({"initiative": main, "draft": shown_draft})
    count = sum(len(rows) for rows in cycles.values())
    return {
        "region": region,
        "groups": [{"cycle": cycle, "rows": rows} for cycle, rows in cycles.items()],
        "initiative_count": count,
        "chart": charts.region_profile(region, count) if count else None,
        "has_priorities": has_priorities,
    }
