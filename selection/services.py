"""Writes for locality selection: `<entity>_<action>(*, ..., by)`, atomic, validated, attributed.
A decided round is read-only: every write checks it first."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import tenancy
from core.services import delete_guarded, model_save, set_fields
from municipalities import selectors as municipality_selectors
from municipalities import services as municipality_services
from municipalities.models import Initiative, InitiativeStatus
from selection import selectors
from selection.models import (
    DEFAULT_RUBRIC,
    Axis,
    Candidate,
    CandidateOrigin,
    CandidateStatus,
    Decision,
    InterviewComment,
    Outcome,
    ReadinessCriterion,
    ReadinessScore,
    RoundStage,
    RoundStatus,
    RubricCriterion,
    SelectionRound,
)


def _check_open(round: SelectionRound):
    if round.is_decided:
        raise ValidationError(_("This round was decided and is read-only."))


def _advance(round: SelectionRound, stage: str, *, by):
    """The round's stage follows its work (B → C when the call goes out or is answered, D when
    readiness is scored, E when the rubric is set, F when a decision is recorded); never backwards."""
    if not round.is_decided and stage > round.stage:
        round.stage = stage
        model_save(round, by=by, reason=_("Stage: %(stage)s") % {"stage": RoundStage(stage).label},
                   update_fields=["stage"], check_version=False)  # a consequence of the work, not an edit


def partner_since(municipality):
    """The start date of the authority's active initiative (None if it has no date), or False when it
    is not an existing partner."""
    partners = municipality_selectors.active_partners()
    return partners.get(municipality.pk, None) if municipality.pk in partners else False


@transaction.atomic
def round_create(*, name: str, description: str = "", by, **fields) -> SelectionRound:
    """A new round with the default rubric; `fields` set the rest of it (stage, call...)."""
    round = model_save(set_fields(SelectionRound(name=name, description=description, created_by=by), fields),
                       by=by)
    for order, (code, axis, weight) in enumerate(DEFAULT_RUBRIC):
        model_save(RubricCriterion(round=round, input=code, axis=axis, weight=weight, order=order), by=by)
    return round


@transaction.atomic
def round_update(*, round: SelectionRound, by, **fields) -> SelectionRound:
    _check_open(round)
    for key, value in fields.items():
        setattr(round, key, value)
    return model_save(round, by=by)


@transaction.atomic
def round_save_filter(*, round: SelectionRound, criteria: dict, by) -> SelectionRound:
    _check_open(round)
    round.filter_criteria = criteria
    return model_save(round, by=by, reason=_("Stage A criteria saved"))


@transaction.atomic
def candidates_from_filter(*, round: SelectionRound, criteria: dict, by) -> int:
    """Save the criteria and move every authority they match onto the candidate list (those already
    on it stay as they are)."""
    round_save_filter(round=round, criteria=criteria, by=by)
    present = set(round.candidates.values_list("municipality_id", flat=True))
    added = 0
    for municipality in selectors.authority_filter(criteria):
        if municipality.pk in present:
            continue
        model_save(Candidate(round=round, municipality=municipality, origin=CandidateOrigin.FILTER, added_by=by),
              by=by, reason=_("From the stage A filter"))
        added += 1
    if round.stage == RoundStage.FILTER:
        round.stage = RoundStage.FILES
        model_save(round, by=by, reason=_("Filter result moved to the candidate list"))
    return added


@transaction.atomic
def candidate_add(*, round: SelectionRound, municipality, reason: str, by) -> Candidate:
    _check_open(round)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the authority is added by hand.")})
    existing = round.candidates.filter(municipality=municipality).first()
    if existing is not None:
        if existing.status != CandidateStatus.DROPPED:
            raise ValidationError({"municipality": _("This authority is already a candidate in the round.")})
        return candidate_set_status(candidate=existing, status=CandidateStatus.LONG_LIST, reason=reason, by=by)
    return model_save(Candidate(round=round, municipality=municipality, origin=CandidateOrigin.MANUAL,
                           status_reason=reason.strip(), added_by=by), by=by, reason=_("Added by hand"))


@transaction.atomic
def candidate_set_status(*, candidate: Candidate, status: str, reason: str = "", by) -> Candidate:
    """Move between the long list, the focus list and dropped. Dropping needs a reason."""
    _check_open(candidate.round)
    if status not in CandidateStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status == CandidateStatus.DROPPED and not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the candidate is dropped.")})
    if hasattr(candidate, "decision") and status != CandidateStatus.FOCUS:
        raise ValidationError(_("A decided candidate stays on the focus list."))
    candidate.status = status
    if reason.strip():
        candidate.status_reason = reason.strip()
    return model_save(candidate, by=by, reason=str(CandidateStatus(status).label))


@transaction.atomic
def candidate_update(*, candidate: Candidate, by, **fields) -> Candidate:
    """Locality file (B), answer to the call (C) or the must-confirm checks (E)."""
    _check_open(candidate.round)
    for key, value in fields.items():
        setattr(candidate, key, value)
    model_save(candidate, by=by)
    if fields.get("call_answered"):
        _advance(candidate.round, RoundStage.CALL, by=by)
    return candidate


@transaction.atomic
def candidate_change(*, candidate: Candidate, by, status: str | None = None, status_reason: str = "",
                     **fields) -> Candidate:
    """The API's one update of a candidacy: a change of status (with its reason) as on the lists'
    buttons, then the locality file, answer or checks."""
    fields.pop("round", None)
    municipality = fields.pop("municipality", None)
    if municipality is not None and municipality.pk != candidate.municipality_id:
        raise ValidationError({"municipality": _("A candidacy cannot change its authority.")})
    if status and status != candidate.status:
        candidate_set_status(candidate=candidate, status=status, reason=status_reason, by=by)
    elif status_reason:
        fields["status_reason"] = status_reason
    if fields:
        candidate_update(candidate=candidate, by=by, **fields)
    return candidate


@transaction.atomic
def readiness_score_save(*, score: ReadinessScore, by) -> ReadinessScore:
    """One readiness score (the API): only its assessor changes it, on the same rules as the form."""
    if score.pk and score.assessor_id != by.pk:
        raise PermissionDenied(_("Only the assessor may change their score."))
    if score.pk:
        before = ReadinessScore.objects.get(pk=score.pk)
        if (before.candidate_id, before.criterion) != (score.candidate_id, score.criterion):
            raise ValidationError(_("A score cannot move to another candidate or criterion."))
    saved = readiness_record(candidate=score.candidate, assessor=by, by=by,
                             scores={score.criterion: (score.score, score.evidence)})
    return saved[0]


@transaction.atomic
def criterion_update(*, criterion: RubricCriterion, by, axis=None, weight=None) -> RubricCriterion:
    """Change one criterion's axis or weight, validated as a whole rubric."""
    weights = {c.pk: (c.axis, c.weight) for c in RubricCriterion.objects.filter(round=criterion.round)}
    weights[criterion.pk] = (criterion.axis if axis is None else axis,
                             criterion.weight if weight is None else weight)
    rubric_update(round=criterion.round, weights=weights, by=by)
    criterion.refresh_from_db()
    return criterion


