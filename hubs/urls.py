from django.urls import path, re_path

from hubs import views

# The route names are public (templates, links, tests) and predate this app: kept.
app_name = "frameworks"
urlpatterns = [
    path("sdgs/", views.sdg_list, name="sdgs"),
    path("sdgs/<int:number>/", views.sdg_detail, name="sdg"),
    path("action-lines/", views.action_line_list, name="action_lines"),
    re_path(
        r"^action-lines/(?P<code>[Cc][0-9]{1,2})/$", views.action_line_detail, name="action_line"
    ),
    path("gdc/", views.gdc_list, name="gdc_objectives"),
    path("gdc/<int:number>/", views.gdc_detail, name="gdc"),
]
