from rest_framework import serializers

from core.api.viewsets import TenantModelSerializer, VisibleMunicipalityField
from municipalities.models import Initiative, Membership, Municipality, Person, PopulationSector


class MunicipalitySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    cluster_members = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    # "" when the registry gives none: part of the enum, so a generated client accepts it.
    sector = serializers.ChoiceField(choices=PopulationSector.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Municipality
        fields = ["id", "slug", "cbs_code", "name", "name_he", "name_en", "name_ar", "kind", "district",
                  "district_en", "sector", "population", "population_year", "socioeconomic_cluster",
                  "socioeconomic_index", "socioeconomic_rank", "socioeconomic_year", "peripherality_cluster",
                  "peripherality_index", "peripherality_rank", "peripherality_year", "pct_jews_and_others",
                  "pct_arabs", "pct_haredi", "cluster_members", "timezone"]
        read_only_fields = fields


class InitiativeSerializer(TenantModelSerializer):
    local_director = serializers.PrimaryKeyRelatedField(queryset=Person.objects, allow_null=True,
                                                        required=False)

    class Meta:
        model = Initiative
        fields = ["id", "municipality", "title", "phase", "stage", "status", "start_date",
                  "planned_exit_date", "local_director", "notes", "updated_at"]
        read_only_fields = ["updated_at"]


class PersonSerializer(TenantModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "municipality", "full_name", "organization", "organization_name", "sector",
                  "role_title", "email", "phone", "is_active", "notes", "updated_at"]
        read_only_fields = ["updated_at"]


class MembershipSerializer(TenantModelSerializer):
    """Read, and change `role` / `is_active` (through the membership services and their rules)."""

    user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    user_display = serializers.CharField(source="user.__str__", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "municipality", "user", "user_display", "role", "is_active", "created_at",
                  "updated_at"]
        read_only_fields = ["municipality", "user", "created_at", "updated_at"]


class MembershipInviteSerializer(serializers.Serializer):
    """Invite someone by e-mail (an account is created if they have none; they get an e-mail)."""

    municipality = VisibleMunicipalityField()
    email = serializers.EmailField()
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=Membership._meta.get_field("role").choices)
