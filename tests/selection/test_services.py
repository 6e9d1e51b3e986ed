"""Bad weights and bad scores get clear errors; a decided round is read-only."""
import pytest
from django.core.exceptions import ValidationError

from core import tenancy
from selection import services
from selection.models import CandidateStatus, RubricCriterion
from tests import factories


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation
    with translation.override("en"):
        yield


@pytest.fixture
def round_with_focus(db, hq_staff):
    round = services.round_create(name="Round", by=hq_staff)
    town = factories.MunicipalityFactory()
    candidate = services.candidate_add(round=round, municipality=town, reason="Partner request", by=hq_staff)
    services.candidate_set_status(candidate=candidate, status=CandidateStatus.FOCUS, by=hq_staff)
    return round, candidate


def _weights(round, **changes):
    return {c.pk: changes.get(c.input, (c.axis, c.weight)) for c in RubricCriterion.objects.filter(round=round)}


def test_bad_weights(round_with_focus, hq_staff):
    round, _ = round_with_focus
    with pytest.raises(ValidationError) as exc:
        services.rubric_update(round=round, weights=_weights(round, urgency=("chance", -1)), by=hq_staff)
    assert "Urgency for action" in exc.value.messages[0]
    with pytest.raises(ValidationError, match="weight above 0"):
        zero_risk = {c.pk: (c.axis, 0 if c.axis == "risk" else c.weight)
                     for c in RubricCriterion.objects.filter(round=round)}
        services.rubric_update(round=round, weights=zero_risk, by=hq_staff)
    with pytest.raises(ValidationError):
        services.rubric_update(round=round, weights=_weights(round, urgency=("sideways", 1)), by=hq_staff)
    assert RubricCriterion.objects.get(round=round, input="urgency").weight == 2  # nothing saved


def test_bad_scores(round_with_focus, hq_staff):
    round, candidate = round_with_focus
    with pytest.raises(ValidationError) as exc:
        services.readiness_record(candidate=candidate, assessor=hq_staff, by=hq_staff,
                                  scores={"urgency": (6, ""), "stability": (3, "ok")})
    assert "urgency" in exc.value.message_dict
    assert not candidate.readiness_scores.exists()  # atomic
    with pytest.raises(ValidationError):
        services.candidate_update(candidate=candidate, recommendation_strength=0, by=hq_staff)


def test_scores_are_per_assessor_and_can_be_cleared(round_with_focus, hq_staff, hq_admin):
    _, candidate = round_with_focus
    services.readiness_record(candidate=candidate, assessor=hq_staff, scores={"urgency": (4, "")}, by=hq_staff)
    services.readiness_record(candidate=candidate, assessor=hq_admin, scores={"urgency": (2, "")}, by=hq_admin)
    assert candidate.readiness_scores.count() == 2
    services.readiness_record(candidate=candidate, assessor=hq_staff, scores={"urgency": (None, "")}, by=hq_staff)
    assert list(candidate.readiness_scores.values_list("score", flat=True)) == [2]


def test_decision_needs_reason_and_decided_round_is_read_only(round_with_focus, hq_staff):
    round, candidate = round_with_focus
    with pytest.raises(ValidationError) as exc:
        services.decision_record(candidate=candidate, outcome="rejected", reason="  ", by=hq_staff)
    assert "reason" in exc.value.message_dict
    services.decision_record(candidate=candidate, outcome="selected", reason="Strong leadership", by=hq_staff,
                             checks_override_reason="checks are not the point of this test")
    services.decision_record(candidate=candidate, outcome="selected", reason="Confirmed again", by=hq_staff,
                             checks_override_reason="checks are not the point of this test")
    with tenancy.scope_all():
        from municipalities.models import Initiative
        assert Initiative.objects.filter(municipality=candidate.municipality).count() == 1  # reused
    services.round_decide(round=round, by=hq_staff)
    for call in (lambda: services.round_update(round=round, name="x", by=hq_staff),
                 lambda: services.candidate_update(candidate=candidate, big_moves="x", by=hq_staff),
                 lambda: services.rubric_update(round=round, weights=_weights(round), by=hq_staff)):
        with pytest.raises(ValidationError, match="read-only"):
            call()


def test_round_cannot_close_with_undecided_candidates(round_with_focus, hq_staff):
    round, candidate = round_with_focus
    with pytest.raises(ValidationError, match="Decide every candidate"):
        services.round_decide(round=round, by=hq_staff)


def test_duplicate_candidate(round_with_focus, hq_staff):
    round, candidate = round_with_focus
    with pytest.raises(ValidationError):
        services.candidate_add(round=round, municipality=candidate.municipality, reason="again", by=hq_staff)
