"""Rows of the asset map for the isolation test, each carrying the marker."""
from decimal import Decimal

from core import tenancy
from core.reference import LifeStage, MobilityDomain, Sector
from investments.models import Investment


def build(*, tenant, marker):
    with tenancy.scope_all():
        Investment.all_municipalities.create(
            municipality=tenant.municipality, title=f"{marker} programme", description=marker,
            sector=Sector.THIRD_SECTOR, domain=MobilityDomain.EDUCATION, life_stage=LifeStage.SECONDARY,
            start_year=2020, annual_budget=Decimal("1000.00"))
