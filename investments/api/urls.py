from rest_framework.routers import DefaultRouter

from investments.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("assets", views.InvestmentViewSet, basename="investment")

urlpatterns = router.urls
