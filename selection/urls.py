from django.urls import path

from selection import views

app_name = "selection"
urlpatterns = [
    path("", views.index, name="index"),
    path("registry/", views.registry_view, name="registry"),
    path("registry/export.<str:fmt>", views.registry_export, name="registry_export"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/filter/", views.filter_view, name="filter"),
    path("rounds/<int:pk>/candidates/add/", views.candidate_add, name="candidate_add"),
    path("rounds/<int:pk>/call/", views.call_view, name="call"),
    path("rounds/<int:pk>/readiness/", views.readiness_view, name="readiness"),
    path("rounds/<int:pk>/rubric/", views.rubric_view, name="rubric"),
    path("rounds/<int:pk>/comparison/", views.comparison_view, name="comparison"),
    path("rounds/<int:pk>/comparison.xlsx", views.comparison_export, name="comparison_export"),
    path("rounds/<int:pk>/decision/", views.decision_view, name="decision"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate"),
    path("candidates/<int:pk>/file/", views.candidate_file, name="candidate_file"),
    path("candidates/<int:pk>/call/", views.candidate_call, name="candidate_call"),
    path("candidates/<int:pk>/checks/", views.candidate_checks, name="candidate_checks"),
    path("candidates/<int:pk>/comments/", views.candidate_comment, name="candidate_comment"),
    path("candidates/<int:pk>/status/", views.candidate_status, name="candidate_status"),
    path("candidates/<int:pk>/readiness/", views.candidate_readiness, name="candidate_readiness"),
    path("candidates/<int:pk>/decision/", views.candidate_decision, name="candidate_decision"),
]
