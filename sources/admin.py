from django.contrib import admin

from sources.models import Source, SourceSection


class SourceSectionInline(admin.StackedInline):
    model = SourceSection
    extra = 0


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "publisher", "date", "kind", "file_name"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "slug", "description"]
    inlines = [SourceSectionInline]


@admin.register(SourceSection)
class SourceSectionAdmin(admin.ModelAdmin):
    list_display = ["source", "order", "heading"]
    list_filter = ["source"]
    search_fields = ["heading", "body"]
    list_select_related = ["source"]
