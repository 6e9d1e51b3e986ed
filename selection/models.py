"""Stage 1, locality selection (ROADMAP.md §1): rounds that walk the guide's stages A-F.

These records are HQ's working material about candidate authorities, not the authorities' own data,
so they are platform-wide models (not TenantModel): they must never appear in a municipality's
change log or API. Every model keeps its history (simple_history)."""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

SCORE_VALIDATORS = [MinValueValidator(1, message=_("Enter a score from 1 (weak) to 5 (strong).")),
                    MaxValueValidator(5, message=_("Enter a score from 1 (weak) to 5 (strong)."))]

# HQ's selection records are platform-wide on purpose (see the module docstring).
PLATFORM_MODELS = ["SelectionRound", "Candidate", "InterviewComment", "ReadinessScore", "RubricCriterion",
                   "Decision"]


class RoundStage(models.TextChoices):
    FILTER = "a", _("A · Initial filter")
    FILES = "b", _("B · Locality files")
    CALL = "c", _("C · Call for proposals")
    READINESS = "d", _("D · Readiness assessment")
    COMPARISON = "e", _("E · Comparison")
    DECISION = "f", _("F · Decision")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DECIDED = "decided", pgettext_lazy("selection round", "Decided")


class SelectionRound(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    stage = models.CharField(_("current stage"), max_length=1, choices=RoundStage.choices,
                             default=RoundStage.FILTER)
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices,
                              default=RoundStatus.OPEN)
    filter_criteria = models.JSONField(_("stage A criteria"), default=dict, blank=True)
    call_sent_on = models.DateField(_("call sent on"), null=True, blank=True)
    call_deadline = models.DateField(_("answer deadline"), null=True, blank=True)
    call_text = models.TextField(_("call for proposals: what it asks"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("opened by"))
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comparison_snapshot = models.JSONField(
        _("comparison inputs when decided"), default=dict, blank=True, editable=False,
        help_text=_("The rubric inputs of every focus candidate as they were when the round was decided, "
                    "so a later registry refresh does not change a decided ranking."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("selection round")
        verbose_name_plural = _("selection rounds")

    def __str__(self):
        return self.name

    @property
    def is_decided(self) -> bool:
        return self.status == RoundStatus.DECIDED

    def clean(self):
        if self.call_sent_on and self.call_deadline and self.call_deadline < self.call_sent_on:
            raise ValidationError({"call_deadline": _("The deadline cannot be before the call was sent.")})
        name = (self.name or "").strip()
        if name and SelectionRound.objects.filter(name__iexact=name).exclude(pk=self.pk).exists():
            raise ValidationError({"name": _("A round with this name already exists.")})


class CandidateStatus(models.TextChoices):
    LONG_LIST = "candidate", _("Candidate")
    FOCUS = "focus", _("Focus list")
    DROPPED = "dropped", _("Dropped")


class CandidateOrigin(models.TextChoices):
    FILTER = "filter", _("Stage A filter")
    MANUAL = "manual", _("Added by hand")


class Candidate(models.Model):
    """An authority in a round, with its locality file (B), its answer to the call (C) and the six
    checks the guide says must be confirmed (E)."""

    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="candidates",
                              verbose_name=_("round"))
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("authority"))
    status = models.CharField(_("status"), max_length=10, choices=CandidateStatus.choices,
                              default=CandidateStatus.LONG_LIST)
    origin = models.CharField(_("how it entered"), max_length=10, choices=CandidateOrigin.choices,
                              default=CandidateOrigin.FILTER)
    status_reason = models.TextField(_("reason"), blank=True,
                                     help_text=_("Why it was added, focused or dropped by hand."))
    # B: locality file
    other_investments = models.TextField(_("other locality-focused investments"), blank=True)
    big_moves = models.TextField(_("big moves by ministries, philanthropy or civil society"), blank=True)
    external_trends = models.TextField(_("external trends"), blank=True)
    recommendation_strength = models.PositiveSmallIntegerField(
        _("strength of the recommendation"), null=True, blank=True, validators=SCORE_VALIDATORS,
        help_text=_("1 (weak) to 5 (strong): the lead partners' opinion."))
    opportunity_strength = models.PositiveSmallIntegerField(
        _("strength of the opportunities"), null=True, blank=True, validators=SCORE_VALIDATORS,
        help_text=_("1 (weak) to 5 (strong)."))
    # C: answer to the call for proposals
    call_answered = models.BooleanField(_("answered the call"), default=False)
    call_answered_on = models.DateField(_("answered on"), null=True, blank=True)
    capability_answer = models.TextField(_("answer on capability"), blank=True)
    motivation_answer = models.TextField(_("answer on motivation"), blank=True)
    # E: the guide's "must confirm" checks
    confirm_need = models.BooleanField(_("need and potential"), default=False)
    confirm_opportunities = models.BooleanField(_("opportunities"), default=False)
    confirm_will = models.BooleanField(_("will, readiness and strategic capability"), default=False)
    confirm_leadership = models.BooleanField(_("leadership"), default=False)
    confirm_resources = models.BooleanField(_("resources (internal and external)"), default=False)
    confirm_partners = models.BooleanField(_("the foundation and partners are interested"), default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("added by"))
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    CHECK_FIELDS = ["confirm_need", "confirm_opportunities", "confirm_will", "confirm_leadership",
                    "confirm_resources", "confirm_partners"]

    class Meta:
        ordering = ["municipality__name_he"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(fields=["round", "municipality"], name="one_candidacy_per_round",
                                    violation_error_message=_("This authority is already a candidate in "
                                                              "the round.")),
        ]

    def __str__(self):
        return f"{self.municipality} · {self.round}"

    @property
    def checks(self):
        return [(self._meta.get_field(f).verbose_name, getattr(self, f)) for f in self.CHECK_FIELDS]

    @property
    def checks_confirmed(self) -> int:
        return sum(1 for f in self.CHECK_FIELDS if getattr(self, f))

    def clean(self):
        if self.call_answered_on and not self.call_answered:
            raise ValidationError({"call_answered_on": _("An answer date needs “answered the call” ticked.")})
        sent = self.round.call_sent_on if self.round_id else None
        if self.call_answered_on and sent and self.call_answered_on < sent:
            raise ValidationError({"call_answered_on": _(
                "The answer is dated before the call was sent (%(sent)s): check the date.") % {
                "sent": sent.strftime("%d/%m/%Y")}})
        if self.municipality_id and self.municipality.kind == "cluster":
            raise ValidationError({"municipality": _("Choose an authority from the registry, not a cluster.")})


class InterviewComment(models.Model):
    """What an interviewee said about a candidate (B)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="comments",
                                  verbose_name=_("candidate"))
    interviewee = models.CharField(_("interviewee"), max_length=150)
    interviewee_role = models.CharField(_("role"), max_length=150, blank=True)
    interview_date = models.DateField(_("date"))
    text = models.TextField(_("comment"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-interview_date", "-pk"]
        verbose_name = _("interviewee comment")
        verbose_name_plural = _("interviewee comments")

    def __str__(self):
        return f"{self.interviewee} ({self.interview_date})"

    def clean(self):
        if self.interview_date and self.interview_date > timezone.localdate():
            raise ValidationError({"interview_date": _("The interview date cannot be in the future.")})


class ReadinessCriterion(models.TextChoices):
    """Readiness assessment from interviews (D)."""

    FORMAL_LEADERSHIP = "formal_leadership", _("Formal leadership")
    INFORMAL_LEADERSHIP = "informal_leadership", _("Informal community leadership")
    COOPERATION = "cooperation", _("Cooperation between communities and the authority")
    URGENCY = "urgency", _("Urgency for action")
    RESOURCES = "resources", _("Available resources")
    STABILITY = "stability", _("Leadership stability")


class ReadinessScore(models.Model):
    """One assessor's score (1-5) of one readiness criterion for one candidate, with evidence."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="readiness_scores",
                                  verbose_name=_("candidate"))
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("assessor"))
    criterion = models.CharField(_("criterion"), max_length=24, choices=ReadinessCriterion.choices)
    score = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS,
                                             help_text=_("1 (weak) to 5 (strong)."))
    evidence = models.TextField(_("evidence"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["candidate", "criterion", "assessor__username"]
        verbose_name = _("readiness score")
        verbose_name_plural = _("readiness scores")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "assessor", "criterion"],
                                    name="one_score_per_assessor_criterion",
                                    violation_error_message=_("This assessor already scored this criterion.")),
        ]

    def __str__(self):
        return f"{self.candidate} · {self.get_criterion_display()} · {self.score}"


