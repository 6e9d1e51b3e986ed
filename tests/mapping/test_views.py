"""Pages of stage 5: the status picture renders with its figures, values and targets go through the
services with who entered them, local indicators stay inside their municipality, HQ's catalogue."""
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from core import tenancy
from core.roles import Role
from mapping import catalogue, services
from mapping.models import GoldenIndicator, Indicator, IndicatorTarget, IndicatorValue
from tests.conftest import MARKER_B
from tests.mapping import world


def _inflated(content: bytes) -> bytes:
    """The PDF with its compressed streams (object streams included) inflated."""
    import re
    import zlib

    parts = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", content, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(parts)


@pytest.fixture
def seeded(tenant_a):
    with tenancy.scope_all():
        indicators = catalogue.ensure_catalogue()
    m = tenant_a.municipality
    director = tenant_a.user(Role.LOCAL_DIRECTOR)
    ym = indicators["youth_movement_participation_pct"]
    with tenancy.scope(m):
        services.golden_add(municipality=m, indicator=ym, owner_user=director, by=director)
        for year, v in ((2018, 12), (2019, 14), (2020, 17)):
            services.value_create(municipality=m, indicator=ym, data_year=year, value=Decimal(v), source="survey",
                                  by=director)
        services.value_create(municipality=m, indicator=ym, data_year=2020, value=Decimal(30), source="survey",
                              breakdown_kind="neighbourhood", breakdown="North", by=director)
        services.target_create(municipality=m, indicator=ym, target_year=2025, value=Decimal(40), set_in_year=2020,
                               by=director)
    return tenant_a, indicators


def test_status_picture_page_and_pdf(seeded, client_for):
    tenant, indicators = seeded
    client = client_for(tenant.user(Role.VIEWER))
    slug = tenant.municipality.slug
    client.cookies["yishuv_language"] = "en"
    with translation.override("en"):
        response = client.get(reverse("mapping:index", args=[slug]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Youth-movement participation (%)" in body
    assert "43%" in body  # 17 / 40
    assert "Show the data as a table" in body and "North" in body
    pdf = client.get(reverse("mapping:status_pdf", args=[slug]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"/StructTreeRoot" in _inflated(pdf.content)  # tagged for screen readers


def test_values_and_targets_through_the_forms(seeded, client_for):
    tenant, indicators = seeded
    lead = tenant.user(Role.DOMAIN_LEAD)
    client = client_for(lead)
    client.cookies["yishuv_language"] = "en"  # the assertions below read English messages
    ym = indicators["youth_movement_participation_pct"]
    url = reverse("mapping:indicator", args=[tenant.municipality.slug, ym.pk])
    response = client.post(url, {"value-data_year": 2021, "value-value": "19.5", "value-source": "survey",
                                 "value-breakdown_kind": "", "value-breakdown": ""})
    assert response.status_code == 302
    with tenancy.scope_all():
        row = IndicatorValue.objects.get(indicator=ym, data_year=2021)
        assert row.entered_by == lead and row.value == Decimal("19.5")
        assert row.history.first().history_user == lead
    # a percentage over 100, and a breakdown without its value: refused, nothing saved
    response = client.post(url, {"value-data_year": 2022, "value-value": "120", "value-source": "x"})
    assert response.status_code == 200 and b"between 0 and 100" in response.content
    response = client.post(url, {"value-data_year": 2022, "value-value": "20", "value-source": "x",
                                 "value-breakdown_kind": "neighbourhood", "value-breakdown": ""})
    assert response.status_code == 200
    response = client.post(url, {"target-target_year": 2026, "target-value": "35", "target-set_in_year": 2021,
                                 "target-rationale": "steering committee"})
    assert response.status_code == 302
    with tenancy.scope_all():
        assert IndicatorValue.objects.filter(data_year=2022).count() == 0
        assert IndicatorTarget.objects.get(target_year=2026).set_by == lead
    # a viewer may read but not enter
    viewer = client_for(tenant.user(Role.VIEWER))
    assert viewer.get(url).status_code == 200
    assert viewer.post(url, {"value-data_year": 2023, "value-value": "1", "value-source": "x"}).status_code == 403


def test_golden_and_local_indicators_stay_in_their_municipality(seeded, tenant_b, client_for):
    tenant, indicators = seeded
    world.build(tenant=tenant_b, marker=MARKER_B)
    director = client_for(tenant.user(Role.LOCAL_DIRECTOR))
    slug = tenant.municipality.slug
    for name in ("mapping:index", "mapping:golden", "mapping:catalogue"):
        body = director.get(reverse(name, args=[slug])).content.decode()
        assert MARKER_B not in body, name
    with tenancy.scope_all():
        local_b = Indicator.everything.get(municipality=tenant_b.municipality)
    assert director.get(reverse("mapping:indicator", args=[slug, local_b.pk])).status_code == 404
    # its own local indicator, added to the golden data
    response = director.post(reverse("mapping:local_indicator_new", args=[slug]), {
        "name_he": "מתנדבים בני נוער", "name_en": "", "unit": "count", "direction": "higher",
        "area": "youth_movements", "breakdowns": ["neighbourhood"]})
    assert response.status_code == 302, response.context["form"].errors
    with tenancy.scope(tenant.municipality):
        local = Indicator.objects.get(municipality=tenant.municipality)
        assert local.code.startswith("local-town-a-")
    response = director.post(reverse("mapping:golden", args=[slug]), {"add-indicator": local.pk, "add-order": 2})
    assert response.status_code == 302
    with tenancy.scope_all():
        assert GoldenIndicator.objects.filter(indicator=local, municipality=tenant.municipality).exists()
    with tenancy.scope(tenant_b.municipality):
        assert not Indicator.objects.filter(pk=local.pk).exists()


def test_hq_catalogue(tenant_a, hq_staff, hq_admin, client_for):
    with tenancy.scope_all():
        catalogue.ensure_catalogue()
    assert client_for(tenant_a.user(Role.LOCAL_DIRECTOR)).get(reverse("mapping_hq:catalogue")).status_code == 404
    assert client_for(hq_staff).get(reverse("mapping_hq:catalogue")).status_code == 200
    assert client_for(hq_staff).get(reverse("mapping_hq:indicator_new")).status_code == 403
    admin = client_for(hq_admin)
    response = admin.post(reverse("mapping_hq:indicator_new"), {
        "code": "reading_for_pleasure", "name_he": "קריאה להנאה", "name_en": "Reading for pleasure",
        "name_ar": "القراءة للمتعة", "unit": "percent", "direction": "higher", "area": "elementary",
        "infrastructures": ["data_based_decisions"], "is_golden": "on", "is_active": "on"})
    assert response.status_code == 302
    with tenancy.scope_all():
        indicator = Indicator.objects.get(code="reading_for_pleasure")
    assert indicator.municipality is None and indicator.is_golden and indicator.name_ar == "القراءة للمتعة"
