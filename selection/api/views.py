"""Selection REST API: HQ only. Anyone else gets 404 (anonymous callers 401/403), as in the UI.
Writes go through the same services as the UI, so a decided round is read-only here too."""
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import access, tenancy
from core.api.permissions import IsAuthenticatedWithTokenScope
from core.api.viewsets import ServiceCall, ServiceWritesMixin, creates, saves, updates
from selection import selectors, services
from selection.api.serializers import (
    CandidateSerializer,
    ComparisonSerializer,
    ReadinessScoreSerializer,
    RubricCriterionSerializer,
    SelectionRoundSerializer,
)
from selection.models import Candidate, ReadinessScore, RubricCriterion, SelectionRound


class HqOnlyMixin:
    permission_classes = [IsAuthenticatedWithTokenScope]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not access.is_hq(request.user):
            raise exceptions.NotFound()
        self._scope_token = tenancy.set_scope(tenancy.Scope(None))

    def finalize_response(self, request, response, *args, **kwargs):
        token = getattr(self, "_scope_token", None)
        if token is not None:
            tenancy.reset_scope(token)
            self._scope_token = None
        return super().finalize_response(request, response, *args, **kwargs)


class SelectionRoundViewSet(HqOnlyMixin, ServiceWritesMixin, viewsets.ModelViewSet):
    """Selection rounds with their rubric; `comparison` ranks the focus list by chance and risk."""

    serializer_class = SelectionRoundSerializer
    queryset = SelectionRound.objects.select_related("created_by", "decided_by").prefetch_related("criteria")
    filterset_fields = ["status", "stage"]
    ordering_fields = ["created_at", "name"]

    create_service = creates(services.round_create)
    update_service = updates(services.round_update, "round")

    @extend_schema(responses=ComparisonSerializer)
    @action(detail=True, methods=["get"])
    def comparison(self, request, pk=None):
        round = self.get_object()
        data = selectors.comparison(round=round)
        ranking = [{
            "candidate": s.key.pk, "municipality": s.key.municipality.slug, "rank": s.rank,
            "chance": s.chance, "risk": s.risk, "net": s.net,
            "inputs": {str(k): v for k, v in s.values.items()}, "missing": [str(m) for m in s.missing],
            "checks_confirmed": s.key.checks_confirmed,
        } for s in data["ranking"]]
        criteria = RubricCriterion.objects.filter(round=round)
        return Response(ComparisonSerializer({"round": round.pk, "criteria": criteria, "ranking": ranking}).data)


class RubricCriterionViewSet(HqOnlyMixin, ServiceWritesMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """A round's rubric: change a criterion's axis or weight (validated as a whole rubric)."""

    serializer_class = RubricCriterionSerializer
    queryset = RubricCriterion.objects.select_related("round")
    filterset_fields = ["round", "axis"]

    update_service = updates(services.criterion_update, "criterion")


class CandidateViewSet(HqOnlyMixin, ServiceWritesMixin, viewsets.ModelViewSet):
    """Candidates of a round: locality file, answer to the call, must-confirm checks, decision (read)."""

    serializer_class = CandidateSerializer
    queryset = Candidate.objects.select_related("municipality", "round", "decision", "decision__decided_by")
    filterset_fields = ["round", "status", "origin"]
    ordering_fields = ["created_at"]

    create_service = ServiceCall(services.candidate_add, lambda view, instance, data: services.candidate_add(
        round=data["round"], municipality=data["municipality"], reason=data.get("status_reason", ""),
        by=view.request.user))
    update_service = updates(services.candidate_change, "candidate")
    service_error_fields = {"reason": "status_reason"}


class ReadinessScoreViewSet(HqOnlyMixin, ServiceWritesMixin, viewsets.ModelViewSet):
    """Readiness scores (D): the caller is the assessor of what they write."""

    serializer_class = ReadinessScoreSerializer
    queryset = ReadinessScore.objects.select_related("assessor")
    filterset_fields = ["candidate", "criterion", "assessor"]

    create_service = saves(services.readiness_score_save, "score")
    update_service = saves(services.readiness_score_save, "score")
