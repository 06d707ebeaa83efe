from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from regions.models import MeetingPriority, PreparatoryMeeting, Region


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class MeetingPriorityInline(admin.TabularInline):
    model = MeetingPriority
    extra = 0


@admin.register(PreparatoryMeeting)
class PreparatoryMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region", "start_date", "end_date", "city", "country", "chair"]
    list_filter = ["region"]
    search_fields = ["name", "city", "country", "chair", "summary"]
    list_select_related = ["region"]
    inlines = [MeetingPriorityInline]
