from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from accounts import services
from accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "email", "first_name", "last_name", "platform_role", "is_active")
    list_filter = ("platform_role", "is_active", "is_service_account", "is_staff")
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Platform"), {"fields": ("platform_role", "is_service_account", "language")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "can_write", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at", "created_by")
    exclude = ("key_hash",)
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        revoked = sum(services.token_revoke(token=token, by=request.user) for token in queryset)
        self.message_user(request, ngettext("%(n)s token revoked.", "%(n)s tokens revoked.", revoked) % {"n": revoked})

    def has_add_permission(self, request):
        return False  # keys are issued in the app (shown once), not typed into the admin
