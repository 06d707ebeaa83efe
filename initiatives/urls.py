from django.urls import path, register_converter

from initiatives import cycles, views


class CycleConverter:
    regex = r"[0-9]{4}-[0-9]{4}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class CodeConverter(CycleConverter):
    """A region code and a number, in either case: AMS1, eur5."""

    regex = r"[A-Za-z]{3}[0-9]{1,2}"


class CitationFormatConverter(CycleConverter):
    """The citation files: cite.bib, cite.ris, cite.json (initiatives.citations)."""

    regex = r"bib|ris|json"


register_converter(CycleConverter, "cycle")
register_converter(CodeConverter, "code")
register_converter(CitationFormatConverter, "citation_format")

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("<cycle:cycle>/", cycles.cycle_initiatives, name="cycle"),
    path("<cycle:cycle>/<code:code>/", views.initiative_detail, name="detail"),
    path("<cycle:cycle>/<code:code>/draft/", views.initiative_draft, name="draft"),
    path("<cycle:cycle>/<code:code>/compare/", views.initiative_compare, name="compare"),
    path(
        "<cycle:cycle>/<code:code>/cite.<citation_format:file_format>",
        views.initiative_citation,
        name="citation",
    ),
    path(
        "<cycle:cycle>/<code:code>/draft/cite.<citation_format:file_format>",
        views.initiative_citation,
        {"draft": True},
        name="draft-citation",
    ),
    path(
        "<cycle:cycle>/<code:code>/results/<int:number>/cite.<citation_format:file_format>",
        views.initiative_citation,
        name="result-citation",
    ),
    path(
        "<cycle:cycle>/<code:code>/draft/results/<int:number>/cite.<citation_format:file_format>",
        views.initiative_citation,
        {"draft": True},
        name="draft-result-citation",
    ),
]