@transaction.atomic
def comment_add(*, candidate: Candidate, by, **fields) -> InterviewComment:
    _check_open(candidate.round)
    return model_save(InterviewComment(candidate=candidate, created_by=by, **fields), by=by)


@transaction.atomic
def call_update(*, round: SelectionRound, by, **fields) -> SelectionRound:
    round = round_update(round=round, by=by, **fields)
    if round.call_sent_on:
        _advance(round, RoundStage.CALL, by=by)
    return round


@transaction.atomic
def readiness_record(*, candidate: Candidate, assessor, scores: dict, by) -> list[ReadinessScore]:
    """One assessor's readiness scores: {criterion: (score or None, evidence)}. An empty score
    removes that assessor's earlier score of the criterion."""
    _check_open(candidate.round)
    if candidate.status != CandidateStatus.FOCUS:
        raise ValidationError(_("Readiness is assessed for candidates on the focus list."))
    saved = []
    errors = {}
    for criterion, (value, evidence) in scores.items():
        if criterion not in ReadinessCriterion.values:
            errors[criterion] = _("Unknown criterion.")
            continue
        current = ReadinessScore.objects.filter(candidate=candidate, assessor=assessor,
                                                criterion=criterion).first()
        if value is None:
            if current is not None:
                delete_guarded(current, by=by)
            continue
        score = current or ReadinessScore(candidate=candidate, assessor=assessor, criterion=criterion)
        score.score, score.evidence = value, evidence or ""
        try:
            saved.append(model_save(score, by=by))
        except ValidationError as exc:
            errors[criterion] = exc.messages
    if errors:
        raise ValidationError(errors)
    if saved:
        _advance(candidate.round, RoundStage.READINESS, by=by)
    return saved


@transaction.atomic
def rubric_update(*, round: SelectionRound, weights: dict, by) -> list[RubricCriterion]:
    """weights: {criterion pk: (axis, weight)}. Each axis needs at least one criterion with a
    positive weight, else chance or risk cannot be computed."""
    _check_open(round)
    criteria = {c.pk: c for c in RubricCriterion.objects.filter(round=round)}
    errors = {}
    for pk, (axis, weight) in weights.items():
        criterion = criteria.get(pk)
        if criterion is None:
            raise ValidationError(_("A criterion of another round was sent."))
        criterion.axis, criterion.weight = axis, weight
        try:
            criterion.full_clean(exclude=["round"])
        except ValidationError as exc:
            errors[criterion.get_input_display()] = exc.messages
    if errors:
        raise ValidationError([f"{name}: {' '.join(msgs)}" for name, msgs in errors.items()])
    for axis, label in Axis.choices:
        if not any(c.axis == axis and c.weight > 0 for c in criteria.values()):
            raise ValidationError(_("Give at least one criterion on the %(axis)s axis a weight above 0.")
                                  % {"axis": label})
    for criterion in criteria.values():
        model_save(criterion, by=by, reason=_("Rubric weights changed"))
    _advance(round, RoundStage.COMPARISON, by=by)
    return list(criteria.values())


