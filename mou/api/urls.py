from rest_framework.routers import DefaultRouter

from mou.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("agreements", views.AgreementViewSet, basename="mou-agreement")
router.register("versions", views.AgreementVersionViewSet, basename="mou-version")
router.register("signatories", views.SignatoryViewSet, basename="mou-signatory")
router.register("anchor-exemptions", views.AnchorExemptionViewSet, basename="mou-anchor-exemption")
router.register("signatures", views.SignatureViewSet, basename="mou-signature")
router.register("budget-lines", views.BudgetLineViewSet, basename="mou-budget-line")
router.register("steps", views.AgreementStepViewSet, basename="mou-step")
router.register("director-profiles", views.LocalDirectorProfileViewSet, basename="mou-director-profile")

urlpatterns = router.urls
