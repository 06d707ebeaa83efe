from django.contrib import admin

from initiatives.models import (
    Cycle,
    ExpectedResult,
    ExpectedResultSubitem,
    Footnote,
    Initiative,
    InitiativeActionLine,
    InitiativeGDCObjective,
    InitiativeSDG,
)


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["slug", "conference", "action_plan", "start_year", "end_year"]


class ExpectedResultInline(admin.StackedInline):
    model = ExpectedResult
    extra = 0
    show_change_link = True
    fields = ["number", "text", "curation_note"]


class InitiativeSDGInline(admin.TabularInline):
    model = InitiativeSDG
    extra = 0


class InitiativeActionLineInline(admin.TabularInline):
    model = InitiativeActionLine
    extra = 0


class InitiativeGDCObjectiveInline(admin.TabularInline):
    model = InitiativeGDCObjective
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["code", "cycle", "stage", "region", "title"]
    list_filter = ["cycle", "stage", "region", "source"]
    search_fields = ["code", "slug", "title", "objective", "expected_results__text"]
    list_select_related = ["cycle", "region"]
    readonly_fields = ["slug"]
    raw_id_fields = ["draft"]
    inlines = [
        ExpectedResultInline,
        InitiativeSDGInline,
        InitiativeActionLineInline,
        InitiativeGDCObjectiveInline,
    ]


class SubitemInline(admin.TabularInline):
    model = ExpectedResultSubitem
    extra = 0


class FootnoteInline(admin.TabularInline):
    model = Footnote
    extra = 0


@admin.register(ExpectedResult)
class ExpectedResultAdmin(admin.ModelAdmin):
    list_display = ["initiative", "number", "text"]
    list_filter = ["initiative__cycle", "initiative__stage", "initiative__region"]
    search_fields = ["text", "initiative__code", "subitems__text", "footnotes__text"]
    list_select_related = ["initiative__cycle"]
    inlines = [SubitemInline, FootnoteInline]