@transaction.atomic
def decision_record(*, candidate: Candidate, outcome: str, reason: str, by, checks_override_reason: str = "",
                    partner_override_reason: str = "") -> Decision:
    """F: selected / rejected / deferred. Selecting needs the six must-confirm checks, or a recorded
    reason to select without them; selecting an existing partner (an authority with an active
    initiative) needs a recorded reason too, and links the decision to that initiative instead of
    opening a second one. Otherwise selecting opens the authority's initiative in the
    pre-establishment phase, so stage 2 starts from here."""
    _check_open(candidate.round)
    if candidate.status != CandidateStatus.FOCUS:
        raise ValidationError(_("Only candidates on the focus list are decided."))
    checks_override_reason = (checks_override_reason or "").strip()
    partner_override_reason = (partner_override_reason or "").strip()
    decision = Decision.objects.filter(candidate=candidate).first() or Decision(candidate=candidate)
    if decision.pk and decision.outcome == Outcome.SELECTED and outcome != Outcome.SELECTED \
            and decision.initiative_id:
        with tenancy.scope(candidate.municipality):
            initiative = Initiative.objects.filter(pk=decision.initiative_id).first()
        if not decision.initiative_existed and initiative is not None \
                and initiative.status == InitiativeStatus.ACTIVE:
            raise ValidationError({"outcome": _(
                "Selecting %(name)s opened its initiative, which is still active. Close the initiative "
                "(completed or paused) before changing the decision.") % {"name": candidate.municipality}})
        decision.initiative, decision.initiative_existed = None, False
    existing_partner = False
    if outcome == Outcome.SELECTED:
        errors = {}
        confirmed = candidate.checks_confirmed
        if confirmed < len(Candidate.CHECK_FIELDS) and not checks_override_reason:
            errors["checks_override_reason"] = _(
                "%(n)s of the 6 must-confirm checks are confirmed: confirm them all, or say why %(name)s is "
                "selected without them.") % {"n": confirmed, "name": candidate.municipality}
        already = decision.pk and decision.outcome == Outcome.SELECTED and not decision.initiative_existed
        existing_partner = partner_since(candidate.municipality) is not False and not already
        if existing_partner and not partner_override_reason:
            errors["partner_override_reason"] = _(
                "%(name)s is already a partner with an active initiative: say why it is selected again "
                "(its existing initiative is kept; no second one is opened).") % {"name": candidate.municipality}
        if errors:
            raise ValidationError(errors)
    decision.outcome, decision.reason = outcome, (reason or "").strip()
    decision.checks_override_reason = checks_override_reason if outcome == Outcome.SELECTED else ""
    decision.partner_override_reason = partner_override_reason if existing_partner else ""
    decision.decided_by, decision.decided_at = by, timezone.now()
    if outcome == Outcome.SELECTED and not decision.initiative_id:
        decision.full_clean(exclude=["initiative"])
        with tenancy.scope(candidate.municipality):
            decision.initiative = municipality_services.initiative_open(
                municipality=candidate.municipality, by=by, start_date=timezone.localdate())
        decision.initiative_existed = existing_partner
    model_save(decision, by=by)
    _advance(candidate.round, RoundStage.DECISION, by=by)
    return decision


@transaction.atomic
def round_decide(*, round: SelectionRound, by) -> SelectionRound:
    """Close the round: every focus candidate needs a decision. Afterwards it is read-only."""
    _check_open(round)
    focus = list(round.candidates.filter(status=CandidateStatus.FOCUS).select_related("municipality"))
    if not focus:
        raise ValidationError(_("The focus list is empty: there is nothing to decide."))
    undecided = [str(c.municipality) for c in focus if not Decision.objects.filter(candidate=c).exists()]
    if undecided:
        raise ValidationError(_("Decide every candidate on the focus list first: %(names)s.")
                              % {"names": ", ".join(undecided)})
    round.comparison_snapshot = selectors.comparison_snapshot(round=round)
    round.status, round.stage = RoundStatus.DECIDED, RoundStage.DECISION
    round.decided_by, round.decided_at = by, timezone.now()
    return model_save(round, by=by, reason=_("Round decided"))
