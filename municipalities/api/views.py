import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.response import Response

from core import access
from core.api.permissions import IsAuthenticatedWithTokenScope
from core.api.viewsets import TenantModelViewSet, acts_on, creates, saves, tenant_schema, updates
from municipalities import services
from municipalities.api.serializers import (
    InitiativeSerializer,
    InvitationSentSerializer,
    MembershipInviteSerializer,
    MembershipSerializer,
    MunicipalitySerializer,
    PersonSerializer,
)
from municipalities.models import Initiative, Membership, Municipality, Person


class MunicipalityFilter(django_filters.FilterSet):
    socioeconomic_cluster_min = django_filters.NumberFilter("socioeconomic_cluster", lookup_expr="gte")
    socioeconomic_cluster_max = django_filters.NumberFilter("socioeconomic_cluster", lookup_expr="lte")
    peripherality_cluster_min = django_filters.NumberFilter("peripherality_cluster", lookup_expr="gte")
    peripherality_cluster_max = django_filters.NumberFilter("peripherality_cluster", lookup_expr="lte")
    partner = django_filters.BooleanFilter(method="filter_partner", label="has an active initiative")

    class Meta:
        model = Municipality
        fields = ["kind", "district", "sector", "cbs_code", "slug"]

    def filter_partner(self, queryset, name, value):
        q = queryset.filter(pk__in=Initiative.objects.filter(status="active").values("municipality_id"))
        return q if value else queryset.exclude(pk__in=q.values("pk"))


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    """Authorities. HQ sees the whole national registry; municipal users their own municipalities."""

    serializer_class = MunicipalitySerializer
    permission_classes = [IsAuthenticatedWithTokenScope]
    filterset_class = MunicipalityFilter
    ordering_fields = ["name_he", "population", "socioeconomic_cluster", "peripherality_cluster"]
    lookup_field = "slug"

    def get_queryset(self):
        qs = Municipality.objects.prefetch_related("cluster_members").order_by("name_he")
        if access.is_hq(self.request.user):
            return qs
        return qs.filter(pk__in=access.member_municipality_ids(self.request.user))


@tenant_schema
class InitiativeViewSet(TenantModelViewSet):
    """Initiatives. An initiative is never deleted: it is closed by its status (paused, completed)."""

    serializer_class = InitiativeSerializer
    filterset_fields = ["phase", "stage", "status"]
    ordering_fields = ["start_date", "stage"]
    create_service = creates(services.initiative_create, drop=())
    update_service = updates(services.initiative_update, "initiative")

    def get_queryset(self):
        return Initiative.objects.select_related("municipality").order_by("municipality__name_he", "pk")


@tenant_schema
class PersonViewSet(TenantModelViewSet):
    """The people directory. Deleting a person takes them out of the directory (inactive, restorable):
    the records that name them stay; refused while a later stage still needs them."""

    serializer_class = PersonSerializer
    filterset_fields = ["sector", "is_active"]
    ordering_fields = ["full_name"]
    create_service = saves(services.person_save, "person")
    update_service = saves(services.person_save, "person")
    destroy_service = acts_on(services.person_deactivate, "person")

    def get_queryset(self):
        return Person.objects.select_related("municipality").order_by("full_name", "pk")


@tenant_schema
class MembershipViewSet(TenantModelViewSet):
    """Who may sign in to a municipality, with which role. Writes go through the same services as the
    users page: create invites by e-mail, PATCH changes the role or (de)activates, DELETE deactivates
    (a membership is never erased: its history stays)."""

    serializer_class = MembershipSerializer
    write_perm = "municipalities.manage_users"
    filterset_fields = ["role", "is_active"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    update_service = updates(services.membership_update, "membership")
    destroy_service = acts_on(services.membership_set_active, "membership", active=False)

    def get_queryset(self):
        return Membership.objects.select_related("municipality", "user").order_by("pk")

    @extend_schema(request=MembershipInviteSerializer, responses={201: InvitationSentSerializer})
    def create(self, request, *args, **kwargs):
        """Invite by e-mail. The answer is the same whether or not the address has an account (what
        was typed, and `status: "sent"`): an existing account joins only once it accepts, and nothing
        of it is shown to the inviter. The membership appears in this list once it exists."""
        invite = MembershipInviteSerializer(data=request.data, context=self.get_serializer_context())
        invite.is_valid(raise_exception=True)
        data = dict(invite.validated_data)
        self.check_create_permission(data["municipality"])
        services.membership_invite(by=request.user, request=request, **data)
        sent = {**data, "email": data["email"].strip().lower(), "status": "sent"}
        return Response(InvitationSentSerializer(sent, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)
