"""The status picture against hand-computed figures: trend forecast, attainment, breakdowns,
benchmarks (aggregates only), freshness, and a bounded number of queries."""
import datetime as dt
from decimal import Decimal

import pytest

from core import tenancy
from mapping import catalogue, selectors, services
from mapping.models import Direction, IndicatorValue
from mapping.selectors import Point, attainment, forecast_at, reaches
from tests import factories

AS_OF = dt.date(2025, 6, 1)


def test_forecast_is_the_least_squares_line():
    # y = 10, 12, 14 (2018-2020): slope 2, at 2025 → 24
    points = [Point(2018, Decimal(10)), Point(2019, Decimal(12)), Point(2020, Decimal(14))]
    assert forecast_at(points, 2025) == Decimal("24.00")
    # a scatter: (2018, 10), (2019, 14), (2020, 12): slope 1, mean 12 at 2019 → 2025: 18
    points = [Point(2018, Decimal(10)), Point(2019, Decimal(14)), Point(2020, Decimal(12))]
    assert forecast_at(points, 2025) == Decimal("18.00")
    assert forecast_at(points[:1], 2025) is None


def test_attainment_and_reaching_follow_the_direction():
    assert attainment(Direction.HIGHER_IS_BETTER, Decimal(17), Decimal(40)) == Decimal(43)
    assert attainment(Direction.HIGHER_IS_BETTER, Decimal(44), Decimal(50)) == Decimal(88)
    assert attainment(Direction.LOWER_IS_BETTER, Decimal(8), Decimal(4)) == Decimal(50)
    assert attainment(Direction.LOWER_IS_BETTER, Decimal(0), Decimal(4)) == Decimal(100)
    assert attainment(Direction.HIGHER_IS_BETTER, Decimal(5), Decimal(0)) is None
    assert reaches(Direction.HIGHER_IS_BETTER, Decimal(24), Decimal(20)) is True
    assert reaches(Direction.LOWER_IS_BETTER, Decimal(24), Decimal(20)) is False
    assert reaches(Direction.NEUTRAL, Decimal(24), Decimal(20)) is None


@pytest.fixture
def town(tenant_a):
    with tenancy.scope_all():
        indicators = catalogue.ensure_catalogue()
    return tenant_a, indicators


def _value(m, indicator, year, value, *, kind="", label="", source="municipal"):
    with tenancy.scope_all():
        return IndicatorValue.all_municipalities.create(municipality=m, indicator=indicator, data_year=year,
                                                        value=Decimal(value), source=source,
                                                        breakdown_kind=kind, breakdown=label)


def _build(tenant, indicators, *, years=range(2018, 2021), neighbourhoods=("North", "South"), first=True):
    m = tenant.municipality
    director = tenant.user("local_director")
    ym = indicators["youth_movement_participation_pct"]
    with tenancy.scope(m):
        if not first:
            return _more(m, ym, years, neighbourhoods)
        services.golden_add(municipality=m, indicator=ym, owner_user=director, by=director)
        services.target_create(municipality=m, indicator=ym, target_year=2025, value=Decimal(40),
                               set_in_year=2020, rationale="guide", by=director)
        for i, label in enumerate(neighbourhoods):
            services.target_create(municipality=m, indicator=ym, target_year=2025, value=Decimal(50),
                                   set_in_year=2020, breakdown_kind="neighbourhood", breakdown=label, by=director)
    for offset, year in enumerate(years):
        _value(m, ym, year, 10 + 2 * offset)
        for i, label in enumerate(neighbourhoods):
            _value(m, ym, year, 20 + 4 * i + offset, kind="neighbourhood", label=label)
    _value(m, indicators["population"], 2021, 18642, source=catalogue.CBS_2021)
    _value(m, indicators["households"], 2021, 505)
    _value(m, indicators["socioeconomic_cluster"], 2019, 4, source=catalogue.CBS_2021)
    _value(m, indicators["early_supervised_frameworks_pct"], 2019, 80)
    _value(m, indicators["early_children_count"], 2019, 1453)
    _value(m, indicators["early_cost_per_child"], 2019, 12560)
    return ym


def _more(m, ym, years, neighbourhoods):
    for offset, year in enumerate(years):
        _value(m, ym, year, 5 + offset)
        for label in neighbourhoods:
            _value(m, ym, year, 20 + offset, kind="neighbourhood", label=label)
    return ym


