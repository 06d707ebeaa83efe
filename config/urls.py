"""The portal's URLs: the pages of each app in the six languages, the public API, and the admin.

Pages are at their English address and under /ar/, /zh/, /fr/, /ru/, /es/
(`core.languages.i18n_patterns`); the API, the admin and the machine-read files keep one
address each.
"""

from django.contrib import admin
from django.urls import include, path, re_path

from core.languages import choose_language, i18n_patterns
from core.views import favicon, health
from hubs.feeds import changes_feed
from hubs.portal_views import about, coverage, robots, sitemap
from hubs.views import changes, home
from initiatives.cycles import cycle_detail, cycle_list

urlpatterns = [
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots, name="robots"),
    path("api/v1/", include("config.api")),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("favicon.ico", favicon, name="favicon"),
    re_path(r"^language/(?P<prefix>[a-z]{2})/$", choose_language, name="choose_language"),
    *i18n_patterns(
        path("", home, name="home"),
        path("", include("regions.urls")),
        path("", include("hubs.urls")),
        path("changes/", changes, name="changes"),
        path("changes/feed/", changes_feed, name="changes_feed"),
        path("coverage/", coverage, name="coverage"),
        path("about/", about, name="about"),
        path("cycles/", cycle_list, name="cycles"),
        re_path(r"^cycles/(?P<cycle>[0-9]{4}-[0-9]{4})/$", cycle_detail, name="cycle"),
        path("initiatives/", include("initiatives.urls")),
        path("roadmaps/", include("roadmaps.urls")),
        path("sources/", include("sources.urls")),
        path("search/", include("search.urls")),
        path("downloads/", include("downloads.urls")),
    ),
]

handler400 = "core.views.bad_request"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
