from rest_framework import serializers

from core.api.viewsets import TenantModelSerializer
from mou.models import (
    Agreement,
    AgreementStep,
    AgreementVersion,
    AnchorExemption,
    BudgetLine,
    LocalDirectorProfile,
    Signatory,
    Signature,
)
from municipalities.models import Initiative, Person


class AgreementSerializer(TenantModelSerializer):
    current_version = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = ["id", "municipality", "initiative", "title", "language", "status", "amendment_count",
                  "signed_version", "current_version", "submitted_at", "created_at", "updated_at"]
        read_only_fields = fields

    def get_current_version(self, obj) -> int | None:
        return getattr(obj, "current_version_id", None)


class AgreementVersionSerializer(TenantModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    signed_at = serializers.DateTimeField(source="frozen_at", read_only=True, allow_null=True)
    sections = serializers.DictField(child=serializers.CharField(allow_blank=True), read_only=True)
    budget = serializers.ListField(child=serializers.DictField(), read_only=True)

    class Meta:
        model = AgreementVersion
        fields = ["id", "municipality", "agreement", "number", "amendment_number", "title", "sections",
                  "budget", "content_hash", "change_note", "created_by", "created_at", "signed_at"]
        read_only_fields = fields


class SignatorySerializer(TenantModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Signatory
        fields = ["id", "municipality", "agreement", "person", "person_name", "anchor", "capacity", "required",
                  "signs_on_paper", "order"]
        read_only_fields = fields


class SignatureSerializer(TenantModelSerializer):
    signed_by = serializers.SlugRelatedField(source="decided_by", slug_field="username", read_only=True)
    signed_at = serializers.DateTimeField(source="decided_at", read_only=True)
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Signature
        fields = ["id", "municipality", "version", "signatory", "signed_by", "signer_name", "content_hash",
                  "signed_at", "kind", "on_paper", "recorded_by"]
        read_only_fields = fields


class AnchorExemptionSerializer(TenantModelSerializer):
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = AnchorExemption
        fields = ["id", "municipality", "agreement", "anchor", "reason", "decided_by", "decided_at"]
        read_only_fields = fields


class SignRequestSerializer(serializers.Serializer):
    """Sign a version as yourself: the version you read and its fingerprint (`content_hash`)."""

    signatory = serializers.PrimaryKeyRelatedField(queryset=Signatory.objects.all())
    version = serializers.PrimaryKeyRelatedField(queryset=AgreementVersion.objects.all())
    content_hash = serializers.CharField(max_length=64)


class BudgetLineSerializer(TenantModelSerializer):
    agreement = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.all())

    class Meta:
        model = BudgetLine
        fields = ["id", "municipality", "agreement", "year", "source_sector", "funder", "purpose", "amount",
                  "updated_at"]
        read_only_fields = ["updated_at"]


class AgreementStepSerializer(TenantModelSerializer):
    agreement = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.all())

    class Meta:
        model = AgreementStep
        fields = ["id", "municipality", "agreement", "kind", "date", "participants", "notes", "updated_at"]
        read_only_fields = ["updated_at"]


class LocalDirectorProfileSerializer(TenantModelSerializer):
    initiative = serializers.PrimaryKeyRelatedField(queryset=Initiative.objects.all())
    reports_to_person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), allow_null=True,
                                                           required=False)
    duties = serializers.ListField(child=serializers.CharField(), required=False)
    permanent_post_state = serializers.SerializerMethodField()

    class Meta:
        model = LocalDirectorProfile
        fields = ["id", "municipality", "initiative", "reports_to", "reports_to_person", "recruitment_status",
                  "start_date", "permanent_post_due", "permanent_post_achieved_on", "permanent_post_state",
                  "duties", "notes", "updated_at"]
        read_only_fields = ["updated_at"]

    def get_permanent_post_state(self, obj) -> str:
        return obj.permanent_post_state()
