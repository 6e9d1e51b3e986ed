from decimal import Decimal

from core import tenancy
from mapping.catalogue import ensure_catalogue
from mapping.models import IndicatorValue


def build(*, tenant, marker):
    with tenancy.scope_all():
        indicators = ensure_catalogue()
        IndicatorValue.all_municipalities.create(
            municipality=tenant.municipality, indicator=indicators["bagrut_eligible_pct"], value=Decimal("61.5"),
            data_year=2021, source=f"{marker} edition")
