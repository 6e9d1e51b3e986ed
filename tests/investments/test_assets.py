"""The asset and intervention map: services (validation), selectors (filters, chart tables), pages, API."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from rest_framework.test import APIClient

from core import tenancy
from core.reference import LifeStage, MobilityDomain, Sector
from core.roles import Role
from investments import selectors, services
from investments.models import Investment
from municipalities.models import Organization

pytestmark = pytest.mark.django_db


def _org(name="עמותה", sector=Sector.THIRD_SECTOR):
    org = Organization(name_he=name, name_en=name, sector=sector)
    org.save()
    return org


def _add(m, by=None, **fields):
    data = {"title": "תכנית", "domain": MobilityDomain.EDUCATION, "life_stage": LifeStage.SECONDARY,
            "sector": Sector.AUTHORITY, "start_year": 2020, "annual_budget": Decimal("1000")}
    data.update(fields)
    with tenancy.scope(m):
        return services.investment_create(municipality=m, by=by, **data)


def test_create_defaults_sector_to_operator_and_records_who(tenant_a):
    org = _org(sector=Sector.PHILANTHROPY)
    user = tenant_a.user(Role.LOCAL_DIRECTOR)
    asset = _add(tenant_a.municipality, by=user, operator=org, sector="")
    assert asset.sector == Sector.PHILANTHROPY
    with tenancy.scope(tenant_a.municipality):
        assert asset.history.first().history_user == user


@pytest.mark.parametrize("fields, field", [
    ({"annual_budget": Decimal("-0.01")}, "annual_budget"),
    ({"start_year": 2022, "end_year": 2021}, "end_year"),
    ({"start_year": 1800}, "start_year"),
])
def test_invalid_input_is_refused_with_the_field(tenant_a, fields, field):
    with pytest.raises(ValidationError) as exc:
        _add(tenant_a.municipality, **fields)
    assert field in exc.value.message_dict
    with tenancy.scope(tenant_a.municipality):
        assert not Investment.objects.exists()


def test_delete_is_soft_and_edit_of_a_deleted_record_is_refused(tenant_a):
    m = tenant_a.municipality
    asset = _add(m)
    with tenancy.scope(m):
        services.investment_delete(investment=asset, by=None)
        assert not selectors.investment_list(municipality=m).exists()
        assert selectors.investment_list(municipality=m, include_deleted=True).count() == 1
        asset.title = "changed"
        with pytest.raises(ValidationError):
            services.investment_save(investment=asset, by=None)
        services.investment_restore(investment=Investment.objects.get(pk=asset.pk), by=None)
        assert selectors.investment_list(municipality=m).count() == 1


def test_filters_and_year_window(tenant_a):
    m = tenant_a.municipality
    org = _org()
    a = _add(m, title="a", domain=MobilityDomain.EARLY_CHILDHOOD, life_stage=LifeStage.BIRTH_6, start_year=2018,
             end_year=2020)
    b = _add(m, title="b", operator=org, sector=Sector.THIRD_SECTOR, start_year=2021)
    c = _add(m, title="c", domain=MobilityDomain.EMPLOYMENT, life_stage=LifeStage.ADULTS_26_35, start_year=2019)
    with tenancy.scope(m):
        ids = lambda **kw: {x.pk for x in selectors.investment_list(municipality=m, **kw)}  # noqa: E731
        assert ids(domain=MobilityDomain.EARLY_CHILDHOOD) == {a.pk}
        assert ids(life_stage=LifeStage.SECONDARY) == {b.pk}
        assert ids(sector=Sector.THIRD_SECTOR) == {b.pk}
        assert ids(operator=org) == {b.pk}
        assert ids(year=2020) == {a.pk, c.pk}
        assert ids(year=2021) == {b.pk, c.pk}
        assert list(selectors.operators_used(municipality=m)) == [org]
        assert selectors.year_range(municipality=m) == [2018, 2019, 2020, 2021]


def test_chart_tables_sum_to_the_agora_with_gaps_kept(tenant_a, tenant_b):
    m = tenant_a.municipality
    _add(m, domain=MobilityDomain.EDUCATION, annual_budget=Decimal("100.10"))
    _add(m, domain=MobilityDomain.EDUCATION, annual_budget=Decimal("200.25"))
    _add(m, domain=MobilityDomain.EMPLOYMENT, life_stage=LifeStage.ADULTS_26_35, annual_budget=Decimal("0.65"))
    _add(tenant_b.municipality, domain=MobilityDomain.EDUCATION, annual_budget=Decimal("99999"))
    with tenancy.scope(m):
        qs = selectors.investment_list(municipality=m)
        by_domain = {r["key"]: r for r in selectors.summary_by_domain(qs)}
        assert len(by_domain) == len(MobilityDomain.values)
        assert by_domain[MobilityDomain.EDUCATION]["budget"] == Decimal("300.35")
        assert by_domain[MobilityDomain.EDUCATION]["count"] == 2
        assert by_domain[MobilityDomain.EARLY_CHILDHOOD] == {**by_domain[MobilityDomain.EARLY_CHILDHOOD],
                                                             "count": 0, "budget": Decimal("0")}
        by_stage = {r["key"]: r["budget"] for r in selectors.summary_by_life_stage(qs)}
        assert by_stage[LifeStage.SECONDARY] == Decimal("300.35")
        assert selectors.totals(qs) == {"count": 3, "budget": Decimal("301.00")}
        grid = selectors.domain_by_life_stage(qs)
        assert grid[MobilityDomain.EMPLOYMENT][LifeStage.ADULTS_26_35] == Decimal("0.65")


def test_asset_map_page_filters_and_shows_chart_tables(tenant_a, client_for):
    m = tenant_a.municipality
    _add(m, title="מעון יום", domain=MobilityDomain.EARLY_CHILDHOOD, life_stage=LifeStage.BIRTH_6,
         annual_budget=Decimal("1234567"))
    _add(m, title="מרכז צעירים", domain=MobilityDomain.YOUNG_ADULTS, life_stage=LifeStage.YOUNG_ADULTS_18_25)
    client = client_for(tenant_a.user(Role.VIEWER))
    client.cookies["yishuv_language"] = "en"
    html = client.get(f"/m/{m.slug}/investments/assets/").content.decode()
    assert "מעון יום" in html and "מרכז צעירים" in html
    assert "Annual budget by mobility domain" in html and "Show the data as a table" in html
    assert 'dir="auto"' in html
    assert "Add a programme or service" not in html  # a viewer does not edit
    html = client.get(f"/m/{m.slug}/investments/assets/", {"domain": MobilityDomain.EARLY_CHILDHOOD}).content.decode()
    assert "מעון יום" in html and "מרכז צעירים" not in html
    assert client.get(f"/m/{m.slug}/investments/assets/", {"year": "99999999999999999999"}).status_code == 200


def test_pages_create_edit_delete_through_services(tenant_a, client_for):
    m = tenant_a.municipality
    client = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
    client.cookies["yishuv_language"] = "en"  # the assertions below read English messages
    base = f"/m/{m.slug}/investments/assets/"
    form = {"title": "מכינה", "kind": "programme", "operator": "", "sector": "third_sector",
            "domain": MobilityDomain.MEANINGFUL_SERVICE, "life_stage": LifeStage.YOUNG_ADULTS_18_25,
            "age_group": "18", "start_year": "2022", "end_year": "2021", "nature": "programme",
            "novelty": "new", "annual_budget": "250000", "description": ""}
    with translation.override("en"):
        response = client.post(base + "new/", form)
    assert response.status_code == 200 and b"before the start year" in response.content
    form["end_year"] = ""
    assert client.post(base + "new/", form).status_code == 302
    with tenancy.scope(m):
        asset = Investment.objects.get()
        version = asset.updated_at.isoformat()
    assert asset.history.model.objects  # history exists
    form.update(annual_budget="300000.50", version=version)
    assert client.post(base + f"{asset.pk}/edit/", form).status_code == 302
    # a stale version is refused and nothing changes
    form.update(annual_budget="1", version=version)
    assert client.post(base + f"{asset.pk}/edit/", form).status_code == 200
    with tenancy.scope(m):
        assert Investment.objects.get().annual_budget == Decimal("300000.50")
    assert client.post(base + f"{asset.pk}/delete/").status_code == 302
    with tenancy.scope(m):
        assert Investment.objects.get().deleted_at is not None
    viewer = client_for(tenant_a.user(Role.VIEWER))
    assert viewer.post(base + "new/", form).status_code == 403


def test_api_filters_writes_and_soft_delete(tenant_a, tenant_b):
    m = tenant_a.municipality
    old = _add(m, title="old", start_year=2010, end_year=2012)
    _add(tenant_b.municipality, title="b")
    api = APIClient()
    api.force_authenticate(tenant_a.user(Role.LOCAL_DIRECTOR))
    url = "/api/v1/investments/assets/"
    body = {"municipality": m.slug, "title": "new", "domain": "employment", "life_stage": "adults_26_35",
            "sector": "government", "start_year": 2024, "annual_budget": "1500.50"}
    created = api.post(url, body, format="json")
    assert created.status_code == 201, created.content
    assert api.post(url, {**body, "annual_budget": "-1"}, format="json").status_code == 400
    assert api.post(url, {**body, "municipality": tenant_b.municipality.slug}, format="json").status_code in (400, 403)
    rows = api.get(url, {"domain": "employment"}).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [r["title"] for r in rows] == ["new"]
    rows = api.get(url, {"year": 2011, "municipality": m.slug}).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [r["id"] for r in rows] == [old.pk]
    assert api.delete(f"{url}{old.pk}/").status_code == 204
    rows = api.get(url).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert {r["title"] for r in rows} == {"new"}
    with tenancy.scope(m):
        assert Investment.objects.get(pk=old.pk).deleted_at is not None
    viewer = APIClient()
    viewer.force_authenticate(tenant_a.user(Role.VIEWER))
    assert viewer.post(url, body, format="json").status_code == 403
