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
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.documents import Approval, DocumentVersion
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


class AgreementVersion(TenantModel, DocumentVersion):
    """An immutable saved draft of the MOU: its sections and its budget appendix at that moment
    (a `core.documents.DocumentVersion`: fingerprinted, frozen once fully signed)."""

    CONTENT_FIELDS = ("title", "sections", "budget")
    audit_restorable = False  # a version is never restored from the change log: amend instead

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions",
                                  verbose_name=_("agreement"))
    amendment_number = models.PositiveSmallIntegerField(
        _("amendment"), default=0, help_text=_("0 for the original MOU, 1, 2, ... for amendments."))
    content = None  # the MOU's content is its title, sections and budget appendix
    title = models.CharField(_("title"), max_length=200)
    sections = models.JSONField(_("sections"), default=dict, blank=True)
    budget = models.JSONField(_("budget appendix"), default=list, blank=True)
    frozen_at = models.DateTimeField(_("fully signed"), null=True, blank=True)

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

    def clean(self):
        super().clean()

    @classmethod
    def compute_hash(cls, *, title, sections, budget) -> str:
        return cls.fingerprint_of(title=title, sections=sections, budget=budget)

    @property
    def signed_at(self):
        """When every required signatory had signed this version (the version is then frozen)."""
        return self.frozen_at

    @signed_at.setter
    def signed_at(self, value):
        self.frozen_at = value

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
# The guide's five anchors: each is a required signatory of the MOU, unless HQ marks one of the last three
# not applicable to this authority (with a reason). The head of authority and the CEO always sign.
GUIDE_ANCHORS = (Anchor.HEAD_OF_AUTHORITY, Anchor.CEO, Anchor.TREASURER, Anchor.EDUCATION_WELFARE,
                 Anchor.INITIATIVE_DIRECTOR)
WAIVABLE_ANCHORS = (Anchor.TREASURER, Anchor.EDUCATION_WELFARE, Anchor.INITIATIVE_DIRECTOR)


class AnchorExemption(TenantModel):
    """HQ's record that one of the guide's anchors does not apply to this MOU (e.g. a council whose
    treasurer is also its CEO), with the reason. Without it, the anchor must be a required signatory."""

    audit_restorable = False  # HQ's act: only HQ marks or unmarks it, never a restore from the change log

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="anchor_exemptions",
                                  verbose_name=_("agreement"))
    anchor = models.CharField(_("anchor"), max_length=30,
                              choices=[(a.value, a.label) for a in WAIVABLE_ANCHORS])
    reason = models.TextField(_("reason"), max_length=1000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("marked by"))
    decided_at = models.DateTimeField(_("marked at"), default=timezone.now)

    class Meta:
        ordering = ["agreement", "anchor"]
        verbose_name = _("anchor marked not applicable")
        verbose_name_plural = _("anchors marked not applicable")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "agreement", "anchor"],
                                    name="mou_anchor_exemption_once",
                                    violation_error_message=_("This anchor is already marked not applicable.")),
        ]

    def __str__(self):
        return f"{self.get_anchor_display()}: {self.reason[:60]}"

    def clean(self):
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("Say why this anchor does not apply to this authority.")})


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
    signs_on_paper = models.BooleanField(
        _("signs on paper"), default=False,
        help_text=_("For a signatory without a user account: they sign the printed version and the local "
                    "director uploads the signed scan."))

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

    def clean(self):
        if self.signs_on_paper and self.anchor in REQUIRED_ANCHORS:
            raise ValidationError({"signs_on_paper": _("The head of authority and the municipal CEO sign from "
                                                       "their own user accounts, not on paper.")})
        if self.signs_on_paper and self.person_id and self.person.user_id is not None:
            raise ValidationError({"signs_on_paper": _("%(name)s has a user account and signs in the "
                                                       "application.") % {"name": self.person}})


def _scan_path(instance, filename):
    """Signed scans live under their municipality, under a random name (never the uploaded one)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"mou/signatures/{instance.municipality_id}/{uuid.uuid4().hex}.{extension}"


class Signature(TenantModel, Approval):
    """A signature on one version (a `core.documents.Approval` bound to the version's fingerprint), made in
    the application by the signatory's own user account."""

    audit_restorable = False  # an act of a role is never undone from the change log

    version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT, related_name="signatures",
                                verbose_name=_("version"))
    signatory = models.ForeignKey(Signatory, on_delete=models.PROTECT, related_name="signatures",
                                  verbose_name=_("signatory"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True, verbose_name=_("signed by"),
                                   help_text=_("The signer's own user account; empty for a signature on paper."))
    signer_name = models.CharField(_("name"), max_length=150)
    decided_at = models.DateTimeField(_("signed at"), default=timezone.now)
    on_paper = models.BooleanField(_("signed on paper"), default=False)
    scan = models.FileField(_("signed scan"), upload_to=_scan_path, blank=True, max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True, verbose_name=_("recorded by"),
                                    help_text=_("Who uploaded the signed scan of a signature on paper."))

    class Meta:
        ordering = ["decided_at", "pk"]
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

    @property
    def scan_name(self) -> str:
        return self.scan.name.rsplit("/", 1)[-1] if self.scan else ""

    # The MOU's own words for the approval's who and when.
    @property
    def signed_by(self):
        return self.decided_by

    @signed_by.setter
    def signed_by(self, value):
        self.decided_by = value

    @property
    def signed_at(self):
        return self.decided_at

    @signed_at.setter
    def signed_at(self, value):
        self.decided_at = value

    def clean(self):
        super().clean()
        if self.version_id and self.signatory_id and self.signatory.agreement_id != self.version.agreement_id:
            raise ValidationError({"signatory": _("The signatory belongs to another agreement.")})
        if self.on_paper:
            if self.decided_by_id is not None or not self.scan or self.recorded_by_id is None:
                raise ValidationError(_("A signature on paper has its signed scan and who recorded it, and no "
                                        "user account of its own."))
        elif self.decided_by_id is None:
            raise ValidationError({"decided_by": _("A signature in the application is the signer's own.")})


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
