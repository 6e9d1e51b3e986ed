"""Selection REST API: HQ only. Anyone else gets 404 (anonymous callers 401/403), as in the UI.
Writes go through the same services as the UI, so a decided round is read-only here too."""
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from core import access, tenancy
from core.api.permissions import IsAuthenticatedWithTokenScope
from selection import selectors, services
from selection.api.serializers import (
    CandidateSerializer,
    ComparisonSerializer,
    ReadinessScoreSerializer,
    RubricCriterionSerializer,
    SelectionRoundSerializer,
)
from selection.models import Candidate, ReadinessScore, RubricCriterion, SelectionRound


def _call(fn, *, _rename=None, **kwargs):
    """Run a service; its ValidationError becomes a 400, with a service's field name mapped to the
    API's (`_rename`, e.g. {"reason": "status_reason"})."""
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        errors = as_serializer_error(exc)
        for old, new in (_rename or {}).items():
            if old in errors:
                errors[new] = errors.pop(old)
        raise exceptions.ValidationError(errors)


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


class SelectionRoundViewSet(HqOnlyMixin, viewsets.ModelViewSet):
    """Selection rounds with their rubric; `comparison` ranks the focus list by chance and risk."""

    serializer_class = SelectionRoundSerializer
    queryset = SelectionRound.objects.select_related("created_by", "decided_by").prefetch_related("criteria")
    filterset_fields = ["status", "stage"]
    ordering_fields = ["created_at", "name"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = _call(services.round_create, name=data["name"],
                                    description=data.get("description", ""), by=self.request.user)
        rest = {k: v for k, v in data.items() if k not in ("name", "description")}
        if rest:
            _call(services.round_update, round=serializer.instance, by=self.request.user, **rest)

    def perform_update(self, serializer):
        _call(services.round_update, round=serializer.instance, by=self.request.user,
              **serializer.validated_data)

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


class RubricCriterionViewSet(HqOnlyMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """A round's rubric: change a criterion's axis or weight (validated as a whole rubric)."""

    serializer_class = RubricCriterionSerializer
    queryset = RubricCriterion.objects.select_related("round")
    filterset_fields = ["round", "axis"]

    def perform_update(self, serializer):
        c = serializer.instance
        data = serializer.validated_data
        weights = {x.pk: (x.axis, x.weight) for x in RubricCriterion.objects.filter(round=c.round)}
        weights[c.pk] = (data.get("axis", c.axis), data.get("weight", c.weight))
        _call(services.rubric_update, round=c.round, weights=weights, by=self.request.user)
        c.refresh_from_db()


class CandidateViewSet(HqOnlyMixin, viewsets.ModelViewSet):
    """Candidates of a round: locality file, answer to the call, must-confirm checks, decision (read)."""

    serializer_class = CandidateSerializer
    queryset = Candidate.objects.select_related("municipality", "round", "decision", "decision__decided_by")
    filterset_fields = ["round", "status", "origin"]
    ordering_fields = ["created_at"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = _call(services.candidate_add, round=data["round"], municipality=data["municipality"],
                                    reason=data.get("status_reason", ""), by=self.request.user,
                                    _rename={"reason": "status_reason"})

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("round", None)
        if data.pop("municipality", serializer.instance.municipality) != serializer.instance.municipality:
            raise exceptions.ValidationError({"municipality": "A candidacy cannot change its authority."})
        status = data.pop("status", None)
        reason = data.pop("status_reason", "")
        candidate = serializer.instance
        if status and status != candidate.status:
            _call(services.candidate_set_status, candidate=candidate, status=status, reason=reason,
                  by=self.request.user, _rename={"reason": "status_reason"})
        if data:
            _call(services.candidate_update, candidate=candidate, by=self.request.user, **data)


class ReadinessScoreViewSet(HqOnlyMixin, viewsets.ModelViewSet):
    """Readiness scores (D): the caller is the assessor of what they write."""

    serializer_class = ReadinessScoreSerializer
    queryset = ReadinessScore.objects.select_related("assessor")
    filterset_fields = ["candidate", "criterion", "assessor"]

    def _record(self, candidate, criterion, score, evidence):
        saved = _call(services.readiness_record, candidate=candidate, assessor=self.request.user,
                      scores={criterion: (score, evidence)}, by=self.request.user)
        return saved[0]

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = self._record(d["candidate"], d["criterion"], d["score"], d.get("evidence", ""))

    def perform_update(self, serializer):
        obj = serializer.instance
        if obj.assessor_id != self.request.user.pk:
            raise exceptions.PermissionDenied("Only the assessor may change their score.")
        d = serializer.validated_data
        if d.get("candidate", obj.candidate) != obj.candidate or d.get("criterion", obj.criterion) != obj.criterion:
            raise exceptions.ValidationError("A score cannot move to another candidate or criterion.")
        serializer.instance = self._record(obj.candidate, obj.criterion, d.get("score", obj.score),
                                           d.get("evidence", obj.evidence))
