from django.urls import path, re_path

from hubs import og, views

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
    path("matrix/", views.matrix, name="matrix"),
]

# Images for sharing (hubs/og.py): the picture a link to each page shows elsewhere.
urlpatterns += [
    path("og/site.png", og.site_image, name="og_site"),
    re_path(
        r"^og/initiatives/(?P<cycle>[0-9]{4}-[0-9]{4})/(?P<code>[A-Za-z]{3}[0-9]{1,2})\.png$",
        og.initiative_image,
        name="og_initiative",
    ),
    re_path(
        r"^og/initiatives/(?P<cycle>[0-9]{4}-[0-9]{4})/(?P<code>[A-Za-z]{3}[0-9]{1,2})/draft\.png$",
        og.initiative_draft_image,
        name="og_initiative_draft",
    ),
    path("og/sdgs/<int:number>.png", og.sdg_image, name="og_sdg"),
    re_path(
        r"^og/action-lines/(?P<code>[Cc][0-9]{1,2})\.png$",
        og.action_line_image,
        name="og_action_line",
    ),
    path("og/gdc/<int:number>.png", og.gdc_image, name="og_gdc"),
]
