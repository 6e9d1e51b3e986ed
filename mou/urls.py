from django.urls import path

from mou import views

app_name = "mou"
urlpatterns = [
    path("", views.index, name="index"),
    path("director/", views.director, name="director"),
]
