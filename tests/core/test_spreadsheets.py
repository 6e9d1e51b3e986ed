"""The shared spreadsheet mechanism (core.spreadsheets, core.imports): errors by row and column,
all-or-nothing, preview, export = import template (round trip), CSV and XLSX, formula injection,
and the background job with progress."""
import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from core import imports, spreadsheets, tenancy
from core.models import ImportJob, ImportJobStatus
from core.reference import Sector
from core.roles import Role
from core.spreadsheets import CHOICE, DATE, INT, MONEY, TEXT, CellProblem, Column, ImportSpec
from municipalities import services as municipality_services
from municipalities.models import Person
from tests.conftest import MARKER_B


# A spec over the people directory (a tenant model), written through its service -------------------
def _existing(context):
    return {(p.email,): p for p in Person.objects.filter(municipality=context["municipality"], notes="sheet")
            .order_by("email")}


def _save(*, plan, context, by):
    person = plan.current or Person(municipality=context["municipality"], notes="sheet")
    for key, value in plan.values.items():
        setattr(person, key, "" if value is None else value)
    if person.full_name == "REFUSE":
        raise ValidationError({"full_name": "the service refused this row"})
    municipality_services.person_save(person=person, by=by)


def _label(values, current):
    return values["email"]


PEOPLE = spreadsheets.register(ImportSpec(
    name="tests.people",
    title="People",
    columns=[
        Column("email", "E-mail", type=TEXT, required=True, max_length=254),
        Column("full_name", "Full name", type=TEXT, required=True, max_length=150),
        Column("sector", "Sector", type=CHOICE, required=True, choices=Sector.choices),
        Column("role_title", "Role", type=TEXT, max_length=150),
        Column("phone", "Phone", type=TEXT, max_length=30),
    ],
    key=("email",),
    existing=_existing,
    save_row=_save,
    row_label=_label,
    permission="municipalities.manage",
))


