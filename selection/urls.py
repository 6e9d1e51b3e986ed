from django.urls import path

from selection import views

app_name = "selection"
urlpatterns = [
    path("", views.index, name="index"),
]
