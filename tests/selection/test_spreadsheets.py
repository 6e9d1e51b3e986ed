"""Selection on the shared spreadsheet mechanism: the registry's export is the refresh's import
file, a large refresh (over the background threshold) runs as a background job with progress, and the
comparison exports the raw figures, both axes and each assessor's scores."""
import csv
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from core import tenancy
from core.models import ImportJob, ImportJobStatus
from mapping.models import IndicatorValue
from municipalities.models import Municipality
from selection import services
from selection.models import CandidateStatus
from tests import factories


@pytest.fixture
def en(client_for):
    def make(user):
        client = client_for(user)
        client.cookies["yishuv_language"] = "en"
        return client
    return make


YEARS = {"population_year": 2021, "socioeconomic_year": 2019, "peripherality_year": 2020}


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_registry_export_is_the_refresh_file_and_round_trips_unchanged(registry, client_for, hq_admin, fmt):
    hq = client_for(hq_admin)
    export = hq.get(f"/selection/registry/export.{fmt}")
    assert export.status_code == 200
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(export.content)).active
        header = [c.value for c in sheet[1]]
        assert header[:4] == ["cbs_code", "name_he", "name_en", "status"]
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
        ofakim = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "0031")
        assert ofakim[0].data_type == "s"                       # the code keeps its leading zero
        assert ofakim[header.index("population")].data_type == "n"  # figures are numbers
    upload = SimpleUploadedFile(f"registry.{fmt}", export.content)
    response = hq.post("/selection/registry/", {"file": upload, "edition": "again", **YEARS})
    preview = response.context["preview"]
    assert not preview.errors
    assert (len(preview.new), len(preview.changed), preview.unchanged) == (0, 0, 255)


ROWS = 2100  # above the background threshold; benchmarks/imports_bench.py times 10,000 rows


@pytest.mark.django_db
def test_a_large_registry_refresh_runs_as_a_background_job(registry, client_for, hq_admin, settings,
                                                          django_capture_on_commit_callbacks, capsys):
    settings.IMPORT_BACKGROUND_ROWS = 2000
    hq = client_for(hq_admin)
    rows = list(csv.reader(io.StringIO(hq.get("/selection/registry/export.csv").content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    taken = {r[0] for r in body}
    template = next(r for r in body if r[0] == "1031")
    sderot = body.index(template)
    body[sderot] = [*template]
    body[sderot][header.index("population")] = "31500"
    codes = (f"{n:04d}" for n in range(10000) if f"{n:04d}" not in taken)
    while len(body) < ROWS:
        code = next(codes)
        row = [*template]
        row[header.index("cbs_code")], row[header.index("name_he")] = code, f"רשות {code}"
        row[header.index("name_en")] = f"Authority {code}"
        body.append(row)
    out = io.StringIO()
    csv.writer(out).writerows([header, *body])
    upload = SimpleUploadedFile("registry-large.csv", out.getvalue().encode("utf-8"))

    started, cpu = time.monotonic(), time.process_time()
    with django_capture_on_commit_callbacks(execute=True):
        response = hq.post("/selection/registry/", {"file": upload, "edition": "CBS 2023", **YEARS})
    checked = time.monotonic()
    job = ImportJob.all_municipalities.get()
    assert response.status_code == 302 and response["Location"] == f"/hq/imports/{job.pk}/"
    assert job.total_rows == ROWS and job.status == ImportJobStatus.PREVIEWED
    assert (job.created_count, job.changed_count, job.unchanged_count) == (ROWS - 255, 1, 254)
    page = hq.get(response["Location"])
    assert page.status_code == 200 and b"preview-h" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = hq.post(f"/hq/imports/{job.pk}/", {"apply": "1"})
    applied, cpu = time.monotonic(), time.process_time() - cpu
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE and job.processed_rows == job.total_rows == ROWS
    assert Municipality.objects.filter(cbs_code__isnull=False).count() == ROWS
    assert Municipality.objects.get(cbs_code="1031").population == 31500
    with tenancy.scope_all():
        assert IndicatorValue.objects.filter(source="CBS 2023").count() > ROWS - 255
    with capsys.disabled():
        print(f"\n{ROWS}-row registry refresh: check {checked - started:.1f} s, apply {applied - checked:.1f} s "
              f"(wall); {cpu:.1f} s CPU in all")


def test_comparison_export_has_raw_figures_axes_assessor_scores_and_sheet_features(db, en, hq_staff):
    round = services.round_create(name="Export round", by=hq_staff)
    towns = [factories.MunicipalityFactory(socioeconomic_cluster=2, population=12000),
             factories.MunicipalityFactory(socioeconomic_cluster=6, population=50000)]
    candidates = []
    for town in towns:
        c = services.candidate_add(round=round, municipality=town, reason="test", by=hq_staff)
        candidates.append(services.candidate_set_status(candidate=c, status=CandidateStatus.FOCUS, by=hq_staff))
    other = factories.UserFactory(platform_role="hq_staff", first_name="Noa", last_name="Assessor")
    services.readiness_record(candidate=candidates[0], assessor=hq_staff, scores={"urgency": (4, "=cmd|' /C calc'!A0")},
                              by=hq_staff)
    services.readiness_record(candidate=candidates[0], assessor=other, scores={"urgency": (2, "")}, by=other)
    response = en(hq_staff).get(f"/selection/rounds/{round.pk}/comparison.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}3"
    assert sheet.column_dimensions["B"].width >= 20
    assert header[3:6] == ["Chance", "Risk", "Net"]
    assert any("Chance" in h and "weight" in h for h in header[6:]) and any("Risk" in h for h in header[6:])
    population = header.index("Population")
    by_code = {row[2].value: row for row in sheet.iter_rows(min_row=2)}
    first = by_code[towns[0].cbs_code]
    assert first[population].value == 12000 and first[population].data_type == "n"
    assert first[3].data_type == "n" and first[header.index("Socio-economic cluster")].value == 2
    urgency = [i for i, h in enumerate(header) if h.startswith("Urgency for action · ")]
    assert len(urgency) == 2
    assert sorted(first[i].value for i in urgency) == [2, 4]
    scores = book.worksheets[1]
    evidence = [r for r in scores.iter_rows(min_row=2) if r[5].value]
    assert evidence[0][5].value.startswith("=cmd") and evidence[0][5].data_type == "s" and evidence[0][5].quotePrefix
