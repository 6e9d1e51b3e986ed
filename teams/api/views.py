"""Read-only REST resources of stage 7 (teams are set up and led in the UI, where the CEO's
appointment of a domain lead is an act of their own account)."""
from core.api.viewsets import TenantReadOnlyViewSet, tenant_schema
from teams.api.serializers import ProfessionalTeamSerializer, TeamOutputSerializer, TrackItemSerializer
from teams.models import ProfessionalTeam, TeamOutput, TrackItem


@tenant_schema
class ProfessionalTeamViewSet(TenantReadOnlyViewSet):
    serializer_class = ProfessionalTeamSerializer
    filterset_fields = ["domain", "local_goal", "domain_lead"]

    def get_queryset(self):
        return ProfessionalTeam.objects.select_related("municipality", "body", "lead_appointed_by").order_by("pk")


@tenant_schema
class TrackItemViewSet(TenantReadOnlyViewSet):
    serializer_class = TrackItemSerializer
    filterset_fields = ["team", "session", "done"]

    def get_queryset(self):
        return TrackItem.objects.select_related("municipality").order_by("team", "session", "pk")


@tenant_schema
class TeamOutputViewSet(TenantReadOnlyViewSet):
    serializer_class = TeamOutputSerializer
    filterset_fields = ["team", "kind"]

    def get_queryset(self):
        return TeamOutput.objects.select_related("municipality").order_by("team", "pk")
