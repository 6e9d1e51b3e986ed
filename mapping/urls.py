from django.urls import path

from mapping import views

app_name = "mapping"
urlpatterns = [
    path("", views.index, name="index"),
    path("status-picture.pdf", views.status_pdf, name="status_pdf"),
    path("golden/", views.golden, name="golden"),
    path("golden/<int:pk>/edit/", views.golden_edit, name="golden_edit"),
    path("golden/<int:pk>/remove/", views.golden_remove, name="golden_remove"),
    path("indicators/", views.catalogue, name="catalogue"),
    path("indicators/new/", views.local_indicator_new, name="local_indicator_new"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/edit/", views.local_indicator_edit, name="local_indicator_edit"),
    path("values/<int:pk>/edit/", views.value_edit, name="value_edit"),
    path("values/<int:pk>/delete/", views.value_delete, name="value_delete"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target_delete"),
    path("values/import/", views.values_import, name="values_import"),
    path("values/export.<str:fmt>", views.values_export, name="values_export"),
    path("targets/import/", views.targets_import, name="targets_import"),
    path("targets/export.<str:fmt>", views.targets_export, name="targets_export"),
]