class Axis(models.TextChoices):
    CHANCE = "chance", _("Chance")
    RISK = "risk", _("Risk")


class RubricInput(models.TextChoices):
    """What a rubric criterion reads, each turned into 0-1 where 1 is favourable."""

    NEED_SOCIOECONOMIC = "need_socioeconomic", _("Need: socio-economic cluster (lower = more need)")
    NEED_PERIPHERALITY = "need_peripherality", _("Need: peripherality (more peripheral = more need)")
    RECOMMENDATION = "recommendation", _("Strength of the recommendation")
    OPPORTUNITIES = "opportunities", _("Strength of the opportunities")
    CALL_ANSWERED = "call_answered", _("Answered the call for proposals")
    FORMAL_LEADERSHIP = "formal_leadership", ReadinessCriterion.FORMAL_LEADERSHIP.label
    INFORMAL_LEADERSHIP = "informal_leadership", ReadinessCriterion.INFORMAL_LEADERSHIP.label
    COOPERATION = "cooperation", ReadinessCriterion.COOPERATION.label
    URGENCY = "urgency", ReadinessCriterion.URGENCY.label
    RESOURCES = "resources", ReadinessCriterion.RESOURCES.label
    STABILITY = "stability", ReadinessCriterion.STABILITY.label


# The guide's defaults (ROADMAP.md §1): need, opportunities and motivation make the chance; weak
# leadership, cooperation, stability and resources make the risk. HQ edits them per round.
DEFAULT_RUBRIC = [
    (RubricInput.NEED_SOCIOECONOMIC, Axis.CHANCE, Decimal("3")),
    (RubricInput.NEED_PERIPHERALITY, Axis.CHANCE, Decimal("1")),
    (RubricInput.RECOMMENDATION, Axis.CHANCE, Decimal("2")),
    (RubricInput.OPPORTUNITIES, Axis.CHANCE, Decimal("2")),
    (RubricInput.CALL_ANSWERED, Axis.CHANCE, Decimal("1")),
    (RubricInput.URGENCY, Axis.CHANCE, Decimal("2")),
    (RubricInput.FORMAL_LEADERSHIP, Axis.RISK, Decimal("2")),
    (RubricInput.INFORMAL_LEADERSHIP, Axis.RISK, Decimal("1")),
    (RubricInput.COOPERATION, Axis.RISK, Decimal("1")),
    (RubricInput.STABILITY, Axis.RISK, Decimal("2")),
    (RubricInput.RESOURCES, Axis.RISK, Decimal("2")),
]


