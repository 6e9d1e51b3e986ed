"""A round walked from A to F on the real CBS registry, through the pages an HQ user uses."""
import csv
from decimal import Decimal

import pytest

from core import tenancy
from municipalities.models import Initiative, Municipality
from selection.models import Candidate, CandidateStatus, Decision, RubricCriterion, SelectionRound
from tests.selection.conftest import REGISTRY_CSV

SOUTH = "הדרום"


def _expected_matches():
    with open(REGISTRY_CSV, encoding="utf-8") as handle:
        return sorted(r["cbs_code"] for r in csv.DictReader(handle)
                      if r["district"] == SOUTH and int(r["socioeconomic_cluster"]) <= 4
                      and int(r["peripherality_cluster"]) <= 4 and r["status"] in ("city", "local_council"))


def _by_code(code):
    return Municipality.objects.get(cbs_code=code)


def _chance(se_cluster, recommendation):
    need = (Decimal(10) - se_cluster) / 9
    rec = (Decimal(recommendation) - 1) / 4
    return (100 * (need + rec) / 2).quantize(Decimal("0.1"))


def _risk(stability_mean):
    return (100 * (1 - (Decimal(stability_mean) - 1) / 4)).quantize(Decimal("0.1"))


@pytest.mark.django_db
def test_round_from_a_to_f(registry, client_for, hq_staff, hq_admin):
    hq, hq2 = client_for(hq_staff), client_for(hq_admin)

    # Open the round.
    response = hq.post("/selection/", {"name": "2027 southern expansion", "description": "Negev towns"})
    round = SelectionRound.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/selection/rounds/{round.pk}/filter/"
    assert RubricCriterion.objects.filter(round=round).count() == 11  # the guide's defaults

    # A: the filter updates live (htmx fragment) with the count the CBS file gives.
    criteria = {"se_max": "4", "per_max": "4", "kinds": ["city", "local_council"], "districts": [SOUTH]}
    expected = _expected_matches()
    fragment = hq.get(f"/selection/rounds/{round.pk}/filter/", criteria, HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert f'<span class="value" id="match-count">{len(expected)}</span>' in html
    assert "<html" not in html  # only the fragment
    assert "ירוחם" in html and "דימונה" not in html  # Dimona is cluster 5
    # ... and moves the result to the candidate list, saving the criteria with the round.
    response = hq.post(f"/selection/rounds/{round.pk}/filter/", {**criteria, "move": "1"})
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.filter_criteria["se_max"] == 4 and round.stage == "b"
    assert sorted(round.candidates.values_list("municipality__cbs_code", flat=True)) == expected

    # Add one by hand (needs a reason), drop one (needs a reason).
    dimona = _by_code("2200")
    response = hq.post(f"/selection/rounds/{round.pk}/candidates/add/", {"municipality": dimona.pk, "reason": ""})
    assert response.status_code == 400
    hq.post(f"/selection/rounds/{round.pk}/candidates/add/",
            {"municipality": dimona.pk, "reason": "Strong lead partner already active"})
    assert round.candidates.get(municipality=dimona).origin == "manual"
    kuseife = round.candidates.get(municipality__cbs_code="1059")
    response = hq.post(f"/selection/candidates/{kuseife.pk}/status/", {"status-status": "dropped", "status-reason": ""})
    assert response.status_code == 400 and "reason" in response.context["status_form"].errors
    hq.post(f"/selection/candidates/{kuseife.pk}/status/", {"status-status": "dropped", "status-reason": "Covered by a sister programme"})
    kuseife.refresh_from_db()
    assert kuseife.status == CandidateStatus.DROPPED

    # B: locality files of three candidates, narrowed to a focus list.
    focus = {"0831": 5, "2560": 3, "1161": 4}  # Yeroham, Arad, Rahat: strength of the recommendation
    candidates = {code: round.candidates.get(municipality__cbs_code=code) for code in focus}
    for code, strength in focus.items():
        c = candidates[code]
        page = hq.get(f"/selection/candidates/{c.pk}/")
        assert "2021" in page.content.decode()  # data years are shown
        response = hq.post(f"/selection/candidates/{c.pk}/file/", {
            "file-other_investments": "Ministry of Education programme", "file-big_moves": "",
            "file-external_trends": "", "file-recommendation_strength": strength, "file-opportunity_strength": 3,
            "file-version": page.context["file_form"].initial["version"]})
        assert response.status_code == 302, response.content.decode()[:2000]
        hq.post(f"/selection/candidates/{c.pk}/comments/", {
            "interviewee": "Head of education", "interviewee_role": "Authority", "interview_date": "2026-10-01",
            "text": "Ready to lead."})
        hq.post(f"/selection/candidates/{c.pk}/status/", {"status-status": "focus", "status-reason": ""})
    assert round.candidates.filter(status="focus").count() == 3
    assert candidates["0831"].comments.count() == 1

    # C: the call for proposals and the answers.
    page = hq.get(f"/selection/rounds/{round.pk}/call/")
    response = hq.post(f"/selection/rounds/{round.pk}/call/", {
        "call_sent_on": "2026-10-10", "call_deadline": "2026-11-10", "call_text": "Capability and motivation",
        "version": page.context["form"].initial["version"]})
    assert response.status_code == 302
    for c in candidates.values():
        c.refresh_from_db()
        hq.post(f"/selection/candidates/{c.pk}/call/", {
            "call-call_answered": "on", "call-call_answered_on": "2026-11-01", "call-capability_answer": "A team of 4",
            "call-motivation_answer": "The mayor asked", "call-version": c.updated_at.isoformat()})
    assert Candidate.objects.filter(round=round, call_answered=True).count() == 3

    # D: two assessors score leadership stability; shown side by side.
    stability = {"0831": (5, 4), "2560": (3, 3), "1161": (2, 3)}
    for code, (first, second) in stability.items():
        for client, value in ((hq, first), (hq2, second)):
            response = client.post(f"/selection/candidates/{candidates[code].pk}/readiness/",
                                   {"score_stability": value, "evidence_stability": "Interviews, Oct 2026"})
            assert response.status_code == 302
    readiness = hq.get(f"/selection/rounds/{round.pk}/readiness/").content.decode()
    assert "4.5" in readiness and "2.5" in readiness

    # E: weights — need (chance 1), recommendation (chance 1), leadership stability (risk 1), others 0.
    weights = {"need_socioeconomic": ("chance", "1"), "recommendation": ("chance", "1"), "stability": ("risk", "1")}
    data = {}
    for c in RubricCriterion.objects.filter(round=round):
        axis, weight = weights.get(c.input, (c.axis, "0"))
        data[f"axis_{c.pk}"], data[f"weight_{c.pk}"] = axis, weight
    assert hq.post(f"/selection/rounds/{round.pk}/rubric/", data).status_code == 302

    page = hq.get(f"/selection/rounds/{round.pk}/comparison/")
    ranking = page.context["ranking"]
    names = [s.key.municipality.cbs_code for s in ranking]
    assert names == ["0831", "1161", "2560"]  # Yeroham, Rahat, Arad
    expected_scores = {
        code: (_chance(_by_code(code).socioeconomic_cluster, focus[code]), _risk(Decimal(sum(stability[code])) / 2))
        for code in focus}
    for s in ranking:
        assert (s.chance, s.risk) == expected_scores[s.key.municipality.cbs_code]
    assert [s.net for s in ranking] == sorted((c - r for c, r in expected_scores.values()), reverse=True)
    # What changes when a weight changes: without the stability risk, Rahat (more need) comes first.
    what_if = hq.get(f"/selection/rounds/{round.pk}/comparison/", {"w_stability": "0"}).context["what_if"]
    assert [r["s"].key.municipality.cbs_code for r in what_if] == ["1161", "0831", "2560"]
    assert what_if[0]["delta"] == 1
    # The matrix exports to Excel.
    export = hq.get(f"/selection/rounds/{round.pk}/comparison.xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook
    sheet = load_workbook(BytesIO(export.content)).active
    assert [sheet.cell(row=i, column=3).value for i in (2, 3, 4)] == ["0831", "1161", "2560"]

    # F: the decision. Selecting opens the initiative in the pre-establishment phase.
    assert hq.post(f"/selection/rounds/{round.pk}/decision/").status_code == 302
    round.refresh_from_db()
    assert not round.is_decided  # undecided candidates
    outcomes = {"0831": "selected", "1161": "deferred", "2560": "rejected"}
    for code, outcome in outcomes.items():
        response = hq.post(f"/selection/candidates/{candidates[code].pk}/decision/",
                           {"decision-outcome": outcome, "decision-reason": "Management meeting, Nov 2026",
                            "decision-checks_override_reason": "Confirmed in the management meeting"})
        assert response.status_code == 302
    yeroham = _by_code("0831")
    with tenancy.scope(yeroham):
        initiative = Initiative.objects.get(municipality=yeroham)
    assert initiative.phase == "pre_establishment" and initiative.stage == 2
    assert Decision.objects.get(candidate=candidates["0831"]).initiative == initiative
    with tenancy.scope_all():
        assert not Initiative.objects.filter(municipality__cbs_code__in=["1161", "2560"]).exists()
    hq.post(f"/selection/rounds/{round.pk}/decision/")
    round.refresh_from_db()
    assert round.is_decided and round.decided_by == hq_staff

    # A decided round is read-only; its history is kept.
    response = hq.post(f"/selection/candidates/{candidates['2560'].pk}/comments/", {
        "interviewee": "Late", "interviewee_role": "", "interview_date": "2026-11-20", "text": "Too late"})
    assert response.status_code == 400
    from django.utils import translation
    with translation.override("he"):
        assert response.context["comment_form"].non_field_errors() == [
            translation.gettext("This round was decided and is read-only.")]
    assert candidates["2560"].comments.count() == 1
    assert round.history.count() >= 4
