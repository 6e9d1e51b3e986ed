"""Values and targets by spreadsheet: export = import template, round trip unchanged, errors by row
and column, all or nothing."""
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import spreadsheets, tenancy
from core.roles import Role
from mapping import catalogue, imports, services
from mapping.models import IndicatorTarget, IndicatorValue


@pytest.fixture
def town(tenant_a):
    with tenancy.scope_all():
        indicators = catalogue.ensure_catalogue()
    m = tenant_a.municipality
    director = tenant_a.user(Role.LOCAL_DIRECTOR)
    ym = indicators["youth_movement_participation_pct"]
    with tenancy.scope(m):
        for year in (2019, 2020):
            services.value_create(municipality=m, indicator=ym, data_year=year, value=Decimal("12.5"), source="s",
                                  by=director)
        services.value_create(municipality=m, indicator=ym, data_year=2020, value=Decimal(30), source="s",
                              breakdown_kind="neighbourhood", breakdown="צפון", by=director)
        services.target_create(municipality=m, indicator=ym, target_year=2027, value=Decimal(40), set_in_year=2022,
                               rationale="=SUM(A1) not a formula", by=director)
    return tenant_a


def test_round_trip_changes_nothing(town):
    m = town.municipality
    with tenancy.scope(m):
        for spec in (imports.VALUES_SPEC, imports.TARGETS_SPEC):
            content = spreadsheets.export_xlsx(spec, {"municipality": m})
            preview = spreadsheets.validate(spec, spreadsheets.read_table(content, "x.xlsx"), {"municipality": m})
            assert not preview.errors, preview.errors
            assert {r.action for r in preview.rows} == {"unchanged"}
            assert len(preview.rows) == (3 if spec is imports.VALUES_SPEC else 1)


def test_import_page_preview_apply_and_all_or_nothing(town, client_for):
    m = town.municipality
    lead = client_for(town.user(Role.DOMAIN_LEAD))
    url = reverse("mapping:values_import", args=[m.slug])
    header = "Indicator code,Year,Breakdown,Breakdown value,Value,Source\n"
    good = header + ("youth_movement_participation_pct,2021,,,15,s\n"
                     "youth_movement_participation_pct,2020,neighbourhood,צפון,33,s\n")
    response = lead.post(url, {"file": SimpleUploadedFile("v.csv", good.encode())})
    assert response.status_code == 200 and response.context["summary"]["created"] == 1
    assert response.context["summary"]["changed"] == 1
    with tenancy.scope_all():
        assert not IndicatorValue.objects.filter(data_year=2021).exists()  # a preview saves nothing
    response = lead.post(url, {"apply": "1"})
    assert response.status_code == 302
    with tenancy.scope_all():
        assert IndicatorValue.objects.get(data_year=2021).value == 15
        assert IndicatorValue.objects.get(breakdown="צפון").value == 33
    bad = header + ("youth_movement_participation_pct,2022,,,16,s\n"
                    "no_such_code,2022,,,1,s\n"
                    "youth_movement_participation_pct,2023,,,140,s\n"
                    "youth_movement_participation_pct,2024,neighbourhood,,10,s\n")
    response = lead.post(url, {"file": SimpleUploadedFile("v.csv", bad.encode())})
    assert response.status_code == 400
    errors = {(e["row"], e["column"]) for e in response.context["summary"]["errors_list"]}
    assert errors == {(3, "Indicator code"), (4, "Value"), (5, "Breakdown value")}
    with tenancy.scope_all():
        assert not IndicatorValue.objects.filter(data_year=2022).exists()
    assert client_for(town.user(Role.VIEWER)).get(url).status_code == 403


def test_targets_import_and_export_response(town, client_for):
    m = town.municipality
    director = client_for(town.user(Role.LOCAL_DIRECTOR))
    response = director.get(reverse("mapping:targets_export", args=[m.slug, "csv"]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "'=SUM(A1)" in text
    edited = text.replace(",40,", ",45,").replace(",40.0000,", ",45,")
    response = director.post(reverse("mapping:targets_import", args=[m.slug]),
                             {"file": SimpleUploadedFile("t.csv", edited.encode())})
    assert response.status_code == 200, response.context["summary"]
    assert response.context["summary"]["changed"] == 1
    director.post(reverse("mapping:targets_import", args=[m.slug]), {"apply": "1"})
    with tenancy.scope_all():
        target = IndicatorTarget.objects.get()
    assert target.value == 45 and target.rationale == "=SUM(A1) not a formula"
