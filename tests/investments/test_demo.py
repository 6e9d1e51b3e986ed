import io

import pytest

from core import tenancy
from investments import demo, selectors
from investments.models import Investment

pytestmark = pytest.mark.django_db


def test_demo_seeds_a_realistic_map_once(tenant_a):
    with tenancy.scope_all():
        demo.seed(stdout=io.StringIO())
        count = Investment.objects.filter(municipality=tenant_a.municipality).count()
        assert 20 <= count <= 40
        demo.seed(stdout=io.StringIO())
        assert Investment.objects.filter(municipality=tenant_a.municipality).count() == count
    with tenancy.scope(tenant_a.municipality):
        qs = selectors.investment_list(municipality=tenant_a.municipality)
        assert sum(r["budget"] for r in selectors.summary_by_domain(qs)) == selectors.totals(qs)["budget"] > 0
