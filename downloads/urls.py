from django.urls import path

from downloads import views

app_name = "downloads"
urlpatterns = [
    path("", views.index, name="index"),
    # Before the files' pattern: the catalogue describes the files and is none of them.
    path("catalog.jsonld", views.catalog, name="catalog"),
    path("<str:name>", views.download, name="file"),
]
