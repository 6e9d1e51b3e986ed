from pathlib import Path

import pytest

from core import tenancy
from mapping.services import mobility_indicators_import
from municipalities.registry import import_authorities

DATA = Path(__file__).resolve().parents[2] / "data"  # copies of shared/data shipped with the app
REGISTRY_CSV = DATA / "israel_local_authorities.csv"
MOBILITY_CSV = DATA / "israel_local_authorities_social_mobility.csv"


@pytest.fixture
def registry(db):
    """The real CBS registry (255 authorities) and its social-mobility indicators."""
    with tenancy.scope_all():
        summary, errors = import_authorities(REGISTRY_CSV)
        assert not errors
        with open(MOBILITY_CSV, encoding="utf-8") as handle:
            result = mobility_indicators_import(handle)
        assert not result.errors
    return summary
