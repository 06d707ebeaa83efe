"""The portal's URLs: the pages of each app, the public API, and the admin."""

from django.contrib import admin
from django.urls import include, path, re_path

from core.views import favicon, health
from hubs.feeds import changes_feed
from hubs.portal_views import about, coverage, robots, sitemap
from hubs.views import changes, home
from initiatives.cycles import cycle_detail, cycle_list

urlpatterns = [
    path("", home, name="home"),
    path("", include("regions.urls")),
    path("", include("hubs.urls")),
    path("changes/", changes, name="changes"),
    path("changes/feed/", changes_feed, name="changes_feed"),
    path("coverage/", coverage, name="coverage"),
    path("about/", about, name="about"),
    path("cycles/", cycle_list, name="cycles"),
    re_path(r"^cycles/(?P<cycle>[0-9]{4}-[0-9]{4})/$", cycle_detail, name="cycle"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots, name="robots"),
    path("initiatives/", include("initiatives.urls")),
    path("roadmaps/", include("roadmaps.urls")),
    path("sources/", include("sources.urls")),
    path("search/", include("search.urls")),
    path("api/v1/", include("config.api")),
    path("downloads/", include("downloads.urls")),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("favicon.ico", favicon, name="favicon"),
]

handler400 = "core.views.bad_request"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
