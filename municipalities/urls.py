from django.urls import path

from municipalities import views

app_name = "municipalities"
urlpatterns = [
    path("", views.municipality_home, name="home"),
    path("approvals/", views.approvals_view, name="approvals"),
    path("initiative/edit/", views.initiative_edit, name="initiative_edit"),
    path("people/", views.person_list, name="people"),
    path("people/new/", views.person_edit, name="person_new"),
    path("people/<int:pk>/", views.person_edit, name="person_edit"),
    path("users/", views.user_list, name="users"),
    path("users/<int:pk>/", views.membership_update, name="membership_update"),
    path("users/invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
]

hq_urlpatterns = ([
    path("", views.hq_home, name="home"),
], "hq")
