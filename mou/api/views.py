from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.response import Response

from core.api.viewsets import (
    TenantModelViewSet,
    TenantReadOnlyViewSet,
    TenantScopedMixin,
    acts_on,
    saves,
    tenant_schema,
)
from mou import services
from mou.api.serializers import (
    AgreementSerializer,
    AgreementStepSerializer,
    AgreementVersionSerializer,
    AnchorExemptionSerializer,
    BudgetLineSerializer,
    LocalDirectorProfileSerializer,
    SignatorySerializer,
    SignatureSerializer,
    SignRequestSerializer,
)
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


@tenant_schema
class AgreementViewSet(TenantReadOnlyViewSet):
    """The agreement (MOU) of each initiative, with its status and current version."""

    serializer_class = AgreementSerializer
    filterset_fields = ["status", "language"]

    def get_queryset(self):
        latest = AgreementVersion.objects.filter(agreement=OuterRef("pk")).order_by("-number").values("pk")[:1]
        return Agreement.objects.select_related("municipality").annotate(
            current_version_id=Subquery(latest)).order_by("pk")


@tenant_schema
class AgreementVersionViewSet(TenantReadOnlyViewSet):
    """Every saved draft of an MOU (amendments included), immutable."""

    serializer_class = AgreementVersionSerializer
    filterset_fields = ["agreement", "amendment_number"]

    def get_queryset(self):
        return AgreementVersion.objects.select_related("municipality", "created_by").order_by("agreement", "number")


@tenant_schema
class SignatoryViewSet(TenantReadOnlyViewSet):
    serializer_class = SignatorySerializer
    filterset_fields = ["agreement", "anchor", "required"]

    def get_queryset(self):
        return Signatory.objects.select_related("municipality", "person").order_by("agreement", "order", "pk")


@tenant_schema
class AnchorExemptionViewSet(TenantReadOnlyViewSet):
    """The guide's anchors HQ marked not applicable to an MOU, with the reason (HQ marks them on the
    signatories page)."""

    serializer_class = AnchorExemptionSerializer
    filterset_fields = ["agreement", "anchor"]

    def get_queryset(self):
        return AnchorExemption.objects.select_related("municipality", "decided_by").order_by("agreement", "anchor")


@tenant_schema
class SignatureViewSet(TenantScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Signatures. POST signs a version as the calling user: only for a signatory linked to that user,
    and only the current version whose fingerprint (`content_hash`) the caller read."""

    serializer_class = SignatureSerializer
    filterset_fields = ["version", "signatory"]

    def get_queryset(self):
        return Signature.objects.select_related("municipality", "decided_by", "recorded_by").order_by(
            "decided_at", "pk")

    @extend_schema(request=SignRequestSerializer, responses={201: SignatureSerializer})
    def create(self, request, *args, **kwargs):
        data = SignRequestSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        signatory, version = data.validated_data["signatory"], data.validated_data["version"]
        if not request.user.has_perm("mou.sign", signatory.municipality):
            raise exceptions.PermissionDenied()
        if version.agreement_id != signatory.agreement_id:
            raise serializers.ValidationError({"version": [_("This version belongs to another agreement.")]})
        signature = services.signature_sign(agreement=signatory.agreement, signatory=signatory,
                                            version_id=version.pk, content_hash=data.validated_data["content_hash"],
                                            by=request.user)
        return Response(SignatureSerializer(signature, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


@tenant_schema
class BudgetLineViewSet(TenantModelViewSet):
    """The budget appendix: each write saves a new version of the MOU; a signed MOU is locked."""

    serializer_class = BudgetLineSerializer
    write_perm = "mou.manage"
    filterset_fields = ["agreement", "year", "source_sector"]

    def get_queryset(self):
        return BudgetLine.objects.select_related("municipality").order_by("agreement", "year", "pk")

    create_service = saves(services.budget_line_save, "line")
    update_service = saves(services.budget_line_save, "line")
    destroy_service = acts_on(services.budget_line_delete, "line")


@tenant_schema
class AgreementStepViewSet(TenantModelViewSet):
    """Steps of the agreement process; creating the official launch moves the initiative on."""

    serializer_class = AgreementStepSerializer
    write_perm = "mou.manage"
    filterset_fields = ["agreement", "kind"]

    def get_queryset(self):
        return AgreementStep.objects.select_related("municipality").order_by("agreement", "date", "pk")

    create_service = saves(services.step_save, "step")
    update_service = saves(services.step_save, "step")
    destroy_service = acts_on(services.step_delete, "step")


@tenant_schema
class LocalDirectorProfileViewSet(TenantModelViewSet):
    """The local director's role profile (one per initiative; changed, never deleted)."""

    serializer_class = LocalDirectorProfileSerializer
    write_perm = "mou.manage"
    filterset_fields = ["recruitment_status", "reports_to"]

    def get_queryset(self):
        return LocalDirectorProfile.objects.select_related("municipality").order_by("pk")

    create_service = saves(services.director_profile_save, "profile")
    update_service = saves(services.director_profile_save, "profile")
