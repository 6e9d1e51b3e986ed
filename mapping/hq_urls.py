from django.urls import path

from mapping import views

app_name = "mapping_hq"
urlpatterns = [
    path("", views.hq_catalogue, name="catalogue"),
    path("new/", views.hq_indicator_new, name="indicator_new"),
    path("<int:pk>/edit/", views.hq_indicator_edit, name="indicator_edit"),
]
