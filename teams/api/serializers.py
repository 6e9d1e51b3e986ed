from rest_framework import serializers

from core.api.viewsets import TenantModelSerializer
from teams.models import ProfessionalTeam, TeamOutput, TrackItem


class ProfessionalTeamSerializer(TenantModelSerializer):
    name = serializers.CharField(source="body.name", read_only=True)
    lead_appointed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ProfessionalTeam
        fields = ["id", "municipality", "body", "name", "domain", "local_goal", "domain_lead", "lead_appointed_by",
                  "lead_appointed_at", "mandate", "updated_at"]
        read_only_fields = fields


class TrackItemSerializer(TenantModelSerializer):
    display_label = serializers.CharField(read_only=True, help_text="The expected output in the request's language.")

    class Meta:
        model = TrackItem
        fields = ["id", "municipality", "team", "session", "key", "label", "display_label", "done", "link_url",
                  "note", "completed_at", "updated_at"]
        read_only_fields = fields


class TeamOutputSerializer(TenantModelSerializer):
    class Meta:
        model = TeamOutput
        fields = ["id", "municipality", "team", "kind", "title", "description", "link_url", "updated_at"]
        read_only_fields = fields
