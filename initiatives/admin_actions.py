"""Admin actions that publish or unpublish the selected records.

Each record is saved on its own, not updated in bulk: a save is what records the change
in its history, raises the data version (so cached pages and API answers go stale) and
refreshes the search index.
"""

from django.contrib import admin, messages


def _set_published(modeladmin, request, queryset, published: bool) -> None:
    changed = 0
    for obj in queryset:
        if obj.published != published:
            obj.published = published
            obj.save(update_fields=["published"])
            changed += 1
    state = "published" if published else "unpublished"
    modeladmin.message_user(
        request, f"{changed} {state}, {len(queryset) - changed} already were.", messages.SUCCESS
    )


@admin.action(description="Publish selected", permissions=["change"])
def publish(modeladmin, request, queryset):
    _set_published(modeladmin, request, queryset, True)


@admin.action(description="Unpublish selected", permissions=["change"])
def unpublish(modeladmin, request, queryset):
    _set_published(modeladmin, request, queryset, False)
