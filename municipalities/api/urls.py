from rest_framework.routers import DefaultRouter

from municipalities.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register("people", views.PersonViewSet, basename="person")
router.register("memberships", views.MembershipViewSet, basename="membership")

urlpatterns = router.urls
