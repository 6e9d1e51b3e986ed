import django_filters

from core.api.permissions import IsAuthenticatedWithTokenScope
from core.api.viewsets import TenantModelViewSet, acts_on, creates, saves, tenant_schema, updates
from steering import services
from steering.api.permissions import SteeringObjectPermission
from steering.api.serializers import (
    ActionItemSerializer,
    AttendanceSerializer,
    BodyMemberSerializer,
    BodySerializer,
    DecisionSerializer,
    MeetingSerializer,
)
from steering.models import ActionItem, Attendance, Body, BodyMember, Decision, Meeting


class _ManageMixin:
    write_perm = "steering.manage"
    permission_classes = [IsAuthenticatedWithTokenScope, SteeringObjectPermission]


class BodyFilter(django_filters.FilterSet):
    class Meta:
        model = Body
        fields = ["kind", "domain", "is_active", "initiative"]


@tenant_schema
class BodyViewSet(_ManageMixin, TenantModelViewSet):
    """Governance bodies with their cadence and target composition."""

    serializer_class = BodySerializer
    filterset_class = BodyFilter
    ordering_fields = ["name", "kind"]

    create_service = creates(services.body_create)
    update_service = updates(services.body_update, "body")

    def get_queryset(self):
        return Body.objects.select_related("municipality").order_by("kind", "name", "pk")


@tenant_schema
class BodyMemberViewSet(_ManageMixin, TenantModelViewSet):
    """Members of a body. Deleting a member is leaving the body (as on the page): the member and
    their attendance stay in the records."""

    serializer_class = BodyMemberSerializer
    filterset_fields = ["body", "sector", "role", "is_active"]
    create_service = creates(services.member_add, drop=("municipality", "is_active"))
    update_service = updates(services.member_update, "member")
    destroy_service = acts_on(services.member_remove, "member")

    def get_queryset(self):
        return BodyMember.objects.select_related("municipality", "person").order_by("body", "pk")


class MeetingFilter(django_filters.FilterSet):
    starts_after = django_filters.DateFilter("starts_at", lookup_expr="date__gte", label="starts on or after (date)")
    starts_before = django_filters.DateFilter("starts_at", lookup_expr="date__lte", label="starts on or before (date)")
    deleted = django_filters.BooleanFilter("deleted_at", lookup_expr="isnull", exclude=True,
                                           label="soft-deleted meetings (default: not deleted)")

    class Meta:
        model = Meeting
        fields = ["body", "status"]

    @property
    def qs(self):
        qs = super().qs
        if self.form.cleaned_data.get("deleted") is None:
            qs = qs.filter(deleted_at__isnull=True)
        return qs


@tenant_schema
class MeetingViewSet(_ManageMixin, TenantModelViewSet):
    """Meetings. Deleting one that holds minutes, decisions or attendance only soft-deletes it
    (restorable in the UI); lists hide soft-deleted meetings unless `deleted=true`."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    ordering_fields = ["starts_at"]

    create_service = saves(services.meeting_save, "meeting")
    update_service = saves(services.meeting_save, "meeting")
    destroy_service = acts_on(services.meeting_delete, "meeting")

    def get_queryset(self):
        return Meeting.objects.select_related("municipality").order_by("starts_at", "pk")


class AttendanceFilter(django_filters.FilterSet):
    body = django_filters.NumberFilter("meeting__body")
    starts_after = django_filters.DateFilter("meeting__starts_at", lookup_expr="date__gte")
    starts_before = django_filters.DateFilter("meeting__starts_at", lookup_expr="date__lte")

    class Meta:
        model = Attendance
        fields = ["meeting", "member", "status"]


@tenant_schema
class AttendanceViewSet(_ManageMixin, TenantModelViewSet):
    """Attendance, through the same services as the attendance form: refused for a future,
    cancelled or deleted meeting; recording marks the meeting held; deleting clears the answer (its
    history stays, restorable from the change log)."""

    serializer_class = AttendanceSerializer
    filterset_class = AttendanceFilter

    create_service = saves(services.attendance_save, "attendance")
    update_service = saves(services.attendance_save, "attendance")
    destroy_service = acts_on(services.attendance_clear, "attendance")

    def get_queryset(self):
        return Attendance.objects.select_related("municipality").order_by("meeting", "pk")


class DecisionFilter(django_filters.FilterSet):
    starts_after = django_filters.DateFilter("meeting__starts_at", lookup_expr="date__gte")
    starts_before = django_filters.DateFilter("meeting__starts_at", lookup_expr="date__lte")

    class Meta:
        model = Decision
        fields = ["body", "meeting"]


@tenant_schema
class DecisionViewSet(_ManageMixin, TenantModelViewSet):
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter

    create_service = creates(services.decision_add, drop=("municipality", "body"))
    update_service = updates(services.decision_update, "decision")
    destroy_service = acts_on(services.decision_delete, "decision")  # refused: part of the record (409)

    def get_queryset(self):
        return Decision.objects.select_related("municipality").order_by("body", "number")


class ActionItemFilter(django_filters.FilterSet):
    due_after = django_filters.DateFilter("due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter("due_date", lookup_expr="lte")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="open and past the due date")

    class Meta:
        model = ActionItem
        fields = ["body", "meeting", "decision", "owner", "status"]

    def filter_overdue(self, queryset, name, value):
        from django.utils import timezone

        from steering.models import OPEN_ACTION_STATUSES

        q = dict(status__in=OPEN_ACTION_STATUSES, due_date__lt=timezone.localdate())
        return queryset.filter(**q) if value else queryset.exclude(**q)


@tenant_schema
class ActionItemViewSet(_ManageMixin, TenantModelViewSet):
    serializer_class = ActionItemSerializer
    filterset_class = ActionItemFilter
    ordering_fields = ["due_date"]
    create_service = creates(services.action_add)
    update_service = updates(services.action_update, "item")
    destroy_service = acts_on(services.action_cancel, "item")  # deleting cancels (kept, restorable)

    def get_queryset(self):
        return ActionItem.objects.select_related("municipality").order_by("due_date", "pk")

