from rest_framework import serializers

from core.api.viewsets import TenantModelSerializer
from investments.models import Investment


class InvestmentSerializer(TenantModelSerializer):
    operator_name = serializers.CharField(source="operator.__str__", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Investment
        fields = ["id", "municipality", "title", "description", "kind", "operator", "operator_name", "sector",
                  "domain", "life_stage", "age_group", "start_year", "end_year", "nature", "novelty",
                  "annual_budget", "deleted_at", "created_at", "updated_at"]
        read_only_fields = ["deleted_at", "created_at"]
