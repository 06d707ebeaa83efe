from django.urls import path, re_path

from regions import views

app_name = "regions"
urlpatterns = [
    path("regions/", views.region_list, name="list"),
    # Codes are three letters; anything else is not a region and never reaches a query.
    re_path(r"^regions/(?P<code>[A-Za-z]{3})/$", views.region_detail, name="detail"),
    path("meetings/", views.meeting_list, name="meetings"),
]
