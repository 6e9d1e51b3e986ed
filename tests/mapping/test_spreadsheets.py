"""The social-mobility import on the shared spreadsheet spec: the export is the import file."""
import io

from django.core.management import call_command
from openpyxl import load_workbook

from core import spreadsheets, tenancy
from mapping.imports import SPEC
from mapping.services import mobility_indicators_import
from tests.mapping.test_import import HEADER, _import, towns  # noqa: F401  (fixture)


def test_export_round_trips_unchanged_as_xlsx_and_csv(towns):  # noqa: F811
    first = _import(HEADER + "0031,אופקים,53.6,1.07,7769\n31,נחל שורק,80,,9000\n")
    assert first.created > 0
    with tenancy.scope_all():
        xlsx = spreadsheets.export_xlsx(SPEC)
        text = spreadsheets.export_csv(SPEC)
    sheet = load_workbook(io.BytesIO(xlsx)).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["cbs_code", "name_he", "bagrut_eligible_pct"]
    ofakim = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "0031")
    assert ofakim[2].value == 53.6 and ofakim[2].data_type == "n"
    assert ofakim[header.index("dropout_pct_grades7_12")].value == 1.07
    nahal_sorek = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "31")
    assert nahal_sorek[header.index("dropout_pct_grades7_12")].value is None  # not published stays empty
    for content, name in ((xlsx, "m.xlsx"), (text, "m.csv")):
        with tenancy.scope_all():
            again = mobility_indicators_import(table=spreadsheets.read_table(content, name))
        assert not again.errors and again.created == 0 and again.updated == 0


def test_command_reads_xlsx(towns, tmp_path):  # noqa: F811
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.strip().split(","))
    ws.append(["0031", "אופקים", 53.6, 1.07, 7769])
    path = tmp_path / "mobility.xlsx"
    wb.save(path)
    out = io.StringIO()
    call_command("import_mobility_indicators", str(path), stdout=out)
    assert "created" in out.getvalue()
    from mapping.models import IndicatorValue

    assert IndicatorValue.all_municipalities.filter(indicator__code="avg_monthly_wage_employees_nis",
                                                    municipality=towns["0031"]).get().value == 7769
