from rest_framework import permissions

from accounts.models import ApiToken


class IsAuthenticatedWithTokenScope(permissions.BasePermission):
    """Signed in; a token that was not granted write access may only read."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if isinstance(request.auth, ApiToken) and not request.auth.can_write:
            return request.method in permissions.SAFE_METHODS
        return True


class TenantObjectPermission(permissions.BasePermission):
    """Writes need the viewset's `write_perm` on the object's municipality (django-rules)."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        perm = view.get_write_perm(request, obj)
        return request.user.has_perm(perm, view.municipality_of(obj))
