from django.utils.translation import gettext as _
from rest_framework import serializers

from municipalities.models import Municipality
from selection.models import Candidate, ReadinessScore, RoundStage, RubricCriterion, SelectionRound


class RubricCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RubricCriterion
        fields = ["id", "input", "axis", "weight", "order"]
        read_only_fields = ["id", "input", "order"]


class SelectionRoundSerializer(serializers.ModelSerializer):
    criteria = RubricCriterionSerializer(many=True, read_only=True)
    created_by = serializers.StringRelatedField(allow_null=True)
    decided_by = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = SelectionRound
        fields = ["id", "name", "description", "stage", "status", "filter_criteria", "call_sent_on",
                  "call_deadline", "call_text", "created_by", "created_at", "decided_by", "decided_at",
                  "updated_at", "criteria"]
        read_only_fields = ["status", "created_by", "created_at", "decided_by", "decided_at", "updated_at"]

    def validate_filter_criteria(self, value):
        """The same checks as the stage A form: known criteria, valid values, lower ≤ upper."""
        from selection.forms import FilterForm

        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Send the criteria as an object."))
        unknown = sorted(set(value) - set(FilterForm.base_fields))
        if unknown:
            raise serializers.ValidationError({k: [_("Unknown criterion.")] for k in unknown})
        data = {k: ("" if v is None else v) for k, v in value.items()}
        for key in ("kinds", "districts", "sectors"):
            if key in data and not isinstance(data[key], list):
                raise serializers.ValidationError({key: [_("Send a list of values.")]})
        form = FilterForm(data)
        if not form.is_valid():
            raise serializers.ValidationError({k: [str(e) for e in errors] for k, errors in form.errors.items()})
        return form.criteria()

    def validate_stage(self, value):
        if self.instance is None and value != RoundStage.FILTER:
            raise serializers.ValidationError(_("A new round starts at stage A."))
        return value


class CandidateSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(slug_field="slug",
                                                queryset=Municipality.objects.exclude(kind="cluster"))
    round = serializers.PrimaryKeyRelatedField(queryset=SelectionRound.objects.all())
    decision = serializers.SerializerMethodField()

    class Meta:
        model = Candidate
        fields = ["id", "round", "municipality", "status", "origin", "status_reason", "other_investments",
                  "big_moves", "external_trends", "recommendation_strength", "opportunity_strength",
                  "call_answered", "call_answered_on", "capability_answer", "motivation_answer",
                  *Candidate.CHECK_FIELDS, "decision", "created_at", "updated_at"]
        read_only_fields = ["origin", "created_at", "updated_at"]

    def get_decision(self, obj) -> dict | None:
        decision = getattr(obj, "decision", None)
        if decision is None:
            return None
        return {"outcome": decision.outcome, "reason": decision.reason,
                "decided_by": str(decision.decided_by), "decided_at": decision.decided_at,
                "initiative": decision.initiative_id, "initiative_existed": decision.initiative_existed,
                "checks_override_reason": decision.checks_override_reason,
                "partner_override_reason": decision.partner_override_reason}

    def validate(self, attrs):
        if self.instance is not None and "round" in attrs and attrs["round"].pk != self.instance.round_id:
            raise serializers.ValidationError({"round": _("A candidate cannot move to another round.")})
        return attrs


class ReadinessScoreSerializer(serializers.ModelSerializer):
    assessor = serializers.StringRelatedField()
    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.all())

    class Meta:
        model = ReadinessScore
        fields = ["id", "candidate", "assessor", "criterion", "score", "evidence", "updated_at"]
        read_only_fields = ["assessor", "updated_at"]


class RankedCandidateSerializer(serializers.Serializer):
    candidate = serializers.IntegerField()
    municipality = serializers.CharField()
    rank = serializers.IntegerField()
    chance = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    risk = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    net = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    inputs = serializers.DictField(child=serializers.DecimalField(max_digits=6, decimal_places=4,
                                                                  allow_null=True))
    missing = serializers.ListField(child=serializers.CharField())
    checks_confirmed = serializers.IntegerField()


class ComparisonSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    criteria = RubricCriterionSerializer(many=True)
    ranking = RankedCandidateSerializer(many=True)
