"""Stage 2 (building agreements: the MOU) and stage 3 (the local director), ROADMAP.md.

- `MouTemplate`: the platform-wide starting text of an MOU, one per language, edited by HQ.
- `Agreement`: the agreement process and MOU of one initiative (one per initiative).
- `AgreementStep`: the process steps (introduction meeting, partnership discussion, signing, launch).
- `AgreementVersion`: every saved draft is an immutable version (sections + budget appendix snapshot);
  amendments after signing are versions too (`amendment_number` > 0).
- `BudgetLine`: the live budget appendix of the draft; each change is captured in a new version.
- `Signatory` / `Signature`: who must sign, and who signed which version (bound to the signing user).
- `LocalDirectorProfile`: the local director's role profile (stage 3).
"""
import hashlib
import json
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.reference import Sector
from core.tenancy import TenantModel

MONEY = {"max_digits": 14, "decimal_places": 2}

# Platform-wide on purpose (the foundation's starting text, not a municipality's data).
PLATFORM_MODELS = ["MouTemplate"]


EARLIEST_DATE = date(2000, 1, 1)
STEP_FUTURE_DAYS = 365  # a process step may be planned up to a year ahead


def plausible_date(value, *, future_days: int):
    """Refuse dates no real record of the initiative has: before 2000, or more than `future_days` ahead."""
    today = timezone.localdate()
    if value < EARLIEST_DATE:
        raise ValidationError(_("Enter a date from %(d)s on.") % {"d": EARLIEST_DATE.strftime("%d.%m.%Y")},
                              code="too_early")
    if value > today + timedelta(days=future_days):
        raise ValidationError(_("Enter a date no later than %(d)s (a year from today).")
                              % {"d": (today + timedelta(days=future_days)).strftime("%d.%m.%Y")},
                              code="too_late")


class Language(models.TextChoices):
    HEBREW = "he", _("Hebrew")
    ENGLISH = "en", _("English")


