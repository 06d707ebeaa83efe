"""`{% region_chart region total %}` and `{% roadmap_chart roadmap %}`: the bar charts of
a region's and a roadmap's pages, whose templates load this library. Their apps sit below
the chart component (and regions below the initiatives it counts): the hub that spans the
knowledge base draws for them, as it tells when their records last changed."""

from django import template

from hubs import charts

register = template.Library()


@register.inclusion_tag("includes/bar_chart.html")
def region_chart(region, total: int) -> dict:
    """The region's initiatives (`total` of them) per SDG; one query."""
    return {"chart": charts.region_profile(region, total)}


@register.inclusion_tag("includes/bar_chart.html")
def roadmap_chart(roadmap) -> dict:
    """The roadmap's rows per SDG; one query."""
    return {"chart": charts.roadmap_rows_per_sdg(roadmap)}
