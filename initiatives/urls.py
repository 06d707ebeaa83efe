from django.urls import path, register_converter

from initiatives import views


class CycleConverter:
    regex = r"[0-9]{4}-[0-9]{4}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class CodeConverter(CycleConverter):
    """A region code and a number, in either case: AMS1, eur5."""

    regex = r"[A-Za-z]{3}[0-9]{1,2}"


register_converter(CycleConverter, "cycle")
register_converter(CodeConverter, "code")

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("<cycle:cycle>/<code:code>/", views.initiative_detail, name="detail"),
    path("<cycle:cycle>/<code:code>/draft/", views.initiative_draft, name="draft"),
    path("<cycle:cycle>/<code:code>/compare/", views.initiative_compare, name="compare"),
]
