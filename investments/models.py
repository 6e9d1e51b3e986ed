"""The asset and intervention map (stage 5) and, later, the investment portfolio (stage 9): ONE record
per programme, service, facility, budget line or staffing post in the locality.

Stage 5 records what exists: who operates it, for which mobility domain and life stage, in which years
and with what annual budget. Stage 9 (issue 13) extends this same model, not a second one, with:
`funder` (an Organization) and its source sector, `InvestmentAmount` rows per year
(`year`, `committed`, `actual`), `InvestmentSplit` rows (`life_stage`/`domain`, `percent`) where one
record serves several, `is_initiative_contribution` for leverage, and the plan action / local goal it
serves. Field names here are chosen so those additions sit beside them without renaming."""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.reference import LifeStage, MobilityDomain, Sector
from core.tenancy import TenantModel

MIN_YEAR, MAX_YEAR = 1948, 2100


class InvestmentKind(models.TextChoices):
    PROGRAMME = "programme", pgettext_lazy("investment kind", "Programme")
    SERVICE = "service", pgettext_lazy("investment kind", "Service")
    FACILITY = "facility", pgettext_lazy("investment kind", "Facility")
    BUDGET_LINE = "budget_line", pgettext_lazy("investment kind", "Budget line")
    STAFFING = "staffing", pgettext_lazy("investment kind", "Staffing")


class InvestmentNature(models.TextChoices):
    """The guide's principle: does it build infrastructure or run a programme?"""

    INFRASTRUCTURE = "infrastructure", _("Builds infrastructure")
    PROGRAMME = "programme", _("Runs a programme")


class InvestmentNovelty(models.TextChoices):
    EXISTING = "existing", _("Strengthens something existing")
    NEW = "new", pgettext_lazy("investment novelty", "New")


class Investment(TenantModel):
    """A programme, service, facility, budget line or staffing post in the locality."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    title = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    kind = models.CharField(_("kind"), max_length=16, choices=InvestmentKind.choices,
                            default=InvestmentKind.PROGRAMME)
    operator = models.ForeignKey("municipalities.Organization", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("operator"),
                                 help_text=_("The organization that runs it."))
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices,
                              help_text=_("The sector of the operator (authority, government, third sector…)."))
    domain = models.CharField(_("mobility domain"), max_length=24, choices=MobilityDomain.choices)
    life_stage = models.CharField(_("life stage"), max_length=24, choices=LifeStage.choices)
    age_group = models.CharField(_("age group"), max_length=60, blank=True,
                                 help_text=_("For example “ages 12-18” or “grades 10-12”."))
    start_year = models.PositiveSmallIntegerField(
        _("start year"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)])
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
        help_text=_("Empty while it continues."))
    nature = models.CharField(_("builds infrastructure or runs a programme"), max_length=16,
                              choices=InvestmentNature.choices, default=InvestmentNature.PROGRAMME)
    novelty = models.CharField(_("existing or new"), max_length=10, choices=InvestmentNovelty.choices,
                               default=InvestmentNovelty.EXISTING)
    annual_budget = models.DecimalField(_("annual budget (₪)"), max_digits=14, decimal_places=2,
                                        default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))])
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["domain", "life_stage", "title", "pk"]
        verbose_name = _("asset or investment")
        verbose_name_plural = _("assets and investments")
        indexes = [models.Index(fields=["municipality", "domain", "life_stage"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(annual_budget__gte=0), name="investment_budget_not_negative"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.end_year is not None and self.start_year is not None and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The end year cannot be before the start year.")})

    def active_in(self, year: int) -> bool:
        return self.start_year <= year and (self.end_year is None or self.end_year >= year)
