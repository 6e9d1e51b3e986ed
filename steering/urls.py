from django.urls import path

from steering import views

app_name = "steering"
urlpatterns = [
    path("", views.index, name="index"),
    path("bodies/new/", views.body_new, name="body_new"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<int:pk>/members/add/", views.member_add, name="member_add"),
    path("bodies/<int:pk>/members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path("bodies/<int:pk>/plan-year/", views.plan_year, name="plan_year"),
    path("bodies/<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/uncancel/", views.meeting_uncancel, name="meeting_uncancel"),
    path("meetings/<int:pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path("meetings/<int:pk>/restore/", views.meeting_restore, name="meeting_restore"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/decisions/add/", views.decision_add, name="decision_add"),
    path("meetings/<int:pk>/actions/add/", views.action_add, name="action_add"),
    path("meetings/<int:pk>/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path("meetings/deleted/", views.deleted_meetings, name="deleted_meetings"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
    path("actions/overdue/", views.overdue_actions, name="overdue_actions"),
    path("actions/mine/", views.my_actions, name="my_actions"),
    path("compliance/", views.compliance, name="compliance"),
]
