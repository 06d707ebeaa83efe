"""/sitemap.xml: every public page in every language, each with its last change, for
search engines.

A record's page changes when the record does: its last change is the newest entry of its
history (django-simple-history), read in the same query as the records; an initiative's
page also shows its expected results, so theirs count too. The pages that span the
knowledge base change whenever the data does (`DataVersion`).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import DateTimeField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse

from core.models import DataVersion
from frameworks.models import SDG, ActionLine, GDCObjective
from initiatives.models import Cycle, ExpectedResult, Initiative
from regions.models import Region
from roadmaps.models import Roadmap
from sources.models import Source

# The pages that span the knowledge base, by route name.
OVERVIEW_PAGES = [
    "home",
    "about",
    "coverage",
    "cycles",
    "regions:list",
    "regions:meetings",
    "initiatives:list",
    "roadmaps:list",
    "sources:list",
    "frameworks:sdgs",
    "frameworks:action_lines",
    "frameworks:gdc_objectives",
    "frameworks:matrix",
    "changes",
    "downloads:index",
]


def _newest_history(model, **match) -> Subquery:
    history = model.history.model.objects.filter(**match).order_by("-history_date")
    return Subquery(history.values("history_date")[:1], output_field=DateTimeField())


def with_last_change(queryset):
    """The records, each annotated with `last_change`, its newest history entry."""
    return queryset.annotate(last_change=_newest_history(queryset.model, id=OuterRef("pk")))


class InEveryLanguage(Sitemap):
    """Each page once per language, each entry naming the page's address in the others and
    English as the default (`hreflang`, as search engines read it)."""

    i18n = True
    alternates = True
    x_default = True


class OverviewSitemap(InEveryLanguage):
    def items(self):
        return OVERVIEW_PAGES

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return DataVersion.last_changed()


class RecordSitemap(InEveryLanguage):
    """The pages of one kind of record (`get_absolute_url`)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def items(self):
        return with_last_change(self.queryset)

    def lastmod(self, item):
        return item.last_change


class InitiativeSitemap(RecordSitemap):
    def __init__(self):
        super().__init__(Initiative.objects.for_listing())

    def items(self):
        own = _newest_history(Initiative, id=OuterRef("pk"))
        results = _newest_history(ExpectedResult, initiative_id=OuterRef("pk"))
        return self.queryset.annotate(last_change=Greatest(own, Coalesce(results, own)))


class CycleSitemap(RecordSitemap):
    def __init__(self):
        super().__init__(Cycle.objects.all())

    def location(self, item):
        return reverse("cycle", args=[item.slug])


SITEMAPS = {
    "overview": OverviewSitemap(),
    "initiatives": InitiativeSitemap(),
    "cycles": CycleSitemap(),
    "regions": RecordSitemap(Region.objects.all()),
    "roadmaps": RecordSitemap(Roadmap.objects.select_related("action_line")),
    "sources": RecordSitemap(Source.objects.all()),
    "sdgs": RecordSitemap(SDG.objects.all()),
    "action-lines": RecordSitemap(ActionLine.objects.all()),
    "gdc-objectives": RecordSitemap(GDCObjective.objects.all()),
}