def test_status_picture_figures(town):
    tenant, indicators = town
    ym = _build(tenant, indicators)
    m = tenant.municipality
    # a second source for 2020, imported later, wins
    _value(m, ym, 2020, 15, source="survey")
    with tenancy.scope(m):
        picture = selectors.status_picture(municipality=m, as_of=AS_OF)
    headline = {h.code: h.latest for h in picture.headline}
    assert headline["population"] == Point(2021, Decimal("18642.0000"))
    assert headline["households"].value == 505
    assert headline["children_0_17_pct"] is None
    (golden,) = picture.golden
    assert [(p.year, p.value) for p in golden.series] == [(2018, 10), (2019, 12), (2020, 15)]
    assert golden.latest == Point(2020, Decimal(15))
    assert golden.target == Point(2025, Decimal(40))
    # slope = 2.5 / year, mean 12.333 at 2019 → 2025: 12.333 + 15 = 27.33
    assert golden.forecast == Point(2025, Decimal("27.33"))
    assert golden.on_track is False
    assert golden.attainment == Decimal(38)  # 15 / 40
    north, south = golden.breakdowns["neighbourhood"]
    assert (north.label, north.latest.value, north.target.value, north.attainment) == ("North", 22, 50, 44)
    assert (south.label, south.latest.value, south.attainment) == ("South", 26, 52)
    assert golden.last_year == 2020 and golden.age == 5 and golden.stale is True
    assert golden.owner == tenant.user("local_director")
    card = next(c for c in picture.cards if c.area == "birth_6")
    assert card.share.latest.value == 80 and card.count.latest.value == 1453 and card.cost.latest.value == 12560
    assert card.institutions is None


def test_benchmarks_are_means_of_other_authorities_and_need_three(town):
    tenant, indicators = town
    m = tenant.municipality
    bagrut = indicators["bagrut_eligible_pct"]
    with tenancy.scope(m):
        services.golden_add(municipality=m, indicator=bagrut, by=tenant.user("local_director"))
    _value(m, bagrut, 2021, 50)
    others = [factories.MunicipalityFactory(district="הדרום", socioeconomic_cluster=c) for c in (4, 4, 4, 7)]
    for other, value in zip(others, (60, 70, 80, 90)):
        _value(other, bagrut, 2021, value)
    far = factories.MunicipalityFactory(district="הצפון", socioeconomic_cluster=4)
    _value(far, bagrut, 2021, 40)
    _value(far, bagrut, 2019, 99)  # another year is not compared
    with tenancy.scope_all():
        type(m).objects.filter(pk=m.pk).update(socioeconomic_cluster=4, district="הדרום")
        m.refresh_from_db()
    with tenancy.scope(m):
        picture = selectors.status_picture(municipality=m, as_of=AS_OF)
    marks = {b.key: (b.value, b.count) for b in picture.golden[0].benchmarks}
    assert marks["national"] == (Decimal("68.0"), 5)     # (60+70+80+90+40) / 5
    assert marks["district"] == (Decimal("75.0"), 4)     # (60+70+80+90) / 4
    assert marks["cluster"] == (Decimal("62.5"), 4)      # (60+70+80+40) / 4
    # with only two authorities in its cluster, no cluster figure (it would reveal them)
    with tenancy.scope_all():
        type(m).objects.filter(pk__in=[others[0].pk, others[1].pk]).update(socioeconomic_cluster=9)
    with tenancy.scope(m):
        picture = selectors.status_picture(municipality=m, as_of=AS_OF)
    assert "cluster" not in {b.key for b in picture.golden[0].benchmarks}


def test_query_count_is_bounded(town, django_assert_num_queries):
    tenant, indicators = town
    m = tenant.municipality
    _build(tenant, indicators, years=range(2018, 2020))
    with tenancy.scope(m), django_assert_num_queries(6):
        small = selectors.status_picture(municipality=m, as_of=AS_OF)
    _build(tenant, indicators, years=range(2010, 2018), neighbourhoods=[f"n{i}" for i in range(12)], first=False)
    with tenancy.scope(m):
        services.golden_add(municipality=m, indicator=indicators["bagrut_eligible_pct"],
                            by=tenant.user("local_director"))
    with tenancy.scope(m), django_assert_num_queries(6):
        big = selectors.status_picture(municipality=m, as_of=AS_OF)
    assert len(big.golden[0].series) > len(small.golden[0].series)


def test_freshness_uses_the_municipality_setting(town):
    tenant, indicators = town
    m = tenant.municipality
    director = tenant.user("local_director")
    ym = indicators["youth_movement_participation_pct"]
    with tenancy.scope(m):
        services.golden_add(municipality=m, indicator=ym, by=director)
        _value(m, ym, 2023, 17)
        assert not selectors.golden_freshness(municipality=m, as_of=AS_OF)[0].stale  # 2 years old, limit 2
        services.settings_update(municipality=m, stale_after_years=1, by=director)
        assert selectors.golden_freshness(municipality=m, as_of=AS_OF)[0].stale
