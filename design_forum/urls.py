from django.urls import path

from design_forum import views

app_name = "design_forum"
urlpatterns = [
    path("", views.index, name="index"),
]
