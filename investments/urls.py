from django.urls import path

from investments import views

app_name = "investments"
urlpatterns = [
    path("", views.index, name="index"),
]
