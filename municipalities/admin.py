from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from municipalities.models import Initiative, Membership, Municipality, Organization, Person


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ("name_he", "name_en", "cbs_code", "kind", "district", "population",
                    "socioeconomic_cluster", "peripherality_cluster")
    list_filter = ("kind", "district", "sector", "socioeconomic_cluster")
    search_fields = ("name_he", "name_en", "cbs_code", "slug")
    filter_horizontal = ("cluster_members",)


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ("name_he", "name_en", "sector")
    list_filter = ("sector",)
    search_fields = ("name_he", "name_en")


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ("municipality", "phase", "stage", "status", "start_date")
    list_filter = ("phase", "stage", "status")


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "municipality", "sector", "role_title", "email")
    list_filter = ("sector", "municipality")
    search_fields = ("full_name", "email")


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "municipality", "role", "is_active")
    list_filter = ("role", "is_active", "municipality")
