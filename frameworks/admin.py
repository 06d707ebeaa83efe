from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from frameworks.models import SDG, ActionLine, GDCObjective


@admin.register(SDG)
class SDGAdmin(SimpleHistoryAdmin):
    list_display = ["number", "short_name", "colour"]
    search_fields = ["short_name", "title"]


@admin.register(ActionLine)
class ActionLineAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title"]
    search_fields = ["code", "title"]


@admin.register(GDCObjective)
class GDCObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title"]
    search_fields = ["title"]