def _csv(rows, header=("E-mail", "Full name", "Sector", "Role", "Phone"), bom=False, delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def _xlsx(rows, header=("E-mail", "Full name", "Sector", "Role", "Phone")):
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def people(tenant_a):
    director = tenant_a.user(Role.LOCAL_DIRECTOR)
    with tenancy.scope(tenant_a.municipality):
        for email, name in (("dana@example.org", "דנה כהן"), ("yossi@example.org", "Yossi Levi")):
            Person.objects.create(municipality=tenant_a.municipality, full_name=name, email=email,
                                  sector=Sector.AUTHORITY, notes="sheet")
    return {"municipality": tenant_a.municipality, "director": director}


def _validate(data, name, people):
    with tenancy.scope(people["municipality"]):
        return spreadsheets.validate(PEOPLE, spreadsheets.read_table(data, name), {"municipality": people["municipality"]})


def _apply(data, name, people):
    with tenancy.scope(people["municipality"]):
        return spreadsheets.apply(PEOPLE, spreadsheets.read_table(data, name),
                                  {"municipality": people["municipality"]}, by=people["director"])


def _count(people):
    with tenancy.scope(people["municipality"]):
        return Person.objects.filter(notes="sheet").count()


# Errors by row and column -----------------------------------------------------------------------------
def test_errors_name_row_and_column_translated(people):
    data = _csv([["new@example.org", "", "authority", "", ""],
                 ["x@example.org", "X", "nowhere", "", ""],
                 ["dana@example.org", "Dana", "authority", "", ""],
                 ["dana@example.org", "Dana again", "authority", "", ""]])
    with translation.override("en"):
        preview = _validate(data, "people.csv", people)
        found = [(e.row, e.column) for e in preview.errors]
        assert found == [(2, "Full name"), (3, "Sector"), (5, "E-mail")]
        assert str(preview.errors[0]) == "Row 2, column “Full name”: a value is required"
        assert "is not one of" in preview.errors[1].message
        assert "row 4" in preview.errors[2].message
    assert not preview.rows  # nothing to apply while there are errors


def test_missing_required_column_is_reported_on_row_1(people):
    preview = _validate(_csv([["a@example.org"]], header=("E-mail",)), "p.csv", people)
    assert [(e.row, e.column) for e in preview.errors] == [(1, "Full name, Sector")]


def test_cell_types():
    whole = Column("year", "Year", type=INT)
    with translation.override("en"):
        with pytest.raises(CellProblem, match="not a whole number"):
            whole.parse("7.5")
    assert whole.parse(2026.0) == 2026 and whole.parse(" 1,234 ") == 1234
    money = Column("amount", "Amount", type=MONEY, min_value=0)
    assert money.parse("₪ 1,234.50") == Decimal("1234.50") and money.parse(99.9) == Decimal("99.90")
    with pytest.raises(CellProblem):
        money.parse("-5")
    with pytest.raises(CellProblem):
        money.parse("12.345")
    day = Column("day", "Day", type=DATE)
    assert day.parse("31/03/2026") == day.parse("2026-03-31") == day.parse(datetime.datetime(2026, 3, 31)) \
        == datetime.date(2026, 3, 31)
    with pytest.raises(CellProblem):
        day.parse("31/13/2026")
    sector = Column("sector", "Sector", type=CHOICE, choices=Sector.choices)
    # a choice reads its code or its label in any language
    assert sector.parse("authority") == Sector.AUTHORITY
    with translation.override("he"):
        hebrew = str(Sector.AUTHORITY.label)
    with translation.override("en"):
        assert sector.parse(hebrew) == Sector.AUTHORITY


def test_hebrew_headers_and_bom_and_semicolons_are_read(people):
    with translation.override("he"):
        header = [str(PEOPLE.columns[i].label) for i in range(5)]
    data = _csv([["new@example.org", "רונית", "authority", "", ""]], header=header, bom=True, delimiter=";")
    preview = _validate(data, "people.csv", people)
    assert not preview.errors and [r.action for r in preview.rows] == ["create"]


# Preview and all-or-nothing -----------------------------------------------------------------------------
def test_preview_created_changed_unchanged_with_field_diffs(people):
    data = _csv([["dana@example.org", "דנה כהן", "authority", "", ""],          # unchanged
                 ["yossi@example.org", "Yossi Levi", "authority", "Coordinator", ""],  # changed
                 ["new@example.org", "New Person", "business", "", ""]])           # created
    preview = _validate(data, "people.csv", people)
    assert (len(preview.new), len(preview.changed), preview.unchanged) == (1, 1, 1)
    [changed] = preview.changed
    assert [(d.key, d.old, d.new) for d in changed.diffs] == [("role_title", "", "Coordinator")]
    assert _count(people) == 2  # a preview saves nothing


def test_a_failed_import_saves_no_row(people):
    # Row 3 passes the file checks but its service refuses it: rows 2 and 4 are not kept either.
    data = _csv([["one@example.org", "One", "authority", "", ""],
                 ["two@example.org", "REFUSE", "authority", "", ""],
                 ["yossi@example.org", "Yossi changed", "authority", "", ""]])
    preview = _apply(data, "people.csv", people)
    assert [(e.row, e.column) for e in preview.errors] == [(3, "Full name")]
    assert _count(people) == 2
    with tenancy.scope(people["municipality"]):
        assert Person.objects.get(email="yossi@example.org").full_name == "Yossi Levi"


def test_apply_writes_through_the_service_with_history(people):
    data = _csv([["new@example.org", "New Person", "business", "", ""]])
    preview = _apply(data, "people.csv", people)
    assert not preview.errors
    with tenancy.scope(people["municipality"]):
        person = Person.objects.get(email="new@example.org")
        assert person.history.first().history_user == people["director"]


# Export = import template -------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_round_trip_export_then_import_changes_nothing(people, fmt):
    context = {"municipality": people["municipality"]}
    with tenancy.scope(people["municipality"]):
        content = spreadsheets.export_xlsx(PEOPLE, context) if fmt == "xlsx" else spreadsheets.export_csv(PEOPLE, context)
    preview = _apply(content, f"people.{fmt}", people)
    assert not preview.errors
    assert preview.counts()["created"] == 0 and preview.counts()["changed"] == 0 and preview.unchanged == 2


def test_exported_file_has_the_import_headers_in_order_and_an_edit_round_trips(people):
    context = {"municipality": people["municipality"]}
    with translation.override("en"), tenancy.scope(people["municipality"]):
        content = spreadsheets.export_xlsx(PEOPLE, context)
    sheet = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[1]] == ["E-mail", "Full name", "Sector", "Role", "Phone"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:E3"
    sheet.cell(row=2, column=4).value = "Head of education"
    buf = io.BytesIO()
    sheet.parent.save(buf)
    preview = _apply(buf.getvalue(), "people.xlsx", people)
    assert (len(preview.changed), preview.unchanged) == (1, 1)


def test_formula_injection_is_neutralised_in_xlsx_and_csv(people):
    with tenancy.scope(people["municipality"]):
        Person.objects.filter(email="dana@example.org").update(full_name="=HYPERLINK(\"http://x\")", phone="+972")
    context = {"municipality": people["municipality"]}
    with tenancy.scope(people["municipality"]):
        xlsx = spreadsheets.export_xlsx(PEOPLE, context)
        text = spreadsheets.export_csv(PEOPLE, context).decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(xlsx)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.quotePrefix  # text, never a formula
    assert sheet.cell(row=2, column=5).data_type == "s"
    assert "'=HYPERLINK" in text and "'+972" in text
    # and both come back as they were
    assert _apply(xlsx, "p.xlsx", people).counts()["changed"] == 0
    assert _apply(text.encode("utf-8"), "p.csv", people).counts()["changed"] == 0


def test_write_xlsx_numbers_money_dates_widths_rtl():
    sheet = spreadsheets.Sheet("Report", [
        spreadsheets.SheetColumn("Year", INT), spreadsheets.SheetColumn("Amount", MONEY),
        spreadsheets.SheetColumn("When", DATE), spreadsheets.SheetColumn("Note", TEXT)],
        [[2026, Decimal("1234.50"), datetime.date(2026, 3, 1), "-1"]], totals=["Total", Decimal("1234.50")])
    with translation.override("he"):
        ws = load_workbook(io.BytesIO(spreadsheets.write_xlsx([sheet]))).active
    assert ws.sheet_view.rightToLeft
    assert ws["A2"].data_type == "n" and ws["B2"].value == 1234.5 and ws["B2"].number_format == "#,##0.00"
    assert ws["C2"].is_date and ws["D2"].data_type == "s"
    assert ws["A3"].value == "Total" and ws["A3"].font.b and ws["B3"].value == 1234.5
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:D3"
    assert all(ws.column_dimensions[c].width >= 8 for c in "ABCD")
    with translation.override("en"):
        assert not load_workbook(io.BytesIO(spreadsheets.write_xlsx([sheet]))).active.sheet_view.rightToLeft


def test_unreadable_files_are_refused():
    with pytest.raises(spreadsheets.UnreadableFile):
        spreadsheets.read_table(b"PK\x03\x04 not really", "x.xlsx")


# Jobs: small in the request, large in the background with progress -------------------------------------
def _upload(data, name="people.csv"):
    return SimpleUploadedFile(name, data)


def test_small_job_checks_and_applies_in_the_request(people):
    with tenancy.scope(people["municipality"]):
        job = imports.job_create(kind=PEOPLE.name, upload=_upload(_xlsx([["new@example.org", "New", "authority"]]), "p.xlsx"),
                                 by=people["director"], municipality=people["municipality"])
        assert imports.run(job, "check", by=people["director"]) == imports.SYNC
        job.refresh_from_db()
        assert job.status == ImportJobStatus.PREVIEWED and job.created_count == 1
        assert job.summary["preview"]["rows"][0]["action"] == "create"
        assert imports.run(job, "apply", by=people["director"]) == imports.SYNC
        job.refresh_from_db()
        assert job.status == ImportJobStatus.DONE and Person.objects.filter(email="new@example.org").exists()


def test_large_job_runs_as_celery_task_with_progress(people, settings, django_capture_on_commit_callbacks,
                                                     client_for):
    settings.IMPORT_BACKGROUND_ROWS = 10
    rows = [[f"p{i}@example.org", f"Person {i}", "authority", "", ""] for i in range(25)]
    seen = []
    real = imports._reporter

    def spy(job):
        report = real(job)

        def wrapped(done, total):
            seen.append((done, total))
            report(done, total)
        return wrapped

    imports._reporter = spy
    try:
        with tenancy.scope(people["municipality"]):
            job = imports.job_create(kind=PEOPLE.name, upload=_upload(_csv(rows)), by=people["director"],
                                     municipality=people["municipality"])
            assert imports.is_large(job)
            with django_capture_on_commit_callbacks(execute=True):
                assert imports.run(job, "check", by=people["director"]) == imports.QUEUED
            job.refresh_from_db()
            assert job.status == ImportJobStatus.PREVIEWED and job.created_count == 25
            with django_capture_on_commit_callbacks(execute=True):
                assert imports.run(job, "apply", by=people["director"]) == imports.QUEUED
            job.refresh_from_db()
            assert job.status == ImportJobStatus.DONE and Person.objects.filter(notes="sheet").count() == 27
    finally:
        imports._reporter = real
    assert (25, 25) in seen  # progress reported up to the last row
    # The job page (and its htmx fragment) shows the outcome.
    director = client_for(people["director"])
    url = f"/m/{people['municipality'].slug}/imports/{job.pk}/"
    page = director.get(url)
    assert page.status_code == 200 and b"preview-h" in page.content
    fragment = director.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and b"<html" not in fragment.content and b'id="import-job"' in fragment.content


def test_progress_fragment_polls_while_running(people, client_for):
    with tenancy.scope(people["municipality"]):
        job = imports.job_create(kind=PEOPLE.name, upload=_upload(_csv([["a@example.org", "A", "authority"]])),
                                 by=people["director"], municipality=people["municipality"])
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.APPLYING, processed_rows=0)
    imports.cache.set(imports._progress_key(job.pk), {"done": 1, "total": 2}, 60)
    body = client_for(people["director"]).get(f"/m/{people['municipality'].slug}/imports/{job.pk}/",
                                              HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in body and 'value="1"' in body and "50%" in body


def test_jobs_are_tenant_scoped(people, tenant_b, client_for):
    with tenancy.scope(tenant_b.municipality):
        job_b = imports.job_create(kind=PEOPLE.name, upload=_upload(_csv([["b@example.org", MARKER_B, "authority"]]),
                                                                    name=f"{MARKER_B}.csv"),
                                   by=tenant_b.user(Role.LOCAL_DIRECTOR), municipality=tenant_b.municipality)
    with tenancy.scope(people["municipality"]):
        assert not ImportJob.objects.filter(pk=job_b.pk).exists()
        with pytest.raises(Exception):
            imports.job_create(kind=PEOPLE.name, upload=_upload(b"E-mail\n"), by=people["director"],
                               municipality=tenant_b.municipality)
    with pytest.raises(tenancy.TenantScopeError):
        ImportJob.objects.count()
    director_a = client_for(people["director"])
    slug_a, slug_b = people["municipality"].slug, tenant_b.municipality.slug
    assert director_a.get(f"/m/{slug_a}/imports/{job_b.pk}/").status_code == 404
    assert director_a.get(f"/m/{slug_b}/imports/{job_b.pk}/").status_code == 404
    assert director_a.post(f"/m/{slug_a}/imports/{job_b.pk}/", {"apply": "1"}).status_code == 404
    # a viewer of B may not apply B's job (the spec's permission)
    viewer_b = client_for(tenant_b.user(Role.VIEWER))
    assert viewer_b.get(f"/m/{slug_b}/imports/{job_b.pk}/").status_code == 404
