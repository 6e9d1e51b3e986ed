import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core import tenancy
from mapping.models import IndicatorValue
from mapping.services import mobility_indicators_import
from tests import factories

HEADER = "cbs_code,name_he,bagrut_eligible_pct,dropout_pct_grades7_12,avg_monthly_wage_employees_nis\n"


@pytest.fixture
def towns(db):
    return {code: factories.MunicipalityFactory(cbs_code=code, socioeconomic_year=2019) for code in ("0031", "31", "1031")}


def _import(text):
    with tenancy.scope_all():
        return mobility_indicators_import(io.StringIO(text))


def test_values_keep_year_and_source_and_empty_is_not_zero(towns):
    summary = _import(HEADER + "0031,אופקים,53.6,,7769\n31,נחל שורק,80,1.2,9000\n")
    assert not summary.errors
    with tenancy.scope_all():
        ofakim = IndicatorValue.objects.filter(municipality=towns["0031"])
        codes = {v.indicator.code: v for v in ofakim}
        # the leading zero matters: 0031 (Ofakim) and 31 (Nahal Sorek) are two authorities
        assert codes["bagrut_eligible_pct"].value == Decimal("53.6")
        assert codes["bagrut_eligible_pct"].data_year == 2021
        assert codes["avg_monthly_wage_employees_nis"].data_year == 2019
        assert "dropout_pct_grades7_12" not in codes  # empty cell: not published, no row (never 0)
        assert IndicatorValue.objects.get(municipality=towns["31"], indicator__code="dropout_pct_grades7_12") \
            .value == Decimal("1.2")
        # the registry's figures join the store with their own years
        assert IndicatorValue.objects.get(municipality=towns["0031"], indicator__code="socioeconomic_cluster") \
            .data_year == 2019


def test_idempotent(towns):
    first = _import(HEADER + "0031,אופקים,53.6,1.07,7769\n")
    again = _import(HEADER + "0031,אופקים,53.6,1.07,7769\n")
    assert first.created > 0 and again.created == 0 and again.updated == 0
    assert again.unchanged == first.created


def test_errors_by_row_and_column_and_nothing_saved(towns):
    summary = _import(HEADER + "0031,אופקים,53.6,1.07,7769\n9999,לא קיים,1,1,1\n1031,שדרות,abc,140,7000\n")
    found = {(e.row, e.column) for e in summary.errors}
    assert found == {(3, "cbs_code"), (4, "bagrut_eligible_pct"), (4, "dropout_pct_grades7_12")}
    assert IndicatorValue.all_municipalities.count() == 0


def test_command_reports_errors(towns, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "0031,אופקים,x,1,1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_mobility_indicators", str(bad))
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "0031,אופקים,50,1,1\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_mobility_indicators", str(good), stdout=out)
    assert "created" in out.getvalue()


def test_api_lists_values_of_visible_municipalities_only(towns, client_for, tenant_a, tenant_b):
    _import(HEADER + "0031,אופקים,53.6,1.07,7769\n")
    with tenancy.scope_all():
        from mapping.catalogue import ensure_catalogue
        indicator = ensure_catalogue()["bagrut_eligible_pct"]
        IndicatorValue.objects.create(municipality=tenant_a.municipality, indicator=indicator, value=70,
                                      data_year=2021, source="test")
    director = client_for(tenant_a.user("local_director"))
    body = director.get("/api/v1/mapping/indicator-values/?indicator__code=bagrut_eligible_pct").json()
    assert [r["municipality"] for r in body["results"]] == ["town-a"]
    assert director.get("/api/v1/mapping/indicators/?code=gini_employees").json()["count"] == 1
