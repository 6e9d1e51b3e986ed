"""REST resources of the asset map: writes go through investments.services (a delete is soft)."""
import django_filters
from django.db.models import Q

from core.api.viewsets import TenantModelViewSet, acts_on, saves, tenant_schema
from investments import services
from investments.api.serializers import InvestmentSerializer
from investments.models import Investment


class InvestmentFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(method="filter_year", label="running in this year")
    deleted = django_filters.BooleanFilter("deleted_at", lookup_expr="isnull", exclude=True,
                                           label="deleted records (default: not deleted)")

    class Meta:
        model = Investment
        fields = ["domain", "life_stage", "sector", "operator", "kind", "nature", "novelty"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_year__lte=value).filter(Q(end_year__isnull=True) | Q(end_year__gte=value))

    def filter_queryset(self, queryset):
        if "deleted" not in self.data:
            queryset = queryset.filter(deleted_at__isnull=True)
        return super().filter_queryset(queryset)


@tenant_schema
class InvestmentViewSet(TenantModelViewSet):
    """Programmes, services, facilities, budget lines and staffing in the locality (the asset map)."""

    serializer_class = InvestmentSerializer
    filterset_class = InvestmentFilter
    write_perm = "investments.manage"
    create_service = saves(services.investment_save, "investment")
    update_service = saves(services.investment_save, "investment")
    destroy_service = acts_on(services.investment_delete, "investment")

    def get_queryset(self):
        return Investment.objects.select_related("municipality", "operator").order_by("domain", "life_stage", "pk")
