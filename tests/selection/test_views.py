import csv
import io

import pytest
from openpyxl import Workbook

from core.roles import Role
from municipalities.models import Municipality
from selection import services
from tests.selection.conftest import REGISTRY_CSV


@pytest.mark.django_db
def test_local_users_get_404_everywhere(tenant_a, client_for, hq_staff):
    round = services.round_create(name="Secret round", by=hq_staff)
    for role in Role:
        client = client_for(tenant_a.user(role))
        for url in ("/selection/", f"/selection/rounds/{round.pk}/", f"/selection/rounds/{round.pk}/comparison/",
                    "/selection/registry/", f"/api/v1/selection/rounds/{round.pk}/", "/api/v1/selection/rounds/"):
            response = client.get(url)
            assert response.status_code == 404, (role, url)
            assert "Secret round" not in response.content.decode()


@pytest.mark.django_db
def test_stage_a_filter_has_bounded_queries(registry, client_for, hq_staff, django_assert_max_num_queries):
    """The same few queries for 255 authorities as for 3: no query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round = services.round_create(name="Round", by=hq_staff)
    hq = client_for(hq_staff)
    hq.get("/selection/")  # warm the session
    url = f"/selection/rounds/{round.pk}/filter/"
    with django_assert_max_num_queries(7):
        response = hq.get(url, {"se_min": "1", "sort": "bagrut", "dir": "desc"}, HTTP_HX_REQUEST="true")
    assert '<span class="value" id="match-count">255</span>' in response.content.decode()
    with CaptureQueriesContext(connection) as narrow:
        response = hq.get(url, {"se_max": "1", "districts": "הדרום", "kinds": "city"}, HTTP_HX_REQUEST="true")
    assert '<span class="value" id="match-count">1</span>' in response.content.decode()  # Rahat
    with CaptureQueriesContext(connection) as wide:
        hq.get(url, {"se_min": "1"}, HTTP_HX_REQUEST="true")
    assert len(narrow) == len(wide)


@pytest.mark.django_db
def test_bad_filter_input_is_reported_and_kept(registry, client_for, hq_staff):
    round = services.round_create(name="Round", by=hq_staff)
    response = client_for(hq_staff).post(f"/selection/rounds/{round.pk}/filter/", {"se_min": "6", "se_max": "2",
                                                                                  "pop_min": "-5", "save": "1"})
    form = response.context["form"]
    assert "se_max" in form.errors and "pop_min" in form.errors
    assert form["se_min"].value() == "6"
    round.refresh_from_db()
    assert round.filter_criteria == {}


def _registry_rows():
    with open(REGISTRY_CSV, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _csv_upload(rows, name="registry.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"), content_type="text/csv")


def _form(upload):
    return {"file": upload, "edition": "CBS, Local Authorities in Israel 2022", "population_year": 2022,
            "socioeconomic_year": 2019, "peripherality_year": 2020}


@pytest.mark.django_db
def test_registry_refresh_preview_then_apply_keeps_history(registry, client_for, hq_admin):
    from core import tenancy
    from mapping.models import IndicatorValue

    rows = _registry_rows()
    sderot = next(r for r in rows if r["cbs_code"] == "1031")
    sderot["population"] = "31500"
    hq = client_for(hq_admin)
    response = hq.post("/selection/registry/", _form(_csv_upload(rows)))
    preview = response.context["preview"]
    assert response.status_code == 200 and not preview.errors
    assert len(preview.changed) == 255  # every population year moves to 2022
    assert Municipality.objects.get(cbs_code="1031").population == 30553  # nothing saved yet
    response = hq.post("/selection/registry/", {"apply": "1"})
    assert response.status_code == 302
    sderot_m = Municipality.objects.get(cbs_code="1031")
    assert (sderot_m.population, sderot_m.population_year) == (31500, 2022)
    with tenancy.scope_all():
        years = dict(IndicatorValue.objects.filter(municipality=sderot_m, indicator__code="population")
                     .values_list("data_year", "value"))
    assert years[2021] == 30553 and years[2022] == 31500  # the 2021 figure is still there
    assert sderot_m.history.first().history_user == hq_admin


@pytest.mark.django_db
def test_registry_refresh_errors_by_row_and_column_save_nothing(registry, client_for, hq_admin):
    rows = _registry_rows()
    rows[4]["socioeconomic_cluster"] = "11"
    rows[9]["cbs_code"] = "12345"
    response = client_for(hq_admin).post("/selection/registry/", _form(_csv_upload(rows)))
    assert response.status_code == 400
    found = {(e.row, e.column) for e in response.context["preview"].errors}
    assert found == {(6, "socioeconomic_cluster"), (11, "cbs_code")}
    assert not Municipality.objects.filter(population_year=2022).exists()


@pytest.mark.django_db
def test_registry_refresh_from_xlsx_keeps_leading_zeros(registry, client_for, hq_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile
    rows = _registry_rows()
    wb = Workbook()
    ws = wb.active
    ws.append(list(rows[0]))
    for r in rows:
        values = [int(v) if k in ("cbs_code", "population") and v.isdigit() else v for k, v in r.items()]
        ws.append(values)
    buf = io.BytesIO()
    wb.save(buf)
    upload = SimpleUploadedFile("registry.xlsx", buf.getvalue())
    response = client_for(hq_admin).post("/selection/registry/", {**_form(upload), "population_year": 2021})
    preview = response.context["preview"]
    # 0031 (Ofakim) and 08 (Gilboa) are matched, not read as new authorities "31" and "8"
    assert not preview.errors and not preview.new and not preview.changed
    assert preview.unchanged == 255


@pytest.mark.django_db
def test_registry_refresh_is_for_hq_admin(client_for, hq_staff):
    assert client_for(hq_staff).get("/selection/registry/").status_code == 403


@pytest.mark.django_db
def test_demo_data_is_idempotent_and_every_page_renders(registry, client_for):
    import io as _io

    from core import tenancy
    from selection import demo
    from selection.models import Candidate, SelectionRound
    from tests import factories

    factories.HqStaffFactory(username="hq")
    factories.HqAdminFactory(username="hq-admin")
    for _ in range(2):
        with tenancy.scope_all():
            demo.seed(stdout=_io.StringIO())
    assert SelectionRound.objects.count() == 2
    decided = SelectionRound.objects.get(name=demo.DECIDED_ROUND)
    assert decided.is_decided
    open_round = SelectionRound.objects.get(name=demo.OPEN_ROUND)
    hq = client_for(SelectionRound.objects.get(name=demo.OPEN_ROUND).created_by)
    pages = ["/selection/"] + [f"/selection/rounds/{r.pk}/{p}" for r in (open_round, decided)
                               for p in ("", "filter/", "call/", "readiness/", "rubric/", "comparison/", "decision/")]
    pages += [f"/selection/candidates/{c.pk}/" for c in Candidate.objects.filter(status="focus")]
    for url in pages:
        response = hq.get(url)
        assert response.status_code == 200, url
    read_only = hq.get(f"/selection/rounds/{decided.pk}/rubric/").content.decode()
    assert 'name="weight_' not in read_only  # a decided round shows no inputs


@pytest.mark.django_db
def test_concurrent_edit_of_a_locality_file_is_refused_and_input_kept(client_for, hq_staff, hq_admin):
    from tests import factories

    round = services.round_create(name="Round", by=hq_staff)
    candidate = services.candidate_add(round=round, municipality=factories.MunicipalityFactory(), reason="r",
                                       by=hq_staff)
    first, second = client_for(hq_staff), client_for(hq_admin)
    version = first.get(f"/selection/candidates/{candidate.pk}/").context["file_form"].initial["version"]
    data = {"file-other_investments": "", "file-big_moves": "", "file-external_trends": "",
            "file-recommendation_strength": "4", "file-opportunity_strength": "", "file-version": version}
    assert second.post(f"/selection/candidates/{candidate.pk}/file/", data).status_code == 302
    stale = first.post(f"/selection/candidates/{candidate.pk}/file/",
                       {**data, "file-recommendation_strength": "2", "file-big_moves": "A new ministry plan"})
    assert stale.status_code == 400
    form = stale.context["file_form"]
    assert form.non_field_errors() and form["big_moves"].value() == "A new ministry plan"
    candidate.refresh_from_db()
    assert candidate.recommendation_strength == 4
