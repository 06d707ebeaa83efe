from django.contrib import admin

from frameworks.models import SDG, ActionLine, GDCObjective


@admin.register(SDG)
class SDGAdmin(admin.ModelAdmin):
    list_display = ["number", "short_name", "colour"]
    search_fields = ["short_name", "title"]


@admin.register(ActionLine)
class ActionLineAdmin(admin.ModelAdmin):
    list_display = ["code", "title"]
    search_fields = ["code", "title"]


@admin.register(GDCObjective)
class GDCObjectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "title"]
    search_fields = ["title"]
