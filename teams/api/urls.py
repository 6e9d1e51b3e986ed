from rest_framework.routers import DefaultRouter

from teams.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("teams", views.ProfessionalTeamViewSet, basename="team")
router.register("track-items", views.TrackItemViewSet, basename="team-track-item")
router.register("outputs", views.TeamOutputViewSet, basename="team-output")

urlpatterns = router.urls
