"""The tenant (Municipality) and what every stage hangs on: the Initiative, the people directory,
organizations and memberships (who may do what in which municipality)."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.i18n import Localized, localized
from core.reference import Phase, Sector, district_label
from core.roles import Role
from core.stages import Stage
from core.tenancy import TenantModel

CLUSTER_VALIDATORS = [MinValueValidator(1), MaxValueValidator(10)]
# Digits, with an optional leading + and the usual separators: "050-1234567", "+972 50 123 4567", "(08) 123-4567".
PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9(][0-9 ()./-]{5,28}[0-9]$",
    message=_("Enter a phone number of digits (a leading + and spaces, dashes, dots or brackets are allowed), "
              "e.g. 050-1234567."), code="invalid_phone")


class MunicipalityKind(models.TextChoices):
    CITY = "city", _("City")
    LOCAL_COUNCIL = "local_council", _("Local council")
    REGIONAL_COUNCIL = "regional_council", _("Regional council")
    CLUSTER = "cluster", _("Cluster of authorities")


class PopulationSector(models.TextChoices):
    """Derived label from the registry (see shared/data SOURCE): not an official CBS field."""

    JEWISH = "jewish", _("Jewish")
    ARAB = "arab", _("Arab")
    DRUZE = "druze", _("Druze")
    MIXED = "mixed", _("Mixed")
    HAREDI = "haredi", _("Haredi")


class Municipality(models.Model):
    """A local authority: the tenant. Every authority of the CBS registry is one (so selection can
    score all of them); a cluster of authorities is one of kind `cluster` with member authorities."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    cbs_code = models.CharField(_("CBS code"), max_length=8, unique=True, null=True, blank=True,
                                help_text=_("Text, with leading zeros, as CBS writes it."))
    name_he = models.CharField(_("name (Hebrew)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=MunicipalityKind.choices)
    district = models.CharField(_("district"), max_length=60, blank=True)
    district_en = models.CharField(_("district (English)"), max_length=60, blank=True)
    sector = models.CharField(_("population sector"), max_length=10, choices=PopulationSector.choices,
                              blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    socioeconomic_cluster = models.PositiveSmallIntegerField(
        _("socio-economic cluster"), null=True, blank=True, validators=CLUSTER_VALIDATORS,
        help_text=_("1 = lowest, 10 = highest."))
    socioeconomic_index = models.DecimalField(_("socio-economic index"), max_digits=8, decimal_places=4,
                                              null=True, blank=True)
    socioeconomic_rank = models.PositiveSmallIntegerField(_("socio-economic rank"), null=True, blank=True)
    socioeconomic_year = models.PositiveSmallIntegerField(_("socio-economic index year"), null=True,
                                                          blank=True)
    peripherality_cluster = models.PositiveSmallIntegerField(
        _("peripherality cluster"), null=True, blank=True, validators=CLUSTER_VALIDATORS,
        help_text=_("1 = most peripheral, 10 = most central."))
    peripherality_index = models.DecimalField(_("peripherality index"), max_digits=8, decimal_places=4,
                                              null=True, blank=True)
    peripherality_rank = models.PositiveSmallIntegerField(_("peripherality rank"), null=True, blank=True)
    peripherality_year = models.PositiveSmallIntegerField(_("peripherality index year"), null=True,
                                                          blank=True)
    pct_jews_and_others = models.DecimalField(_("% Jews and others"), max_digits=5, decimal_places=1,
                                              null=True, blank=True)
    pct_arabs = models.DecimalField(_("% Arabs"), max_digits=5, decimal_places=1, null=True, blank=True)
    pct_haredi = models.DecimalField(_("% Haredi (2022)"), max_digits=5, decimal_places=1, null=True,
                                     blank=True)
    cluster_members = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="clusters",
        verbose_name=_("member authorities"), help_text=_("For a cluster of authorities only."))
    timezone = models.CharField(_("time zone"), max_length=40, default="Asia/Jerusalem")

    history = HistoricalRecords(m2m_fields=[cluster_members])

    class Meta:
        ordering = ["name_he"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        indexes = [
            models.Index(fields=["socioeconomic_cluster"]),
            models.Index(fields=["peripherality_cluster"]),
            models.Index(fields=["kind"]),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> Localized:
        return localized(self, "name")

    @property
    def district_label(self) -> Localized:
        """The district in the active language (the CBS file has Hebrew and English; Arabic from the
        reference list in `core.reference.DISTRICTS`)."""
        return district_label(self.district, self.district_en)

    def clean(self):
        if self.kind != MunicipalityKind.CLUSTER and not self.cbs_code:
            raise ValidationError({"cbs_code": _("An authority needs its CBS code.")})


class Organization(models.Model):
    """Platform-wide directory of ministries, foundations, NGOs, businesses and academic bodies."""

    name_he = models.CharField(_("name (Hebrew)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_he"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name

    @property
    def name(self) -> Localized:
        return localized(self, "name")


class InitiativeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    COMPLETED = "completed", _("Completed")


class Initiative(TenantModel):
    """One foundation engagement with one municipality, from selection to exit."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices,
                             default=Phase.PRE_ESTABLISHMENT)
    stage = models.PositiveSmallIntegerField(_("current stage"), choices=Stage.choices,
                                             default=Stage.MOU)
    status = models.CharField(_("status"), max_length=20, choices=InitiativeStatus.choices,
                              default=InitiativeStatus.ACTIVE)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    planned_exit_date = models.DateField(_("planned exit date"), null=True, blank=True)
    local_director = models.ForeignKey("Person", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+", verbose_name=_("local director"))
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["municipality__name_he"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], condition=models.Q(status="active"),
                                    name="one_active_initiative_per_municipality",
                                    violation_error_message=_("This municipality already has an active "
                                                              "initiative.")),
        ]

    def __str__(self):
        return self.title or str(self.municipality)

    def clean(self):
        if self.start_date and self.planned_exit_date and self.planned_exit_date < self.start_date:
            raise ValidationError({"planned_exit_date": _("The exit date cannot be before the start date.")})


class Person(TenantModel):
    """The municipality's directory of people: officials, residents, partners. A person may be a
    user, and may belong to an organization."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    full_name = models.CharField(_("full name"), max_length=150)
    organization = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="people", verbose_name=_("organization"))
    organization_name = models.CharField(_("organization or department"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    role_title = models.CharField(_("role"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[PHONE_VALIDATOR])
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="people", verbose_name=_("user account"))
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "user"], condition=models.Q(user__isnull=False),
                                    name="one_person_per_user_per_municipality"),
        ]

    def __str__(self):
        return self.full_name


class Membership(TenantModel):
    """A user's role in one municipality."""

    # Roles change only through the membership services (their rules on who may grant what), never by
    # restoring an old version from the change log.
    audit_restorable = False

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("invited by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["municipality__name_he", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "user"], name="one_membership_per_user",
                                    violation_error_message=_("This user already belongs to the "
                                                              "municipality.")),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.municipality}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("invitation", "waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("invitation", "accepted")
    DECLINED = "declined", pgettext_lazy("invitation", "declined")


class Invitation(TenantModel):
    """An invitation of an address that already has an account: that person joins only once they
    accept it, signed in (`municipalities.services.invitation_accept`). The inviter never sees the
    account: the invitation shows what they typed (address, name), never the account's name or
    roles. An address without an account gets its account and membership at once, as before (the
    name on it is the one the inviter typed)."""

    audit_restorable = False  # an answer is the invited person's act

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("invited account"))
    email = models.EmailField(_("e-mail address"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    status = models.CharField(_("status"), max_length=20, choices=InvitationStatus.choices,
                              default=InvitationStatus.PENDING, db_index=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("invited by"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} · {self.get_role_display()}"
