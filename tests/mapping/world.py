from decimal import Decimal

from core import tenancy
from mapping.catalogue import ensure_catalogue
from mapping.models import (
    GoldenIndicator,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MappingSettings,
)
from municipalities.models import Person


def build(*, tenant, marker):
    m = tenant.municipality
    with tenancy.scope_all():
        indicators = ensure_catalogue()
        local = Indicator.everything.create(code=f"local-{m.slug}-world", name_he=f"מדד מקומי {marker}",
                                            name_en=f"Local {marker}", unit="percent", area="youth_movements",
                                            breakdowns=["neighbourhood"], municipality=m)
        ym = indicators["youth_movement_participation_pct"]
        IndicatorValue.all_municipalities.create(
            municipality=m, indicator=indicators["bagrut_eligible_pct"], value=Decimal("61.5"),
            data_year=2021, source=f"{marker} edition")
        IndicatorValue.all_municipalities.create(
            municipality=m, indicator=ym, value=Decimal("17"), data_year=2023, source=f"{marker} survey",
            breakdown_kind="neighbourhood", breakdown=f"{marker} north")
        IndicatorValue.all_municipalities.create(
            municipality=m, indicator=local, value=Decimal("12"), data_year=2023, source=f"{marker} local")
        IndicatorTarget.all_municipalities.create(
            municipality=m, indicator=ym, target_year=2027, value=Decimal("40"), set_in_year=2023,
            rationale=f"{marker} rationale", breakdown_kind="neighbourhood", breakdown=f"{marker} north")
        owner = Person.all_municipalities.filter(municipality=m).first()
        GoldenIndicator.all_municipalities.create(municipality=m, indicator=ym, owner_person=owner,
                                                  note=f"{marker} golden note")
        GoldenIndicator.all_municipalities.create(municipality=m, indicator=local, note=f"{marker} local golden")
        MappingSettings.all_municipalities.create(municipality=m, stale_after_years=3)
