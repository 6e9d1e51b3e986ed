from rest_framework import viewsets

from core.api.permissions import IsAuthenticatedWithTokenScope
from core.api.viewsets import TenantReadOnlyViewSet, tenant_schema
from mapping.api.serializers import IndicatorSerializer, IndicatorValueSerializer
from mapping.models import Indicator, IndicatorValue


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The platform-wide indicator catalogue."""

    serializer_class = IndicatorSerializer
    permission_classes = [IsAuthenticatedWithTokenScope]
    queryset = Indicator.objects.all()
    filterset_fields = ["code", "unit", "direction", "life_stage", "domain"]


@tenant_schema
class IndicatorValueViewSet(TenantReadOnlyViewSet):
    """Indicator values of the municipalities the caller may see, each with its data year and source."""

    serializer_class = IndicatorValueSerializer
    filterset_fields = {"data_year": ["exact"], "source": ["exact"], "indicator__code": ["exact"]}
    ordering_fields = ["data_year", "value"]

    def get_queryset(self):
        return IndicatorValue.objects.select_related("municipality", "indicator")
