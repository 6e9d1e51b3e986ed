from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from design_forum.models import LocalGoal


@admin.register(LocalGoal)
class LocalGoalAdmin(SimpleHistoryAdmin):
    list_display = ("title", "municipality", "domain", "status", "adopted_at")
    list_filter = ("status", "domain", "municipality")
    search_fields = ("title", "description")
    raw_id_fields = ("adopted_by",)
