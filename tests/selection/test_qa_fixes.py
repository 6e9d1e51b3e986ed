"""QA findings on stage 1: a decided round keeps its inputs, decisions cannot orphan an initiative,
the API validates what the pages validate, the registry refresh and the stage A table follow the data."""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from core import tenancy
from municipalities.models import Initiative, InitiativeStatus, Municipality
from selection import services
from selection.models import CandidateStatus, SelectionRound
from tests import factories
from tests.selection.test_views import _csv_upload, _registry_rows


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def en(client_for):
    """A client that asked for English (pages are Hebrew by default)."""
    def make(user):
        client = client_for(user)
        client.cookies["yishuv_language"] = "en"
        return client
    return make


def _errors(response):
    return response.json()["errors"]


@pytest.fixture
def two_focus(db, hq_staff):
    round = services.round_create(name="QA round", by=hq_staff)
    poor = factories.MunicipalityFactory(socioeconomic_cluster=2)
    rich = factories.MunicipalityFactory(socioeconomic_cluster=6)
    candidates = []
    for town in (poor, rich):
        c = services.candidate_add(round=round, municipality=town, reason="test", by=hq_staff)
        candidates.append(services.candidate_set_status(candidate=c, status=CandidateStatus.FOCUS, by=hq_staff))
    return round, candidates


def _decide_all(round, candidates, by, outcome="rejected"):
    for c in candidates:
        services.decision_record(candidate=c, outcome=outcome, reason="because", by=by)
    return services.round_decide(round=round, by=by)


# 1. A decided round keeps the inputs it was decided on --------------------------------------------
def test_decided_round_ranking_survives_a_registry_refresh(two_focus, client_for, hq_staff):
    round, (poor, rich) = two_focus
    _decide_all(round, [poor, rich], hq_staff)
    api = client_for(hq_staff)
    before = api.get(f"/api/v1/selection/rounds/{round.pk}/comparison/").json()["ranking"]
    assert [r["candidate"] for r in before] == [poor.pk, rich.pk]
    # A registry refresh swaps the clusters.
    Municipality.objects.filter(pk=poor.municipality_id).update(socioeconomic_cluster=9)
    Municipality.objects.filter(pk=rich.municipality_id).update(socioeconomic_cluster=1)
    after = api.get(f"/api/v1/selection/rounds/{round.pk}/comparison/").json()["ranking"]
    assert after == before
    page = api.get(f"/selection/rounds/{round.pk}/comparison/")
    assert [s.key.pk for s in page.context["ranking"]] == [poor.pk, rich.pk]
    # An open round still reads the live registry.
    open_round = services.round_create(name="Open round", by=hq_staff)
    for town in (poor.municipality, rich.municipality):
        c = services.candidate_add(round=open_round, municipality=town, reason="test", by=hq_staff)
        services.candidate_set_status(candidate=c, status=CandidateStatus.FOCUS, by=hq_staff)
    live = api.get(f"/api/v1/selection/rounds/{open_round.pk}/comparison/").json()["ranking"]
    assert live[0]["municipality"] == rich.municipality.slug


# 2. Un-selecting does not leave the opened initiative behind --------------------------------------
def test_unselecting_is_refused_while_the_opened_initiative_is_active(two_focus, hq_staff):
    _, (poor, _) = two_focus
    decision = services.decision_record(candidate=poor, outcome="selected", reason="strong", by=hq_staff,
                             checks_override_reason="checks are not the point of this test")
    assert decision.initiative_id
    with pytest.raises(ValidationError) as exc:
        services.decision_record(candidate=poor, outcome="rejected", reason="changed our mind", by=hq_staff)
    assert "Close the initiative" in exc.value.message_dict["outcome"][0]
    poor.refresh_from_db()
    assert poor.decision.outcome == "selected"
    with tenancy.scope_all():
        Initiative.objects.filter(pk=decision.initiative_id).update(status=InitiativeStatus.COMPLETED)
    decision = services.decision_record(candidate=poor, outcome="deferred", reason="later", by=hq_staff)
    assert decision.outcome == "deferred" and decision.initiative is None


