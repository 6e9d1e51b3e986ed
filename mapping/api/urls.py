from rest_framework.routers import DefaultRouter

from mapping.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("indicator-values", views.IndicatorValueViewSet, basename="indicator-value")
router.register("indicator-targets", views.IndicatorTargetViewSet, basename="indicator-target")
router.register("golden-indicators", views.GoldenIndicatorViewSet, basename="golden-indicator")
router.register("status-pictures", views.StatusPictureViewSet, basename="status-picture")

urlpatterns = router.urls
