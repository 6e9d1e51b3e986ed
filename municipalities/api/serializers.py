from rest_framework import serializers

from core.api.viewsets import TenantModelSerializer, VisibleMunicipalityField
from municipalities.models import Initiative, Membership, Municipality, Person, PopulationSector
from municipalities.rules import contact_visibility


class MunicipalitySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    name_lang = serializers.CharField(source="name.lang", read_only=True)
    district_label = serializers.CharField(read_only=True)
    cluster_members = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    # "" when the registry gives none: part of the enum, so a generated client accepts it.
    sector = serializers.ChoiceField(choices=PopulationSector.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Municipality
        fields = ["id", "slug", "cbs_code", "name", "name_lang", "name_he", "name_en", "name_ar", "kind",
                  "district", "district_en", "district_label", "sector", "population", "population_year", "socioeconomic_cluster",
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
    """A person of the directory. `email` and `phone` are null when the caller may not see them
    (municipalities/rules.py: the local director, CEO, head of authority and HQ see everyone's;
    others their own and those of the people who share a body with them); `contact_hidden` says so."""

    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, allow_null=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, allow_null=True)
    contact_hidden = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "municipality", "full_name", "organization", "organization_name", "sector",
                  "role_title", "email", "phone", "contact_hidden", "is_active", "notes", "updated_at"]
        read_only_fields = ["updated_at"]

    def validate_email(self, value):
        return value or ""

    def validate_phone(self, value):
        return value or ""

    def _shows(self, person) -> bool:
        request = self.context.get("request")
        if request is None:
            return False
        cache = self.context.setdefault("_contact_visibility", {})
        if person.municipality_id not in cache:
            cache[person.municipality_id] = contact_visibility(request.user, person.municipality_id)
        return cache[person.municipality_id].shows(person)

    def get_contact_hidden(self, obj) -> bool:
        return not self._shows(obj)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self._shows(instance):
            data["email"] = data["phone"] = None
        return data


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
    """Invite someone by e-mail (an account is created if they have none; an existing account is
    asked to accept; they get an e-mail either way)."""

    municipality = VisibleMunicipalityField()
    email = serializers.EmailField()
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=Membership._meta.get_field("role").choices)


class InvitationSentSerializer(serializers.Serializer):
    """The answer to an invitation: what the inviter typed, the same whether or not the address has
    an account."""

    municipality = serializers.CharField(source="municipality.slug", read_only=True)
    email = serializers.EmailField(read_only=True)
    first_name = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)
    role = serializers.ChoiceField(choices=Membership._meta.get_field("role").choices, read_only=True)
    status = serializers.CharField(read_only=True)
