from rest_framework.routers import DefaultRouter

from steering.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("bodies", views.BodyViewSet, basename="steering-body")
router.register("members", views.BodyMemberViewSet, basename="steering-member")
router.register("meetings", views.MeetingViewSet, basename="steering-meeting")
router.register("attendance", views.AttendanceViewSet, basename="steering-attendance")
router.register("decisions", views.DecisionViewSet, basename="steering-decision")
router.register("action-items", views.ActionItemViewSet, basename="steering-action-item")

urlpatterns = router.urls
