from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from teams.models import ProfessionalTeam, TeamOutput, TrackItem


@admin.register(ProfessionalTeam)
class ProfessionalTeamAdmin(SimpleHistoryAdmin):
    list_display = ("body", "municipality", "domain", "domain_lead", "lead_appointed_at")
    list_filter = ("domain", "municipality")
    readonly_fields = ("domain_lead", "lead_appointed_by", "lead_appointed_at")  # the CEO appoints, in the app


admin.site.register(TrackItem, SimpleHistoryAdmin)
admin.site.register(TeamOutput, SimpleHistoryAdmin)
