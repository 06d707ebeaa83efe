from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from roadmaps.models import Citation, Roadmap, RoadmapRow, RoadmapRowSDG


class RoadmapRowInline(admin.TabularInline):
    model = RoadmapRow
    extra = 0
    show_change_link = True
    fields = ["order", "section", "label", "outcome_text"]
    readonly_fields = ["outcome_text"]


@admin.register(Roadmap)
class RoadmapAdmin(SimpleHistoryAdmin):
    list_display = ["action_line", "title", "year", "source_locator"]
    list_select_related = ["action_line"]
    search_fields = ["title", "introduction", "curation_note"]
    inlines = [RoadmapRowInline]


class RoadmapRowSDGInline(admin.TabularInline):
    model = RoadmapRowSDG
    extra = 0


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    fields = ["order", "code", "cycle", "cited_text", "initiative"]
    raw_id_fields = ["initiative"]


@admin.register(RoadmapRow)
class RoadmapRowAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "section", "label", "order", "outcome_text"]
    list_filter = ["roadmap", "section", "sdgs"]
    list_select_related = ["roadmap__action_line"]
    search_fields = [
        "label",
        "outcome_text",
        "timing",
        "goals_and_resolutions_text",
        "sdg_linkages_text",
        "evidence_text",
        "results_text",
        "extra_text",
        "citations__code",
    ]
    # The plain-text twins are derived from the rich cells on save.
    readonly_fields = [f"{name}_text" for name in RoadmapRow.RICH_CELLS]
    inlines = [RoadmapRowSDGInline, CitationInline]


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    list_display = ["code", "cycle", "cited_text", "initiative", "row"]
    list_filter = ["cycle", "row__roadmap", ("initiative", admin.EmptyFieldListFilter)]
    list_select_related = ["cycle", "initiative__cycle", "row__roadmap__action_line"]
    search_fields = ["code", "cited_text"]
    raw_id_fields = ["initiative", "row"]
