"""The API applies the same rules as the pages (steering/rules.py):

- deleting a meeting, and removing a member (DELETE, or PATCH `is_active: false`), need
  `steering.administer` (the local director, HQ admin), not just `steering.manage`;
- an action item's owner may change its status (PATCH with `status` only, `updated_at` allowed for
  the concurrency check), whatever their role; everything else on it needs `steering.manage`.
"""
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from core.api.permissions import TenantObjectPermission

OWNER_FIELDS = {"status", "updated_at"}


def _false(value) -> bool:
    return value is False or str(value).lower() in ("false", "0")


class SteeringObjectPermission(TenantObjectPermission):
    message = _("Your role does not allow this action on this record.")

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        from steering.models import ActionItem, BodyMember, Meeting

        municipality = view.municipality_of(obj)
        user = request.user
        removes = request.method == "DELETE" or (
            isinstance(obj, BodyMember) and "is_active" in request.data and _false(request.data["is_active"]))
        if isinstance(obj, (Meeting, BodyMember)) and removes:
            return user.has_perm("steering.administer", municipality)
        if isinstance(obj, ActionItem) and not user.has_perm("steering.manage", municipality):
            if request.method == "PATCH" and set(request.data) <= OWNER_FIELDS and "status" in request.data:
                return user.has_perm("steering.update_action", obj)
            return False
        return super().has_object_permission(request, view, obj)
