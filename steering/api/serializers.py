from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.viewsets import TenantModelSerializer
from municipalities.models import Initiative, Person
from steering.defaults import BodyKind
from steering.models import ActionItem, Attendance, Body, BodyMember, Decision, Meeting

BODY_DEFAULT_FIELDS = ["chair_title", "min_size", "max_size", "meetings_per_year", "interval_months", "skip_months",
                       "duration_minutes", "composition_target", "established_on"]


class BodySerializer(TenantModelSerializer):
    """A body. On creation the guide's defaults for its kind fill every setting not given (as in
    the form); the kind cannot change afterwards; professional teams are set up with their team."""

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
        extra_kwargs = {name: {"required": False} for name in BODY_DEFAULT_FIELDS}

    def validate(self, attrs):
        from steering.services import body_initial

        if self.instance is None:
            kind = attrs.get("kind")
            if kind == BodyKind.PROFESSIONAL_TEAM:
                raise serializers.ValidationError({"kind": _(
                    "A professional team is set up with its team (mobility domain, local goal, domain lead and "
                    "the four-session track) on the professional teams page of the municipality "
                    "(/m/<municipality>/teams/new/); teams are listed at /api/v1/teams/teams/.")})
            if kind:
                defaults = body_initial(kind)
                for key in BODY_DEFAULT_FIELDS:
                    if key in defaults:
                        attrs.setdefault(key, defaults[key])
                attrs.setdefault("established_on", timezone.localdate())
        elif "kind" in attrs and attrs["kind"] != self.instance.kind:
            raise serializers.ValidationError({"kind": _("The kind of an existing body cannot change.")})
        return super().validate(attrs)


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
    """A decision. `number` is the body's next one when omitted (as in the UI); `body` is the
    meeting's when omitted."""

    body = serializers.PrimaryKeyRelatedField(queryset=Body.objects, required=False)
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects)
    number = serializers.IntegerField(min_value=1, required=False,
                                      help_text=_("Assigned automatically (the body's next number) when omitted."))

    class Meta:
        model = Decision
        fields = ["id", "municipality", "body", "meeting", "number", "text", "updated_at"]
        read_only_fields = ["updated_at"]
        validators = []  # the unique number is checked by the model (full_clean) once the number is known

    def validate(self, attrs):
        if self.instance is None and attrs.get("meeting") is not None and "body" not in attrs:
            attrs["body"] = attrs["meeting"].body
        return super().validate(attrs)


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
