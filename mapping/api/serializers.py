from rest_framework import serializers

from core.api.viewsets import TenantModelSerializer
from mapping.models import GoldenIndicator, Indicator, IndicatorTarget, IndicatorValue


class IndicatorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    source_label = serializers.CharField(read_only=True)
    factors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    municipality = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "name_he", "name_en", "name_ar", "unit", "direction", "area", "card_figure",
                  "life_stage", "domain", "breakdowns", "infrastructures", "factors", "is_golden", "is_active",
                  "municipality", "source", "source_label", "description"]


class _IndicatorByCode(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)

    def get_queryset(self):
        return Indicator.objects.all()  # the catalogue as the caller's scope sees it


class IndicatorValueSerializer(TenantModelSerializer):
    indicator = _IndicatorByCode()
    entered_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = IndicatorValue
        fields = ["id", "municipality", "indicator", "value", "data_year", "breakdown_kind", "breakdown", "source",
                  "entered_by", "imported_at", "updated_at"]
        read_only_fields = ["imported_at", "updated_at"]


class IndicatorTargetSerializer(TenantModelSerializer):
    indicator = _IndicatorByCode()
    set_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = IndicatorTarget
        fields = ["id", "municipality", "indicator", "target_year", "breakdown_kind", "breakdown", "value",
                  "set_in_year", "rationale", "set_by", "updated_at"]
        read_only_fields = ["updated_at"]


class GoldenIndicatorSerializer(TenantModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    owner = serializers.SerializerMethodField()

    class Meta:
        model = GoldenIndicator
        fields = ["id", "municipality", "indicator", "owner", "order", "note", "updated_at"]

    def get_owner(self, obj) -> str | None:
        return str(obj.owner) if obj.owner else None


def _point(p):
    return None if p is None else {"year": p.year, "value": str(p.value)}


def status_picture_data(picture) -> dict:
    """The status picture as JSON (numbers as strings, as DRF writes decimals)."""
    return {
        "municipality": picture.municipality.slug,
        "as_of": picture.as_of.isoformat(),
        "stale_after_years": picture.stale_after,
        "headline": [{"indicator": h.code, "latest": _point(h.latest)} for h in picture.headline],
        "cards": [{
            "area": c.area,
            "figures": {k: {"indicator": f.indicator.code, "latest": _point(f.latest), "previous": _point(f.previous)}
                        for k, f in c.figures.items()},
            "target": _point(c.target), "attainment_pct": None if c.attainment is None else str(c.attainment),
            "split": {"kind": c.split_kind, "rows": [{"label": label, "value": str(v)} for label, v in c.split]},
        } for c in picture.cards],
        "golden": [{
            "indicator": g.indicator.code, "area": g.indicator.area, "domain": g.indicator.domain,
            "direction": g.indicator.direction, "owner": str(g.owner) if g.owner else None,
            "series": [_point(p) for p in g.series], "targets": [_point(p) for p in g.targets],
            "target": _point(g.target), "latest": _point(g.latest), "forecast": _point(g.forecast),
            "slope_per_year": None if g.slope is None else str(g.slope), "on_track": g.on_track,
            "attainment_pct": None if g.attainment is None else str(g.attainment),
            "last_year": g.last_year, "stale": g.stale,
            "breakdowns": {kind: [{"label": r.label, "values": {str(y): str(v) for y, v in r.values.items()},
                                   "latest": _point(r.latest), "target": _point(r.target),
                                   "attainment_pct": None if r.attainment is None else str(r.attainment)}
                                  for r in rows] for kind, rows in g.breakdowns.items()},
            "benchmarks": [{"compared_with": b.key, "value": str(b.value), "authorities": b.count, "year": b.year}
                           for b in g.benchmarks],
        } for g in picture.golden],
    }
