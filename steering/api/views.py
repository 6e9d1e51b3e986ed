import django_filters
from django.utils.translation import gettext as _
from rest_framework import serializers

from core.api.permissions import IsAuthenticatedWithTokenScope
from core.api.viewsets import TenantModelViewSet, tenant_schema
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

    def perform_create(self, serializer):
        self.check_create_permission(serializer.validated_data.get("municipality"))
        instance = serializer.Meta.model(**serializer.validated_data)
        services._save(instance, by=self.request.user)
        serializer.instance = instance

    def perform_update(self, serializer):
        instance = serializer.instance
        for key, value in serializer.validated_data.items():
            setattr(instance, key, value)
        services._save(instance, by=self.request.user)


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

    def get_queryset(self):
        return Body.objects.select_related("municipality").order_by("kind", "name", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        self.check_create_permission(data.pop("municipality", None))
        serializer.instance = services.body_create(initiative=data.pop("initiative"), kind=data.pop("kind"),
                                                   name=data.pop("name"), by=self.request.user, **data)


@tenant_schema
class BodyMemberViewSet(_ManageMixin, TenantModelViewSet):
    serializer_class = BodyMemberSerializer
    filterset_fields = ["body", "sector", "role", "is_active"]

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

    def get_queryset(self):
        return Meeting.objects.select_related("municipality").order_by("starts_at", "pk")

    def perform_update(self, serializer):
        serializer.instance.sequence += 1
        super().perform_update(serializer)

    def perform_destroy(self, instance):
        services.meeting_delete(meeting=instance, by=self.request.user)


class AttendanceFilter(django_filters.FilterSet):
    body = django_filters.NumberFilter("meeting__body")
    starts_after = django_filters.DateFilter("meeting__starts_at", lookup_expr="date__gte")
    starts_before = django_filters.DateFilter("meeting__starts_at", lookup_expr="date__lte")

    class Meta:
        model = Attendance
        fields = ["meeting", "member", "status"]


@tenant_schema
class AttendanceViewSet(_ManageMixin, TenantModelViewSet):
    serializer_class = AttendanceSerializer
    filterset_class = AttendanceFilter

    def get_queryset(self):
        return Attendance.objects.select_related("municipality").order_by("meeting", "pk")

    def perform_create(self, serializer):
        """Through the same service as the attendance form: refused for a future, cancelled or
        deleted meeting; marks the meeting held."""
        self.check_create_permission(serializer.validated_data.get("municipality"))
        attendance = Attendance(**serializer.validated_data)
        serializer.instance = services.attendance_save(attendance=attendance, by=self.request.user)

    def perform_update(self, serializer):
        attendance = serializer.instance
        for key, value in serializer.validated_data.items():
            setattr(attendance, key, value)
        services.attendance_save(attendance=attendance, by=self.request.user)


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

    def get_queryset(self):
        return Decision.objects.select_related("municipality").order_by("body", "number")

    def perform_create(self, serializer):
        data = serializer.validated_data
        self.check_create_permission(data.get("municipality"))
        serializer.instance = services.decision_add(meeting=data["meeting"], text=data["text"],
                                                    number=data.get("number"), by=self.request.user)

    def perform_destroy(self, instance):
        raise serializers.ValidationError({"detail": _("Decisions are part of the record and cannot be deleted; record a new "
                                                        "decision instead.")})


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

    def get_queryset(self):
        return ActionItem.objects.select_related("municipality").order_by("due_date", "pk")

