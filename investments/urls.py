from django.urls import path

from investments import views

app_name = "investments"
urlpatterns = [
    path("", views.asset_map, name="index"),
    path("assets/", views.asset_map, name="asset_map"),
    path("assets/new/", views.asset_new, name="asset_new"),
    path("assets/<int:pk>/edit/", views.asset_edit, name="asset_edit"),
    path("assets/<int:pk>/delete/", views.asset_delete, name="asset_delete"),
]
urlpatterns += [
    path("assets/import/", views.asset_import, name="asset_import"),
    path("assets/export.<str:fmt>", views.asset_export, name="asset_export"),
]
