from rest_framework import serializers

from core.api.viewsets import TenantModelSerializer
from municipalities.models import Initiative, Person
from steering.models import ActionItem, Attendance, Body, BodyMember, Decision, Meeting


class BodySerializer(TenantModelSerializer):
    initiative = serializers.PrimaryKeyRelatedField(queryset=Initiative.objects)
    chair = serializers.PrimaryKeyRelatedField(queryset=Person.objects, allow_null=True, required=False)
    skip_months = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=12), required=False)
    composition_target = serializers.DictField(child=serializers.IntegerField(min_value=0, max_value=100),
                                               required=False)

    class Meta:
        model = Body
        fields = ["id", "municipality", "initiative", "kind", "name", "domain", "purpose", "chair_title", "chair",
                  "min_size", "max_size", "meetings_per_year", "interval_months", "skip_months", "duration_minutes",
                  "composition_target", "reminder_days", "established_on", "is_active", "updated_at"]
        read_only_fields = ["updated_at"]


class BodyMemberSerializer(TenantModelSerializer):
    body = serializers.PrimaryKeyRelatedField(queryset=Body.objects)
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects)
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = BodyMember
        fields = ["id", "municipality", "body", "person", "person_name", "sector", "role", "joined_on", "is_active",
                  "updated_at"]
        read_only_fields = ["updated_at"]


class MeetingSerializer(TenantModelSerializer):
    body = serializers.PrimaryKeyRelatedField(queryset=Body.objects)

    class Meta:
        model = Meeting
        fields = ["id", "municipality", "body", "title", "starts_at", "duration_minutes", "location", "agenda",
                  "status", "minutes", "sequence", "deleted_at", "updated_at"]
        read_only_fields = ["sequence", "deleted_at", "updated_at"]


class AttendanceSerializer(TenantModelSerializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects)
    member = serializers.PrimaryKeyRelatedField(queryset=BodyMember.objects)

    class Meta:
        model = Attendance
        fields = ["id", "municipality", "meeting", "member", "status", "note", "updated_at"]
        read_only_fields = ["updated_at"]


class DecisionSerializer(TenantModelSerializer):
    body = serializers.PrimaryKeyRelatedField(queryset=Body.objects)
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects)

    class Meta:
        model = Decision
        fields = ["id", "municipality", "body", "meeting", "number", "text", "updated_at"]
        read_only_fields = ["updated_at"]


class ActionItemSerializer(TenantModelSerializer):
    body = serializers.PrimaryKeyRelatedField(queryset=Body.objects)
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects, allow_null=True, required=False)
    decision = serializers.PrimaryKeyRelatedField(queryset=Decision.objects, allow_null=True, required=False)
    owner = serializers.PrimaryKeyRelatedField(queryset=Person.objects)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = ["id", "municipality", "body", "meeting", "decision", "title", "owner", "due_date", "status",
                  "completed_at", "notes", "is_overdue", "updated_at"]
        read_only_fields = ["completed_at", "updated_at"]

    def get_is_overdue(self, obj) -> bool:
        from django.utils import timezone

        return obj.is_open and obj.due_date < timezone.localdate()
