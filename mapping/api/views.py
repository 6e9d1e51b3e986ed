import datetime as dt

import django_filters
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from core import access
from core.api.permissions import IsAuthenticatedWithTokenScope
from core.api.viewsets import (
    ServiceCall,
    TenantModelViewSet,
    TenantReadOnlyViewSet,
    TenantScopedMixin,
    acts_on,
    tenant_schema,
    updates,
)
from mapping import selectors, services
from mapping.api.serializers import (
    GoldenIndicatorSerializer,
    IndicatorSerializer,
    IndicatorTargetSerializer,
    IndicatorValueSerializer,
    status_picture_data,
)
from mapping.models import Area, GoldenIndicator, Indicator, IndicatorTarget, IndicatorValue


class IndicatorViewSet(TenantScopedMixin, viewsets.ReadOnlyModelViewSet):
    """The indicator catalogue: the platform's indicators and the local ones of the municipalities
    the caller may see."""

    serializer_class = IndicatorSerializer
    permission_classes = [IsAuthenticatedWithTokenScope]
    filterset_fields = ["code", "unit", "direction", "area", "life_stage", "domain", "is_golden", "is_active"]

    def get_queryset(self):
        return Indicator.objects.select_related("municipality").prefetch_related("factors").order_by("code")

    def filter_queryset(self, queryset):  # platform rows have no municipality: not filtered by it
        return viewsets.ReadOnlyModelViewSet.filter_queryset(self, queryset)


class _ValueFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter("indicator__code")
    domain = django_filters.CharFilter("indicator__domain")
    area = django_filters.CharFilter("indicator__area")
    year = django_filters.NumberFilter("data_year")

    class Meta:
        model = IndicatorValue
        fields = {"data_year": ["exact"], "source": ["exact"], "breakdown_kind": ["exact"],
                  "indicator__code": ["exact"]}


class _TargetFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter("indicator__code")
    domain = django_filters.CharFilter("indicator__domain")
    area = django_filters.CharFilter("indicator__area")
    year = django_filters.NumberFilter("target_year")

    class Meta:
        model = IndicatorTarget
        fields = ["indicator", "domain", "area", "year", "breakdown_kind"]


def _creates(service):
    return ServiceCall(service, lambda view, instance, data: service(by=view.request.user, **data))


@tenant_schema
class IndicatorValueViewSet(TenantModelViewSet):
    """Indicator values of the municipalities the caller may see, each with its data year, breakdown,
    source and who entered it. Writes go through mapping.services, as on the pages."""

    serializer_class = IndicatorValueSerializer
    filterset_class = _ValueFilter
    ordering_fields = ["data_year", "value"]
    write_perm = "mapping.enter_values"
    create_service = _creates(services.value_create)
    update_service = updates(services.value_update, "row")
    destroy_service = acts_on(services.value_delete, "value")

    def get_queryset(self):
        return IndicatorValue.objects.select_related("municipality", "indicator", "entered_by") \
            .order_by("indicator__code", "data_year", "breakdown_kind", "breakdown", "pk")


@tenant_schema
class IndicatorTargetViewSet(TenantModelViewSet):
    """Targets per municipality, indicator, year and breakdown, with the year set and a rationale."""

    serializer_class = IndicatorTargetSerializer
    filterset_class = _TargetFilter
    write_perm = "mapping.enter_values"
    create_service = _creates(services.target_create)
    update_service = updates(services.target_update, "target")
    destroy_service = acts_on(services.target_delete, "target")

    def get_queryset(self):
        return IndicatorTarget.objects.select_related("municipality", "indicator", "set_by") \
            .order_by("indicator__code", "target_year", "breakdown_kind", "breakdown", "pk")


@tenant_schema
class GoldenIndicatorViewSet(TenantReadOnlyViewSet):
    """Each municipality's golden data, with its owner."""

    serializer_class = GoldenIndicatorSerializer
    filterset_fields = {"indicator__code": ["exact"], "indicator__domain": ["exact"], "indicator__area": ["exact"]}

    def get_queryset(self):
        return GoldenIndicator.objects.select_related("municipality", "indicator", "owner_person", "owner_user") \
            .order_by("municipality__slug", "order", "pk")


class StatusPictureViewSet(TenantScopedMixin, viewsets.ViewSet):
    """A municipality's status picture as JSON (computed by mapping.selectors.status_picture)."""

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    @extend_schema(parameters=[
        OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.QUERY,
                         description="Freshness as of the end of this year (default: today)."),
        OpenApiParameter("area", OpenApiTypes.STR, OpenApiParameter.QUERY,
                         description="Only this life stage or domain's cards and golden indicators."),
        OpenApiParameter("domain", OpenApiTypes.STR, OpenApiParameter.QUERY,
                         description="Only golden indicators of this mobility domain."),
        OpenApiParameter("indicator", OpenApiTypes.STR, OpenApiParameter.QUERY,
                         description="Only this golden indicator (code).")],
        responses={200: OpenApiTypes.OBJECT})
    def retrieve(self, request, slug=None):
        from municipalities.models import Municipality

        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None or not access.can_see(request.user, municipality):
            raise Http404
        as_of = timezone.localdate()
        year = request.query_params.get("year", "")
        if year.isdigit() and 1948 <= int(year) <= 2100:
            as_of = dt.date(int(year), 12, 31)
        picture = selectors.status_picture(municipality=municipality, as_of=as_of)
        area = request.query_params.get("area", "")
        if area in Area.values:
            picture.cards = [c for c in picture.cards if c.area == area]
            picture.golden = [g for g in picture.golden if g.indicator.area == area]
        domain = request.query_params.get("domain", "")
        if domain:
            picture.golden = [g for g in picture.golden if g.indicator.domain == domain]
        code = request.query_params.get("indicator", "")
        if code:
            picture.golden = [g for g in picture.golden if g.indicator.code == code]
        return Response(status_picture_data(picture))
