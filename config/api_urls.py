"""REST API v1: each app contributes its routes in `<app>/api/urls.py`."""
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

v1 = [
    path("", include("municipalities.api.urls")),
    path("accounts/", include("accounts.api.urls")),
    path("selection/", include("selection.api.urls")),
    path("mou/", include("mou.api.urls")),
    path("steering/", include("steering.api.urls")),
    path("mapping/", include("mapping.api.urls")),
    path("design-forum/", include("design_forum.api.urls")),
    path("teams/", include("teams.api.urls")),
    path("collective-plan/", include("collective_plan.api.urls")),
    path("investments/", include("investments.api.urls")),
    path("compass/", include("compass.api.urls")),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
]
