"""The budget appendix exports to Excel through the shared writer: money as numbers, totals."""
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core import tenancy
from core.roles import Role
from mou import services
from mou.models import BudgetLine

pytestmark = pytest.mark.django_db


def _line(agreement, director, **fields):
    line = BudgetLine(municipality=agreement.municipality, agreement=agreement, **fields)
    return services.budget_line_save(line=line, by=director)


def test_budget_appendix_exports_money_as_numbers_with_totals(tenant_a, client_for, director, agreement):
    with tenancy.scope(tenant_a.municipality):
        _line(agreement, director, year=2026, source_sector="authority", funder="העירייה", purpose="תפעול",
              amount=Decimal("150000.50"))
        _line(agreement, director, year=2027, source_sector="philanthropy", funder="=SUM(A1)", purpose="Pilot",
              amount=Decimal("80000"))
    client = client_for(tenant_a.user(Role.VIEWER))
    client.cookies["yishuv_language"] = "en"
    page = client.get(f"/m/{tenant_a.municipality.slug}/mou/budget/")
    assert f'href="/m/{tenant_a.municipality.slug}/mou/budget/export.xlsx"' in page.content.decode()
    response = client.get(f"/m/{tenant_a.municipality.slug}/mou/budget/export.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    lines, totals = book.worksheets
    assert [c.value for c in lines[1]] == ["Year", "Source sector", "Funder", "Purpose", "Amount (₪)"]
    assert lines["E2"].data_type == "n" and lines["E2"].value == 150000.5 and lines["E2"].number_format == "#,##0.00"
    assert lines["A2"].value == 2026 and lines["A2"].data_type == "n"
    assert lines["C3"].value == "=SUM(A1)" and lines["C3"].data_type == "s" and lines["C3"].quotePrefix
    assert lines["A4"].value == "Total" and lines["E4"].value == 230000.5 and lines["E4"].font.b
    assert lines.freeze_panes == "A2" and lines.auto_filter.ref == "A1:E4"
    assert lines.column_dimensions["D"].width >= 10
    assert [c.value for c in totals[1]][0] == "Year" and totals["A2"].value == 2026
    assert totals.cell(row=totals.max_row, column=totals.max_column).value == 230000.5


def test_budget_export_is_for_members_only(tenant_a, tenant_b, client_for, agreement):
    outsider = client_for(tenant_b.user(Role.LOCAL_DIRECTOR))
    assert outsider.get(f"/m/{tenant_a.municipality.slug}/mou/budget/export.xlsx").status_code == 404
