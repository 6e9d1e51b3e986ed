from rest_framework import serializers

from core.api.viewsets import TenantModelSerializer
from mapping.models import Indicator, IndicatorValue


class IndicatorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    source_label = serializers.CharField(read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "name_he", "name_en", "name_ar", "unit", "direction", "life_stage",
                  "domain", "source", "source_label", "description"]


class IndicatorValueSerializer(TenantModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = ["id", "municipality", "indicator", "value", "data_year", "source", "imported_at"]
