from rest_framework.routers import DefaultRouter

from selection.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("rounds", views.SelectionRoundViewSet, basename="selection-round")
router.register("rubric-criteria", views.RubricCriterionViewSet, basename="selection-rubric-criterion")
router.register("candidates", views.CandidateViewSet, basename="selection-candidate")
router.register("readiness-scores", views.ReadinessScoreViewSet, basename="selection-readiness-score")

urlpatterns = router.urls
