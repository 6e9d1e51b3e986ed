"""The API of stage 5 (through the services, scoped, filterable) and the stale-data notices."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from core import tenancy
from core.models import Notification
from core.roles import Role
from mapping import catalogue, services, tasks
from mapping.models import IndicatorValue
from tests.conftest import MARKER_B
from tests.mapping import world


@pytest.fixture
def indicators(db):
    with tenancy.scope_all():
        return catalogue.ensure_catalogue()


def test_values_api_writes_through_the_services(tenant_a, tenant_b, indicators, client_for):
    world.build(tenant=tenant_b, marker=MARKER_B)
    lead = tenant_a.user(Role.DOMAIN_LEAD)
    client = client_for(lead)
    response = client.post("/api/v1/mapping/indicator-values/", {
        "municipality": tenant_a.municipality.slug, "indicator": "youth_movement_participation_pct",
        "value": "17.0", "data_year": 2023, "source": "survey", "breakdown_kind": "neighbourhood",
        "breakdown": "North"}, content_type="application/json")
    assert response.status_code == 201, response.content
    with tenancy.scope_all():
        row = IndicatorValue.objects.get(pk=response.json()["id"])
        assert row.entered_by == lead and row.history.first().history_user == lead
    bad = client.post("/api/v1/mapping/indicator-values/", {
        "municipality": tenant_a.municipality.slug, "indicator": "youth_movement_participation_pct",
        "value": "170", "data_year": 2023, "source": "survey"}, content_type="application/json")
    assert bad.status_code == 400
    listed = client.get("/api/v1/mapping/indicator-values/?year=2023&indicator=youth_movement_participation_pct")
    assert listed.status_code == 200 and MARKER_B not in listed.content.decode()
    assert [r["breakdown"] for r in listed.json()["results"]] == ["North"]
    catalogue_page = client.get("/api/v1/mapping/indicators/?area=youth_movements").content.decode()
    assert "youth_movement_participation_pct" in catalogue_page and MARKER_B not in catalogue_page
    viewer = client_for(tenant_a.user(Role.VIEWER))
    assert viewer.patch(f"/api/v1/mapping/indicator-values/{row.pk}/", {"value": "18"},
                        content_type="application/json").status_code == 403


def test_status_picture_api(tenant_a, tenant_b, indicators, client_for):
    m = tenant_a.municipality
    director = tenant_a.user(Role.LOCAL_DIRECTOR)
    ym = indicators["youth_movement_participation_pct"]
    with tenancy.scope(m):
        services.golden_add(municipality=m, indicator=ym, by=director)
        for year, value in ((2021, 10), (2022, 12)):
            services.value_create(municipality=m, indicator=ym, data_year=year, value=Decimal(value), source="s",
                                  by=director)
        services.target_create(municipality=m, indicator=ym, target_year=2026, value=Decimal(24), set_in_year=2022,
                               by=director)
    client = client_for(tenant_a.user(Role.VIEWER))
    data = client.get(f"/api/v1/mapping/status-pictures/{m.slug}/?year=2023").json()
    (golden,) = data["golden"]
    assert golden["forecast"] == {"year": 2026, "value": "20.00"} and golden["on_track"] is False
    assert golden["attainment_pct"] == "50"
    assert client.get(f"/api/v1/mapping/status-pictures/{tenant_b.municipality.slug}/").status_code == 404
    assert client.get(f"/api/v1/mapping/status-pictures/{m.slug}/?area=birth_6").json()["golden"] == []


def test_stale_golden_data_tells_its_owner_once_a_year(tenant_a, indicators, django_capture_on_commit_callbacks):
    m = tenant_a.municipality
    director = tenant_a.user(Role.LOCAL_DIRECTOR)
    with tenancy.scope(m):
        services.golden_add(municipality=m, indicator=indicators["academics_pct"], owner_user=director, by=director)
        services.value_create(municipality=m, indicator=indicators["academics_pct"], data_year=2019,
                              value=Decimal(10), source="s", by=director)
        fresh = services.golden_add(municipality=m, indicator=indicators["bagrut_eligible_pct"], owner_user=director,
                                    by=director)
        services.value_create(municipality=m, indicator=fresh.indicator, data_year=2024, value=Decimal(60),
                              source="s", by=director)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.notify_stale_golden_data() == {"notified": 1, "failed": 0}
        assert tasks.notify_stale_golden_data() == {"notified": 0, "failed": 0}
    with tenancy.scope_all():
        (notice,) = Notification.objects.filter(kind="mapping.golden_stale")
    assert notice.recipient == director and "2019" in notice.body
    assert len(mail.outbox) == 1
    with tenancy.scope(m):
        assert services.golden_stale_notify(municipality=m, as_of=dt.date(dt.date.today().year + 1, 1, 2)) == 2  # a new year: told again (and 2024 has aged)
