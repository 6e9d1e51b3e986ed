from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from steering.models import ActionItem, Attendance, Body, BodyMember, Decision, Meeting, ReminderSent


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "municipality", "kind", "meetings_per_year", "is_active")
    list_filter = ("kind", "municipality")
    search_fields = ("name",)


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("body", "starts_at", "status", "deleted_at")
    list_filter = ("status", "municipality")


for model in (BodyMember, Attendance, Decision, ActionItem):
    admin.site.register(model, SimpleHistoryAdmin)


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ("recipient", "kind", "subject", "sent_at", "municipality")
    list_filter = ("kind", "municipality")
    readonly_fields = [f.name for f in ReminderSent._meta.fields]
