"""`{% roadmap_chart roadmap %}`: the bar chart of a roadmap's page, whose template loads
this library. The roadmaps app sits below the chart component: the hub that spans the
knowledge base draws for it, as it tells when its records last changed."""

from django import template

from hubs import charts

register = template.Library()


@register.inclusion_tag("includes/bar_chart.html")
def roadmap_chart(roadmap) -> dict:
    """The roadmap's rows per SDG; one query."""
    return {"chart": charts.roadmap_rows_per_sdg(roadmap)}
