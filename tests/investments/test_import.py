"""The asset map through the shared spreadsheet mechanism: round trip, all-or-nothing, the pages."""
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core import spreadsheets, tenancy
from core.reference import LifeStage, MobilityDomain, Sector
from core.roles import Role
from investments import imports, services
from investments.models import Investment
from municipalities.models import Organization

pytestmark = pytest.mark.django_db


def _seed(m):
    org = Organization(name_he="קרן רש\"י", name_en="Rashi Foundation", sector=Sector.PHILANTHROPY)
    org.save()
    with tenancy.scope(m):
        services.investment_create(municipality=m, by=None, title="מרכז מדעים", operator=org, sector="",
                                   domain=MobilityDomain.SKILLS_STEM, life_stage=LifeStage.SECONDARY,
                                   start_year=2019, annual_budget=Decimal("450000.50"))
        services.investment_create(municipality=m, by=None, title="מעון", sector=Sector.AUTHORITY,
                                   domain=MobilityDomain.EARLY_CHILDHOOD, life_stage=LifeStage.BIRTH_6,
                                   start_year=2015, end_year=2030, annual_budget=Decimal("1200000"))
    return org


@pytest.mark.parametrize("lang", ["he", "en"])
def test_export_then_import_changes_nothing(tenant_a, lang):
    m = tenant_a.municipality
    _seed(m)
    with translation.override(lang), tenancy.scope(m):
        ctx = {"municipality": m}
        data = spreadsheets.export_xlsx(imports.SPEC, ctx)
        preview = spreadsheets.validate(imports.SPEC, spreadsheets.read_table(data, "a.xlsx"), {"municipality": m})
        assert not preview.errors
        assert {r.action for r in preview.rows} == {spreadsheets.UNCHANGED} or \
            all(not r.diffs for r in preview.rows)


def test_import_adds_changes_and_refuses_a_bad_file_whole(tenant_a, tenant_b):
    m = tenant_a.municipality
    _seed(m)
    with tenancy.scope(tenant_b.municipality):
        foreign = services.investment_create(municipality=tenant_b.municipality, by=None, title="b",
                                             sector=Sector.AUTHORITY, domain=MobilityDomain.EDUCATION,
                                             life_stage=LifeStage.SECONDARY, start_year=2020)
    with translation.override("en"), tenancy.scope(m):
        science = Investment.objects.get(title="מרכז מדעים")
        csv = ("Id,Name,Operator,Sector,Mobility domain,Life stage,Start year,Annual budget (₪)\n"
               f"{science.pk},מרכז מדעים,Rashi Foundation,,skills_stem,secondary,2019,\"₪ 500,000.00\"\n"
               ",مركز شباب,,government,Young adults,young_adults_18_25,2024,80000\n"
               ",تعليم,,Residents,education,secondary,2024,100\n").encode()
        applied = spreadsheets.apply(imports.SPEC, spreadsheets.read_table(csv, "a.csv"), {"municipality": m},
                                     by=tenant_a.user(Role.LOCAL_DIRECTOR))
        assert not applied.errors
        science.refresh_from_db()
        assert science.annual_budget == Decimal("500000.00")
        assert Investment.objects.filter(title="مركز شباب", domain=MobilityDomain.YOUNG_ADULTS).exists()
        assert Investment.objects.count() == 4
        bad = ("Id,Name,Operator,Sector,Mobility domain,Life stage,Start year,End year,Annual budget (₪)\n"
               ",ok,,business,education,secondary,2024,,100\n"
               f"{foreign.pk},other town,,business,education,secondary,2024,,100\n"
               ",x,Nobody Ltd,business,education,secondary,2024,,5\n"
               ",y,,business,education,secondary,2024,2020,1\n"
               ",z,,business,education,secondary,2024,,-5\n").encode()
        result = spreadsheets.apply(imports.SPEC, spreadsheets.read_table(bad, "b.csv"), {"municipality": m},
                                    by=None)
        messages = " ".join(str(e) for e in result.errors)
        assert "Row 3" in messages and "Operator" in messages and "End year" in messages
        assert "Annual budget" in messages
        assert Investment.objects.count() == 4 and not Investment.objects.filter(title="ok").exists()
    with tenancy.scope(tenant_b.municipality):
        assert Investment.objects.get(pk=foreign.pk).title == "b"


def test_import_page_preview_then_apply(tenant_a, client_for):
    m = tenant_a.municipality
    client = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
    client.cookies["yishuv_language"] = "en"
    exported = client.get(f"/m/{m.slug}/investments/assets/export.csv")
    assert exported.status_code == 200
    csv = ("Id,Name,Sector,Mobility domain,Life stage,Start year\n"
           ",מכינה,third_sector,meaningful_service,young_adults_18_25,2023\n")
    upload = SimpleUploadedFile("assets.csv", csv.encode(), content_type="text/csv")
    response = client.post(f"/m/{m.slug}/investments/assets/import/", {"file": upload})
    assert response.status_code == 200
    with tenancy.scope(m):
        assert not Investment.objects.exists()
    response = client.post(f"/m/{m.slug}/investments/assets/import/", {"apply": "1"})
    assert response.status_code == 302
    with tenancy.scope(m):
        assert Investment.objects.get().title == "מכינה"
    viewer = client_for(tenant_a.user(Role.VIEWER))
    assert viewer.get(f"/m/{m.slug}/investments/assets/import/").status_code == 403
    assert viewer.get(f"/m/{m.slug}/investments/assets/export.xlsx").status_code == 200
