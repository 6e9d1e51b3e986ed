from functools import wraps

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core import access, tenancy


class YishuvAdminSite(admin.AdminSite):
    """Django admin for HQ admins only. It works across municipalities, so every admin view runs
    in the explicit all-municipalities scope."""

    site_header = _("Yishuv administration")
    site_title = _("Yishuv administration")
    index_title = _("Foundation HQ administration")

    @property
    def login_form(self):
        """The same per-account rate limit as the site's login (`accounts.ratelimit`)."""
        from accounts.forms import RateLimitedAdminAuthenticationForm

        return RateLimitedAdminAuthenticationForm

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_staff and (user.is_superuser or access.is_hq_admin_user(user))

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def scoped(request, *args, **kwargs):
            with tenancy.scope_all():
                response = inner(request, *args, **kwargs)
                if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                    response.render()
                return response

        return scoped
