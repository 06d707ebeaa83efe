"""The Atom feed of the changes page: one entry per batch of changes, newest first."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from core.conditional import conditional_page
from hubs.changes import Batch, ChangeLog
from hubs.filters import ChangeFilterForm

# Entries in the feed: a reader polling it daily misses none in a busy week of editing.
FEED_LENGTH = 30
# The filters the feed takes, as the page does (`/changes/feed/?region=AMS`).
FEED_FILTERS = ["kind", "region"]


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Changes to the ITU-D Regional Initiatives knowledge base")
    subtitle = _(
        "What the editors and the loads of the curated fixtures changed in the published "
        "initiatives, expected results, alignments, roadmaps and sources, batch by batch."
    )
    description_template = "hubs/changes_feed_entry.html"

    def get_object(self, request, *args, **kwargs):
        # The request holds only FEED_FILTERS (`conditional_page` below).
        return ChangeLog(ChangeFilterForm(request.GET).filters())

    def link(self) -> str:
        return reverse("changes")

    def items(self, log: ChangeLog) -> list[Batch]:
        ids = list(log.batches()[:FEED_LENGTH])
        return log.batch_page(ids, oldest=len(ids) < FEED_LENGTH)

    def item_title(self, batch: Batch) -> str:
        return batch.title

    def item_link(self, batch: Batch) -> str:
        return f"{reverse('changes')}?batch={batch.id}"

    def item_guid(self, batch: Batch) -> str:
        return f"urn:uuid:{batch.id}"

    item_guid_is_permalink = False

    def item_pubdate(self, batch: Batch):
        return batch.last

    def item_updateddate(self, batch: Batch):
        return batch.last

    def item_author_name(self, batch: Batch) -> str:
        return batch.author


changes_feed = conditional_page(ChangesFeed(), query=FEED_FILTERS)
