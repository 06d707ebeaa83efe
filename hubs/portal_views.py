"""The pages about the portal itself: what the knowledge base covers (/coverage/), what
the portal is (/about/, with its glossary), and /sitemap.xml and /robots.txt for search
engines."""

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.conditional import conditional_page
from core.languages import codes, prefix_of
from hubs.coverage import kept_coverage
from hubs.sitemaps import SITEMAPS
from sources.models import Source


@conditional_page
def coverage(request):
    return render(
        request,
        "hubs/coverage.html",
        {
            "coverage": kept_coverage(request),
            "api_url": reverse("api:coverage-list"),
            "breadcrumbs": [{"label": _("Coverage")}],
        },
    )


@conditional_page
def about(request):
    return render(
        request,
        "hubs/about.html",
        {
            "sources": Source.objects.all(),
            "feedback_address": settings.PORTAL_FEEDBACK_ADDRESS,
            "breadcrumbs": [{"label": _("About")}],
        },
    )


def robots(request):
    """Every public page may be crawled, in every language, but the admin, the API (its data
    is in the downloads), the search results (endless combinations of words) and the
    language bar's links (a redirect to a page the sitemap lists)."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    searches = [f"Disallow: /{prefix}/search/" for prefix in map(prefix_of, codes()) if prefix]
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        *searches,
        "Disallow: /api/",
        "Disallow: /language/",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@conditional_page
def sitemap(request):
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS)