def test_unselecting_in_the_page_shows_the_message(two_focus, en, hq_staff):
    _, (poor, _) = two_focus
    services.decision_record(candidate=poor, outcome="selected", reason="strong", by=hq_staff,
                             checks_override_reason="checks are not the point of this test")
    response = en(hq_staff).post(f"/selection/candidates/{poor.pk}/decision/",
                                         {"decision-outcome": "rejected", "decision-reason": "no"})
    assert response.status_code == 400
    assert "Close the initiative" in response.content.decode()


# 3. filter_criteria over the API --------------------------------------------------------------------
def test_api_validates_filter_criteria_and_stage_a_survives_bad_stored_values(two_focus, client_for, hq_staff):
    round, _ = two_focus
    api = client_for(hq_staff)
    url = f"/api/v1/selection/rounds/{round.pk}/"
    for bad in ({"se_min": "abc"}, {"se_min": 6, "se_max": 2}, {"colour": "red"}, {"kinds": "city"}, ["x"]):
        response = api.patch(url, {"filter_criteria": bad}, content_type="application/json")
        assert response.status_code == 400, bad
        assert "filter_criteria" in _errors(response)
    response = api.patch(url, {"filter_criteria": {"se_min": "1", "se_max": 4, "kinds": ["city"]}},
                         content_type="application/json")
    assert response.status_code == 200
    assert response.json()["filter_criteria"] == {"se_min": 1, "se_max": 4, "kinds": ["city"]}
    # Values stored before this check (or by hand) do not break the page.
    SelectionRound.objects.filter(pk=round.pk).update(
        filter_criteria={"se_min": "abc", "pop_max": [1], "kinds": "city", "sectors": [{"x": 1}]})
    assert api.get(f"/selection/rounds/{round.pk}/filter/").status_code == 200


# 4. Registry refresh defaults to the registry's years ---------------------------------------------
@pytest.mark.django_db
def test_registry_form_defaults_to_current_years_and_an_unchanged_file_changes_nothing(registry, client_for,
                                                                                       hq_admin):
    hq = client_for(hq_admin)
    form = hq.get("/selection/registry/").context["form"]
    years = {k: form[k].initial for k in ("population_year", "socioeconomic_year", "peripherality_year")}
    assert years == {"population_year": 2021, "socioeconomic_year": 2019, "peripherality_year": 2020}
    response = hq.post("/selection/registry/", {"file": _csv_upload(_registry_rows()), "edition": "again", **years})
    preview = response.context["preview"]
    assert not preview.errors and not preview.changed and preview.unchanged == 255


@pytest.mark.django_db
def test_registry_refresh_a_year_only_dates_changed_figures_unless_set(registry, client_for, hq_admin):
    """An authority whose figures carry another year keeps it when the file leaves its figures alone;
    a year the user sets explicitly relabels every authority."""
    Municipality.objects.filter(cbs_code="0031").update(population_year=2020)  # Ofakim
    rows = _registry_rows()
    next(r for r in rows if r["cbs_code"] == "1031")["population"] = "31500"  # Sderot
    hq = client_for(hq_admin)
    years = {"population_year": 2021, "socioeconomic_year": 2019, "peripherality_year": 2020}
    preview = hq.post("/selection/registry/", {"file": _csv_upload(rows), "edition": "e", **years}).context["preview"]
    assert [c.municipality.cbs_code for c in preview.changed] == ["1031"]
    assert hq.post("/selection/registry/", {"apply": "1"}).status_code == 302
    assert Municipality.objects.get(cbs_code="0031").population_year == 2020
    assert Municipality.objects.get(cbs_code="1031").population == 31500
    preview = hq.post("/selection/registry/", {"file": _csv_upload(_registry_rows()), "edition": "e",
                                               **years, "population_year": 2023}).context["preview"]
    assert len(preview.changed) == 255


