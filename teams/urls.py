from django.urls import path

from teams import views

app_name = "teams"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.team_new, name="team_new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("of-body/<int:body_pk>/", views.team_of_body, name="of_body"),
    path("<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("<int:pk>/appoint-lead/", views.appoint_lead, name="appoint_lead"),
    path("<int:pk>/items/<int:item_pk>/", views.track_item_update, name="track_item_update"),
    path("<int:pk>/outputs/add/", views.output_add, name="output_add"),
]