class MouTemplate(models.Model):
    """The starting text of a new MOU (platform-wide, one per language; HQ edits it)."""

    language = models.CharField(_("language"), max_length=5, choices=Language.choices, unique=True)
    title = models.CharField(_("title"), max_length=200)
    sections = models.JSONField(_("sections"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("MOU template")
        verbose_name_plural = _("MOU templates")

    def __str__(self):
        return f"{self.title} ({self.get_language_display()})"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNING = "signing", _("Awaiting signatures")
    SIGNED = "signed", _("Signed")


class Agreement(TenantModel):
    """The agreement process and the MOU of one initiative."""

    initiative = models.OneToOneField("municipalities.Initiative", on_delete=models.PROTECT,
                                      related_name="agreement", verbose_name=_("initiative"))
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("document language"), max_length=5, choices=Language.choices,
                                default=Language.HEBREW)
    status = models.CharField(_("status"), max_length=10, choices=AgreementStatus.choices,
                              default=AgreementStatus.DRAFT)
    amendment_count = models.PositiveSmallIntegerField(_("amendments"), default=0)
    signed_version = models.ForeignKey("AgreementVersion", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("version in force"))
    submitted_at = models.DateTimeField(_("sent for signature"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self):
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.status == AgreementStatus.SIGNED

    @property
    def is_amending(self) -> bool:
        return self.amendment_count > 0 and self.status != AgreementStatus.SIGNED


class StepKind(models.TextChoices):
    INTRODUCTION = "introduction", _("Introduction meeting and learning the strategy")
    PARTNERSHIP = "partnership", _("Discussion and agreement on a substantive partnership")
    SIGNING = "signing", _("Signing the memorandum of understanding")
    LAUNCH = "launch", _("Official launch")


class AgreementStep(TenantModel):
    """One step of the agreement process, with its date, participants and notes."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="steps",
                                  verbose_name=_("agreement"))
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    date = models.DateField(_("date"))
    participants = models.TextField(_("participants"), blank=True,
                                    help_text=_("Who took part: names and roles, one per line."))
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("agreement process step")
        verbose_name_plural = _("agreement process steps")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.date:%d.%m.%Y}"

    def clean(self):
        errors = {}
        if self.date:
            try:
                plausible_date(self.date, future_days=STEP_FUTURE_DAYS)
            except ValidationError as exc:
                errors["date"] = exc.messages
        if self.kind == StepKind.SIGNING and self.agreement_id and not (
                self.agreement.signed_version_id
                or Signature.objects.filter(version__agreement_id=self.agreement_id).exists()):
            errors["kind"] = [_("The signing can be recorded once the MOU has been signed in the application "
                                "(at least one signature).")]
        if errors:
            raise ValidationError(errors)


class AgreementVersion(TenantModel):
    """An immutable saved draft of the MOU: its sections and its budget appendix at that moment."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions",
                                  verbose_name=_("agreement"))
    number = models.PositiveIntegerField(_("version"))
    amendment_number = models.PositiveSmallIntegerField(
        _("amendment"), default=0, help_text=_("0 for the original MOU, 1, 2, ... for amendments."))
    title = models.CharField(_("title"), max_length=200)
    sections = models.JSONField(_("sections"), default=dict, blank=True)
    budget = models.JSONField(_("budget appendix"), default=list, blank=True)
    content_hash = models.CharField(_("content fingerprint"), max_length=64, editable=False)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("saved by"))
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    signed_at = models.DateTimeField(_("fully signed"), null=True, blank=True)

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("MOU version")
        verbose_name_plural = _("MOU versions")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "agreement", "number"],
                                    name="mou_version_number_unique"),
        ]

    def __str__(self):
        return f"{self.title} · v{self.number}"

    @staticmethod
    def compute_hash(*, title, sections, budget) -> str:
        payload = json.dumps({"title": title, "sections": sections, "budget": budget}, sort_keys=True,
                             ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    @property
    def is_amendment(self) -> bool:
        return self.amendment_number > 0

    @property
    def label(self):
        if self.amendment_number:
            return _("Amendment %(a)s, version %(n)s") % {"a": self.amendment_number, "n": self.number}
        return _("Version %(n)s") % {"n": self.number}


class BudgetLine(TenantModel):
    """A line of the MOU's budget appendix (in shekels)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="budget_lines",
                                  verbose_name=_("agreement"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000),
                                                                    MaxValueValidator(2100)])
    source_sector = models.CharField(_("source sector"), max_length=20, choices=Sector.choices)
    funder = models.CharField(_("funder"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=300)
    amount = models.DecimalField(_("amount (₪)"), validators=[MinValueValidator(0)], **MONEY)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["year", "source_sector", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self):
        return f"{self.year} · {self.funder} · {self.amount}"

    def snapshot(self) -> dict:
        return {"year": self.year, "source_sector": self.source_sector, "funder": self.funder,
                "purpose": self.purpose, "amount": str(self.amount)}


class Anchor(models.TextChoices):
    """The MOU's anchors: the people who must be party to it (ROADMAP stage 2)."""

    HEAD_OF_AUTHORITY = "head_of_authority", _("Head of authority")
    CEO = "municipal_ceo", _("Municipal CEO")
    TREASURER = "treasurer", _("Treasurer")
    EDUCATION_WELFARE = "education_welfare", _("Head of education / welfare division")
    INITIATIVE_DIRECTOR = "initiative_director", _("Initiative director")
    OTHER = "other", pgettext_lazy("signatory", "Other")


# The anchors that always sign (ROADMAP stage 2: the head of authority and the CEO sign from their own
# accounts): they stay required and cannot be removed.
REQUIRED_ANCHORS = (Anchor.HEAD_OF_AUTHORITY, Anchor.CEO)


class Signatory(TenantModel):
    """A person (from the municipality's directory) who signs the MOU."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories",
                                  verbose_name=_("agreement"))
    person = models.ForeignKey("municipalities.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("person"))
    anchor = models.CharField(_("anchor"), max_length=30, choices=Anchor.choices)
    capacity = models.CharField(_("signs as"), max_length=200, blank=True,
                                help_text=_("Role and body as written under the signature."))
    required = models.BooleanField(_("required"), default=True,
                                   help_text=_("The MOU is signed only when every required signatory "
                                               "has signed."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "agreement", "person"],
                                    name="mou_signatory_once_per_agreement",
                                    violation_error_message=_("This person is already a signatory.")),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_anchor_display()})"


class Signature(TenantModel):
    """A signature on one version, made in the application by the signatory's own user account."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT, related_name="signatures",
                                verbose_name=_("version"))
    signatory = models.ForeignKey(Signatory, on_delete=models.PROTECT, related_name="signatures",
                                  verbose_name=_("signatory"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("signed by"))
    signer_name = models.CharField(_("name"), max_length=150)
    content_hash = models.CharField(_("fingerprint of the text signed"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    class Meta:
        ordering = ["signed_at", "pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "version", "signatory"],
                                    name="mou_one_signature_per_version",
                                    violation_error_message=_("This signatory has already signed this "
                                                              "version.")),
        ]

    def __str__(self):
        return f"{self.signer_name} · {self.signed_at:%d.%m.%Y}"

    def clean(self):
        if self.version_id and self.signatory_id and self.signatory.agreement_id != self.version.agreement_id:
            raise ValidationError({"signatory": _("The signatory belongs to another agreement.")})


class ReportsTo(models.TextChoices):
    CEO = "ceo", _("Municipal CEO")
    DIVISION_HEAD = "division_head", _("Division head")


class RecruitmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    RECRUITING = "recruiting", _("Recruiting")
    SELECTED = "selected", _("Candidate selected")
    ONBOARDING = "onboarding", _("Onboarding")
    IN_POST = "in_post", _("In post")


class Duty(models.TextChoices):
    """The local director's duties (ROADMAP stage 3)."""

    SYSTEMIC_CHANGE = "systemic_change", _("Drive systemic change")
    PROCESSES = "processes", _("Manage processes (goals, outcomes, all stages)")
    IMPLEMENTATION = "implementation", _("Manage the implementation axis (work plan, budget)")
    COMMUNITIES = "communities", _("Manage communities (steering committee, professional teams)")
    PARTNERSHIPS = "partnerships", _("Manage partnerships")
    POLICY = "policy", _("Lead policy in social mobility / STEM")
    RESOURCES = "resources", _("Leverage resources and manage social investments")
    CAPABILITIES = "capabilities", _("Build capabilities in the authority")


class LocalDirectorProfile(TenantModel):
    """The local director's role profile: part of the authority, reporting to a senior official,
    with the agreed date by which the role becomes a permanent post (תקן)."""

    initiative = models.OneToOneField("municipalities.Initiative", on_delete=models.PROTECT,
                                      related_name="director_profile", verbose_name=_("initiative"))
    reports_to = models.CharField(_("reports to"), max_length=20, choices=ReportsTo.choices,
                                  default=ReportsTo.CEO)
    reports_to_person = models.ForeignKey("municipalities.Person", on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+",
                                          verbose_name=_("senior official reported to"))
    recruitment_status = models.CharField(_("recruitment status"), max_length=20,
                                          choices=RecruitmentStatus.choices,
                                          default=RecruitmentStatus.NOT_STARTED)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    permanent_post_due = models.DateField(
        _("permanent post (תקן) agreed by"), null=True, blank=True,
        help_text=_("The date agreed with the authority by which the role becomes a permanent post."))
    permanent_post_achieved_on = models.DateField(_("became a permanent post on"), null=True, blank=True)
    duties = models.JSONField(_("duties in the role profile"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("local director profile")
        verbose_name_plural = _("local director profiles")

    def __str__(self):
        return str(self.initiative)

    def clean(self):
        unknown = set(self.duties or []) - set(Duty.values)
        if unknown:
            raise ValidationError({"duties": _("Unknown duties: %(d)s") % {"d": ", ".join(sorted(unknown))}})
        errors = {}
        start, due, achieved = self.start_date, self.permanent_post_due, self.permanent_post_achieved_on
        for field, value in (("start_date", start), ("permanent_post_due", due)):
            if value and value < EARLIEST_DATE:
                errors[field] = _("Enter a date from %(d)s on.") % {"d": EARLIEST_DATE.strftime("%d.%m.%Y")}
        if start and due and due < start:
            errors["permanent_post_due"] = _("The permanent-post date cannot be before the start date.")
        if achieved:
            if achieved > timezone.localdate():
                errors["permanent_post_achieved_on"] = _("The role cannot have become a permanent post on a "
                                                         "future date. Enter the agreed date under "
                                                         "\"permanent post agreed by\".")
            elif start and achieved < start:
                errors["permanent_post_achieved_on"] = _("The role cannot have become a permanent post before "
                                                         "the local director started.")
        if self.recruitment_status == RecruitmentStatus.IN_POST and not start:
            errors["start_date"] = _("A local director in post has a start date.")
        if self.recruitment_status == RecruitmentStatus.NOT_STARTED and start:
            errors["start_date"] = _("Recruitment has not started, so there is no start date yet. Choose the "
                                     "recruitment status that applies, or clear the start date.")
        if errors:
            raise ValidationError(errors)

    def permanent_post_state(self, *, today=None, warn_days=None):
        """'achieved', 'overdue', 'near' (within warn_days), 'scheduled' or 'unset'."""
        if self.permanent_post_achieved_on:
            return "achieved"
        if not self.permanent_post_due:
            return "unset"
        today = today or timezone.localdate()
        warn_days = warn_days if warn_days is not None else getattr(settings, "MOU_PERMANENT_POST_WARN_DAYS", 90)
        if self.permanent_post_due < today:
            return "overdue"
        if self.permanent_post_due <= today + timedelta(days=warn_days):
            return "near"
        return "scheduled"
