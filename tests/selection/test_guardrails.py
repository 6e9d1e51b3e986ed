"""Selecting needs the six must-confirm checks or a recorded reason; existing partners are flagged
from stage A and selecting one keeps its initiative; the round's stage follows its work; validation."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core import tenancy
from municipalities.models import Initiative
from selection import forms, services
from selection.models import Candidate, CandidateStatus, RoundStage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client_for):
    def make(user):
        client = client_for(user)
        client.cookies["yishuv_language"] = "en"
        return client
    return make


def _focus(round, municipality, by):
    c = services.candidate_add(round=round, municipality=municipality, reason="test", by=by)
    return services.candidate_set_status(candidate=c, status=CandidateStatus.FOCUS, by=by)


@pytest.fixture(autouse=True)
def english():
    """The assertions read the English messages (Hebrew is the default language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def partner(db):
    """An authority with an active initiative since 2014, at the implementation stage (like Ofakim)."""
    town = factories.MunicipalityFactory(name_en="Ofakim")
    factories.InitiativeFactory(municipality=town, phase="implementation", stage=7, start_date=dt.date(2014, 9, 1))
    return town


def test_selecting_needs_the_six_checks_or_a_recorded_reason(hq_staff):
    round = services.round_create(name="R", by=hq_staff)
    candidate = _focus(round, factories.MunicipalityFactory(), hq_staff)
    with pytest.raises(ValidationError) as exc:
        services.decision_record(candidate=candidate, outcome="selected", reason="good", by=hq_staff)
    assert "0 of the 6" in exc.value.message_dict["checks_override_reason"][0]
    decision = services.decision_record(candidate=candidate, outcome="selected", reason="good", by=hq_staff,
                                        checks_override_reason="Partners confirmed by phone")
    assert decision.checks_override_reason == "Partners confirmed by phone"
    # with the six checks confirmed no reason is needed; rejecting never needs one
    other = _focus(round, factories.MunicipalityFactory(), hq_staff)
    services.candidate_update(candidate=other, by=hq_staff, **{f: True for f in Candidate.CHECK_FIELDS})
    assert services.decision_record(candidate=other, outcome="selected", reason="ok", by=hq_staff).checks_override_reason == ""
    third = _focus(round, factories.MunicipalityFactory(), hq_staff)
    services.decision_record(candidate=third, outcome="rejected", reason="no", by=hq_staff)


def test_the_decision_form_asks_for_the_override_and_keeps_what_was_typed(hq_staff, en):
    round = services.round_create(name="R", by=hq_staff)
    candidate = _focus(round, factories.MunicipalityFactory(), hq_staff)
    response = en(hq_staff).post(f"/selection/candidates/{candidate.pk}/decision/",
                                 {"decision-outcome": "selected", "decision-reason": "typed reason"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "0 of the 6 must-confirm checks are confirmed" in page and "typed reason" in page
    assert not hasattr(Candidate.objects.get(pk=candidate.pk), "decision")


def test_an_existing_partner_is_flagged_from_stage_a_and_selecting_it_keeps_its_initiative(partner, hq_staff, en):
    round = services.round_create(name="R", by=hq_staff)
    client = en(hq_staff)
    page = client.get(f"/selection/rounds/{round.pk}/filter/?se_max=10").content.decode()
    assert "partner since 2014" in page
    candidate = services.candidate_add(round=round, municipality=partner, reason="test", by=hq_staff)
    assert "partner since 2014" in client.get(f"/selection/rounds/{round.pk}/").content.decode()
    response = client.post(f"/selection/candidates/{candidate.pk}/status/", {"status-status": "focus"}, follow=True)
    page = response.content.decode()
    assert "is already a partner: it has an active initiative since 2014" in page
    assert "An existing partner." in page
    services.candidate_update(candidate=Candidate.objects.get(pk=candidate.pk), by=hq_staff,
                              **{f: True for f in Candidate.CHECK_FIELDS})
    candidate = Candidate.objects.get(pk=candidate.pk)
    with pytest.raises(ValidationError) as exc, translation.override("en"):  # after a request: English again
        services.decision_record(candidate=candidate, outcome="selected", reason="again", by=hq_staff)
    assert "already a partner" in exc.value.message_dict["partner_override_reason"][0]
    decision = services.decision_record(candidate=candidate, outcome="selected", reason="again", by=hq_staff,
                                        partner_override_reason="A second programme")
    with tenancy.scope(partner):
        initiatives = list(Initiative.objects.filter(municipality=partner))
    assert len(initiatives) == 1 and decision.initiative == initiatives[0] and decision.initiative_existed
    page = client.get(f"/selection/candidates/{candidate.pk}/").content.decode()
    assert "Open its existing initiative (Implementation, stage 7)" in page
    assert "pre-establishment" not in page.lower().split("open its existing initiative")[1][:80]
    # the decision did not open the initiative, so it may change without closing it
    changed = services.decision_record(candidate=candidate, outcome="deferred", reason="later", by=hq_staff)
    assert changed.initiative is None and not changed.initiative_existed


def test_the_rounds_stage_follows_its_work(hq_staff):
    round = services.round_create(name="R", by=hq_staff)
    services.candidates_from_filter(round=round, criteria={"se_max": 10}, by=hq_staff)
    round.refresh_from_db()
    assert round.stage == RoundStage.FILES
    candidate = _focus(round, factories.MunicipalityFactory(), hq_staff)
    services.call_update(round=round, by=hq_staff, call_sent_on=dt.date(2026, 3, 1))
    round.refresh_from_db()
    assert round.stage == RoundStage.CALL
    services.readiness_record(candidate=candidate, assessor=hq_staff, scores={"urgency": (4, "")}, by=hq_staff)
    round.refresh_from_db()
    assert round.stage == RoundStage.READINESS
    weights = {c.pk: (c.axis, c.weight) for c in round.criteria.all()}
    services.rubric_update(round=round, weights=weights, by=hq_staff)
    round.refresh_from_db()
    assert round.stage == RoundStage.COMPARISON
    services.decision_record(candidate=Candidate.objects.get(pk=candidate.pk), outcome="rejected", reason="no",
                             by=hq_staff)
    round.refresh_from_db()
    assert round.stage == RoundStage.DECISION


def test_a_call_answer_dated_before_the_call_is_refused(hq_staff):
    round = services.round_create(name="R", by=hq_staff)
    candidate = _focus(round, factories.MunicipalityFactory(), hq_staff)
    services.call_update(round=round, by=hq_staff, call_sent_on=dt.date(2026, 3, 1))
    candidate = Candidate.objects.get(pk=candidate.pk)
    with pytest.raises(ValidationError) as exc:
        services.candidate_update(candidate=candidate, by=hq_staff, call_answered=True,
                                  call_answered_on=dt.date(2026, 2, 20))
    assert "before the call was sent" in exc.value.message_dict["call_answered_on"][0]


def test_strength_fields_take_1_to_5_only(hq_staff):
    round = services.round_create(name="R", by=hq_staff)
    candidate = _focus(round, factories.MunicipalityFactory(), hq_staff)
    form = forms.LocalityFileForm(data={"file-recommendation_strength": "0", "file-opportunity_strength": "6"},
                                  instance=candidate)
    assert not form.is_valid()
    assert {"recommendation_strength", "opportunity_strength"} <= set(form.errors)
    assert 'min="1"' in str(form["recommendation_strength"]) and 'max="5"' in str(form["recommendation_strength"])
    with pytest.raises(ValidationError) as exc:
        services.candidate_update(candidate=candidate, by=hq_staff, recommendation_strength=0)
    assert "from 1 (weak) to 5 (strong)" in exc.value.message_dict["recommendation_strength"][0]