class RubricCriterion(models.Model):
    """One weighted criterion of a round's comparison rubric (E). On the chance axis a favourable
    value raises the chance; on the risk axis an unfavourable value raises the risk."""

    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="criteria",
                              verbose_name=_("round"))
    input = models.CharField(_("criterion"), max_length=24, choices=RubricInput.choices)
    axis = models.CharField(_("axis"), max_length=8, choices=Axis.choices)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
                                 help_text=_("0 to 100; 0 leaves the criterion out."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        constraints = [
            models.UniqueConstraint(fields=["round", "input"], name="one_rubric_row_per_input",
                                    violation_error_message=_("This criterion is already in the rubric.")),
        ]

    def __str__(self):
        return f"{self.get_input_display()} ({self.get_axis_display()} × {self.weight})"


class Outcome(models.TextChoices):
    SELECTED = "selected", _("Selected")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred")


class Decision(models.Model):
    """The initiative management's decision on a candidate (F). Selecting opens the initiative."""

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="decision",
                                     verbose_name=_("candidate"))
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    reason = models.TextField(_("reasons"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"))
    initiative = models.ForeignKey("municipalities.Initiative", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("initiative opened"))
    initiative_existed = models.BooleanField(
        _("joined an existing initiative"), default=False,
        help_text=_("The authority was already an active partner when it was selected: the decision links to its "
                    "initiative and opened none."))
    checks_override_reason = models.TextField(
        _("why selected without all six checks"), blank=True,
        help_text=_("Needed to select a candidate when fewer than the six must-confirm checks are confirmed."))
    partner_override_reason = models.TextField(
        _("why select an existing partner"), blank=True,
        help_text=_("Needed to select an authority that already has an active initiative."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["candidate__municipality__name_he"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.candidate.municipality} · {self.get_outcome_display()}"

    def clean(self):
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("Give the reasons for the decision.")})
