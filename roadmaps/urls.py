from django.urls import path, re_path

from roadmaps import views

app_name = "roadmaps"
urlpatterns = [
    path("", views.roadmap_list, name="list"),
    re_path(r"^(?P<code>[Cc][0-9]{1,2})/$", views.roadmap_detail, name="detail"),
]
