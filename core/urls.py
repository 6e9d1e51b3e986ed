from django.urls import path

from core import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_log, name="log"),
    path("<str:model_label>/<int:pk>/", views.object_history, name="object_history"),
    path("<str:model_label>/<int:pk>/restore/<int:history_id>/", views.object_restore, name="restore"),
]
