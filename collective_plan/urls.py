from django.urls import path

from collective_plan import views

app_name = "collective_plan"
urlpatterns = [
    path("", views.index, name="index"),
]
