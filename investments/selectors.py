"""Reads of the asset map. Every function is a pure read of the records (no writes), so later stages
(the portfolio's prisms, HQ dashboards) can build on them."""
from collections import OrderedDict
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, Sum

from core.reference import LifeStage, MobilityDomain, Sector
from investments.models import Investment
from municipalities.models import Organization

FILTERS = ("domain", "life_stage", "sector", "operator", "year", "kind")


def investment_list(*, municipality, domain=None, life_stage=None, sector=None, operator=None, year=None,
                    kind=None, include_deleted=False):
    """The municipality's assets, filtered. `year` keeps those running in that year."""
    qs = Investment.objects.filter(municipality=municipality).select_related("operator")
    if not include_deleted:
        qs = qs.filter(deleted_at__isnull=True)
    if domain:
        qs = qs.filter(domain=domain)
    if life_stage:
        qs = qs.filter(life_stage=life_stage)
    if sector:
        qs = qs.filter(sector=sector)
    if operator:
        qs = qs.filter(operator=operator)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(start_year__lte=year).filter(Q(end_year__isnull=True) | Q(end_year__gte=year))
    return qs.order_by("domain", "life_stage", "title", "pk")


def _summary(qs, field, choices):
    """One row per choice (in the reference order, zeros included so gaps show): count and budget."""
    found = {row[field]: row for row in qs.order_by().values(field).annotate(count=Count("pk"),
                                                                             budget=Sum("annual_budget"))}
    rows = []
    for value, label in choices:
        row = found.get(value, {})
        rows.append({"key": value, "label": label, "count": row.get("count", 0),
                     "budget": row.get("budget") or Decimal("0")})
    return rows


def summary_by_domain(qs):
    return _summary(qs, "domain", MobilityDomain.choices)


def summary_by_life_stage(qs):
    return _summary(qs, "life_stage", LifeStage.choices)


def summary_by_sector(qs):
    return _summary(qs, "sector", Sector.choices)


def totals(qs) -> dict:
    agg = qs.order_by().aggregate(count=Count("pk"), budget=Sum("annual_budget"))
    return {"count": agg["count"], "budget": agg["budget"] or Decimal("0")}


def domain_by_life_stage(qs) -> OrderedDict:
    """Budget in a domain × life stage grid (the continuum with its gaps)."""
    grid = OrderedDict((d, OrderedDict((s, Decimal("0")) for s in LifeStage.values)) for d in MobilityDomain.values)
    for row in qs.order_by().values("domain", "life_stage").annotate(budget=Sum("annual_budget")):
        grid[row["domain"]][row["life_stage"]] = row["budget"] or Decimal("0")
    return grid


def operators_used(*, municipality):
    """The organizations that operate something in the municipality (for the filter)."""
    ids = Investment.objects.filter(municipality=municipality, deleted_at__isnull=True,
                                    operator__isnull=False).values("operator_id")
    return Organization.objects.filter(pk__in=ids).order_by("name_he")


def year_range(*, municipality) -> list[int]:
    agg = Investment.objects.filter(municipality=municipality, deleted_at__isnull=True).aggregate(
        lo=Min("start_year"), hi=Max("start_year"), end=Max("end_year"))
    if agg["lo"] is None:
        return []
    hi = max(v for v in (agg["hi"], agg["end"]) if v is not None)
    return list(range(agg["lo"], hi + 1))
