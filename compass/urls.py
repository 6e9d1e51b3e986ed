from django.urls import path

from compass import views

app_name = "compass"
urlpatterns = [
    path("", views.index, name="index"),
]