# 5 and 6. Stage A table: years from the data, errors in the live results --------------------------
@pytest.mark.django_db
def test_stage_a_headers_follow_the_data_years_and_live_errors_show(registry, en, hq_staff):
    round = services.round_create(name="Round", by=hq_staff)
    hq = en(hq_staff)
    url = f"/selection/rounds/{round.pk}/filter/"
    labels = [c["label"] for c in hq.get(url).context["sort_columns"]]
    assert "Population (2021)" in labels and "Socio-economic cluster (2019)" in labels
    Municipality.objects.exclude(kind="cluster").update(population_year=2023)
    response = hq.get(url, {"se_min": "1"})
    labels = [c["label"] for c in response.context["sort_columns"]]
    assert "Population (2023)" in labels and "Population (2021)" not in labels
    assert "population 2023" in response.content.decode()
    response = hq.get(url, {"se_min": "5", "se_max": "2"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="results-errors"' in body and "The upper bound must not be below the lower bound." in body


# 7. Same indicator and year from two sources: the latest import wins ------------------------------
def test_latest_value_is_deterministic(db):
    from mapping import catalogue
    from mapping.models import IndicatorValue
    from selection import selectors

    town = factories.MunicipalityFactory()
    indicator = catalogue.ensure_catalogue()[selectors.TABLE_INDICATOR]
    with tenancy.scope_all():
        newer = IndicatorValue(municipality=town, indicator=indicator, value=Decimal("70"), data_year=2021,
                               source="A (imported later)")
        older = IndicatorValue(municipality=town, indicator=indicator, value=Decimal("60"), data_year=2021,
                               source="B (imported earlier)")
        newer.save()
        older.save()  # stored second, but imported earlier (below)
        IndicatorValue.all_municipalities.filter(pk=older.pk).update(
            imported_at=timezone.now() - datetime.timedelta(days=3))
        row = selectors.authority_filter({}).get(pk=town.pk)
    assert row.bagrut == Decimal("70")


# 8. Round history: translated type, one reason per save --------------------------------------------
@pytest.mark.django_db
def test_move_to_candidates_logs_distinct_reasons(registry, client_for, hq_staff):
    """The page is in Hebrew: the type of each change is translated too."""
    round = services.round_create(name="Round", by=hq_staff)
    services.candidates_from_filter(round=round, criteria={"se_max": 1}, by=hq_staff)
    reasons = list(round.history.order_by("-history_id").values_list("history_change_reason", flat=True)[:2])
    assert reasons == ["Filter result moved to the candidate list", "Stage A criteria saved"]
    body = client_for(hq_staff).get(f"/selection/rounds/{round.pk}/").content.decode()
    assert "· Changed ·" not in body and "Created" not in body


# 9 and 10. Chart caption and labels -------------------------------------------------------------------
def test_chart_caption_and_short_labels(two_focus, en, hq_staff):
    round, candidates = two_focus
    for c in candidates:
        services.readiness_record(candidate=c, assessor=hq_staff, scores={"stability": (3, "")}, by=hq_staff)
    response = en(hq_staff).get(f"/selection/rounds/{round.pk}/comparison/")
    chart = response.context["chart"]
    assert chart.summary == "Above the diagonal (top left) is more chance than risk."
    assert chart.data[0]["text"] == ["1", "2"]
    assert "Town" in chart.data[0]["customdata"][0] or "עיירה" in chart.data[0]["customdata"][0]


# 11. API error under the API's field name --------------------------------------------------------------
def test_api_candidate_without_reason_reports_status_reason(two_focus, client_for, hq_staff):
    round, _ = two_focus
    town = factories.MunicipalityFactory()
    response = client_for(hq_staff).post("/api/v1/selection/candidates/", {"round": round.pk,
                                                                           "municipality": town.slug},
                                         content_type="application/json")
    assert response.status_code == 400
    assert "status_reason" in _errors(response) and "reason" not in _errors(response)


# 12. Plurals, future dates, duplicate names, new rounds at stage A -------------------------------------
@pytest.mark.django_db
def test_one_error_is_singular(registry, en, hq_admin):
    rows = _registry_rows()
    rows[4]["socioeconomic_cluster"] = "11"
    response = en(hq_admin).post("/selection/registry/", {
        "file": _csv_upload(rows), "edition": "x", "population_year": 2021, "socioeconomic_year": 2019,
        "peripherality_year": 2020})
    assert response.context["form"].errors["file"] == ["1 error in the file; nothing was saved."]


def test_future_interview_date_is_refused(two_focus, hq_staff):
    _, (poor, _) = two_focus
    with pytest.raises(ValidationError) as exc:
        services.comment_add(candidate=poor, by=hq_staff, interviewee="Head", text="x",
                             interview_date=datetime.date(2099, 1, 1))
    assert "interview_date" in exc.value.message_dict
    services.comment_add(candidate=poor, by=hq_staff, interviewee="Head", text="x",
                         interview_date=timezone.localdate())


def test_round_names_are_unique_and_api_rounds_start_at_a(two_focus, client_for, hq_staff):
    with pytest.raises(ValidationError) as exc:
        services.round_create(name="qa round", by=hq_staff)
    assert "name" in exc.value.message_dict
    api = client_for(hq_staff)
    response = api.post("/api/v1/selection/rounds/", {"name": "Other", "stage": "f"},
                        content_type="application/json")
    assert response.status_code == 400 and "stage" in _errors(response)
    assert not SelectionRound.objects.filter(name="Other").exists()
    response = api.post("/api/v1/selection/rounds/", {"name": "QA round"}, content_type="application/json")
    assert response.status_code == 400 and "name" in _errors(response)
    response = api.post("/api/v1/selection/rounds/", {"name": "Other", "stage": "a"},
                        content_type="application/json")
    assert response.status_code == 201


# 13. Excel in 0-100; no write links on a decided round ---------------------------------------------
def test_export_uses_0_100_and_decided_candidate_page_has_no_record_link(two_focus, en, hq_staff):
    from openpyxl import load_workbook

    round, (poor, rich) = two_focus
    hq = en(hq_staff)
    sheet = load_workbook(io.BytesIO(hq.get(f"/selection/rounds/{round.pk}/comparison.xlsx").content)).active
    header = [c.value for c in sheet[1]]
    column = next(i for i, h in enumerate(header) if h.startswith("Need: socio-economic"))
    page = hq.get(f"/selection/rounds/{round.pk}/comparison/")
    by_pk = {row["s"].key.pk: row["cells"] for row in page.context["matrix"]}
    pk = poor.pk if sheet[2][2].value == poor.municipality.cbs_code else rich.pk
    assert sheet[2][column].value == int(by_pk[pk][0])
    assert sheet[2][column].value > 1
    call_link = f'href="/selection/rounds/{round.pk}/call/">Record it</a>'
    assert call_link in hq.get(f"/selection/candidates/{poor.pk}/").content.decode()
    _decide_all(round, [poor, rich], hq_staff)
    assert call_link not in hq.get(f"/selection/candidates/{poor.pk}/").content.decode()


def test_migration_snapshots_rounds_decided_before(two_focus, hq_staff):
    import importlib

    from django.apps import apps

    round, (poor, rich) = two_focus
    services.readiness_record(candidate=poor, assessor=hq_staff, scores={"stability": (4, "")}, by=hq_staff)
    _decide_all(round, [poor, rich], hq_staff)
    round.refresh_from_db()
    expected = round.comparison_snapshot
    SelectionRound.objects.filter(pk=round.pk).update(comparison_snapshot={})
    migration = importlib.import_module("selection.migrations.0003_snapshot_decided_rounds")
    migration.snapshot_decided_rounds(apps, None)
    round.refresh_from_db()
    assert round.comparison_snapshot == expected and expected["inputs"][str(poor.pk)]["stability"] == "0.75"
