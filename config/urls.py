"""URL map. Municipal pages live under /m/<slug>/ (the tenant comes from the URL); HQ pages under
/hq/ and /selection/; the REST API under /api/v1/."""
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from accounts import views as account_views
from core import views as core_views
from core.import_urls import hq_urlpatterns as import_hq_urlpatterns
from core.import_urls import tenant_urlpatterns as import_tenant_urlpatterns
from municipalities import views as municipality_views
from municipalities.urls import hq_urlpatterns

tenant_patterns = [
    path("", include("municipalities.urls")),
    path("audit/", include("core.urls")),
    path("imports/", include(import_tenant_urlpatterns)),
    path("mou/", include("mou.urls")),
    path("steering/", include("steering.urls")),
    path("mapping/", include("mapping.urls")),
    path("design-forum/", include("design_forum.urls")),
    path("teams/", include("teams.urls")),
    path("collective-plan/", include("collective_plan.urls")),
    path("investments/", include("investments.urls")),
    path("compass/", include("compass.urls")),
]

urlpatterns = [
    path("", municipality_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("notifications/", include("core.notification_urls")),
    path("invitations/<int:pk>/", municipality_views.invitation_answer, name="invitation"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("hq/indicators/", include("mapping.hq_urls")),
    path("hq/", include(hq_urlpatterns)),
    path("hq/imports/", include(import_hq_urlpatterns)),
    path("selection/", include("selection.urls")),
    path("m/<slug:slug>/", include(tenant_patterns)),
    path("api/", include("config.api_urls")),
]

handler403 = "core.views.permission_denied"
